"""issued tokens, so that log-out and deactivation can end a token at every service

Revision ID: a41c7e9d2b10
Revises: 6bb6c85520ac
Create Date: 2026-12-07 15:30:00.000000+00:00

A new table only: tokens issued before this revision are not in it; they expire within their
lifetime (at most GATEWAY_TOKEN_LIFETIME_SECONDS) and the gateway still refuses them once ended.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a41c7e9d2b10"
down_revision: str | None = "6bb6c85520ac"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "issued_tokens",
        sa.Column("jti", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.Column("ended_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_issued_tokens")),
        schema="gateway",
    )
    op.create_index(
        "ix_issued_tokens_expires_at", "issued_tokens", ["expires_at"], unique=False, schema="gateway"
    )
    op.create_index("ix_issued_tokens_subject", "issued_tokens", ["subject"], unique=False, schema="gateway")


def downgrade() -> None:
    op.drop_index("ix_issued_tokens_subject", table_name="issued_tokens", schema="gateway")
    op.drop_index("ix_issued_tokens_expires_at", table_name="issued_tokens", schema="gateway")
    op.drop_table("issued_tokens", schema="gateway")
