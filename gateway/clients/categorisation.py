"""The categorisation service as the analyst's pages call it: one method per operation, paths built here.

The answers are typed as the service's JSON (`services/categorisation/schemas.py`, CONTRACT § 5), mirrored
rather than imported: the gateway talks to the services only over HTTP. A form's call answers with an
`Outcome`, so that the page shows the service's refusal beside the fields (`gateway.pages.forms`).
"""

from collections.abc import Collection, Mapping, Sequence
from typing import Any, Literal, TypedDict, cast

import httpx
from fastapi import Request

from gateway import upstream
from gateway.pages.forms import FORM_REFUSALS, Outcome, submit

SERVICE = "categorisation"
Status = Literal["proposed", "approved"]
DecidedBy = Literal["official_list", "data"]
# The three downloads of a table (services.kit.tables): Danish Excel, systems, workbook.
ExportFormat = Literal["csv", "csv-machine", "xlsx"]
# Area codes per call of `names_of`: the codes go in the address, which must stay well below 8 KB.
NAMES_PER_CALL = 100


class YearListItem(TypedDict):
    year: int
    status: Status
    approved_revision: int | None


class YearOverview(TypedDict):
    year: int
    status: Status
    phase: str
    areas: int
    provisional: int
    counts: dict[str, int]
    designation_counts: dict[str, int]
    national_convicted_pct: float | None
    thresholds_version: int
    rule_version: str | None
    approved_revision: int | None
    approved_at: str | None
    overrides: int
    decided_by: dict[str, DecidedBy]
    disagreements: int


class YearSummary(TypedDict):
    """For managers: aggregates only, small numbers suppressed."""

    year: int
    status: Status
    phase: str
    counts: dict[str, int]
    residents: dict[str, int | None]
    designation_counts: dict[str, int]
    suppression_threshold: int


class Criterion(TypedDict):
    list: str
    code: str
    value: float | None
    threshold: float | None
    comparator: str
    period_years: list[int]
    met: bool
    source: str
    complete: bool
    multiple: float | None
    note: str | None
    note_code: str | None
    suppressed: bool


class Override(TypedDict):
    """An override of an area's category; `category` is None where it was withdrawn (history only)."""

    category: str | None
    justification: str
    created_by: str
    created_at: str


class Area(TypedDict):
    year: int
    area_code: str
    area_name: str
    residents: int | None
    designations: list[str]
    category: str
    computed_category: str
    override: Override | None
    status: Status
    provisional: bool
    rule_version: str
    source: str
    met_counts: dict[str, int]
    criteria: list[Criterion]
    computed_designations: list[str] | None
    decided_by: dict[str, DecidedBy]
    disagreements: list[str]


class AreaName(TypedDict):
    area_code: str
    area_name: str


class AreaPage(TypedDict):
    """One page of a year's areas: the areas, the year's status, how many match in all, the next page's
    cursor (None on the last page)."""

    areas: list[Area]
    status: Status
    total: int
    next_cursor: str | None


class TrendPoint(TypedDict):
    year: int
    value: float | None
    vulnerable_threshold: float | None
    prevention_threshold: float | None
    local_threshold: float | None


class AreaHistory(TypedDict):
    area_code: str
    area_name: str
    years: list[int]
    indicators: dict[str, list[TrendPoint]]
    categories: dict[str, str]


class Thresholds(TypedDict):
    """A version of the local thresholds (version 0 is the municipality's default)."""

    outside_labour_market_pct_above: float
    convicted_multiple_at_least: float
    basic_education_pct_above: float
    income_pct_of_region_below: float
    criteria_needed: int
    year: int
    version: int
    reason: str
    created_by: str
    created_at: str | None


class Approval(TypedDict):
    year: int
    revision: int
    note: str
    rule_version: str
    input_sha256: str
    thresholds: dict[str, Any]
    parameters: dict[str, Any]
    approved_by: str
    approved_at: str
    counts: dict[str, int]


class Reproduction(TypedDict):
    year: int
    revision: int
    identical: bool
    differences: list[str]


class Disagreement(TypedDict):
    area_code: str
    area_name: str
    designation: str
    official: bool
    computed: bool


class ImportResult(TypedDict):
    rows: int
    years: list[int]
    areas: int
    import_id: int


class WhatIfResult(TypedDict):
    year: int
    current: dict[str, float]
    simulated: dict[str, float]
    counts_before: dict[str, int]
    counts_after: dict[str, int]
    changes: list[dict[str, Any]]
    quota_before_pct: float
    quota_after_pct: float
    quota_by_category: dict[str, dict[str, float]]


