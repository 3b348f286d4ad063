"""dated ban facts, the published lists per list year, § 51 c dispensations

Bans are periods that expire (ABL § 59 stk. 6 nr. 1-3, 5; stk. 7; DOMAIN § 5.4): a seeker now carries the
END of each period, never the offence. The yes/no facts recorded so far are carried forward as "date
unknown" (a true `*_6m` becomes `*_date_unknown`, each benefit of `benefits_6_consecutive_months` a period
with `date_unknown`), so nothing is lost and no offer is made where the item applies until the officer
completes the date. `list_designations` keeps each published list's designations per area (DOMAIN § 3),
filled here from the agreements already drafted from a list year. `dispensations` records § 51 c decisions.

Revision ID: a7c41e9d2b05
Revises: a7c3e91f2b60
Create Date: 2026-12-07 15:45:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.kit.db

revision: str = "a7c41e9d2b05"
down_revision: str | None = "a7c3e91f2b60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "allocation"
DATED = ("released_from_prison", "released_from_youth_placement", "tenancy_terminated")


def _batch_schema() -> str | None:
    # SQLite has no schemas; batch mode's RENAME and plain statements on op.get_bind() are not translated.
    return SCHEMA if op.get_bind().dialect.name == "postgresql" else None


def _seekers(*columns: sa.ColumnClause[object]) -> sa.TableClause:
    return sa.table("seekers", sa.column("id", sa.Integer), *columns, schema=_batch_schema())


def upgrade() -> None:
    op.create_table(
        "list_designations",
        sa.Column("list_year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("area_code", sa.String(length=32), nullable=False),
        sa.Column("designations", sa.JSON(), nullable=False),
        sa.Column("loaded_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("list_year", "area_code", name=op.f("pk_list_designations")),
        schema=SCHEMA,
    )
    op.create_table(
        "dispensations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=32), nullable=False),
        sa.Column("housing_org", sa.String(length=64), nullable=True),
        sa.Column("applicant_ref", sa.String(length=64), nullable=True),
        sa.Column("considerations", sa.JSON(), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=False),
        sa.Column("decided_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["allocation.applicant_checks.id"],
            name=op.f("fk_dispensations_check_id_applicant_checks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispensations")),
        sa.UniqueConstraint("check_id", name=op.f("uq_dispensations_check_id")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_dispensations_decided_on", "dispensations", ["decided_on"], unique=False, schema=SCHEMA
    )

    with op.batch_alter_table("seekers", schema=_batch_schema()) as batch:
        for fact in DATED:
            batch.add_column(sa.Column(f"{fact}_on", sa.Date(), nullable=True))
            batch.add_column(
                sa.Column(f"{fact}_date_unknown", sa.Boolean(), nullable=False, server_default=sa.false())
            )
        batch.add_column(sa.Column("benefit_periods", sa.JSON(), nullable=True))

    bind = op.get_bind()
    old = _seekers(
        *(sa.column(f"{fact}_6m", sa.Boolean) for fact in DATED),
        sa.column("benefits_6_consecutive_months", sa.JSON),
    )
    new = _seekers(
        *(sa.column(f"{fact}_date_unknown", sa.Boolean) for fact in DATED),
        sa.column("benefit_periods", sa.JSON),
    )
    for row in bind.execute(sa.select(old)).mappings().all():
        values: dict[str, object] = {f"{fact}_date_unknown": bool(row[f"{fact}_6m"]) for fact in DATED}
        values["benefit_periods"] = [
            {"benefit": b, "first_month": None, "last_month": None, "date_unknown": True}
            for b in row["benefits_6_consecutive_months"] or []
        ]
        bind.execute(sa.update(new).where(new.c.id == row["id"]).values(**values))

    with op.batch_alter_table("seekers", schema=_batch_schema()) as batch:
        batch.alter_column("benefit_periods", existing_type=sa.JSON(), nullable=False)
        for fact in DATED:
            batch.alter_column(f"{fact}_date_unknown", server_default=None, existing_type=sa.Boolean())
            batch.drop_column(f"{fact}_6m")
        batch.drop_column("benefits_6_consecutive_months")

    # The list years agreements were already drafted from: their designations as the agreements hold them.
    agreements = sa.table(
        "agreements",
        sa.column("year", sa.Integer),
        sa.column("area_code", sa.String),
        sa.column("source_year", sa.Integer),
        sa.column("source_status", sa.String),
        sa.column("designations", sa.JSON),
        sa.column("created_at", services.kit.db.UTCDateTime(timezone=True)),
        schema=_batch_schema(),
    )
    lists = sa.table(
        "list_designations",
        sa.column("list_year", sa.Integer),
        sa.column("area_code", sa.String),
        sa.column("designations", sa.JSON),
        sa.column("loaded_at", services.kit.db.UTCDateTime(timezone=True)),
        schema=_batch_schema(),
    )
    seen: set[tuple[int, str]] = set()
    query = (
        sa.select(agreements)
        .where(agreements.c.source_year.is_not(None), agreements.c.source_status == "approved")
        .order_by(agreements.c.year.desc())
    )
    for row in bind.execute(query).mappings().all():
        key = (row["source_year"], row["area_code"])
        if key in seen:
            continue
        seen.add(key)
        bind.execute(
            sa.insert(lists).values(
                list_year=row["source_year"],
                area_code=row["area_code"],
                designations=sorted(row["designations"] or []),
                loaded_at=row["created_at"],
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("seekers", schema=_batch_schema()) as batch:
        for fact in DATED:
            batch.add_column(sa.Column(f"{fact}_6m", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("benefits_6_consecutive_months", sa.JSON(), nullable=True))
    bind = op.get_bind()
    dated = _seekers(
        *(sa.column(f"{fact}_on", sa.Date) for fact in DATED),
        *(sa.column(f"{fact}_date_unknown", sa.Boolean) for fact in DATED),
        sa.column("benefit_periods", sa.JSON),
    )
    old = _seekers(
        *(sa.column(f"{fact}_6m", sa.Boolean) for fact in DATED),
        sa.column("benefits_6_consecutive_months", sa.JSON),
    )
    # Back to yes/no: any recorded fact becomes "yes" (the dates cannot be kept).
    for row in bind.execute(sa.select(dated)).mappings().all():
        values: dict[str, object] = {
            f"{fact}_6m": row[f"{fact}_on"] is not None or bool(row[f"{fact}_date_unknown"]) for fact in DATED
        }
        values["benefits_6_consecutive_months"] = sorted({p["benefit"] for p in row["benefit_periods"] or []})
        bind.execute(sa.update(old).where(old.c.id == row["id"]).values(**values))
    with op.batch_alter_table("seekers", schema=_batch_schema()) as batch:
        batch.alter_column("benefits_6_consecutive_months", existing_type=sa.JSON(), nullable=False)
        for fact in DATED:
            batch.alter_column(f"{fact}_6m", server_default=None, existing_type=sa.Boolean())
            batch.drop_column(f"{fact}_on")
            batch.drop_column(f"{fact}_date_unknown")
        batch.drop_column("benefit_periods")
    op.drop_index("ix_dispensations_decided_on", table_name="dispensations", schema=SCHEMA)
    op.drop_table("dispensations", schema=SCHEMA)
    op.drop_table("list_designations", schema=SCHEMA)
