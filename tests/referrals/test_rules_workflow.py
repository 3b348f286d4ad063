"""The case workflow of DOMAIN § 6.4 as a pure state machine, and the referral statuses."""

from datetime import date

import pytest

from services.referrals.rules import privacy
from services.referrals.rules.workflow import (
    OUTCOMES,
    TRANSITIONS,
    CaseFacts,
    CaseState,
    Problem,
    ReferralStatus,
    allowed_targets,
    check_transition,
    first_contact_due,
    is_overdue,
    makes_first_contact,
    may_change_referral,
    may_refer,
    may_withdraw,
    needs_care_consideration,
    outcome_after,
    referral_targets,
)

TODAY = date(2026, 11, 23)
S = CaseState


def check(state: CaseState, target: CaseState, **facts: object) -> list[Problem]:
    follow_up = facts.pop("follow_up_date", None)
    reason = facts.pop("reason", "because")
    return check_transition(
        CaseFacts(state=state, **facts),  # type: ignore[arg-type]
        target,
        reason=str(reason),
        follow_up_date=follow_up,  # type: ignore[arg-type]
        today=TODAY,
    )


HAPPY_PATH = [
    S.ASSIGNED,
    S.OUTREACH_PLANNED,
    S.OUTREACH_DONE,
    S.ADVICE_SUPPORT,
    S.ASSESSMENT,
    S.REFERRED,
    S.CLOSED,
]


def test_the_path_of_domain_6_4_is_allowed_step_by_step() -> None:
    state = S.ASSIGNED
    for target in HAPPY_PATH[1:]:
        problems = check(
            state, target, active_referrals=1, children_in_household="no", child_notification=None
        )
        assert problems == [], (state, target)
        state = target


def test_every_state_is_reachable_from_received() -> None:
    seen, frontier = {S.RECEIVED}, [S.RECEIVED]
    while frontier:
        for target in TRANSITIONS[frontier.pop()]:
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(CaseState)


def test_closed_is_final_and_every_other_state_can_move() -> None:
    assert TRANSITIONS[S.CLOSED] == frozenset()
    assert all(TRANSITIONS[s] for s in CaseState if s is not S.CLOSED)


@pytest.mark.parametrize(
    ("state", "target"),
    [
        (S.RECEIVED, S.OUTREACH_PLANNED),  # assign first
        (S.RECEIVED, S.CLOSED),
        (S.ASSIGNED, S.REFERRED),
        (S.OUTREACH_PLANNED, S.ASSESSMENT),
        (S.ADVICE_SUPPORT, S.CLOSED),  # an outcome first
        (S.ASSESSMENT, S.CLOSED),
        (S.NO_FURTHER_ACTION, S.REFERRED),
        (S.CLOSED, S.ASSESSMENT),
        (S.CLOSED, S.RECEIVED),
    ],
)
def test_transitions_outside_the_workflow_are_refused(state: CaseState, target: CaseState) -> None:
    assert check(state, target, children_in_household="no", active_referrals=1) == [Problem.NOT_ALLOWED]


def test_assignment_is_its_own_action() -> None:
    assert check(S.RECEIVED, S.ASSIGNED) == [Problem.USE_ASSIGNMENT]
    assert S.ASSIGNED not in allowed_targets(S.RECEIVED)
    assert allowed_targets(S.RECEIVED) == []


def test_every_step_needs_a_reason() -> None:
    assert check(S.ASSIGNED, S.OUTREACH_PLANNED, reason="  ") == [Problem.REASON_REQUIRED]


def test_citizen_declined_needs_a_follow_up_date_not_in_the_past() -> None:
    assert check(S.ASSESSMENT, S.CITIZEN_DECLINED) == [Problem.FOLLOW_UP_DATE_REQUIRED]
    assert check(S.ASSESSMENT, S.CITIZEN_DECLINED, follow_up_date=date(2026, 11, 22)) == [
        Problem.FOLLOW_UP_DATE_PAST
    ]
    assert check(S.ASSESSMENT, S.CITIZEN_DECLINED, follow_up_date=TODAY) == []


def test_declining_is_an_outcome_not_a_closure() -> None:
    assert S.CITIZEN_DECLINED in OUTCOMES
    assert S.CITIZEN_DECLINED is not S.CLOSED
    # The one way back DOMAIN § 6.4 names: a new outreach on the declined case, or its closure.
    assert allowed_targets(S.CITIZEN_DECLINED) == [S.OUTREACH_PLANNED, S.CLOSED]


def test_a_new_outreach_starts_on_the_follow_up_date_at_the_earliest() -> None:
    tomorrow, yesterday = date(2026, 11, 24), date(2026, 11, 22)
    declined = S.CITIZEN_DECLINED

    def new_outreach(follow_up: date | None) -> list[Problem]:
        facts = CaseFacts(state=declined, follow_up_date=follow_up)
        return check_transition(facts, S.OUTREACH_PLANNED, reason="x", follow_up_date=None, today=TODAY)

    assert new_outreach(tomorrow) == [Problem.NEW_OUTREACH_EARLY]
    assert new_outreach(TODAY) == []
    assert new_outreach(yesterday) == []
    # Only from a declined case: the other outcomes have no way back.
    for outcome in (S.REFERRED, S.NO_FURTHER_ACTION):
        assert check(outcome, S.OUTREACH_PLANNED) == [Problem.NOT_ALLOWED]
    # Leaving the outcome clears it (the case is in outreach again).
    assert outcome_after(S.OUTREACH_PLANNED, S.CITIZEN_DECLINED) is None


