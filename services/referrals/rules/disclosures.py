"""Passing case information on (forvaltningsloven §§ 27–28; DOMAIN § 6.1, § 6.4): each disclosure records
its basis, and the basis decides what else must be recorded.

- consent: the citizen's consent with its scope. On a case with consents recorded, the disclosure names one
  of them, and it must be in force on the day of the disclosure; on a case with none recorded, the scope
  as the citizen gave it is written down with the disclosure.
- a named legal provision, e.g. "serviceloven § 11 c" or "retssikkerhedsloven § 12 a".
- forvaltningsloven § 28, stk. 2: the information is of substantial importance ("væsentlig betydning") for
  the receiving authority's work; why is required, since that is what the provision turns on.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class DisclosureBasis(StrEnum):
    """The basis case information is passed on: the citizen's consent, a named legal provision, or its
    substantial importance to the receiving authority (forvaltningsloven § 28, stk. 2)."""

    CONSENT = "consent"
    LEGAL_PROVISION = "legal_provision"
    SUBSTANTIAL_IMPORTANCE = "substantial_importance"


# The provision the third basis rests on, recorded with every disclosure made on it.
SUBSTANTIAL_IMPORTANCE_PROVISION = "forvaltningsloven § 28, stk. 2"


class DisclosureProblem(StrEnum):
    """Why a disclosure cannot be recorded as given; stable codes the pages translate."""

    CONSENT_REQUIRED = "consent_required"
    CONSENT_SCOPE_REQUIRED = "consent_scope_required"
    CONSENT_NOT_IN_FORCE = "consent_not_in_force"
    CONSENT_NOT_ON_CASE = "consent_not_on_case"
    PROVISION_REQUIRED = "legal_provision_required"
    JUSTIFICATION_REQUIRED = "justification_required"
    NOT_FOR_BASIS = "not_for_this_basis"
    IN_FUTURE = "disclosure_in_future"


@dataclass(frozen=True, slots=True)
class ConsentFacts:
    """A recorded consent as the rule needs it."""

    given_on: date
    withdrawn_on: date | None


def consent_in_force(consent: ConsentFacts, on: date) -> bool:
    """Given on or before `on`, and not withdrawn by then (a withdrawal counts from its own day)."""
    return consent.given_on <= on and (consent.withdrawn_on is None or on < consent.withdrawn_on)


def disclosure_problems(
    *,
    basis: DisclosureBasis,
    disclosed_on: date,
    today: date,
    case_has_consents: bool,
    consent: ConsentFacts | None,
    consent_named: bool,
    consent_scope: str | None,
    legal_provision: str | None,
    justification: str | None,
) -> list[tuple[str, DisclosureProblem]]:
    """(field, problem) for every reason the disclosure is refused; empty when it may be recorded.

    `consent_named` says the caller named a consent; `consent` is that consent when the case has it (None
    when the case has no consent by that id).
    """
    problems: list[tuple[str, DisclosureProblem]] = []
    if disclosed_on > today:
        problems.append(("disclosed_on", DisclosureProblem.IN_FUTURE))
    if basis is DisclosureBasis.CONSENT:
        if consent_named and consent is None:
            problems.append(("consent_id", DisclosureProblem.CONSENT_NOT_ON_CASE))
        elif consent is not None and not consent_in_force(consent, disclosed_on):
            problems.append(("consent_id", DisclosureProblem.CONSENT_NOT_IN_FORCE))
        if case_has_consents:
            if not consent_named:
                problems.append(("consent_id", DisclosureProblem.CONSENT_REQUIRED))
            if consent_scope:
                problems.append(("consent_scope", DisclosureProblem.NOT_FOR_BASIS))
        elif not consent_scope:
            problems.append(("consent_scope", DisclosureProblem.CONSENT_SCOPE_REQUIRED))
        if legal_provision:
            problems.append(("legal_provision", DisclosureProblem.NOT_FOR_BASIS))
        return problems
    if consent_named:
        problems.append(("consent_id", DisclosureProblem.NOT_FOR_BASIS))
    if consent_scope:
        problems.append(("consent_scope", DisclosureProblem.NOT_FOR_BASIS))
    if basis is DisclosureBasis.LEGAL_PROVISION and not legal_provision:
        problems.append(("legal_provision", DisclosureProblem.PROVISION_REQUIRED))
    if basis is DisclosureBasis.SUBSTANTIAL_IMPORTANCE:
        if not justification:
            problems.append(("justification", DisclosureProblem.JUSTIFICATION_REQUIRED))
        if legal_provision and legal_provision != SUBSTANTIAL_IMPORTANCE_PROVISION:
            problems.append(("legal_provision", DisclosureProblem.NOT_FOR_BASIS))
    return problems


def provision_of(basis: DisclosureBasis, legal_provision: str | None) -> str | None:
    """The provision stored with the disclosure: § 28, stk. 2 for that basis, the named one otherwise."""
    if basis is DisclosureBasis.SUBSTANTIAL_IMPORTANCE:
        return SUBSTANTIAL_IMPORTANCE_PROVISION
    return legal_provision if basis is DisclosureBasis.LEGAL_PROVISION else None
