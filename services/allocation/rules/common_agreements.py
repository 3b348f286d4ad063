"""What the common letting agreement (fællesaftale, DOMAIN § 7) rests on, and the steps of its versions.

A housing organisation's common agreement of a letting year is generated from the data: the categorisation
of its areas, each area's letting agreement and the area plans. It goes draft → sent → agreed: sending
stores today's document as a new version; the organisation's agreement is recorded on the version sent,
unchanged; an agreed version is kept as it is, and a revision during the year is a new version sent again.
A binding document must not rest on proposals, so it is sent only when the categorisation it states is
approved and every area has its letting agreement.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from services.allocation.rules.model import Reason, reason
from services.allocation.rules.statuses import CommonAgreementStatus

# Generated anew on every read; not part of what the document says.
VOLATILE_FIELDS = frozenset({"generated_at"})


def categorisation_year(letting_year: int, source_years: Iterable[int | None]) -> int:
    """The list year of the categorisation annex: the one the organisation's agreements of the letting year
    were drafted from (the latest, should they differ), else the year before the letting year (DOMAIN § 5.2:
    the lists of year Y are published on 1 December Y and govern letting year Y + 1)."""
    years = [year for year in source_years if year is not None]
    return max(years) if years else letting_year - 1


@dataclass(frozen=True, slots=True)
class Stored:
    """The newest stored version of an organisation's common agreement of a year."""

    version: int
    status: CommonAgreementStatus


def send_problems(
    *,
    year: int,
    list_year: int,
    area_codes: Sequence[str],
    categorisation_found: bool,
    categorisation_approved: bool,
    without_agreement: Sequence[str],
) -> list[Reason]:
    """Why today's document may not be sent (empty: it may)."""
    found: list[Reason] = []
    if not area_codes:
        found.append(
            reason(
                "no_areas",
                "The housing organisation owns no areas: there is nothing to agree on.",
            )
        )
    if not categorisation_found:
        found.append(
            reason(
                "categorisation_missing",
                f"The categorisation service has no categorisation for list year {list_year}.",
                list_year=list_year,
            )
        )
    elif not categorisation_approved:
        found.append(
            reason(
                "categorisation_not_approved",
                f"The categorisation of list year {list_year} is not approved: a binding agreement must not "
                "rest on a proposal.",
                list_year=list_year,
            )
        )
    for code in without_agreement:
        found.append(
            reason(
                "area_without_agreement",
                f"Area {code} has no letting agreement for {year}: every area of the organisation needs one "
                "before the common agreement is sent.",
                area_code=code,
                year=year,
            )
        )
    return found


def next_version(latest: Stored | None) -> int:
    """The number the next version sent gets; an agreed or sent version before it stays as it is."""
    return 1 if latest is None else latest.version + 1


def agree_refusal(latest: Stored | None, *, year: int) -> str | None:
    """Why the organisation's agreement cannot be recorded now, or None: only a version sent can be agreed."""
    if latest is None:
        return (
            f"Nothing has been sent for {year} yet: send the common agreement before recording that the "
            "organisation agreed to it."
        )
    if latest.status is CommonAgreementStatus.AGREED:
        return (
            f"Version {latest.version} is already agreed. To change the agreement during the year, send a "
            "new version."
        )
    return None


def comparable(document: Mapping[str, Any]) -> dict[str, Any]:
    """What a document says, without when it was generated."""
    return {key: value for key, value in document.items() if key not in VOLATILE_FIELDS}


def changed(stored: Mapping[str, Any], today: Mapping[str, Any]) -> bool:
    """Whether today's data give a different document than the one stored (both as JSON)."""
    return comparable(stored) != comparable(today)
