"""clear stale outcomes

A case that left an outcome by a step back (which the workflow allowed until DOMAIN § 6.4 was followed
exactly) kept its old outcome and follow-up date, and the managers' figures counted it. The outcome
belongs to the state: a case that is neither in an outcome nor closed has none. Data only; not reversible
(the stale values were wrong), so downgrade leaves the data as it is.

Revision ID: 3c6f0e2b9a41
Revises: f9b113d8c5cf
Create Date: 2026-12-01 19:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3c6f0e2b9a41"
down_revision: str | None = "f9b113d8c5cf"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WITH_OUTCOME = ("referred", "citizen_declined", "no_further_action", "closed")


def upgrade() -> None:
    cases = "referrals.cases" if op.get_bind().dialect.name == "postgresql" else "cases"
    states = ", ".join(f"'{state}'" for state in WITH_OUTCOME)
    op.execute(f"UPDATE {cases} SET outcome = NULL, follow_up_date = NULL WHERE state NOT IN ({states})")  # noqa: S608
    op.execute(
        f"UPDATE {cases} SET follow_up_date = NULL "  # noqa: S608
        "WHERE follow_up_date IS NOT NULL AND (outcome IS NULL OR outcome <> 'citizen_declined')"
    )


def downgrade() -> None:
    pass
