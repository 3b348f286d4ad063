"""drop the redundant index on housing_figures.year

The unique constraint on (year, area_code) is an index led by year, so it serves every query by year
as well; the separate index on year only cost each import of a national file its upkeep.

Revision ID: 5e1d7c3a9b20
Revises: c0ce27442895
Create Date: 2026-12-01 23:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5e1d7c3a9b20"
down_revision: str | None = "c0ce27442895"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_housing_figures_year", table_name="housing_figures", schema="categorisation")


def downgrade() -> None:
    op.create_index(
        "ix_housing_figures_year", "housing_figures", ["year"], unique=False, schema="categorisation"
    )
