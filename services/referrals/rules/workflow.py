"""The case workflow of DOMAIN § 6.4 as a pure state machine.

received → assigned → outreach (visit planned / done / no contact) → advice and support → assessment →
one of: referred to offer(s), citizen declined (with a follow-up date; an outcome, not a closure), no further
action → closed. Every step needs a reason ("who, when and why"); a case closes only when the question about
children in the household is answered (Barnets lov: the caseworker must consider a notification). On or after
a declined case's follow-up date the caseworker starts a new outreach on it or closes it; closing it needs
the answer that the duty of care (SEL § 82) and the coercion rules (SEL chapter 24) were considered.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from services.referrals.rules.working_days import add_working_days


class CaseState(StrEnum):
    """Where a case stands in the single entry's workflow (DOMAIN § 6.4)."""

    RECEIVED = "received"
    ASSIGNED = "assigned"
    OUTREACH_PLANNED = "outreach_planned"
    OUTREACH_DONE = "outreach_done"
    OUTREACH_NO_CONTACT = "outreach_no_contact"
    ADVICE_SUPPORT = "advice_support"
    ASSESSMENT = "assessment"
    REFERRED = "referred"
    CITIZEN_DECLINED = "citizen_declined"
    NO_FURTHER_ACTION = "no_further_action"
    CLOSED = "closed"


class EventKind(StrEnum):
    """What a step in the case's history was: who, when and why is kept with each."""

    RECEIVED = "received"
    ASSIGNMENT = "assignment"
    TRANSITION = "transition"
    CHILDREN_ANSWERED = "children_answered"
    CITIZEN_UPDATED = "citizen_updated"
    NEW_INFORMATION = "new_information"
    ACUTE_MARKED = "acute_marked"
    DUTY_OF_CARE = "duty_of_care_considered"
    DISCLOSURE = "disclosure"
    DECISION = "decision"


class Problem(StrEnum):
    """Why a transition is refused; stable codes the pages translate."""

    NOT_ALLOWED = "transition_not_allowed"
    USE_ASSIGNMENT = "use_assignment"
    REASON_REQUIRED = "reason_required"
    FOLLOW_UP_DATE_REQUIRED = "follow_up_date_required"
    FOLLOW_UP_DATE_PAST = "follow_up_date_in_past"
    FOLLOW_UP_PENDING = "follow_up_date_not_reached"
    NEW_OUTREACH_EARLY = "new_outreach_before_follow_up_date"
    REFERRAL_REQUIRED = "referral_required"
    CHILDREN_UNANSWERED = "children_question_unanswered"
    NOTIFICATION_UNRECORDED = "child_notification_unrecorded"


OUTCOMES = frozenset({CaseState.REFERRED, CaseState.CITIZEN_DECLINED, CaseState.NO_FURTHER_ACTION})
# Reaching one of these means the caseworker has spoken with the citizen: the first contact is made.
CONTACT_STATES = frozenset({CaseState.OUTREACH_DONE, CaseState.ADVICE_SUPPORT})
# The case is still waiting for its first contact only while it has no outcome.
AWAITING_CONTACT = frozenset(CaseState) - OUTCOMES - {CaseState.CLOSED}

# DOMAIN § 6.4 read exactly: one chain, each step to the next, no shortcuts and no steps back.
#   received → assigned → outreach → advice and support → assessment → outcome → closed
# Outreach is one step with three states: a planned visit is done or finds no one; after no contact the
# caseworker may plan another visit (still the outreach step). Either result of the visit leads on to
# advice and support. An outcome is final but for closing; a declined case closes once its follow-up
# date has come (DOMAIN: declining is an outcome, not a closure). The one way back DOMAIN names: "we will
# always try to make contact", so on or after its follow-up date a declined case may start a new outreach.
CHAIN: tuple[frozenset[CaseState], ...] = (
    frozenset({CaseState.RECEIVED}),
    frozenset({CaseState.ASSIGNED}),
    frozenset({CaseState.OUTREACH_PLANNED, CaseState.OUTREACH_DONE, CaseState.OUTREACH_NO_CONTACT}),
    frozenset({CaseState.ADVICE_SUPPORT}),
    frozenset({CaseState.ASSESSMENT}),
    OUTCOMES,
    frozenset({CaseState.CLOSED}),
)

