"""case subjects: whose reads of a case were, for the access-log export per person

An access-log entry keeps the CPR lookup hash the case had at the time of the read; reads before a CPR
number was added have none, and the log may not be updated afterwards. `case_subjects` records from when
a case is about whom, survives retention like the log (no foreign key), and is append-only in the same
way. The cases that already have a CPR number are linked from their arrival, so their earlier reads are
found as before.

Revision ID: 7d2a94c1e5b8
Revises: 3c6f0e2b9a41
Create Date: 2026-12-01 19:15:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.kit.db

revision: str = "7d2a94c1e5b8"
down_revision: str | None = "3c6f0e2b9a41"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "case_subjects"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("case_reference", sa.String(length=16), nullable=False),
        sa.Column("subject_hash", sa.String(length=64), nullable=True),
        sa.Column("linked_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_subjects")),
        schema="referrals",
    )
    op.create_index("ix_case_subjects_case_id", TABLE, ["case_id"], unique=False, schema="referrals")
    op.create_index(
        "ix_case_subjects_subject_hash", TABLE, ["subject_hash"], unique=False, schema="referrals"
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    prefix = "referrals." if postgres else ""
    op.execute(
        f"INSERT INTO {prefix}{TABLE} (case_id, case_reference, subject_hash, linked_at) "  # noqa: S608
        f"SELECT id, reference, citizen_cpr_hash, received_at FROM {prefix}cases "
        "WHERE citizen_cpr_hash IS NOT NULL"
    )
    if postgres:
        # The function is the access log's, from revision f9b113d8c5cf.
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON referrals.{TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION referrals.refuse_log_change()"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON referrals.{TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION referrals.refuse_log_change()"
        )
        return
    for statement in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_{statement.lower()} BEFORE {statement} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: {statement} is refused'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON referrals.{TABLE}")
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON referrals.{TABLE}")
    else:
        for statement in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{statement}")
    op.drop_index("ix_case_subjects_subject_hash", table_name=TABLE, schema="referrals")
    op.drop_index("ix_case_subjects_case_id", table_name=TABLE, schema="referrals")
    op.drop_table(TABLE, schema="referrals")
