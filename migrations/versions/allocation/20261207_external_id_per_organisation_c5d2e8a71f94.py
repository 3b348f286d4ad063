"""external ids per organisation: a vacancy's external_id is unique within its housing organisation only

An external_id is the housing organisation's own system's id. Unique across all organisations, one
organisation could learn that another's id exists (and block it by reporting it first). The scope is the
organisation owning the area when the vacancy is reported ("" for an area without one); every existing
vacancy gets its area's organisation, so the ids stay unique (they were unique everywhere before).

Revision ID: c5d2e8a71f94
Revises: 4b7e2c91d0a3
Create Date: 2026-12-07 17:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c5d2e8a71f94"
down_revision: str | None = "4b7e2c91d0a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _schema() -> str | None:
    # SQLite has no schemas, and ALTER TABLE is not translated by the schema map as CREATE TABLE is.
    return None if op.get_bind().dialect.name == "sqlite" else "allocation"


def upgrade() -> None:
    schema = _schema()
    op.add_column(
        "vacancies",
        sa.Column("external_scope", sa.String(length=64), server_default="", nullable=False),
        schema=schema,
    )
    vacancies = sa.table(
        "vacancies",
        sa.column("area_code", sa.String()),
        sa.column("external_scope", sa.String()),
        schema=schema,
    )
    areas = sa.table(
        "areas", sa.column("code", sa.String()), sa.column("housing_org", sa.String()), schema=schema
    )
    owner = (
        sa.select(sa.func.coalesce(areas.c.housing_org, ""))
        .where(areas.c.code == vacancies.c.area_code)
        .scalar_subquery()
    )
    op.execute(vacancies.update().values(external_scope=sa.func.coalesce(owner, "")))
    with op.batch_alter_table("vacancies", schema=schema) as batch:
        batch.drop_constraint("uq_vacancies_external_id", type_="unique")
        batch.create_unique_constraint(
            "uq_vacancies_external_scope_external_id", ["external_scope", "external_id"]
        )


def downgrade() -> None:
    schema = _schema()
    with op.batch_alter_table("vacancies", schema=schema) as batch:
        batch.drop_constraint("uq_vacancies_external_scope_external_id", type_="unique")
        # Fails while two organisations use the same id, which the old rule cannot hold: nothing is lost.
        batch.create_unique_constraint("uq_vacancies_external_id", ["external_id"])
        batch.drop_column("external_scope")
