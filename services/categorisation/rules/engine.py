"""National designations and the local category of every area in a year, each criterion explained.

The engine holds one computation's inputs and remembers what it worked out (a year's resolved rules, an
area's averaged figures, its parallel-society status in earlier years); the rules themselves are pure
functions in averaging.py, resolved.py, designations.py and explanation.py.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from services.categorisation.rules import averaging, designations, explanation
from services.categorisation.rules.averaging import National, Plan, Value
from services.categorisation.rules.designations import Published, Status, category_for
from services.categorisation.rules.model import (
    COLUMN,
    DATA,
    OFFICIAL,
    AreaResult,
    Category,
    CriteriaList,
    Designation,
    HousingRow,
    Indicator,
    LocalThresholds,
    RuleSet,
)
from services.categorisation.rules.resolved import ResolvedList, ResolvedYear, met, resolve_list, resolve_year
from services.categorisation.rules.rulesets import NoRuleSet, rule_set_for

__all__ = ["AreaCategories", "Engine", "Inputs", "category_for"]


@dataclass
class Inputs:
    """Everything a categorisation depends on, as plain data."""

    rows: Mapping[int, Mapping[str, HousingRow]]  # year -> area code -> figures
    national_convicted_pct: Mapping[int, float]  # year -> national average share convicted
    official: Mapping[int, Mapping[str, frozenset[Designation]]] = field(default_factory=dict)
    # year -> the published lists (model.PUBLISHED_LISTS) loaded for it. None: the lists `official`
    # holds. Given when `official` holds only some areas (one area's inputs), since an area absent from
    # a loaded list is thereby not designated.
    official_lists: Mapping[int, frozenset[str]] | None = None


class AreaCategories(NamedTuple):
    """An area's computed category under each of several local thresholds, without the explanation.

    A named tuple: a what-if makes one per area of the country, and a tuple is quicker to make.
    """

    area_code: str
    area_name: str
    residents: int | None
    categories: tuple[Category, ...]


class Engine:
    """Evaluates years of one municipality's data; remembers earlier years' parallel-society status.

    An engine serves one computation over fixed inputs: its memos are never invalidated, so make a new
    engine when the inputs change.
    """

    def __init__(self, inputs: Inputs, rules_for: Callable[[int], RuleSet] = rule_set_for) -> None:
        self.inputs = inputs
        self.rules_for = rules_for
        self._parallel_memo: dict[tuple[int, str], Status] = {}
        self._values_memo: dict[tuple[int, str], dict[str, Value]] = {}
        self._national_memo: dict[tuple[int, int], National] = {}
        self._year_memo: dict[int, ResolvedYear] = {}
        self._averaging_memo: dict[int, Plan] = {}
        self._published_memo: dict[int, Published] = {}

    # --- a whole year -------------------------------------------------------------------------------

    def categorise(self, year: int, local: LocalThresholds) -> list[AreaResult]:
        """Every area with figures or an official listing that year, ordered by area code."""
        rows = self.inputs.rows.get(year, {})
        official = self.inputs.official.get(year, {})
        resolved_local = self._resolve(local.as_list(), year)
        published = self._published(year)
        results = []
        for code in self._codes(year):
            row = rows.get(code)
            if row is not None:
                results.append(self._area(year, row, resolved_local, published))
            elif code in official:
                results.append(self._from_official_list(year, code, official[code]))
        return results

    def categories(self, year: int, options: Sequence[LocalThresholds]) -> list[AreaCategories]:
        """Every area's computed category under each of `options`, as categorise() would give it.

        For comparing local thresholds (the what-if): the national designations do not depend on them,
        so they are decided once per area, and no explanation records are built. Nor is the
        transformation window looked at (see designations.decide), so inputs of the year and the years
        its figures are averaged with are enough.
        """
        rows = self.inputs.rows.get(year, {})
        official = self.inputs.official.get(year, {})
        resolved_options = [self._resolve(local.as_list(), year) for local in options]
        resolved = self._year(year) if rows else None
        published = self._published(year)
        out = []
        for code in self._codes(year):
            row = rows.get(code)
            if row is None:
                listed = [d for d in Designation if d in official[code]]
                category = category_for(listed, local_met=False)
                out.append(AreaCategories(code, code, None, (category,) * len(options)))
                continue
            assert resolved is not None
            values = self._values(year, code)
            decided = designations.decide(resolved, year, row, values, None).designations
            if published.loaded:
                decided, _ = designations.govern(published, code, decided)
            categories = tuple(
                category_for(decided, sum(met(local, values)) >= local.needed) for local in resolved_options
            )
            out.append(AreaCategories(code, row.area_name, row.residents, categories))
        return out

    def needs_lookback(self, year: int) -> list[str]:
        """The areas whose result depends on figures before the year's averaging periods.

        Only a parallel society's transformation window reaches further back; every other area is
        decided by its figures of the year and the years they are averaged with. So inputs holding
        just those years give every other area its full result (the what-if loads no more).
        """
        resolved = self._year(year)
        needed = resolved.vulnerable.needed
        return [
            code
            for code, row in self.inputs.rows.get(year, {}).items()
            if resolved.size(row.residents)
            and resolved.parallel(row.non_western_pct)
            and sum(met(resolved.vulnerable, self._values(year, code))) >= needed
        ]

    def _codes(self, year: int) -> list[str]:
        return sorted(set(self.inputs.rows.get(year, {})) | set(self.inputs.official.get(year, {})))

    # --- one area -----------------------------------------------------------------------------------

    def area(self, year: int, code: str, local: LocalThresholds) -> AreaResult | None:
        row = self._row(year, code)
        if row is None:
            listed = self.inputs.official.get(year, {}).get(code)
            return None if listed is None else self._from_official_list(year, code, listed)
        return self._area(year, row, self._resolve(local.as_list(), year))

    def area_value(self, indicator: Indicator, year: int, code: str) -> Value:
        """The area's figure for the criterion's period, and whether the whole period was there."""
        return self._values(year, code)[COLUMN[indicator]]

    def _area(
        self, year: int, row: HousingRow, local: ResolvedList, published: Published | None = None
    ) -> AreaResult:
        """An area with figures, every criterion explained in the order the law lists them."""
        resolved = self._year(year)
        values = self._values(year, row.area_code)
        decision = designations.decide(resolved, year, row, values, self._status)
        local_met = met(local, values)
        criteria, counts = explanation.explain_area(resolved, year, row, values, decision, local, local_met)
        if published is None:
            published = self._published(year)
        decided, disagreements = designations.govern(published, row.area_code, decision.designations)
        return AreaResult(
            year=year,
            area_code=row.area_code,
            area_name=row.area_name,
            residents=row.residents,
            designations=decided,
            # Red and pink from the designations in law; yellow and green from the local criteria.
            computed_category=category_for(decided, counts["local"] >= local.needed),
            criteria=criteria,
            provisional=explanation.provisional(criteria, published.settled),
            rule_version=resolved.rules.version,
            source=DATA,
            met_counts=counts,
            computed_designations=decision.designations,
            decided_by=published.decided_by,
            disagreements=disagreements,
        )

    def _from_official_list(self, year: int, code: str, listed: frozenset[Designation]) -> AreaResult:
        decided = [d for d in Designation if d in listed]
        try:
            version = self.rules_for(year).version
        except NoRuleSet:
            version = "official-list"
        category = category_for(decided, local_met=False)
        return AreaResult(
            year=year,
            area_code=code,
            area_name=code,
            residents=None,
            designations=decided,
            computed_category=category,
            criteria=explanation.listed(year, decided),
            # Without figures the local criteria cannot be judged, so green/yellow stays provisional.
            provisional=category in (Category.GREEN, Category.YELLOW),
            rule_version=version,
            source=OFFICIAL,
            decided_by=self._published(year).listed_decided_by,
        )

    # --- what is worked out once per computation ----------------------------------------------------

    def _row(self, year: int, code: str) -> HousingRow | None:
        return self.inputs.rows.get(year, {}).get(code)

    def _values(self, year: int, code: str) -> dict[str, Value]:
        """The area's figures averaged over the years the rule set says, once per area and year.

        The vulnerable, prevention and local lists all read them.
        """
        key = (year, code)
        values = self._values_memo.get(key)
        if values is None:
            values = self._values_memo[key] = averaging.area_values(
                self._averaging(year), year, code, self.inputs.rows[year][code]
            )
        return values

    def _averaging(self, year: int) -> Plan:
        plan = self._averaging_memo.get(year)
        if plan is None:
            try:
                spans = self._year(year).spans
            except NoRuleSet:
                spans = averaging.EARLIEST_SPANS
            plan = self._averaging_memo[year] = averaging.plan(self.inputs.rows, year, spans)
        return plan

    def _national(self, year: int, span: int) -> National:
        key = (year, span)
        if key not in self._national_memo:
            self._national_memo[key] = averaging.national_average(
                self.inputs.national_convicted_pct, year, span
            )
        return self._national_memo[key]

    def _resolve(self, criteria: CriteriaList, year: int) -> ResolvedList:
        """A municipal list resolved for `year`; before every rule set, averaged as the earliest averages."""
        try:
            rules = self._year(year).rules
        except NoRuleSet:
            rules = averaging.EARLIEST
        return resolve_list(criteria, year, rules, self._national)

    def _year(self, year: int) -> ResolvedYear:
        """The year's rule set and lists; raises NoRuleSet when no list existed that year."""
        resolved = self._year_memo.get(year)
        if resolved is None:
            resolved = self._year_memo[year] = resolve_year(self.rules_for(year), year, self._national)
        return resolved

    def _published(self, year: int) -> Published:
        published = self._published_memo.get(year)
        if published is None:
            lists = self.inputs.official_lists
            published = self._published_memo[year] = designations.published(
                self.inputs.official.get(year, {}),
                None if lists is None else frozenset(lists.get(year, ())),
            )
        return published

    def _status(self, year: int, code: str) -> Status:
        """The area's parallel-society status in `year`, once per area and year."""
        key = (year, code)
        status = self._parallel_memo.get(key)
        if status is None:
            row = self._row(year, code)
            resolved = None
            if row is not None:
                try:
                    resolved = self._year(year)
                except NoRuleSet:
                    resolved = None
            status = self._parallel_memo[key] = designations.parallel_status(
                year,
                row,
                resolved,
                self.inputs.official.get(year, {}).get(code),
                lambda: self._values(year, code),
            )
        return status
