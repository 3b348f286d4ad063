"""Plain vocabulary of the allocation rules: channels, categories, designations, legal bases."""

from collections.abc import Iterable
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
    """An area's category as the categorisation service gives it (DOMAIN § 3)."""

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


# ABL § 60 stk. 4 attaches to the national designation, never to the colour (DOMAIN § 5.2): "in every area
# designated vulnerable (incl. parallel society and transformation area) or prevention area, 100 % of the
# non-municipal vacancies go by flexible criteria … fixed for 4 years at a time. An override of the category
# after the dialogue never switches this off." A red or pink override of an area on no list switches nothing
# on.
FLEXIBLE_MANDATORY_DESIGNATIONS = frozenset(
    {
        Designation.VULNERABLE_AREA,
        Designation.PARALLEL_SOCIETY,
        Designation.TRANSFORMATION_AREA,
        Designation.PREVENTION_AREA,
    }
)


def flexible_mandatory(designations: Iterable[Designation | str]) -> bool:
    """Whether the area is on a national list that makes flexible letting mandatory (ABL § 60 stk. 4)."""
    return any(Designation(d) in FLEXIBLE_MANDATORY_DESIGNATIONS for d in designations)


class LegalBasis(StrEnum):
    """What the municipal share rests on: imposed up to 25 % (ABL § 59 stk. 1), or agreed above (stk. 2)."""

    IMPOSED = "imposed"  # ABL § 59 stk. 1: the municipality may impose up to every 4th vacancy
    AGREEMENT = "agreement"  # ABL § 59 stk. 2: more by voluntary agreement with the housing organisation


class AgreementStatus(StrEnum):
    """A letting agreement is a draft until the housing organisation has agreed to it."""

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
