"""The identity store: people with roles, and machine clients bound to a housing organisation."""

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, Index, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.kit.db import TYPE_ANNOTATION_MAP, TimestampMixin, make_metadata, utcnow


class Base(DeclarativeBase):
    metadata = make_metadata(schema="gateway")
    type_annotation_map = TYPE_ANNOTATION_MAP


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    roles: Mapped[list[str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Demo identities exist only in development; production refuses to start while any remain.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Client(TimestampMixin, Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(255))
    roles: Mapped[list[str]] = mapped_column(JSON)
    # The housing organisation whose areas this client may report for (role housing_org).
    housing_org: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class IssuedToken(Base):
    """Every access token the gateway issued and that has not expired yet, so that one can be ended.

    Only the random `jti`, whose token it is and when it expires: never the token itself. Ended tokens
    (log-out, deactivation, new password) are what `GET /auth/revocations` publishes to the services.
    """

    __tablename__ = "issued_tokens"
    # Named explicitly: the naming convention's label would carry the schema on PostgreSQL only.
    __table_args__ = (
        Index("ix_issued_tokens_subject", "subject"),
        Index("ix_issued_tokens_expires_at", "expires_at"),
    )

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    # Seconds since the epoch, as in the token's own `exp`: compared with it, never shown.
    expires_at: Mapped[int] = mapped_column(BigInteger)
    ended_at: Mapped[int | None] = mapped_column(BigInteger)
