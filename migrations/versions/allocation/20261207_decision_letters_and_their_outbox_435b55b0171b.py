"""decision letters and their outbox (DOMAIN § 6.7)

`decision_letters` keeps every decision letter as issued, one row per language, never updated (a correction
is a new row naming the one it replaces); `letter_outbox` records each letter's sending: queued, then sent
or refused by a channel, with the channel's receipt. An offer withdrawn by the officer keeps the reason and
the hearing its letter states.

Revision ID: 435b55b0171b
Revises: c5d2e8a71f94
Create Date: 2026-12-07 21:45:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.kit.db

revision: str = "435b55b0171b"
down_revision: str | None = "c5d2e8a71f94"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "allocation"


def _batch_schema() -> str | None:
    # SQLite has no schemas, and batch mode on SQLite is not translated by the schema map.
    return SCHEMA if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    op.create_table(
        "decision_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_type", sa.String(length=32), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("reference", sa.String(length=48), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("correction_of", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["correction_of"],
            ["allocation.decision_letters.id"],
            name=op.f("fk_decision_letters_correction_of_decision_letters"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_letters")),
        sa.UniqueConstraint("reference", "language", name=op.f("uq_decision_letters_reference_language")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_decision_letters_decision",
        "decision_letters",
        ["decision_type", "decision_id"],
        unique=False,
        schema=SCHEMA,
    )
    op.create_table(
        "letter_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("receipt", sa.String(length=200), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("attempted_at", services.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", services.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["letter_id"],
            ["allocation.decision_letters.id"],
            name=op.f("fk_letter_outbox_letter_id_decision_letters"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_outbox")),
        schema=SCHEMA,
    )
    op.create_index("ix_letter_outbox_letter_id", "letter_outbox", ["letter_id"], unique=False, schema=SCHEMA)
    op.create_index("ix_letter_outbox_status", "letter_outbox", ["status"], unique=False, schema=SCHEMA)
    with op.batch_alter_table("offers", schema=_batch_schema()) as batch:
        batch.add_column(sa.Column("withdrawal_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("withdrawal_hearing", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("offers", schema=_batch_schema()) as batch:
        batch.drop_column("withdrawal_hearing")
        batch.drop_column("withdrawal_reason")
    op.drop_index("ix_letter_outbox_status", table_name="letter_outbox", schema=SCHEMA)
    op.drop_index("ix_letter_outbox_letter_id", table_name="letter_outbox", schema=SCHEMA)
    op.drop_table("letter_outbox", schema=SCHEMA)
    op.drop_index("ix_decision_letters_decision", table_name="decision_letters", schema=SCHEMA)
    op.drop_table("decision_letters", schema=SCHEMA)
