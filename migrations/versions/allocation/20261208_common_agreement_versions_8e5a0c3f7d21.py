"""common letting agreement versions (DOMAIN § 7, CONTRACT § 9)

`common_agreement_versions` keeps each version of a housing organisation's common letting agreement of a
letting year as it was sent: the whole generated document, who sent it and when, and who recorded the
organisation's agreement and when. The document is never updated, and an agreed version never at all.

Revision ID: 8e5a0c3f7d21
Revises: 435b55b0171b
Create Date: 2026-12-08 10:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.kit.db

revision: str = "8e5a0c3f7d21"
down_revision: str | None = "435b55b0171b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "allocation"


def upgrade() -> None:
    op.create_table(
        "common_agreement_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("housing_org", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("sent_by", sa.String(length=128), nullable=False),
        sa.Column("sent_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("agreed_by", sa.String(length=128), nullable=True),
        sa.Column("agreed_at", services.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["housing_org"],
            ["allocation.housing_organisations.code"],
            name=op.f("fk_common_agreement_versions_housing_org_housing_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_common_agreement_versions")),
        sa.UniqueConstraint(
            "year",
            "housing_org",
            "version",
            name=op.f("uq_common_agreement_versions_year_housing_org_version"),
        ),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("common_agreement_versions", schema=SCHEMA)
