"""Ranked candidates: published tie-breakers, a reason for every rank and every exclusion."""

from datetime import date
from decimal import Decimal

from services.allocation.rules.bans import DatedFact, HouseholdFacts
from services.allocation.rules.model import Designation
from services.allocation.rules.ranking import DwellingFacts, SeekerFacts, SeekerStatus, Urgency, rank

TODAY = date(2026, 3, 1)
DWELLING = DwellingFacts("A1", frozenset(), rooms=3, monthly_rent_dkk=Decimal("7500"))


def seeker(id_: int, **overrides: object) -> SeekerFacts:
    values: dict[str, object] = {
        "id": id_,
        "reference": f"BS-{id_:03d}",
        "urgency": Urgency.NORMAL,
        "registered_on": date(2025, 1, 1),
        "rooms_min": 2,
    }
    values.update(overrides)
    return SeekerFacts(**values)  # type: ignore[arg-type]


def order(*seekers: SeekerFacts, dwelling: DwellingFacts = DWELLING) -> list[int]:
    return [c.seeker_id for c in rank(seekers, dwelling, TODAY).candidates]


def test_urgency_comes_first() -> None:
    assert order(seeker(1), seeker(2, urgency=Urgency.ACUTE), seeker(3, urgency=Urgency.HIGH)) == [2, 3, 1]


def test_then_area_wish_then_rooms_fit_then_seniority_then_reference() -> None:
    wished_other = seeker(1, area_wishes=frozenset({"B2"}))
    wished_here = seeker(2, area_wishes=frozenset({"A1"}), registered_on=date(2025, 6, 1))
    exact_fit = seeker(3, rooms_min=3, registered_on=date(2025, 9, 1))
    senior = seeker(4, registered_on=date(2020, 1, 1))
    twin_a, twin_b = seeker(6), seeker(5)
    assert order(wished_other, wished_here, exact_fit, senior, twin_a, twin_b) == [3, 4, 5, 6, 2, 1]


def test_every_rank_carries_its_reasons() -> None:
    (candidate,) = rank([seeker(1)], DWELLING, TODAY).candidates
    assert candidate.rank == 1
    assert [r.code for r in candidate.reasons] == ["urgency", "area_wish", "rooms_fit", "seniority"]


def test_exclusions_list_every_reason() -> None:
    excluded = seeker(
        1,
        rooms_min=4,
        max_rent_dkk=Decimal("7000"),
        needs_accessible=True,
        parked_until=date(2026, 3, 15),
        has_open_offer=True,
    )
    removed = seeker(2, status=SeekerStatus.REMOVED)
    ranking = rank([excluded, removed], DWELLING, TODAY)
    assert ranking.candidates == ()
    reasons = {e.seeker_id: [r.code for r in e.reasons] for e in ranking.excluded}
    assert reasons == {
        1: ["parked", "open_offer", "too_few_rooms", "rent_above_limit", "not_accessible"],
        2: ["removed"],
    }


def test_parking_ends_after_its_last_day() -> None:
    assert order(seeker(1, parked_until=date(2026, 2, 28))) == [1]


def test_the_area_bans_exclude_with_their_paragraph() -> None:
    area = DwellingFacts("A1", frozenset({Designation.PREVENTION_AREA}), 3, Decimal("7000"))
    banned = seeker(1, household=HouseholdFacts(tenancy_terminated=DatedFact(date(2025, 12, 31))))
    lapsed = seeker(3, household=HouseholdFacts(tenancy_terminated=DatedFact(date(2025, 8, 31))))
    ranking = rank([banned, seeker(2), lapsed], area, TODAY)  # the offer date counts 6 months back
    assert [c.seeker_id for c in ranking.candidates] == [2, 3]
    assert ranking.excluded[0].reasons[0].paragraph == "ABL § 59 stk. 7, nr. 3"
    assert ranking.candidates[0].reasons[-1].code == "bans_clear"
    assert ranking.bans_checked == ("ABL § 59 stk. 7",)
