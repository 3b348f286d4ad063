"""Domain errors of the referrals service; the kit's one handler renders them (no personal data in them)."""

from services.kit.errors import Conflict, NotFound, ValidationFailed


class CaseNotFound(NotFound):
    title = "Case not found"


class OfferNotFound(NotFound):
    title = "Offer not found"


class ReferralNotFound(NotFound):
    title = "Referral not found"


class JournalEntryNotFound(NotFound):
    title = "Journal entry not found"


class ConsentNotFound(NotFound):
    title = "Consent not found"


class TransitionRefused(Conflict):
    title = "The case cannot take that step"


class ReferralRefused(Conflict):
    title = "The referral cannot take that step"


class ConsentRefused(Conflict):
    title = "The consent cannot be changed that way"


class FollowUpRefused(ValidationFailed):
    """Wrong reference or code; deliberately the same answer for both, so nothing can be probed."""

    title = "The reference and follow-up code do not match"


class OfferCodeTaken(Conflict):
    title = "An offer with that code exists"


class UnknownCaseType(ValidationFailed):
    title = "Unknown case type"


class CareConsiderationRequired(ValidationFailed):
    """A declined case closes only with the answer on SEL § 82 and SEL chapter 24 (DOMAIN § 6.4)."""

    title = "The answer on the duty of care and the coercion rules is required"


class DisclosureRefused(ValidationFailed):
    title = "The disclosure cannot be recorded as given"


class DecisionNotFound(NotFound):
    title = "Decision not found"


class DecisionRefused(Conflict):
    title = "The decision cannot be made"


class DecisionInvalid(ValidationFailed):
    title = "The decision is incomplete"