def test_only_closing_a_declined_case_needs_the_duty_of_care_answer() -> None:
    assert needs_care_consideration(S.CITIZEN_DECLINED, S.CLOSED)
    assert not needs_care_consideration(S.CITIZEN_DECLINED, S.OUTREACH_PLANNED)
    for outcome in (S.REFERRED, S.NO_FURTHER_ACTION):
        assert not needs_care_consideration(outcome, S.CLOSED)


def test_a_declined_case_closes_only_once_its_follow_up_date_has_come() -> None:
    answered = {"children_in_household": "no"}
    tomorrow, yesterday = date(2026, 11, 24), date(2026, 11, 22)
    declined = S.CITIZEN_DECLINED
    assert check(declined, S.CLOSED, follow_up_date=None, **answered) == []
    pending = check_transition(
        CaseFacts(state=declined, follow_up_date=tomorrow, **answered),  # type: ignore[arg-type]
        S.CLOSED,
        reason="x",
        follow_up_date=None,
        today=TODAY,
    )
    assert pending == [Problem.FOLLOW_UP_PENDING]
    for due in (TODAY, yesterday):
        facts = CaseFacts(state=declined, follow_up_date=due, **answered)  # type: ignore[arg-type]
        assert check_transition(facts, S.CLOSED, reason="x", follow_up_date=None, today=TODAY) == []
    # Only a declined case waits for its follow-up date.
    facts = CaseFacts(state=S.NO_FURTHER_ACTION, follow_up_date=tomorrow, **answered)  # type: ignore[arg-type]
    assert check_transition(facts, S.CLOSED, reason="x", follow_up_date=None, today=TODAY) == []


# Within the outreach step: a planned visit is done or finds no one; after no contact, a new visit.
WITHIN_OUTREACH = {
    (S.OUTREACH_PLANNED, S.OUTREACH_DONE),
    (S.OUTREACH_PLANNED, S.OUTREACH_NO_CONTACT),
    (S.OUTREACH_NO_CONTACT, S.OUTREACH_PLANNED),
}
# DOMAIN § 6.4, written out independently of the module: each stage and the one that follows it.
DOMAIN_CHAIN = [
    {S.RECEIVED},
    {S.ASSIGNED},
    {S.OUTREACH_PLANNED, S.OUTREACH_DONE, S.OUTREACH_NO_CONTACT},
    {S.ADVICE_SUPPORT},
    {S.ASSESSMENT},
    {S.REFERRED, S.CITIZEN_DECLINED, S.NO_FURTHER_ACTION},
    {S.CLOSED},
]
# Outreach begins with planning a visit, and a visit only planned has no result yet: the step is left
# from its results.
OUTREACH_RESULTS = {S.OUTREACH_DONE, S.OUTREACH_NO_CONTACT}
NEW_OUTREACH = (S.CITIZEN_DECLINED, S.OUTREACH_PLANNED)


def test_the_whole_transition_table_is_the_chain_of_domain_6_4() -> None:
    assert set().union(*DOMAIN_CHAIN) == set(CaseState)
    stage_of = {state: index for index, stage in enumerate(DOMAIN_CHAIN) for state in stage}
    expected: set[tuple[CaseState, CaseState]] = set(WITHIN_OUTREACH)
    for index, stage in enumerate(DOMAIN_CHAIN[:-1]):
        leaving = OUTREACH_RESULTS if stage == DOMAIN_CHAIN[2] else stage
        entering = (
            {S.OUTREACH_PLANNED} if DOMAIN_CHAIN[index + 1] == DOMAIN_CHAIN[2] else DOMAIN_CHAIN[index + 1]
        )
        expected |= {(a, b) for a in leaving for b in entering}
    # The one way back: "we will always try to make contact" – a new outreach on a declined case.
    expected.add(NEW_OUTREACH)
    actual = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert actual == expected
    # Said the other way round: nothing skips a stage, and nothing goes back one but the new outreach.
    for a, b in actual - {NEW_OUTREACH}:
        assert stage_of[b] - stage_of[a] in ({1} if (a, b) not in WITHIN_OUTREACH else {0}), (a, b)
    assert set(TRANSITIONS) == set(CaseState)


