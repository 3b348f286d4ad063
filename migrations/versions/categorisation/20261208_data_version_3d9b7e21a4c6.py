"""the data version: one row whose stamp every write of a categorisation input renews

Results computed from the stored data are kept per stamp in each process (issue 16); a process reads the
stamp once per request, so every replica sees a write at once. The row is made here, with a stamp of its
own, so that a write only ever updates it.

Revision ID: 3d9b7e21a4c6
Revises: 8f3a6c2d1e47
Create Date: 2026-12-08 12:00:00.000000+00:00
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import services.kit.db

revision: str = "3d9b7e21a4c6"
down_revision: str | None = "8f3a6c2d1e47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "categorisation"


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("stamp", sa.String(length=32), nullable=False),
        sa.Column("changed_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
        schema=SCHEMA,
    )
    # A stamp of this database's own: two databases never share one, even before their first write.
    op.bulk_insert(table, [{"id": 1, "stamp": uuid.uuid4().hex, "changed_at": datetime.now(UTC)}])


def downgrade() -> None:
    op.drop_table("data_version", schema=SCHEMA)