class CategorisationClient:
    """The categorisation service, called with the logged-in person's token."""

    def __init__(self, request: Request) -> None:
        self.request = request

    # The paths, in one place.
    @staticmethod
    def _year(year: int) -> str:
        return f"/v1/years/{year}"

    def _area(self, year: int, area_code: str) -> str:
        return f"{self._year(year)}/areas/{area_code}"

    async def _get(self, path: str, **kwargs: Any) -> Any:
        return await upstream.get_json(self.request, SERVICE, path, **kwargs)

    async def _submit(
        self, method: str, path: str, *, refusals: Collection[int] = FORM_REFUSALS, **kwargs: Any
    ) -> Outcome:
        """A form's call: refused on `refusals` (invalid input, 422, unless said otherwise)."""
        return await submit(self.request, SERVICE, method, path, refusals=refusals, **kwargs)

    # --- years and areas --------------------------------------------------------------------------

    async def years(self) -> list[YearListItem]:
        """Years with figures or an official list."""
        return cast(list[YearListItem], await self._get("/v1/years"))

    async def year(self, year: int) -> YearOverview:
        return cast(YearOverview, await self._get(self._year(year)))

    async def summary(self, year: int) -> YearSummary:
        return cast(YearSummary, await self._get(f"{self._year(year)}/summary"))

    async def areas(self, year: int, params: Mapping[str, Any]) -> tuple[list[Area], str]:
        """The year's areas filtered and sorted by `params`, and the year's status (proposed or approved)."""
        response = await upstream.call(
            self.request, SERVICE, "GET", f"{self._year(year)}/areas", params=params
        )
        return response.json(), response.headers.get("x-categorisation-status", "proposed")

    async def area_names(self, year: int) -> list[AreaName]:
        """The year's areas by code and name only, in code order."""
        return cast(list[AreaName], await self._get(f"{self._year(year)}/area-names"))

    async def names_of(self, year: int, codes: Sequence[str]) -> dict[str, str]:
        """Code → name of those of `codes` the year has figures for (the others are left out), asked for
        a hundred codes at a time so that the address stays short."""
        names: dict[str, str] = {}
        for start in range(0, len(codes), NAMES_PER_CALL):
            chunk = list(codes[start : start + NAMES_PER_CALL])
            found, _status = await self.areas(year, {"area_code": chunk})
            names.update((area["area_code"], area["area_name"]) for area in found)
        return names

    async def area_page(
        self, year: int, params: Mapping[str, Any], *, limit: int, cursor: str | None = None
    ) -> AreaPage:
        """At most `limit` of the year's areas filtered and sorted by `params`, from `cursor` on.

        A cursor the service does not take (a URL edited by hand, a list changed meanwhile) gives the
        first page, not an error.
        """
        query = {**params, "limit": limit}
        path = f"{self._year(year)}/areas"
        expected = (200, 422) if cursor else (200,)
        response = await upstream.call(
            self.request,
            SERVICE,
            "GET",
            path,
            params={**query, "cursor": cursor} if cursor else query,
            expected=expected,
        )
        if response.status_code == 422:
            response = await upstream.call(self.request, SERVICE, "GET", path, params=query)
        return AreaPage(
            areas=response.json(),
            status=cast(Status, response.headers.get("x-categorisation-status", "proposed")),
            total=int(response.headers.get("x-total-count", "0")),
            next_cursor=response.headers.get("x-next-cursor"),
        )

    async def area(self, year: int, area_code: str, *, proposed: bool) -> Area:
        params = {"proposed": str(proposed).lower()}
        return cast(Area, await self._get(self._area(year, area_code), params=params))

    async def overrides(self, year: int, area_code: str) -> list[Override]:
        return cast(list[Override], await self._get(f"{self._area(year, area_code)}/overrides"))

    async def history(self, area_code: str) -> AreaHistory:
        return cast(AreaHistory, await self._get(f"/v1/areas/{area_code}/history"))

    async def set_override(self, year: int, area_code: str, body: Mapping[str, Any]) -> Outcome:
        """Set (or with category None withdraw) the category after the dialogue; answers an `Area`."""
        return await self._submit("PUT", f"{self._area(year, area_code)}/override", json=body)

    # --- data -------------------------------------------------------------------------------------

    async def upload(self, kind: Literal["housing", "official"], file: tuple[str, bytes, str]) -> Outcome:
        """Load a housing-data file or the ministry's official list (name, content, type); answers an
        `ImportResult`. A file too large (413) is refused like one with bad rows (422): the page lists the
        problems. A large file takes the service a while, hence the long timeout."""
        path = "/v1/official-designations" if kind == "official" else "/v1/housing-data"
        return await self._submit("POST", path, refusals=(413, 422), files={"file": file}, timeout=120.0)

    # --- thresholds, what-if, approval ------------------------------------------------------------

    async def thresholds(self, year: int) -> list[Thresholds]:
        """Every version of the year's local thresholds, the one in force last."""
        return cast(list[Thresholds], await self._get(f"{self._year(year)}/local-thresholds"))

    async def what_if(self, year: int, body: Mapping[str, Any]) -> Outcome:
        """Try other local thresholds; stores nothing. Answers a `WhatIfResult`."""
        return await self._submit("POST", f"{self._year(year)}/what-if", json=body)

    async def set_parameters(self, year: int, national_convicted_pct: float) -> Outcome:
        body = {"national_convicted_pct": national_convicted_pct}
        return await self._submit("PUT", f"{self._year(year)}/parameters", json=body)

    async def set_thresholds(self, year: int, body: Mapping[str, Any]) -> Outcome:
        """A new version of the local thresholds, with the reason for it."""
        return await self._submit("PUT", f"{self._year(year)}/local-thresholds", json=body)

    async def approvals(self, year: int) -> list[Approval]:
        return cast(list[Approval], await self._get(f"{self._year(year)}/approvals"))

    async def approve(self, year: int, note: str) -> Outcome:
        """Approve the year (or revise an approval, with a note); answers an `Approval`. Refused with 409
        while the year is not ready, 422 for a revision without a reason."""
        path = f"{self._year(year)}/approve"
        return await self._submit("POST", path, refusals=(409, 422), json={"note": note})

    async def reproduction(self, year: int, revision: int) -> Reproduction:
        path = f"{self._year(year)}/approvals/{revision}/reproduction"
        return cast(Reproduction, await self._get(path))

    # --- the official list, exports ---------------------------------------------------------------

    async def disagreements(self, year: int) -> list[Disagreement]:
        return cast(list[Disagreement], await self._get(f"{self._year(year)}/disagreements"))

    async def export(self, year: int, fmt: ExportFormat, lang: str) -> httpx.Response:
        """The year's categorisation as a file: the answer itself, for its body and headers."""
        params = {"format": fmt, "lang": lang}
        return await upstream.call(self.request, SERVICE, "GET", f"{self._year(year)}/export", params=params)
