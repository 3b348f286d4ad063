"""ladder bases and no invented capacity

The seeded ladder (DOMAIN § 6.5) is carried forward to what the law says and what the seed gives:

- Legal bases, rows kept (a basis that ended gets its `valid_to`; a new basis is a new row):
  - the serviceloven paragraphs the seed cites carry the numbering of 1 January 2007 (lov nr. 573 af
    24. juni 2005), not 1 July 1998; preventive home visits became SEL § 79 a on 1 July 2010;
  - SEL § 79 a was repealed when ældreloven came into force on 1 July 2025: last day 30 June 2025;
  - alcohol treatment rests on sundhedsloven § 141 beside SEL § 101 (drug treatment);
  - home help for those the ældrelov covers is ældreloven § 10 from 1 July 2025, beside SEL § 83.
  Only rows exactly as the seed made them are changed; a basis an administrator added is left alone.
- Capacity: the seed gives none, so the figures an older seed put on offers nobody has touched since
  (`updated_by` still the seed) are cleared; a figure an administrator or a system entered stays.
- headspace is a preventive offer (level 2), where only the seed has placed it.

Downgrade restores the bases and the level; the invented capacities are not put back.

Revision ID: 5e8d1c4a7b20
Revises: 7d2a94c1e5b8
Create Date: 2026-12-07 16:00:00.000000+00:00
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "5e8d1c4a7b20"
down_revision: str | None = "7d2a94c1e5b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEED_ACTOR = "seed:ladder"
SEL = "Serviceloven"
OLD_SERVICE_ACT = date(1998, 7, 1)
SERVICE_ACT = date(2007, 1, 1)
HOME_VISITS = date(2010, 7, 1)
BEFORE_ELDER_ACT = date(2025, 6, 30)
# The serviceloven bases the earlier seed dated 1 July 1998, per offer code.
SEEDED_SEL = {
    "civilsamfund": "§ 18",
    "headspace": "§ 18",
    "raadgivning": "§ 10",
    "ungeraadgivning": "§ 10",
    "psykologisk-ungeraadgivning": "§ 12",
    "samvaerstilbud": "§ 104",
    "aabne-faellesskaber": "§ 104",
    "opsoegende-omraade": "§ 99",
    "besoegsven-stoettekontakt": "§ 99",
    "fogedsager": "§ 10",
    "raadgivning-samtaler": "§ 12",
    "brobyggere": "§ 79",
    "rusmiddelcenter": "§ 101",
    "hjemmevejledning": "§ 85",
    "socialpaedagogisk-traening-laengerevarende": "§ 85",
    "hjemmehjaelp": "§ 83",
    "fleksibel-stoette": "§ 85",
    "midlertidigt-botilbud": "§ 107",
    "laengerevarende-botilbud": "§ 108",
    "aktivitet-samvaer": "§ 104",
    "demens-dagtilbud": "§ 84",
    "beskyttet-beskaeftigelse": "§ 103",
}
# New bases beside the existing ones: (offer code, law, paragraph, valid from).
ADDED = [
    ("rusmiddelcenter", "Sundhedsloven", "§ 141", date(2007, 1, 1)),
    ("hjemmehjaelp", "Ældreloven", "§ 10", date(2025, 7, 1)),
]


def _tables() -> tuple[str, str]:
    if op.get_bind().dialect.name == "postgresql":
        return "referrals.offers", "referrals.offer_legal_bases"
    return "offers", "offer_legal_bases"


def _move_basis(
    code: str, paragraph: str, before: tuple[date, date | None], after: tuple[date, date | None]
) -> None:
    """Re-date the seeded serviceloven basis of one offer, if it is still exactly as `before`."""
    offers, bases = _tables()
    old_to = "valid_to IS NULL" if before[1] is None else "valid_to = :old_to"
    op.get_bind().execute(
        sa.text(
            f"UPDATE {bases} SET valid_from = :new_from, valid_to = :new_to "  # noqa: S608
            f"WHERE law = :law AND paragraph = :paragraph AND valid_from = :old_from AND {old_to} "
            f"AND offer_id IN (SELECT id FROM {offers} WHERE code = :code)"
        ).bindparams(sa.bindparam("new_to", type_=sa.Date())),
        {"law": SEL, "paragraph": paragraph, "code": code, "old_from": before[0], "new_from": after[0]}
        | ({"old_to": before[1]} if before[1] is not None else {})
        | {"new_to": after[1]},
    )


def upgrade() -> None:
    offers, bases = _tables()
    bind = op.get_bind()
    for code, paragraph in SEEDED_SEL.items():
        _move_basis(code, paragraph, (OLD_SERVICE_ACT, None), (SERVICE_ACT, None))
    _move_basis(
        "forebyggende-hjemmebesoeg", "§ 79 a", (OLD_SERVICE_ACT, None), (HOME_VISITS, BEFORE_ELDER_ACT)
    )
    for code, law, paragraph, valid_from in ADDED:
        bind.execute(
            sa.text(
                f"INSERT INTO {bases} (offer_id, law, paragraph, valid_from, valid_to) "  # noqa: S608
                f"SELECT o.id, :law, :paragraph, :valid_from, NULL FROM {offers} o WHERE o.code = :code "
                f"AND NOT EXISTS (SELECT 1 FROM {bases} b WHERE b.offer_id = o.id "
                f"AND b.law = :law AND b.paragraph = :paragraph)"
            ).bindparams(
                # Typed, so PostgreSQL reads the same parameter alike as a value and in a comparison.
                sa.bindparam("law", type_=sa.String(100)),
                sa.bindparam("paragraph", type_=sa.String(64)),
                sa.bindparam("valid_from", type_=sa.Date()),
            ),
            {"code": code, "law": law, "paragraph": paragraph, "valid_from": valid_from},
        )
    bind.execute(
        sa.text(
            f"UPDATE {offers} SET capacity_available = NULL, capacity_maximum = NULL, "  # noqa: S608
            "capacity_updated_at = NULL WHERE updated_by = :seed"
        ),
        {"seed": SEED_ACTOR},
    )
    bind.execute(
        sa.text(
            f"UPDATE {offers} SET level = 2 "  # noqa: S608
            f"WHERE code = 'headspace' AND level = 1 AND updated_by = :seed"
        ),
        {"seed": SEED_ACTOR},
    )


def downgrade() -> None:
    offers, bases = _tables()
    bind = op.get_bind()
    bind.execute(
        sa.text(
            f"UPDATE {offers} SET level = 1 "  # noqa: S608
            f"WHERE code = 'headspace' AND level = 2 AND updated_by = :seed"
        ),
        {"seed": SEED_ACTOR},
    )
    for code, law, paragraph, valid_from in ADDED:
        bind.execute(
            sa.text(
                f"DELETE FROM {bases} WHERE law = :law AND paragraph = :paragraph "  # noqa: S608
                f"AND valid_from = :valid_from AND valid_to IS NULL "
                f"AND offer_id IN (SELECT id FROM {offers} WHERE code = :code)"
            ),
            {"code": code, "law": law, "paragraph": paragraph, "valid_from": valid_from},
        )
    _move_basis(
        "forebyggende-hjemmebesoeg", "§ 79 a", (HOME_VISITS, BEFORE_ELDER_ACT), (OLD_SERVICE_ACT, None)
    )
    for code, paragraph in SEEDED_SEL.items():
        _move_basis(code, paragraph, (SERVICE_ACT, None), (OLD_SERVICE_ACT, None))
