"""The typed HTTP client for the categorisation service: the one place this service reads another's data.

The caller's own bearer token is forwarded, so the categorisation service decides what the caller may
read. Any failure to get an answer becomes a problem that names the categorisation service.
"""

import logging
from collections.abc import Sequence
from typing import TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from services.allocation.exceptions import (
    CategorisationBadAnswer,
    CategorisationMissing,
    CategorisationRefused,
    CategorisationTimeout,
    CategorisationUnavailable,
)
from services.allocation.rules.model import Category, Designation
from services.allocation.rules.statuses import CategorisationStatus
from services.kit.logs import REQUEST_ID_HEADER, current_request_id

log = logging.getLogger(__name__)
SERVICE = "categorisation"


class CategorisationItem(BaseModel):
    area_code: str
    category: Category
    designations: list[Designation]
    status: CategorisationStatus


class AreaName(BaseModel):
    area_code: str
    area_name: str


class PlanTarget(BaseModel):
    area_code: str
    indicator: str
    comparator: str
    value: float
    by_year: int


class AreaPlan(BaseModel):
    """An area plan as GET /v1/area-plans answers it (CONTRACT § 8); what the common agreement states."""

    title: str
    area_codes: list[str]
    period_from: int
    period_to: int
    visions: str
    requirements: str
    community: str
    targets: list[PlanTarget]


T = TypeVar("T")
ITEMS = TypeAdapter(list[CategorisationItem])
NAMES = TypeAdapter(list[AreaName])
PLANS = TypeAdapter(list[AreaPlan])


class CategorisationClient:
    """GET /v1/years/{year}/categorisation (CONTRACT § 5) and the area plans (§ 8) with the caller's token."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def _get(
        self, path: str, authorization: str, params: httpx.QueryParams | None = None
    ) -> httpx.Response:
        headers = {"Authorization": authorization, REQUEST_ID_HEADER: current_request_id() or ""}
        try:
            return await self.http.get(path, headers=headers, params=params)
        except httpx.TimeoutException as exc:
            raise CategorisationTimeout(
                "The categorisation service did not answer in time; nothing was changed.", service=SERVICE
            ) from exc
        except httpx.TransportError as exc:
            log.warning("categorisation service unreachable: %s", type(exc).__name__)
            raise CategorisationUnavailable(
                "The categorisation service is not reachable; nothing was changed. Try again when it is up.",
                service=SERVICE,
            ) from exc

    async def categorisation(self, year: int, *, authorization: str) -> list[CategorisationItem]:
        """The categorisation of list year `year` (approved when it is, else proposed)."""
        response = await self._get(f"/v1/years/{year}/categorisation", authorization)
        if response.status_code == 404:
            raise CategorisationMissing(
                f"The categorisation service has no categorisation for list year {year}.", service=SERVICE
            )
        return _read(response, ITEMS, "the categorisation")

    async def area_names(self, year: int, *, authorization: str) -> dict[str, str]:
        """The areas' names that year, when the caller may read them; empty otherwise."""
        response = await self._get(f"/v1/years/{year}/areas", authorization)
        if response.status_code != 200:
            return {}
        try:
            return {a.area_code: a.area_name for a in NAMES.validate_json(response.content)}
        except ValidationError:
            return {}

    async def area_plans(self, area_codes: Sequence[str], year: int, *, authorization: str) -> list[AreaPlan]:
        """The area plans covering any of `area_codes` in `year` (CONTRACT § 8), newest period first."""
        if not area_codes:
            return []  # without area_code the service answers every plan
        params = httpx.QueryParams([*(("area_code", code) for code in area_codes), ("year", year)])
        response = await self._get("/v1/area-plans", authorization, params)
        return _read(response, PLANS, "the area plans")


def _read(response: httpx.Response, adapter: TypeAdapter[T], what: str) -> T:
    """The answer read as `adapter` says; a refusal, a failure or an unreadable answer as the problem that
    names the categorisation service (nothing was changed here)."""
    if response.status_code in (401, 403):
        raise CategorisationRefused(
            f"The categorisation service refused to show {what} to you.", service=SERVICE
        )
    if response.status_code >= 500:
        raise CategorisationUnavailable(
            f"The categorisation service answered {response.status_code}; nothing was changed.",
            service=SERVICE,
        )
    try:
        response.raise_for_status()
        return adapter.validate_json(response.content)
    except (httpx.HTTPStatusError, ValidationError) as exc:
        raise CategorisationBadAnswer(
            "The categorisation service gave an answer this service cannot read; nothing was changed.",
            service=SERVICE,
        ) from exc
