"""What a disclosure must record for its basis, and when an assessed offer may be decided and started."""

from datetime import date, timedelta
from typing import Any

import pytest

from services.referrals.rules.decisions import (
    DecisionOutcome,
    DecisionProblem,
    decision_problems,
    may_start,
)
from services.referrals.rules.disclosures import (
    SUBSTANTIAL_IMPORTANCE_PROVISION,
    ConsentFacts,
    DisclosureBasis,
    DisclosureProblem,
    consent_in_force,
    disclosure_problems,
    provision_of,
)
from services.referrals.rules.workflow import ReferralStatus

TODAY = date(2026, 12, 7)
B, P = DisclosureBasis, DisclosureProblem


def problems(basis: DisclosureBasis, **given: Any) -> list[tuple[str, DisclosureProblem]]:
    facts: dict[str, Any] = {
        "disclosed_on": TODAY,
        "today": TODAY,
        "case_has_consents": False,
        "consent": None,
        "consent_named": False,
        "consent_scope": None,
        "legal_provision": None,
        "justification": None,
    }
    return disclosure_problems(basis=basis, **{**facts, **given})


def test_a_consent_is_in_force_from_its_day_until_the_day_it_is_withdrawn() -> None:
    consent = ConsentFacts(given_on=TODAY, withdrawn_on=TODAY + timedelta(days=10))
    assert not consent_in_force(consent, TODAY - timedelta(days=1))
    assert consent_in_force(consent, TODAY)
    assert consent_in_force(consent, TODAY + timedelta(days=9))
    assert not consent_in_force(consent, TODAY + timedelta(days=10))


def test_on_consent_a_case_with_consents_names_one_in_force() -> None:
    consent = ConsentFacts(given_on=TODAY, withdrawn_on=None)
    assert problems(B.CONSENT, case_has_consents=True) == [("consent_id", P.CONSENT_REQUIRED)]
    named = {"case_has_consents": True, "consent_named": True}
    assert problems(B.CONSENT, consent=consent, **named) == []
    early = {"disclosed_on": TODAY - timedelta(days=1), "consent": consent}
    assert problems(B.CONSENT, **early, **named) == [("consent_id", P.CONSENT_NOT_IN_FORCE)]
    assert problems(B.CONSENT, consent=None, **named) == [("consent_id", P.CONSENT_NOT_ON_CASE)]
    # A recorded consent is named, not retold.
    told = problems(B.CONSENT, consent=consent, consent_scope="Til lægen", **named)
    assert told == [("consent_scope", P.NOT_FOR_BASIS)]


def test_on_consent_a_case_without_consents_writes_the_scope_down() -> None:
    assert problems(B.CONSENT) == [("consent_scope", P.CONSENT_SCOPE_REQUIRED)]
    assert problems(B.CONSENT, consent_scope="Til egen læge om medicin") == []
    assert problems(B.CONSENT, consent_named=True) == [
        ("consent_id", P.CONSENT_NOT_ON_CASE),
        ("consent_scope", P.CONSENT_SCOPE_REQUIRED),
    ]


def test_a_legal_provision_must_be_named() -> None:
    assert problems(B.LEGAL_PROVISION) == [("legal_provision", P.PROVISION_REQUIRED)]
    assert problems(B.LEGAL_PROVISION, legal_provision="retssikkerhedsloven § 12 a") == []
    assert problems(B.LEGAL_PROVISION, legal_provision="x", consent_scope="y") == [
        ("consent_scope", P.NOT_FOR_BASIS)
    ]
    assert provision_of(B.LEGAL_PROVISION, "retssikkerhedsloven § 12 a") == "retssikkerhedsloven § 12 a"


def test_substantial_importance_needs_why_and_is_section_28_2() -> None:
    assert problems(B.SUBSTANTIAL_IMPORTANCE) == [("justification", P.JUSTIFICATION_REQUIRED)]
    assert problems(B.SUBSTANTIAL_IMPORTANCE, justification="Jobcentret skal vide det for at ...") == []
    other = problems(B.SUBSTANTIAL_IMPORTANCE, justification="x", legal_provision="SEL § 11")
    assert other == [("legal_provision", P.NOT_FOR_BASIS)]
    assert provision_of(B.SUBSTANTIAL_IMPORTANCE, None) == SUBSTANTIAL_IMPORTANCE_PROVISION
    assert SUBSTANTIAL_IMPORTANCE_PROVISION == "forvaltningsloven § 28, stk. 2"
    assert provision_of(B.CONSENT, "SEL § 11") is None


def test_a_disclosure_is_recorded_on_or_after_the_day_it_happened() -> None:
    provision = {"legal_provision": "SEL § 11"}
    assert problems(B.LEGAL_PROVISION, disclosed_on=TODAY, **provision) == []
    tomorrow = problems(B.LEGAL_PROVISION, disclosed_on=TODAY + timedelta(days=1), **provision)
    assert tomorrow == [("disclosed_on", P.IN_FUTURE)]


R = ReferralStatus


def decide(**given: Any) -> list[DecisionProblem]:
    facts: dict[str, Any] = {
        "needs_assessment": True,
        "status": R.PROPOSED,
        "case_closed": False,
        "latest_decision": None,
        "corrects": None,
    }
    return decision_problems(**{**facts, **given})


def test_only_an_assessed_offer_is_decided() -> None:
    assert decide(needs_assessment=False) == [DecisionProblem.NO_ASSESSMENT]
    assert decide() == []
    assert decide(status=R.ACCEPTED) == []


@pytest.mark.parametrize("status", [R.DECLINED, R.STARTED, R.ENDED])
def test_a_first_decision_is_made_while_the_referral_is_open(status: ReferralStatus) -> None:
    assert decide(status=status) == [DecisionProblem.NOT_DECIDABLE]


def test_a_later_decision_names_the_one_it_replaces() -> None:
    assert decide(latest_decision=7) == [DecisionProblem.ALREADY_DECIDED]
    assert decide(latest_decision=7, corrects=6) == [DecisionProblem.NOT_LATEST]
    assert decide(latest_decision=7, corrects=7) == []
    # A correction may follow the referral on (started, even ended).
    assert decide(latest_decision=7, corrects=7, status=R.STARTED) == []
    assert decide(corrects=7) == [DecisionProblem.NOT_LATEST]
    assert decide(case_closed=True) == [DecisionProblem.CASE_CLOSED]


def test_an_assessed_offer_starts_only_when_granted() -> None:
    assert not may_start(needs_assessment=True, latest_outcome=None)
    assert not may_start(needs_assessment=True, latest_outcome=DecisionOutcome.REFUSED)
    assert may_start(needs_assessment=True, latest_outcome=DecisionOutcome.GRANTED)
    assert may_start(needs_assessment=True, latest_outcome=DecisionOutcome.PARTLY_GRANTED)
    assert may_start(needs_assessment=False, latest_outcome=None)
