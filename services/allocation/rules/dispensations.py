"""§ 51 c dispensations as recorded decisions (DOMAIN § 5.4; ABL § 51 c stk. 4; bekendtgørelse om udlejning
af almene boliger § 37).

"Kommunalbestyrelsen kan i helt særlige tilfælde dispensere … Kommunalbestyrelsen indberetter hvert år den
1. juli oplysninger om anvendelsen af denne bestemmelse." A decision weighs four considerations, each with a
yes/no and a written note, and is granted or refused with a justification.

The reporting period: the report due on 1 July of year Y counts the dispensations decided from 1 July Y-1 to
30 June Y, both days included, so that consecutive reports neither overlap nor leave a gap and each is
complete on its due date.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Consideration(StrEnum):
    """The four considerations of bekendtgørelse om udlejning § 37 a dispensation must weigh."""

    WORK_OR_EDUCATION = "work_or_education"  # (1) prospect of work or education within a short period
    PENSION_TRANSFER = "pension_transfer"  # (2) imminent transfer to førtids- or folkepension
    DWELLING_OUTSIDE = "dwelling_outside"  # (3) the applicant's prospect of a dwelling outside the area
    OTHER_HARDSHIP = "other_hardship"  # (4) other circumstances making refusal disproportionately hard


CONSIDERATION_TEXTS = {
    Consideration.WORK_OR_EDUCATION: "Prospect of work or education within a short period",
    Consideration.PENSION_TRANSFER: "Imminent transfer to førtidspension or folkepension",
    Consideration.DWELLING_OUTSIDE: "The applicant's prospect of a dwelling outside the area",
    Consideration.OTHER_HARDSHIP: (
        "Other special circumstances that would make refusal disproportionately hard"
    ),
}

REPORT_DAY, REPORT_MONTH = 1, 7


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    report_year: int
    first_day: date
    last_day: date
    due_on: date

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def report_period(report_year: int) -> ReportPeriod:
    """The period the report due on 1 July `report_year` covers: 1 July the year before to 30 June."""
    return ReportPeriod(
        report_year=report_year,
        first_day=date(report_year - 1, 7, 1),
        last_day=date(report_year, 6, 30),
        due_on=date(report_year, REPORT_MONTH, REPORT_DAY),
    )


def report_year_of(day: date) -> int:
    """The report that counts a decision made on `day`: 30 June 2026 → 2026, 1 July 2026 → 2027."""
    return day.year + 1 if (day.month, day.day) >= (REPORT_MONTH, REPORT_DAY) else day.year


def missing_considerations(weighed: set[Consideration]) -> list[Consideration]:
    """A decision must weigh all four: the ones not weighed, in the order of § 37."""
    return [c for c in Consideration if c not in weighed]
