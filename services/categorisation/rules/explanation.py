"""Every result explained criterion by criterion: what was compared with what, over which years, from where.

Records are frozen, so areas with the same figure over the same years share one: published figures have one
or two decimals, and a national year repeats each value many times (some 120,000 records here, a tenth as
many distinct ones), while making a frozen record costs ten times a lookup. The records made so far are kept
on what a year is judged by (resolved.py), so the year needs no place in the key. Zero is never shared:
0.0 == -0.0, and the sign is part of the value.
"""

import operator
from collections.abc import Mapping
from dataclasses import fields

from services.categorisation.rules.averaging import Value, missing_years, years_text
from services.categorisation.rules.designations import Decision, Window
from services.categorisation.rules.model import (
    DATA,
    OFFICIAL,
    Comparator,
    CriterionResult,
    Designation,
    HousingRow,
    Indicator,
    RuleSet,
)
from services.categorisation.rules.resolved import Check, ResolvedList, ResolvedTest, ResolvedYear

_GE = Comparator.GE.value
_RESIDENTS = Indicator.RESIDENTS.value
_NON_WESTERN = Indicator.NON_WESTERN.value
_LABOUR = Indicator.OUTSIDE_LABOUR_MARKET.value
_COMPLETE = operator.attrgetter("complete")

_CRITERION_FIELDS = (
    "list",
    "code",
    "value",
    "threshold",
    "comparator",
    "period_years",
    "met",
    "source",
    "complete",
    "multiple",
    "note",
    "note_code",
)
if tuple(f.name for f in fields(CriterionResult)) != _CRITERION_FIELDS:
    raise ImportError("CriterionResult's fields changed: update _CRITERION_FIELDS and explanation._record")


def explain_area(
    resolved: ResolvedYear,
    year: int,
    row: HousingRow,
    values: Mapping[str, Value],
    decision: Decision,
    local: ResolvedList,
    local_met: list[bool],
) -> tuple[list[CriterionResult], dict[str, int]]:
    """An area's criteria in the order the law lists them, and how many of each list it meets."""
    rules = resolved.rules
    criteria = [
        _checked(
            resolved.size, "size", _RESIDENTS, row.residents, rules.min_residents, decision.size_ok, year
        ),
        *explain(resolved.vulnerable, decision.vulnerable_met, values, year),
        _checked(
            resolved.parallel,
            "parallel_society",
            _NON_WESTERN,
            row.non_western_pct,
            resolved.parallel.limit,
            decision.parallel,
            year,
        ),
    ]
    counts = {"vulnerable": sum(decision.vulnerable_met)}
    if decision.transformation is not None:
        criteria.append(_transformation(rules, decision.transformation))
    if (
        resolved.prevention is not None
        and resolved.prevention_non_western is not None
        and decision.prevention_met is not None
    ):
        counts["prevention"] = sum(decision.prevention_met)
        criteria += explain(resolved.prevention, decision.prevention_met, values, year)
        criteria.append(
            _checked(
                resolved.prevention_non_western,
                "prevention",
                _NON_WESTERN,
                row.non_western_pct,
                resolved.prevention_non_western.limit,
                decision.prevention_non_western,
                year,
            )
        )
    criteria.append(_combined(resolved, decision))
    counts["local"] = sum(local_met)
    criteria += explain(local, local_met, values, year)
    return criteria, counts


def provisional(criteria: list[CriterionResult], settled: frozenset[str]) -> bool:
    """Whether a criterion that still decides rests on an incomplete period (`settled` lists do not)."""
    if settled:
        return not all(c.complete for c in criteria if c.list not in settled)
    return not all(map(_COMPLETE, criteria))


def listed(year: int, designations: list[Designation]) -> list[CriterionResult]:
    """An area known only from the official list: each of its designations there, as a met criterion."""
    return [
        CriterionResult(
            list="official",
            code=d.value,
            value=None,
            threshold=None,
            comparator="listed",
            period_years=(year,),
            met=True,
            source=OFFICIAL,
        )
        for d in designations
    ]


