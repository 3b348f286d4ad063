"""care considerations, disclosures, assessment decisions and their outbox (DOMAIN § 6.4, § 6.7)

- care_considerations: the recorded answer that SEL § 82 and SEL chapter 24 were considered before a
  declined case closed (its text is a journal entry too);
- disclosures: every passing of case information, with recipient, what, basis, who decided and when;
- assessment_decisions: the decision on an offer that needs an assessment, with its letter (HTML and PDF,
  encrypted) stored unchanged;
- outbox_letters: each letter to send, by which channel, when and with what receipt.

Revision ID: b4c7e2a91d36
Revises: 5e8d1c4a7b20
Create Date: 2026-12-07 21:44:03.040904+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import services.kit.db

revision: str = "b4c7e2a91d36"
down_revision: str | None = "5e8d1c4a7b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "care_considerations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("journal_entry_id", sa.Integer(), nullable=False),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("considered_by", sa.String(length=128), nullable=False),
        sa.Column("considered_by_name", sa.String(length=200), nullable=False),
        sa.Column("considered_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["referrals.cases.id"],
            name=op.f("fk_care_considerations_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["journal_entry_id"],
            ["referrals.journal_entries.id"],
            name=op.f("fk_care_considerations_journal_entry_id_journal_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_considerations")),
        schema="referrals",
    )
    op.create_index(
        "ix_care_considerations_case_id", "care_considerations", ["case_id"], unique=False, schema="referrals"
    )

    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("information", sa.Text(), nullable=False),
        sa.Column("basis", sa.String(length=32), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("consent_scope", sa.Text(), nullable=True),
        sa.Column("legal_provision", sa.String(length=200), nullable=True),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("decided_by_name", sa.String(length=200), nullable=False),
        sa.Column("disclosed_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_by_name", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["referrals.cases.id"], name=op.f("fk_disclosures_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["referrals.consents.id"],
            name=op.f("fk_disclosures_consent_id_consents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
        schema="referrals",
    )
    op.create_index("ix_disclosures_case_id", "disclosures", ["case_id"], unique=False, schema="referrals")

    op.create_table(
        "assessment_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("decision_text", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("hearing", sa.Text(), nullable=False),
        sa.Column("letter_html", sa.Text(), nullable=False),
        sa.Column("letter_pdf", sa.Text(), nullable=False),
        sa.Column("letter_sha256", sa.String(length=64), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=128), nullable=False),
        sa.Column("decided_by_name", sa.String(length=200), nullable=False),
        sa.Column("decided_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["referrals.cases.id"],
            name=op.f("fk_assessment_decisions_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["referrals.assessment_decisions.id"],
            name=op.f("fk_assessment_decisions_corrects_id_assessment_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.offer_referrals.id"],
            name=op.f("fk_assessment_decisions_referral_id_offer_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_decisions")),
        sa.UniqueConstraint("reference", name=op.f("uq_assessment_decisions_reference")),
        schema="referrals",
    )
    op.create_index(
        "ix_assessment_decisions_case_id",
        "assessment_decisions",
        ["case_id"],
        unique=False,
        schema="referrals",
    )
    op.create_index(
        "ix_assessment_decisions_referral_id",
        "assessment_decisions",
        ["referral_id"],
        unique=False,
        schema="referrals",
    )

    op.create_table(
        "outbox_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("queued_at", services.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", services.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("receipt", sa.String(length=255), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["referrals.assessment_decisions.id"],
            name=op.f("fk_outbox_letters_decision_id_assessment_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_letters")),
        schema="referrals",
    )
    op.create_index(
        "ix_outbox_letters_decision_id", "outbox_letters", ["decision_id"], unique=False, schema="referrals"
    )
    op.create_index(
        "ix_outbox_letters_status", "outbox_letters", ["status"], unique=False, schema="referrals"
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_letters_status", table_name="outbox_letters", schema="referrals")
    op.drop_index("ix_outbox_letters_decision_id", table_name="outbox_letters", schema="referrals")

    op.drop_table("outbox_letters", schema="referrals")
    op.drop_index(
        "ix_assessment_decisions_referral_id", table_name="assessment_decisions", schema="referrals"
    )
    op.drop_index("ix_assessment_decisions_case_id", table_name="assessment_decisions", schema="referrals")

    op.drop_table("assessment_decisions", schema="referrals")
    op.drop_index("ix_disclosures_case_id", table_name="disclosures", schema="referrals")

    op.drop_table("disclosures", schema="referrals")
    op.drop_index("ix_care_considerations_case_id", table_name="care_considerations", schema="referrals")

    op.drop_table("care_considerations", schema="referrals")
