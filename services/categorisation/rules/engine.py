"""National designations and the local category of every area in a year, each criterion explained."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from services.categorisation.rules.model import (
    AVERAGED,
    RED_DESIGNATIONS,
    AreaResult,
    Category,
    Comparator,
    CriteriaList,
    CriterionResult,
    Designation,
    HousingRow,
    Indicator,
    LocalThresholds,
    RuleSet,
)
from services.categorisation.rules.rulesets import NoRuleSet, rule_set_for

DATA = "data"
OFFICIAL = "official_list"


def _q(value: float) -> float:
    # Figures are published with at most two decimals; rounding computed averages and multiples to
    # nine decimals removes binary artefacts (3 × 1.1 = 3.3000000000000003) so boundaries are exact.
    return round(value, 9)


@dataclass
class Inputs:
    """Everything a categorisation depends on, as plain data."""

    rows: Mapping[int, Mapping[str, HousingRow]]  # year -> area code -> figures
    national_convicted_pct: Mapping[int, float]  # year -> national average share convicted
    official: Mapping[int, Mapping[str, frozenset[Designation]]] = field(default_factory=dict)


class Engine:
    """Evaluates years of one municipality's data; remembers earlier years' parallel-society status."""

    def __init__(self, inputs: Inputs, rules_for: Callable[[int], RuleSet] = rule_set_for) -> None:
        self.inputs = inputs
        self.rules_for = rules_for
        self._parallel_memo: dict[tuple[int, str], bool | None] = {}
        self._value_memo: dict[tuple[Indicator, int, str], tuple[float, tuple[int, ...], bool]] = {}
        self._national_memo: dict[int, tuple[float | None, bool]] = {}

    # --- one criterion ------------------------------------------------------------------------------

    def _row(self, year: int, code: str) -> HousingRow | None:
        return self.inputs.rows.get(year, {}).get(code)

    def area_value(self, indicator: Indicator, year: int, code: str) -> tuple[float, tuple[int, ...], bool]:
        """The area's figure for the criterion's period, and whether the whole period was there."""
        key = (indicator, year, code)
        cached = self._value_memo.get(key)
        if cached is None:
            cached = self._value_memo[key] = self._computearea_value(indicator, year, code)
        return cached

    def _computearea_value(
        self, indicator: Indicator, year: int, code: str
    ) -> tuple[float, tuple[int, ...], bool]:
        row = self._row(year, code)
        assert row is not None
        if indicator not in AVERAGED:
            return row.value(indicator), (year,), True
        previous = self._row(year - 1, code)
        if previous is None:
            return row.value(indicator), (year,), False
        return _q((row.value(indicator) + previous.value(indicator)) / 2), (year - 1, year), True

    def _national(self, year: int) -> tuple[float | None, bool]:
        if year not in self._national_memo:
            self._national_memo[year] = self._compute_national(year)
        return self._national_memo[year]

    def _compute_national(self, year: int) -> tuple[float | None, bool]:
        current = self.inputs.national_convicted_pct.get(year)
        previous = self.inputs.national_convicted_pct.get(year - 1)
        if current is None:
            return None, False
        if previous is None:
            return current, False
        return _q((current + previous) / 2), True

    def evaluate_list(self, criteria: CriteriaList, year: int, code: str) -> list[CriterionResult]:
        results = []
        for threshold in criteria.thresholds:
            value, period, complete = self.area_value(threshold.indicator, year, code)
            limit: float | None = threshold.value
            multiple = None
            note = note_code = None
            if threshold.indicator is Indicator.CONVICTED:
                multiple = threshold.value
                national, national_complete = self._national(year)
                complete = complete and national_complete
                if national is None:
                    limit, note_code = None, "national_missing"
                    note = f"national average share convicted missing for {year}"
                else:
                    limit = _q(threshold.value * national)
            if not complete and note is None:
                note_code = "period_incomplete"
                note = f"period incomplete: {year - 1} missing, {year} alone used"
            results.append(
                CriterionResult(
                    list=criteria.code,
                    code=threshold.indicator.value,
                    value=value,
                    threshold=limit,
                    comparator=threshold.comparator.value,
                    period_years=period,
                    met=limit is not None and threshold.comparator.holds(value, limit),
                    source=DATA,
                    complete=complete,
                    multiple=multiple,
                    note=note,
                    note_code=note_code,
                )
            )
        return results

    @staticmethod
    def _single(
        list_code: str,
        indicator: Indicator,
        value: float,
        comparator: Comparator,
        threshold: float,
        year: int,
    ) -> CriterionResult:
        return CriterionResult(
            list=list_code,
            code=indicator.value,
            value=value,
            threshold=threshold,
            comparator=comparator.value,
            period_years=(year,),
            met=comparator.holds(value, threshold),
            source=DATA,
        )

    # --- designations -------------------------------------------------------------------------------

    def _vulnerable(self, rules: RuleSet, year: int, row: HousingRow) -> tuple[bool, list[CriterionResult]]:
        size = self._single(
            "size", Indicator.RESIDENTS, row.residents, Comparator.GE, rules.min_residents, year
        )
        criteria = self.evaluate_list(rules.vulnerable, year, row.area_code)
        met = sum(c.met for c in criteria)
        return size.met and met >= rules.vulnerable.needed, [size, *criteria]

    def is_parallel(self, year: int, code: str) -> bool | None:
        """Parallel society (or its predecessor, ghettoområde) that year; None when nothing is known."""
        key = (year, code)
        if key not in self._parallel_memo:
            self._parallel_memo[key] = self._compute_parallel(year, code)
        return self._parallel_memo[key]

    def _compute_parallel(self, year: int, code: str) -> bool | None:
        row = self._row(year, code)
        if row is None:
            listed = self.inputs.official.get(year, {}).get(code)
            if listed is None:
                return None
            return bool(listed & {Designation.PARALLEL_SOCIETY, Designation.TRANSFORMATION_AREA})
        try:
            rules = self.rules_for(year)
        except NoRuleSet:
            return None
        if row.residents < rules.min_residents or row.non_western_pct <= rules.parallel_non_western_above:
            return False
        return self._count_met(rules.vulnerable, year, code) >= rules.vulnerable.needed

    def _count_met(self, criteria: CriteriaList, year: int, code: str) -> int:
        """How many criteria are met: the same test as evaluate_list, without the explanation records."""
        met = 0
        for threshold in criteria.thresholds:
            value, _, _ = self.area_value(threshold.indicator, year, code)
            limit: float | None = threshold.value
            if threshold.indicator is Indicator.CONVICTED:
                national, _ = self._national(year)
                limit = None if national is None else _q(threshold.value * national)
            if limit is not None and threshold.comparator.holds(value, limit):
                met += 1
        return met

    def _transformation(self, rules: RuleSet, year: int, code: str) -> CriterionResult:
        window = tuple(range(year - rules.transformation_years + 1, year + 1))
        streak = 0
        unknown: list[int] = []
        for past in reversed(window):
            status = self.is_parallel(past, code)
            if status is None:
                unknown.append(past)
                break
            if not status:
                break
            streak += 1
        sources = (
            {DATA if self._row(y, code) is not None else OFFICIAL for y in window[-streak:]}
            if streak
            else {DATA}
        )
        return CriterionResult(
            list="transformation",
            code="parallel_society_years",
            value=float(streak),
            threshold=float(rules.transformation_years),
            comparator=Comparator.GE.value,
            period_years=window,
            met=streak >= rules.transformation_years,
            source="+".join(sorted(sources)),
            complete=not unknown,
            note=f"no data or official list for {unknown[0]}" if unknown else None,
            note_code="year_unknown" if unknown else None,
        )

    def _combined_letting(self, rules: RuleSet, year: int, row: HousingRow) -> CriterionResult:
        value, period, complete = self.area_value(Indicator.OUTSIDE_LABOUR_MARKET, year, row.area_code)
        band = None
        for minimum, share in sorted(rules.combined_letting_bands):
            if row.residents >= minimum:
                band = share
        met = band is not None and Comparator.GE.holds(value, band)
        return CriterionResult(
            list="combined_letting",
            code=Indicator.OUTSIDE_LABOUR_MARKET.value,
            value=value,
            threshold=band,
            comparator=Comparator.GE.value,
            period_years=period,
            met=met,
            source=DATA,
            complete=complete,
            note=None
            if band is not None
            else f"fewer than {min(b[0] for b in rules.combined_letting_bands)} residents",
            note_code=None if band is not None else "below_min_residents",
        )

    # --- one area -----------------------------------------------------------------------------------

    def area(self, year: int, code: str, local: LocalThresholds) -> AreaResult | None:
        row = self._row(year, code)
        if row is None:
            listed = self.inputs.official.get(year, {}).get(code)
            return None if listed is None else self._from_official_list(year, code, listed)
        rules = self.rules_for(year)
        designations: list[Designation] = []
        vulnerable, criteria = self._vulnerable(rules, year, row)
        counts = {"vulnerable": sum(c.met for c in criteria if c.list == "vulnerable")}

        parallel = self._single(
            "parallel_society",
            Indicator.NON_WESTERN,
            row.non_western_pct,
            Comparator.GT,
            rules.parallel_non_western_above,
            year,
        )
        criteria.append(parallel)
        if vulnerable:
            designations.append(Designation.VULNERABLE_AREA)
            if parallel.met:
                designations.append(Designation.PARALLEL_SOCIETY)
                transformation = self._transformation(rules, year, code)
                criteria.append(transformation)
                if transformation.met:
                    designations.append(Designation.TRANSFORMATION_AREA)

        if rules.prevention is not None and rules.prevention_non_western_above is not None:
            prevention = self.evaluate_list(rules.prevention, year, code)
            counts["prevention"] = sum(c.met for c in prevention)
            non_western = self._single(
                "prevention",
                Indicator.NON_WESTERN,
                row.non_western_pct,
                Comparator.GT,
                rules.prevention_non_western_above,
                year,
            )
            criteria.extend([*prevention, non_western])
            size_ok = row.residents >= rules.min_residents
            if (
                size_ok
                and not vulnerable
                and non_western.met
                and counts["prevention"] >= rules.prevention.needed
            ):
                designations.append(Designation.PREVENTION_AREA)

        combined = self._combined_letting(rules, year, row)
        criteria.append(combined)
        if combined.met:
            designations.append(Designation.COMBINED_LETTING_AREA)

        local_list = local.as_list()
        local_criteria = self.evaluate_list(local_list, year, code)
        counts["local"] = sum(c.met for c in local_criteria)
        criteria.extend(local_criteria)

        return AreaResult(
            year=year,
            area_code=code,
            area_name=row.area_name,
            residents=row.residents,
            designations=designations,
            computed_category=category_for(designations, counts["local"] >= local_list.needed),
            criteria=criteria,
            provisional=any(not c.complete for c in criteria),
            rule_version=rules.version,
            source=DATA,
            met_counts=counts,
        )

    def _from_official_list(self, year: int, code: str, listed: frozenset[Designation]) -> AreaResult:
        designations = [d for d in Designation if d in listed]
        criteria = [
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
        try:
            version = self.rules_for(year).version
        except NoRuleSet:
            version = "official-list"
        category = category_for(designations, local_met=False)
        return AreaResult(
            year=year,
            area_code=code,
            area_name=code,
            residents=None,
            designations=designations,
            computed_category=category,
            criteria=criteria,
            # Without figures the local criteria cannot be judged, so green/yellow stays provisional.
            provisional=category in (Category.GREEN, Category.YELLOW),
            rule_version=version,
            source=OFFICIAL,
        )

    # --- a whole year -------------------------------------------------------------------------------

    def categorise(self, year: int, local: LocalThresholds) -> list[AreaResult]:
        """Every area with figures or an official listing that year, ordered by area code."""
        codes = set(self.inputs.rows.get(year, {})) | set(self.inputs.official.get(year, {}))
        results = [self.area(year, code, local) for code in sorted(codes)]
        return [r for r in results if r is not None]


def category_for(designations: list[Designation], local_met: bool) -> Category:
    """Red for the national list, pink for prevention areas, yellow by local criteria, else green."""
    if RED_DESIGNATIONS.intersection(designations):
        return Category.RED
    if Designation.PREVENTION_AREA in designations:
        return Category.PINK
    if local_met:
        return Category.YELLOW
    return Category.GREEN
