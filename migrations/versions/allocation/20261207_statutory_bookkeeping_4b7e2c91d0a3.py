"""statutory bookkeeping: rehousing share, applied share, days held, § 51 b decisions

- agreements.rehousing_share_bp: the rehousing share of ABL § 59 stk. 1 (up to every 3rd vacancy); every
  existing agreement had none, so 0.
- vacancies.agreement_share_bp: the agreement's municipal share when the vacancy was reported, beside the
  share applied (municipal_share_bp). Until now the two were always the same, so existing rows copy it;
  their stored reasons are left exactly as they were.
- vacancies.reported_on / returned_on: the service's days of the report and the return, from which the days
  the municipality held a municipal vacancy are counted; carried forward from created_at and returned_at.
- combined_letting_decisions: the municipality's § 51 b decisions (order, extend, withdraw). No decision
  was recorded before, so the table starts empty; the agreements' flags stay as they are.

Revision ID: 4b7e2c91d0a3
Revises: a7c41e9d2b05
Create Date: 2026-12-07 16:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.kit.db

revision: str = "4b7e2c91d0a3"
down_revision: str | None = "a7c41e9d2b05"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _schema() -> str | None:
    # SQLite has no schemas, and ALTER TABLE is not translated by the schema map as CREATE TABLE is.
    return None if op.get_bind().dialect.name == "sqlite" else "allocation"


def upgrade() -> None:
    schema = _schema()
    op.add_column(
        "agreements",
        sa.Column("rehousing_share_bp", sa.Integer(), server_default="0", nullable=False),
        schema=schema,
    )
    op.add_column("vacancies", sa.Column("agreement_share_bp", sa.Integer(), nullable=True), schema=schema)
    op.add_column("vacancies", sa.Column("reported_on", sa.Date(), nullable=True), schema=schema)
    op.add_column("vacancies", sa.Column("returned_on", sa.Date(), nullable=True), schema=schema)
    vacancies = sa.table(
        "vacancies",
        sa.column("municipal_share_bp", sa.Integer()),
        sa.column("agreement_share_bp", sa.Integer()),
        sa.column("created_at", sa.DateTime()),
        sa.column("returned_at", sa.DateTime()),
        sa.column("reported_on", sa.Date()),
        sa.column("returned_on", sa.Date()),
        schema=schema,
    )

    # The UTC day of each stored timestamp (PostgreSQL would otherwise use the session's time zone).
    def day(column: sa.ColumnElement[object]) -> sa.ColumnElement[object]:
        utc = sa.func.timezone("UTC", column) if schema is not None else column
        return sa.func.date(utc)

    op.execute(
        vacancies.update().values(
            agreement_share_bp=vacancies.c.municipal_share_bp,
            reported_on=day(vacancies.c.created_at),
            returned_on=sa.case(
                (vacancies.c.returned_at.is_(None), sa.null()), else_=day(vacancies.c.returned_at)
            ),
        )
    )
    with op.batch_alter_table("vacancies", schema=schema) as batch:
        batch.alter_column("agreement_share_bp", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("reported_on", existing_type=sa.Date(), nullable=False)
    op.create_table(
        "combined_letting_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_code"],
            ["areas.code" if schema is None else f"{schema}.areas.code"],
            name=op.f("fk_combined_letting_decisions_area_code_areas"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_combined_letting_decisions")),
        schema=schema,
    )
    op.create_index(
        "ix_combined_letting_decisions_area_code",
        "combined_letting_decisions",
        ["area_code"],
        unique=False,
        schema=schema,
    )
    op.create_index(
        "ix_combined_letting_decisions_decided_on",
        "combined_letting_decisions",
        ["decided_on"],
        unique=False,
        schema=schema,
    )


def downgrade() -> None:
    schema = _schema()
    op.drop_index("ix_combined_letting_decisions_decided_on", "combined_letting_decisions", schema=schema)
    op.drop_index("ix_combined_letting_decisions_area_code", "combined_letting_decisions", schema=schema)
    op.drop_table("combined_letting_decisions", schema=schema)
    with op.batch_alter_table("vacancies", schema=schema) as batch:
        batch.drop_column("returned_on")
        batch.drop_column("reported_on")
        batch.drop_column("agreement_share_bp")
    with op.batch_alter_table("agreements", schema=schema) as batch:
        batch.drop_column("rehousing_share_bp")