def explain(
    criteria: ResolvedList, met: list[bool], values: Mapping[str, Value], year: int
) -> list[CriterionResult]:
    """The list's criteria as records, one per test, shared between areas with the same figure."""
    results = []
    for test, is_met in zip(criteria.tests, met, strict=True):
        # The figure (value, period, complete) is the key: `met` follows from it and the test.
        figure = values[test.column]
        record = test.records.get(figure)
        if record is None:
            value, period, complete = figure
            record = _record(criteria.code, test, value, period, complete, is_met, year)
            if value:
                test.records[figure] = record
        results.append(record)
    return results


def _record(
    code: str,
    test: ResolvedTest,
    value: float,
    period: tuple[int, ...],
    complete: bool,
    met: bool,
    year: int,
) -> CriterionResult:
    note, note_code = test.note, test.note_code
    if not (complete and test.national_complete):
        if note is None:
            used = period if not complete else test.national_period
            note_code, note = "period_incomplete", _period_note(year, test.span, used)
        complete = False
    # Positional arguments, in _CRITERION_FIELDS order (checked at import).
    return CriterionResult(
        code,
        test.code,
        value,
        test.limit,
        test.comparator,
        period,
        met,
        DATA,
        complete,
        test.multiple,
        note,
        note_code,
    )


def _period_note(year: int, span: int, used: tuple[int, ...]) -> str:
    """E.g. "period incomplete: 2023 missing, 2024 alone used"."""
    missing = missing_years(year, span, used)
    alone = " alone" if len(used) == 1 else ""
    return f"period incomplete: {years_text(missing)} missing, {years_text(used)}{alone} used"


def _checked(
    check: Check, list_code: str, code: str, value: float, threshold: float, met: bool, year: int
) -> CriterionResult:
    """This year's figure of the area against a check, explained."""
    key = (value.__class__, value, met)
    record = check.records.get(key) if value else None
    if record is None:
        record = CriterionResult(
            list=list_code,
            code=code,
            value=value,
            threshold=threshold,
            comparator=check.comparator,
            period_years=(year,),
            met=met,
            source=DATA,
        )
        if value:
            check.records[key] = record
    return record


def _transformation(rules: RuleSet, window: Window) -> CriterionResult:
    note = note_code = None
    if window.unknown is not None:
        note_code, note = "year_unknown", f"no data or official list for {window.unknown}"
    elif window.incomplete:
        note_code = "window_incomplete"
        note = "period incomplete: " + "; ".join(window.incomplete)
    return CriterionResult(
        list="transformation",
        code="parallel_society_years",
        value=float(window.streak),
        threshold=float(rules.transformation_years),
        comparator=_GE,
        period_years=window.years,
        met=window.streak >= rules.transformation_years,
        source="+".join(sorted(window.sources)),
        complete=window.unknown is None and not window.incomplete,
        note=note,
        note_code=note_code,
    )


def _combined(resolved: ResolvedYear, decision: Decision) -> CriterionResult:
    value, period, complete = decision.combined_figure
    band = decision.band
    key = (band, value, period, complete, decision.combined)
    record = resolved.combined_records.get(key) if value else None
    if record is None:
        record = _combined_record(resolved, value, period, complete, decision)
        if value:
            resolved.combined_records[key] = record
    return record


def _combined_record(
    resolved: ResolvedYear, value: float, period: tuple[int, ...], complete: bool, decision: Decision
) -> CriterionResult:
    band = decision.band
    lowest_residents, lowest_labour = resolved.bands[0]
    return CriterionResult(
        list="combined_letting",
        code=_LABOUR,
        value=value,
        threshold=band.limit if band is not None else None,
        comparator=(band or lowest_labour).comparator,
        period_years=period,
        met=decision.combined,
        source=DATA,
        complete=complete,
        note=None if band is not None else f"fewer than {lowest_residents.limit:g} residents",
        note_code=None if band is not None else "below_min_residents",
    )
