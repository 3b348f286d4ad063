"""The states and kinds the allocation records go through, spelt as the API and the database spell them.

Plain enums, so that the rules, the configuration, the schemas and the models can all name them. The
agreement's status and legal basis (AgreementStatus, LegalBasis) and the channels are in model.py, the
seeker's status (SeekerStatus) in ranking.py and the § 51 b decision kinds in combined_letting.py, beside
the rules that decide them.
"""

from enum import StrEnum


class VacancyStatus(StrEnum):
    """Where a reported vacancy stands (DOMAIN § 5.3)."""

    OPEN = "open"  # reported; a municipal one waits for an offer
    OFFERED = "offered"  # a municipal vacancy with an offer awaiting reply
    LET = "let"
    RETURNED = "returned"  # a municipal vacancy given back to the housing organisation (its deadline passed)


# A municipal vacancy in these states is still the municipality's to allocate.
HELD = (VacancyStatus.OPEN, VacancyStatus.OFFERED)


class OfferStatus(StrEnum):
    """An offer of a municipal vacancy to a seeker (DOMAIN § 5.5)."""

    PENDING = "pending"  # awaiting the seeker's reply
    ACCEPTED = "accepted"  # the dwelling is promised to the seeker until the letting is recorded
    DECLINED = "declined"
    EXPIRED = "expired"  # not answered by its reply date
    WITHDRAWN = "withdrawn"  # the vacancy went back to the housing organisation first


class DecisionType(StrEnum):
    """The decisions about a person the allocation service makes, each with its decision letter and its
    configured complaint guidance (DOMAIN § 6.7)."""

    ACUTE_HOUSING = "acute_housing"  # an acute-housing application decided (DOMAIN § 5.6)
    MUNICIPAL_OFFER = "municipal_offer"  # a municipal vacancy offered to a seeker (ABL § 59)
    OFFER_WITHDRAWAL = "offer_withdrawal"  # that offer withdrawn
    DISPENSATION = "dispensation"  # a § 51 c dispensation granted or refused


class DeliveryStatus(StrEnum):
    """A letter in the outbox: waiting to be sent, sent (the channel took it), or refused by the channel."""

    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class Consequence(StrEnum):
    """What declining an offer for a reason means for the seeker (DOMAIN § 5.5)."""

    NONE = "none"
    PARKED = "parked"  # no offers for the reason's number of days
    REMOVED = "removed"  # off the list of housing seekers


class CategorisationStatus(StrEnum):
    """How far the categorisation of a list year is, as the categorisation service says (CONTRACT § 5)."""

    APPROVED = "approved"
    PROPOSED = "proposed"


class SourceStatus(StrEnum):
    """What an agreement was made from: the categorisation as it stood, or an officer's hand."""

    APPROVED = "approved"
    PROPOSED = "proposed"
    MANUAL = "manual"  # an area outside the categorisation


class ShareBasis(StrEnum):
    """Why a vacancy was assigned at the municipal share it was (ABL § 59 stk. 1-2)."""

    IMPOSED = "imposed"  # at most what the municipality may impose
    AGREED = "agreed"  # more, resting on an agreement the housing organisation has agreed to
    CAPPED = "capped"  # more agreed on paper but not yet agreed to: the imposed maximum applies


class DesignationSource(StrEnum):
    """Where an area's designations on a date came from (DOMAIN § 3)."""

    LIST = "list"  # the published list in force
    AGREEMENT = "agreement"  # the letting agreement, standing in while that list is not loaded


class VacancyEventKind(StrEnum):
    """What happened to a vacancy, in its history."""

    REPORTED = "reported"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    OFFER_EXPIRED = "offer_expired"
    OFFER_WITHDRAWN = "offer_withdrawn"  # by the officer, with a reason and a decision letter
    RETURNED = "returned"
    LET = "let"


class SeekerReason(StrEnum):
    """Why a household seeks housing through the municipality."""

    SOCIAL = "social"
    HEALTH = "health"
    INSTITUTION_RELEASE = "institution_release"
    HOMELESSNESS = "homelessness"
    ACUTE = "acute"


class QuotaAlertCode(StrEnum):
    """Why an area is flagged in the quota statistics."""

    BEHIND = "behind"  # the forecast fulfilment is under the alert level
    RETURNED = "returned"  # municipal vacancies went back unfilled
    OVERDUE = "overdue"  # municipal vacancies are past their deadline


class CommonAgreementStatus(StrEnum):
    """Where a housing organisation's common letting agreement of a year stands (DOMAIN § 7): a draft
    generated from today's data, a version sent to the organisation, or that version agreed (then frozen)."""

    DRAFT = "draft"
    SENT = "sent"
    AGREED = "agreed"
