"""Ranked candidates for a municipal vacancy (DOMAIN § 5.5), with a reason for each rank and exclusion.

The order is published (TIE_BREAKERS) so that the officer, the seeker and a complaint board can follow it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from services.allocation.rules.bans import HouseholdFacts, applicable_bans, municipal_bans
from services.allocation.rules.model import Designation, Reason, reason


class Urgency(StrEnum):
    """How urgently a seeker needs a dwelling: the first tie-breaker."""

    ACUTE = "acute"
    HIGH = "high"
    NORMAL = "normal"


URGENCY_ORDER = {Urgency.ACUTE: 0, Urgency.HIGH: 1, Urgency.NORMAL: 2}


class SeekerStatus(StrEnum):
    """Whether a seeker is on the list, housed, or removed from it."""

    ACTIVE = "active"
    HOUSED = "housed"
    REMOVED = "removed"


TIE_BREAKERS: tuple[Reason, ...] = (
    reason("urgency", "Urgency: acute before high before normal."),
    reason("area_wish", "Seekers who wished for the area (or named no area) before those who wished others."),
    reason("rooms_fit", "The closest fit: the fewest rooms beyond what the household needs."),
    reason("seniority", "Seniority: the earliest registration as a housing seeker first."),
    reason("reference", "Last, the seeker's reference, so that the order is always the same."),
)
EXCLUSIONS: tuple[Reason, ...] = (
    reason("removed", "The seeker is removed from the list, or already housed."),
    reason("parked", "The seeker is parked after declining an offer, until the date shown."),
    reason("open_offer", "The seeker has an offer awaiting reply."),
    reason("too_few_rooms", "The dwelling has fewer rooms than the household needs."),
    reason("rent_above_limit", "The rent is above what the household can afford."),
    reason("not_accessible", "The household needs an accessible dwelling and this one is not known to be."),
    reason("ban", "A ban of ABL § 59 stk. 6 or 7 applies in the area (items 1-5) on the offer date."),
    reason(
        "ban_date_unknown",
        "A fact behind a ban of the area was recorded without its date: complete the date before an offer.",
    ),
)


@dataclass(frozen=True, slots=True)
class SeekerFacts:
    id: int
    reference: str
    urgency: Urgency
    registered_on: date
    rooms_min: int
    needs_accessible: bool = False
    max_rent_dkk: Decimal | None = None
    area_wishes: frozenset[str] = field(default_factory=frozenset)
    status: SeekerStatus = SeekerStatus.ACTIVE
    parked_until: date | None = None
    has_open_offer: bool = False
    household: HouseholdFacts = field(default_factory=HouseholdFacts)


@dataclass(frozen=True, slots=True)
class DwellingFacts:
    area_code: str
    designations: frozenset[Designation]
    rooms: int
    monthly_rent_dkk: Decimal
    accessible: bool | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    seeker_id: int
    reference: str
    rank: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Exclusion:
    seeker_id: int
    reference: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Ranking:
    candidates: tuple[Candidate, ...]
    excluded: tuple[Exclusion, ...]
    bans_checked: tuple[str, ...]  # the paragraphs that bind the area


def exclusions(seeker: SeekerFacts, dwelling: DwellingFacts, on: date) -> list[Reason]:
    found: list[Reason] = []
    if seeker.status is not SeekerStatus.ACTIVE:
        found.append(
            reason("removed", f"The seeker is {seeker.status.value}, not active.", status=seeker.status)
        )
    if seeker.parked_until is not None and seeker.parked_until >= on:
        found.append(
            reason(
                "parked",
                f"Parked after declining an offer, until {seeker.parked_until.isoformat()}.",
                until=seeker.parked_until.isoformat(),
            )
        )
    if seeker.has_open_offer:
        found.append(reason("open_offer", "Has an offer awaiting reply."))
    if dwelling.rooms < seeker.rooms_min:
        found.append(
            reason(
                "too_few_rooms",
                f"The dwelling has {dwelling.rooms} rooms; the household needs at least {seeker.rooms_min}.",
                rooms=dwelling.rooms,
                needed=seeker.rooms_min,
            )
        )
    if seeker.max_rent_dkk is not None and dwelling.monthly_rent_dkk > seeker.max_rent_dkk:
        found.append(
            reason(
                "rent_above_limit",
                f"The rent of {dwelling.monthly_rent_dkk} DKK is above the household's limit of "
                f"{seeker.max_rent_dkk} DKK.",
                rent=dwelling.monthly_rent_dkk,
                limit=seeker.max_rent_dkk,
            )
        )
    if seeker.needs_accessible and dwelling.accessible is not True:
        found.append(reason("not_accessible", "Needs an accessible dwelling; this one is not known to be."))
    found.extend(municipal_bans(dwelling.designations, seeker.household, on))
    return found


def _wished(seeker: SeekerFacts, dwelling: DwellingFacts) -> bool:
    return not seeker.area_wishes or dwelling.area_code in seeker.area_wishes


def rank(seekers: Iterable[SeekerFacts], dwelling: DwellingFacts, on: date) -> Ranking:
    """Order the seekers who may be offered the dwelling; list the others with every reason why not."""
    eligible: list[SeekerFacts] = []
    excluded: list[Exclusion] = []
    for seeker in seekers:
        found = exclusions(seeker, dwelling, on)
        if found:
            excluded.append(Exclusion(seeker.id, seeker.reference, tuple(found)))
        else:
            eligible.append(seeker)
    eligible.sort(
        key=lambda s: (
            URGENCY_ORDER[s.urgency],
            0 if _wished(s, dwelling) else 1,
            dwelling.rooms - s.rooms_min,
            s.registered_on,
            s.reference,
        )
    )
    paragraphs = tuple(paragraph for paragraph, _ in applicable_bans(dwelling.designations, on))
    candidates = []
    for position, seeker in enumerate(eligible, start=1):
        reasons = [
            reason("urgency", f"Urgency: {seeker.urgency.value}.", urgency=seeker.urgency),
            reason("area_wish", "Wished for this area." if seeker.area_wishes else "Named no area: any area.")
            if _wished(seeker, dwelling)
            else reason("no_area_wish", "Wished for other areas than this one."),
            reason(
                "rooms_fit",
                f"Needs {seeker.rooms_min} rooms; the dwelling has {dwelling.rooms}.",
                needed=seeker.rooms_min,
                rooms=dwelling.rooms,
            ),
            reason(
                "seniority",
                f"Registered since {seeker.registered_on.isoformat()}.",
                since=seeker.registered_on.isoformat(),
            ),
        ]
        if paragraphs:
            reasons.append(
                reason(
                    "bans_clear",
                    f"None of the bans of {' and '.join(paragraphs)} applies to the household.",
                    " and ".join(paragraphs),
                    paragraphs=" and ".join(paragraphs),
                )
            )
        candidates.append(Candidate(seeker.id, seeker.reference, position, tuple(reasons)))
    excluded.sort(key=lambda e: e.reference)
    return Ranking(tuple(candidates), tuple(excluded), paragraphs)
