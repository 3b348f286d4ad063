"""area plans with targets, initiatives and dialogue records (DOMAIN § 7)

Revision ID: 8f3a6c2d1e47
Revises: 5e1d7c3a9b20
Create Date: 2026-12-08 09:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.kit.db

revision: str = "8f3a6c2d1e47"
down_revision: str | None = "5e1d7c3a9b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "categorisation"


def _stamps(*, updated: bool = True) -> list[sa.Column[object]]:
    columns: list[sa.Column[object]] = [
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
    ]
    if updated:
        columns += [
            sa.Column("updated_by", sa.String(length=128), nullable=False),
            sa.Column("updated_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        ]
    return columns


def upgrade() -> None:
    op.create_table(
        "area_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("area_codes", sa.JSON(), nullable=False),
        sa.Column("organisation_codes", sa.JSON(), nullable=False),
        sa.Column("period_from", sa.Integer(), nullable=False),
        sa.Column("period_to", sa.Integer(), nullable=False),
        sa.Column("visions", sa.Text(), nullable=False),
        sa.Column("requirements", sa.Text(), nullable=False),
        sa.Column("community", sa.Text(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area_plans")),
        schema=SCHEMA,
    )
    op.create_table(
        "plan_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_plan_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=32), nullable=False),
        sa.Column("indicator", sa.String(length=32), nullable=False),
        sa.Column("comparator", sa.String(length=2), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("by_year", sa.Integer(), nullable=False),
        *_stamps(updated=False),
        sa.ForeignKeyConstraint(
            ["area_plan_id"],
            [f"{SCHEMA}.area_plans.id"],
            name=op.f("fk_plan_targets_area_plan_id_area_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_targets")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_plan_targets_area_plan_id", "plan_targets", ["area_plan_id"], unique=False, schema=SCHEMA
    )
    op.create_table(
        "initiatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("principles", sa.JSON(), nullable=False),
        sa.Column("area_codes", sa.JSON(), nullable=False),
        sa.Column("area_plan_id", sa.Integer(), nullable=True),
        sa.Column("partners", sa.JSON(), nullable=False),
        sa.Column("responsible_unit", sa.String(length=200), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=True),
        sa.Column("budget_dkk", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("milestones", sa.JSON(), nullable=False),
        sa.Column("evaluation_notes", sa.Text(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["area_plan_id"],
            [f"{SCHEMA}.area_plans.id"],
            name=op.f("fk_initiatives_area_plan_id_area_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatives")),
        schema=SCHEMA,
    )
    op.create_table(
        "dialogues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("follow_ups", sa.JSON(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dialogues")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_dialogues_year_organisation", "dialogues", ["year", "organisation"], unique=False, schema=SCHEMA
    )


def downgrade() -> None:
    op.drop_index("ix_dialogues_year_organisation", table_name="dialogues", schema=SCHEMA)
    op.drop_table("dialogues", schema=SCHEMA)
    op.drop_table("initiatives", schema=SCHEMA)
    op.drop_index("ix_plan_targets_area_plan_id", table_name="plan_targets", schema=SCHEMA)
    op.drop_table("plan_targets", schema=SCHEMA)
    op.drop_table("area_plans", schema=SCHEMA)
