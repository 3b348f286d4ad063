"""Domain errors of the allocation service; the kit's one handler renders them as problem details."""

from services.kit.errors import (
    AppError,
    Conflict,
    Forbidden,
    GatewayTimeout,
    NotFound,
    ServiceUnavailable,
    ValidationFailed,
)


class AreaNotFound(NotFound):
    title = "Area not found"


class HousingOrganisationNotFound(NotFound):
    title = "Housing organisation not found"


class AgreementNotFound(NotFound):
    title = "Agreement not found"


class VacancyNotFound(NotFound):
    title = "Vacancy not found"


class SeekerNotFound(NotFound):
    title = "Housing seeker not found"


class OfferNotFound(NotFound):
    title = "Offer not found"


class AcuteApplicationNotFound(NotFound):
    title = "Acute application not found"


class AcuteApplicationIncomplete(ValidationFailed):
    """No identified applicant, or a configured criterion unanswered: nothing can be decided."""

    title = "The application is incomplete"


class VacancyRefused(ValidationFailed):
    """Unknown area, or no agreement for the area-year: the vacancy cannot be numbered."""

    title = "The vacancy cannot be accepted"


class LettingRefused(ValidationFailed):
    """The letting as sent cannot be recorded: e.g. a lease that begins before the dwelling is free."""

    title = "The letting cannot be recorded"


class AgreementRefused(ValidationFailed):
    title = "The agreement is not allowed"


class DecisionRefused(ValidationFailed):
    title = "The § 51 b decision cannot be recorded"


class NotYourArea(Forbidden):
    title = "Not your housing organisation's area"


class ExternalIdInUse(Conflict):
    title = "The external_id is already used for another vacancy"


class AgreementExists(Conflict):
    title = "The agreement already exists"


class NotApproved(Conflict):
    title = "The categorisation is not approved"


class CategorisationMissing(Conflict):
    title = "No categorisation for that list year"


class StateConflict(Conflict):
    """The vacancy, offer or seeker is not in a state that allows the step."""

    title = "Not possible in the current state"


class CategorisationRefused(Forbidden):
    title = "The categorisation service refused the request"


class CategorisationUnavailable(ServiceUnavailable):
    title = "The categorisation service is unavailable"


class CategorisationTimeout(GatewayTimeout):
    title = "The categorisation service did not answer in time"


class CategorisationBadAnswer(AppError):
    status = 502
    title = "The categorisation service gave an unexpected answer"


# --- § 51 c dispensations -----------------------------------------------------------------------


class ApplicantCheckNotFound(NotFound):
    title = "Applicant check not found"


class DispensationNotFound(NotFound):
    title = "Dispensation not found"


# --- decision letters ---------------------------------------------------------------------------


class LetterNotFound(NotFound):
    title = "Decision letter not found"


# --- the common letting agreement ---------------------------------------------------------------


class CommonAgreementNotFound(NotFound):
    title = "Common letting agreement not found"


class NotYourOrganisation(Forbidden):
    title = "Not your housing organisation"


class CommonAgreementRefused(Conflict):
    """The common agreement cannot take that step now: nothing sent, already agreed, or it rests on a
    proposal or lacks an area's letting agreement."""

    title = "The common letting agreement cannot take that step"
