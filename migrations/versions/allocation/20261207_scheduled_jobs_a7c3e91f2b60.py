"""scheduled jobs: the lease that runs the overdue return once per interval across replicas

Revision ID: a7c3e91f2b60
Revises: 76118ca14876
Create Date: 2026-12-07 15:30:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.kit.db

revision: str = "a7c3e91f2b60"
down_revision: str | None = "76118ca14876"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "scheduled_jobs",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("last_run_at", services.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_run_by", sa.String(length=128), nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduled_jobs")),
        schema="allocation",
    )
    # The row exists before any replica starts, so that claiming it is only ever a locked update.
    op.bulk_insert(table, [{"name": "return-overdue", "last_run_at": None, "last_run_by": None, "runs": 0}])


def downgrade() -> None:
    op.drop_table("scheduled_jobs", schema="allocation")
