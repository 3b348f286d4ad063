"""Decisions on offers that need an assessment (visitation, e.g. SEL §§ 85, 107, 108; DOMAIN § 6.4, § 6.7).

Such an offer is not only a referral status: it ends in a decision – granted, partly granted or refused –
with reasons and complaint guidance, written as a decision letter. A decision is made while the referral
is proposed or accepted; a later decision on the same referral replaces the earlier one and says so (the
letter of the first is never changed). An assessed offer starts only once it is granted, wholly or partly.
"""

from enum import StrEnum

from services.referrals.rules.workflow import ReferralStatus

# The decision type of the complaint guidance in [referrals.complaint_guidance] (kit letters).
ASSESSED_OFFER = "assessed_offer"
DECISION_TYPES = (ASSESSED_OFFER,)


class DecisionOutcome(StrEnum):
    """What a decision on an offer that needs an assessment grants: all of it, part of it, or nothing."""

    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED = "refused"


class DecisionProblem(StrEnum):
    """Why a decision is refused; stable codes the pages translate."""

    NO_ASSESSMENT = "offer_needs_no_assessment"
    NOT_DECIDABLE = "referral_not_decidable"
    ALREADY_DECIDED = "referral_already_decided"
    NOT_LATEST = "correction_of_unknown_decision"
    CASE_CLOSED = "case_closed"
    NOT_GRANTED = "assessment_decision_required"


GRANTING = frozenset({DecisionOutcome.GRANTED, DecisionOutcome.PARTLY_GRANTED})
# The citizen has been offered the place and the municipality has not yet decided, or the decision is
# corrected: a referral declined or ended is over.
DECIDABLE = frozenset({ReferralStatus.PROPOSED, ReferralStatus.ACCEPTED})


def decision_problems(
    *,
    needs_assessment: bool,
    status: ReferralStatus,
    case_closed: bool,
    latest_decision: int | None,
    corrects: int | None,
) -> list[DecisionProblem]:
    """Every reason a decision on the referral is refused now; empty when it may be made.

    `latest_decision` is the id of the referral's current decision, `corrects` the one the new decision
    says it replaces: a second decision must name the current one, so none is replaced by accident.
    """
    if not needs_assessment:
        return [DecisionProblem.NO_ASSESSMENT]
    problems: list[DecisionProblem] = []
    if case_closed:
        problems.append(DecisionProblem.CASE_CLOSED)
    if latest_decision is None:
        if corrects is not None:
            problems.append(DecisionProblem.NOT_LATEST)
        if status not in DECIDABLE:
            problems.append(DecisionProblem.NOT_DECIDABLE)
    elif corrects is None:
        problems.append(DecisionProblem.ALREADY_DECIDED)
    elif corrects != latest_decision:
        problems.append(DecisionProblem.NOT_LATEST)
    return problems


def may_start(*, needs_assessment: bool, latest_outcome: DecisionOutcome | None) -> bool:
    """An offer that needs an assessment starts only once granted, wholly or partly."""
    return not needs_assessment or latest_outcome in GRANTING