TRANSITIONS: dict[CaseState, frozenset[CaseState]] = {
    CaseState.RECEIVED: frozenset({CaseState.ASSIGNED}),
    CaseState.ASSIGNED: frozenset({CaseState.OUTREACH_PLANNED}),
    CaseState.OUTREACH_PLANNED: frozenset({CaseState.OUTREACH_DONE, CaseState.OUTREACH_NO_CONTACT}),
    CaseState.OUTREACH_NO_CONTACT: frozenset({CaseState.OUTREACH_PLANNED, CaseState.ADVICE_SUPPORT}),
    CaseState.OUTREACH_DONE: frozenset({CaseState.ADVICE_SUPPORT}),
    CaseState.ADVICE_SUPPORT: frozenset({CaseState.ASSESSMENT}),
    CaseState.ASSESSMENT: OUTCOMES,
    CaseState.REFERRED: frozenset({CaseState.CLOSED}),
    CaseState.CITIZEN_DECLINED: frozenset({CaseState.OUTREACH_PLANNED, CaseState.CLOSED}),
    CaseState.NO_FURTHER_ACTION: frozenset({CaseState.CLOSED}),
    CaseState.CLOSED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the rules need to know about a case."""

    state: CaseState
    children_in_household: str | None = None  # "yes" | "no", as the caseworker answered it
    child_notification: str | None = None  # "made" | "not_needed" when there are children
    active_referrals: int = 0
    follow_up_date: date | None = None  # set while the citizen has declined


def outcome_after(target: CaseState, current: str | None) -> str | None:
    """The case's outcome once it has moved to `target`: set on entering one, kept only into closure."""
    if target in OUTCOMES:
        return target
    return current if target is CaseState.CLOSED else None


def allowed_targets(state: CaseState) -> list[CaseState]:
    """The states a transition may lead to from `state` (assignment is its own action), in order."""
    order = list(CaseState)
    return sorted(TRANSITIONS[state] - {CaseState.ASSIGNED}, key=order.index)


def closing_problems(facts: CaseFacts) -> list[Problem]:
    """What stands between the case and its closure (the children question first of all)."""
    if facts.children_in_household is None:
        return [Problem.CHILDREN_UNANSWERED]
    if facts.children_in_household == "yes" and facts.child_notification is None:
        return [Problem.NOTIFICATION_UNRECORDED]
    return []


def check_transition(
    facts: CaseFacts,
    target: CaseState,
    *,
    reason: str,
    follow_up_date: date | None,
    today: date,
) -> list[Problem]:
    """Every reason the transition from `facts.state` to `target` is refused; empty when it is allowed."""
    if target is CaseState.ASSIGNED:
        return [Problem.USE_ASSIGNMENT]
    if target not in TRANSITIONS[facts.state]:
        return [Problem.NOT_ALLOWED]
    problems: list[Problem] = []
    if not reason.strip():
        problems.append(Problem.REASON_REQUIRED)
    if target is CaseState.CITIZEN_DECLINED:
        if follow_up_date is None:
            problems.append(Problem.FOLLOW_UP_DATE_REQUIRED)
        elif follow_up_date < today:
            problems.append(Problem.FOLLOW_UP_DATE_PAST)
    if target is CaseState.REFERRED and facts.active_referrals == 0:
        problems.append(Problem.REFERRAL_REQUIRED)
    declined = facts.state is CaseState.CITIZEN_DECLINED
    follow_up_pending = facts.follow_up_date is not None and today < facts.follow_up_date
    if target is CaseState.CLOSED:
        problems.extend(closing_problems(facts))
        if declined and follow_up_pending:
            problems.append(Problem.FOLLOW_UP_PENDING)
    if target is CaseState.OUTREACH_PLANNED and declined and follow_up_pending:
        problems.append(Problem.NEW_OUTREACH_EARLY)
    return problems


def needs_care_consideration(state: CaseState, target: CaseState) -> bool:
    """Closing a declined case needs the recorded answer on SEL § 82 and SEL chapter 24 (DOMAIN § 6.4)."""
    return state is CaseState.CITIZEN_DECLINED and target is CaseState.CLOSED


def makes_first_contact(target: CaseState) -> bool:
    return target in CONTACT_STATES


def first_contact_due(received_on: date, days: int) -> date:
    """The last day for the first contact: `days` calendar days after the report arrived."""
    return received_on + timedelta(days=days)


def acute_first_contact_due(received_on: date, working_days: int) -> date:
    """The short deadline of an acute report (DOMAIN § 6.4): 0 is the same working day, so a report that
    arrives on a Saturday, a Sunday or a public holiday is due the next working day."""
    return add_working_days(received_on, working_days)


def contact_deadline(received_on: date, *, acute: bool, days: int, acute_working_days: int) -> date:
    """The first-contact deadline of a report received on `received_on` (a date in Denmark)."""
    normal = first_contact_due(received_on, days)
    # The acute deadline is the shorter one: over a long holiday it must not come after the normal one.
    return min(normal, acute_first_contact_due(received_on, acute_working_days)) if acute else normal


def is_overdue(state: CaseState, *, first_contact_made: bool, due: date, today: date) -> bool:
    """No contact yet, the deadline has passed, and the case has no outcome."""
    return state in AWAITING_CONTACT and not first_contact_made and today > due


# --- referrals to offers ------------------------------------------------------------------------------


class ReferralStatus(StrEnum):
    """Where a referral to an offer stands: proposed, accepted or declined, started, ended."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    STARTED = "started"
    ENDED = "ended"


REFERRAL_TRANSITIONS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.PROPOSED: frozenset({ReferralStatus.ACCEPTED, ReferralStatus.DECLINED}),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.STARTED, ReferralStatus.DECLINED}),
    ReferralStatus.STARTED: frozenset({ReferralStatus.ENDED}),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.ENDED: frozenset(),
}
ACTIVE_REFERRALS = frozenset({ReferralStatus.PROPOSED, ReferralStatus.ACCEPTED, ReferralStatus.STARTED})
# A referral is proposed once the citizen has been reached or assessed, and never on a closed case.
REFERRING_STATES = frozenset(
    {
        CaseState.OUTREACH_DONE,
        CaseState.ADVICE_SUPPORT,
        CaseState.ASSESSMENT,
        CaseState.REFERRED,
        CaseState.CITIZEN_DECLINED,
    }
)


def referral_targets(status: ReferralStatus) -> list[ReferralStatus]:
    order = list(ReferralStatus)
    return sorted(REFERRAL_TRANSITIONS[status], key=order.index)


def may_change_referral(current: ReferralStatus, target: ReferralStatus) -> bool:
    return target in REFERRAL_TRANSITIONS[current]


def may_refer(state: CaseState) -> bool:
    return state in REFERRING_STATES


# --- consent ------------------------------------------------------------------------------------------


def may_withdraw(*, given_on: date, withdrawn_on: date | None, on: date) -> bool:
    """A consent is withdrawn once, and not before it was given."""
    return withdrawn_on is None and on >= given_on
