"""Plain vocabulary of the allocation rules: channels, categories, designations, legal bases."""

from dataclasses import dataclass
from enum import StrEnum


class Channel(StrEnum):
    """The one channel each vacant family dwelling is let through (DOMAIN § 5.1)."""

    WAITING_LIST = "waiting_list"  # ABL § 51 stk. 1
    FLEXIBLE = "flexible"  # ABL § 60
    MUNICIPAL = "municipal"  # ABL § 59
    OTHER = "other"  # rehousing, internal transfer


# The channels the quota rule assigns; `other` is only ever a channel actually used.
ASSIGNED_CHANNELS = (Channel.MUNICIPAL, Channel.FLEXIBLE, Channel.WAITING_LIST)


class Category(StrEnum):
    RED = "red"
    PINK = "pink"
    YELLOW = "yellow"
    GREEN = "green"


class Designation(StrEnum):
    """The national designations as the categorisation service names them."""

    VULNERABLE_AREA = "vulnerable_area"
    PARALLEL_SOCIETY = "parallel_society"
    TRANSFORMATION_AREA = "transformation_area"
    PREVENTION_AREA = "prevention_area"
    COMBINED_LETTING_AREA = "combined_letting_area"


# Areas on the national lists: flexible letting is mandatory and its criteria run 4 years (ABL § 60 stk. 4).
LISTED_CATEGORIES = frozenset({Category.RED, Category.PINK})


class LegalBasis(StrEnum):
    IMPOSED = "imposed"  # ABL § 59 stk. 1: the municipality may impose up to every 4th vacancy
    AGREEMENT = "agreement"  # ABL § 59 stk. 2: more by voluntary agreement with the housing organisation


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    AGREED = "agreed"


@dataclass(frozen=True, slots=True)
class Reason:
    """One explained step of a decision: a stable code for translation, English text, the paragraph."""

    code: str
    text: str
    paragraph: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    def param_dict(self) -> dict[str, str]:
        return dict(self.params)


def reason(code: str, text: str, paragraph: str | None = None, **params: object) -> Reason:
    return Reason(code, text, paragraph, tuple((k, str(v)) for k, v in params.items()))