@pytest.mark.parametrize(
    ("state", "target"),
    [
        (S.ASSIGNED, S.ADVICE_SUPPORT),
        (S.OUTREACH_DONE, S.ASSESSMENT),
        (S.OUTREACH_NO_CONTACT, S.ASSESSMENT),
        (S.ASSESSMENT, S.ADVICE_SUPPORT),
        (S.REFERRED, S.ASSESSMENT),
        (S.CITIZEN_DECLINED, S.ASSESSMENT),
        (S.CITIZEN_DECLINED, S.ADVICE_SUPPORT),
    ],
)
def test_the_old_shortcuts_and_steps_back_are_refused(state: CaseState, target: CaseState) -> None:
    assert check(state, target, children_in_household="no", active_referrals=1) == [Problem.NOT_ALLOWED]


def test_the_outcome_belongs_to_the_state() -> None:
    assert outcome_after(S.REFERRED, None) == S.REFERRED
    assert outcome_after(S.CLOSED, S.REFERRED) == S.REFERRED
    assert outcome_after(S.CLOSED, None) is None
    for state in set(CaseState) - OUTCOMES - {S.CLOSED}:
        assert outcome_after(state, S.CITIZEN_DECLINED) is None


def test_referred_needs_an_active_referral() -> None:
    assert check(S.ASSESSMENT, S.REFERRED) == [Problem.REFERRAL_REQUIRED]
    assert check(S.ASSESSMENT, S.REFERRED, active_referrals=2) == []


@pytest.mark.parametrize("outcome", [S.REFERRED, S.CITIZEN_DECLINED, S.NO_FURTHER_ACTION])
def test_a_case_closes_only_when_the_children_question_is_answered(outcome: CaseState) -> None:
    assert check(outcome, S.CLOSED) == [Problem.CHILDREN_UNANSWERED]
    assert check(outcome, S.CLOSED, children_in_household="yes") == [Problem.NOTIFICATION_UNRECORDED]
    assert check(outcome, S.CLOSED, children_in_household="yes", child_notification="made") == []
    assert check(outcome, S.CLOSED, children_in_household="no") == []


def test_first_contact_is_made_by_a_visit_or_by_advice() -> None:
    assert makes_first_contact(S.OUTREACH_DONE)
    assert makes_first_contact(S.ADVICE_SUPPORT)
    assert not makes_first_contact(S.OUTREACH_NO_CONTACT)
    assert not makes_first_contact(S.OUTREACH_PLANNED)


def test_first_contact_deadline_and_overdue() -> None:
    due = first_contact_due(date(2026, 11, 2), 5)
    assert due == date(2026, 11, 7)
    assert not is_overdue(S.ASSIGNED, first_contact_made=False, due=due, today=date(2026, 11, 7))
    assert is_overdue(S.ASSIGNED, first_contact_made=False, due=due, today=date(2026, 11, 8))
    assert is_overdue(S.OUTREACH_NO_CONTACT, first_contact_made=False, due=due, today=TODAY)
    assert not is_overdue(S.ASSIGNED, first_contact_made=True, due=due, today=TODAY)
    for state in (*OUTCOMES, S.CLOSED):
        assert not is_overdue(state, first_contact_made=False, due=due, today=TODAY)


def test_referral_statuses() -> None:
    R = ReferralStatus
    assert referral_targets(R.PROPOSED) == [R.ACCEPTED, R.DECLINED]
    assert may_change_referral(R.ACCEPTED, R.STARTED)
    assert may_change_referral(R.STARTED, R.ENDED)
    assert not may_change_referral(R.PROPOSED, R.STARTED)
    assert not may_change_referral(R.ENDED, R.STARTED)
    assert not may_change_referral(R.DECLINED, R.ACCEPTED)


def test_referrals_are_made_after_contact_and_never_on_closed_cases() -> None:
    assert not may_refer(S.RECEIVED)
    assert not may_refer(S.ASSIGNED)
    assert may_refer(S.ASSESSMENT)
    assert not may_refer(S.CLOSED)


def test_consent_is_withdrawn_once_and_not_before_it_was_given() -> None:
    given = date(2026, 1, 10)
    assert may_withdraw(given_on=given, withdrawn_on=None, on=given)
    assert not may_withdraw(given_on=given, withdrawn_on=None, on=date(2026, 1, 9))
    assert not may_withdraw(given_on=given, withdrawn_on=given, on=TODAY)


def test_retention_deadlines() -> None:
    closed = date(2026, 1, 1)
    assert privacy.deletion_date(closed, 1825) == date(2030, 12, 31)
    assert privacy.anonymisation_date(closed, 183) == date(2026, 7, 3)
    assert privacy.is_due(date(2026, 7, 3), date(2026, 7, 3))
    assert not privacy.is_due(date(2026, 7, 3), date(2026, 7, 2))


def test_medians_and_shares_rest_on_enough_cases() -> None:
    assert privacy.suppressed_median([1, 2, 3, 4], 5) is None
    assert privacy.suppressed_median([1, 2, 3, 4, 10], 5) == 3.0
    assert privacy.suppressed_share(10, 20, 5) == 50.0
    assert privacy.suppressed_share(3, 20, 5) is None  # the part is small
    assert privacy.suppressed_share(18, 20, 5) is None  # the rest is small
    assert privacy.suppressed_share(20, 20, 5) == 100.0
