"""Area plans, targets, initiatives and dialogues of the categorisation service, as the pages call them.

A client of its own beside `CategorisationClient` (same service, same token): the plans are a part of the
product of their own (DOMAIN § 7), and their pages never write a service path either. The answers are
typed as the service's JSON (`services/categorisation/plans/schemas.py`, CONTRACT § 8), mirrored rather
than imported.
"""

from collections.abc import Collection, Mapping
from typing import Any, TypedDict, cast

from fastapi import Request

from gateway import upstream
from gateway.pages.forms import FORM_REFUSALS, Outcome, submit

SERVICE = "categorisation"


class Principle(TypedDict):
    code: str
    name_da: str
    name_en: str
    valid_from: str | None


class Target(TypedDict):
    id: int
    area_plan_id: int
    area_code: str
    indicator: str
    comparator: str
    value: float
    by_year: int


class AreaPlan(TypedDict):
    id: int
    title: str
    area_codes: list[str]
    area_names: dict[str, str]
    organisation_codes: list[str]
    period_from: int
    period_to: int
    visions: str
    requirements: str
    community: str
    published: bool
    targets: list[Target]
    created_by: str
    created_at: str
    updated_by: str
    updated_at: str


class TargetEvaluation(TypedDict):
    id: int
    area_code: str
    indicator: str
    comparator: str
    value: float
    by_year: int
    actual: float | None
    met: bool | None
    provisional: bool
    period_years: list[int]
    period_complete: bool
    suppressed: bool


class PlanEvaluation(TypedDict):
    area_plan_id: int
    year: int
    targets: list[TargetEvaluation]


class TrendPoint(TypedDict):
    year: int
    actual: float | None
    met: bool | None
    provisional: bool
    suppressed: bool


class TargetTrend(TypedDict):
    id: int
    area_code: str
    indicator: str
    comparator: str
    value: float
    by_year: int
    points: list[TrendPoint]


class PlanTrend(TypedDict):
    area_plan_id: int
    years: list[int]
    targets: list[TargetTrend]


class YearTargets(TypedDict):
    year: int
    plans: int
    targets: int
    met: int
    not_met: int
    no_data: int
    provisional: bool


class PublicAreaPlan(TypedDict):
    id: int
    title: str
    area_codes: list[str]
    area_names: dict[str, str]
    period_from: int
    period_to: int
    visions: str
    requirements: str
    community: str
    targets: list[Target]
    evaluation: PlanEvaluation | None


class Partner(TypedDict):
    kind: str
    name: str


class Milestone(TypedDict):
    title: str
    due_on: str | None
    done: bool


class Initiative(TypedDict):
    id: int
    title: str
    description: str
    principles: list[str]
    area_codes: list[str]
    area_plan_id: int | None
    partners: list[Partner]
    responsible_unit: str
    period_from: str
    period_to: str | None
    budget_dkk: int | None
    status: str
    milestones: list[Milestone]
    evaluation_notes: str
    created_by: str
    created_at: str
    updated_by: str
    updated_at: str


class Participant(TypedDict):
    organisation: str
    role: str


class AgreementLink(TypedDict):
    year: int
    area_code: str
    change_id: int | None


class Decision(TypedDict):
    text: str
    agreement: AgreementLink | None


class FollowUp(TypedDict):
    text: str
    responsible: str
    due_on: str | None


class Dialogue(TypedDict):
    id: int
    year: int
    organisation: str
    kind: str
    held_on: str
    participants: list[Participant]
    agenda: str
    minutes: str
    decisions: list[Decision]
    follow_ups: list[FollowUp]
    created_by: str
    created_at: str
    updated_by: str
    updated_at: str


class AreaPlansClient:
    """Plans, initiatives and dialogues, called with the logged-in person's token (none on public pages)."""

    def __init__(self, request: Request) -> None:
        self.request = request

    async def _get(self, path: str, **kwargs: Any) -> Any:
        return await upstream.get_json(self.request, SERVICE, path, **kwargs)

    async def _submit(
        self, method: str, path: str, *, refusals: Collection[int] = FORM_REFUSALS, **kwargs: Any
    ) -> Outcome:
        return await submit(self.request, SERVICE, method, path, refusals=refusals, **kwargs)

    async def principles(self) -> list[Principle]:
        return cast(list[Principle], await self._get("/v1/principles"))

    # --- plans and targets ------------------------------------------------------------------------

    async def plans(self, params: Mapping[str, Any] | None = None) -> list[AreaPlan]:
        return cast(list[AreaPlan], await self._get("/v1/area-plans", params=dict(params or {})))

    async def plan(self, plan_id: int) -> AreaPlan:
        return cast(AreaPlan, await self._get(f"/v1/area-plans/{plan_id}"))

    async def create_plan(self, body: Mapping[str, Any]) -> Outcome:
        """Answers the new `AreaPlan`."""
        return await self._submit("POST", "/v1/area-plans", json=body)

    async def update_plan(self, plan_id: int, body: Mapping[str, Any]) -> Outcome:
        return await self._submit("PUT", f"/v1/area-plans/{plan_id}", json=body)

    async def add_target(self, plan_id: int, body: Mapping[str, Any]) -> Outcome:
        return await self._submit("POST", f"/v1/area-plans/{plan_id}/targets", json=body)

    async def delete_target(self, plan_id: int, target_id: int) -> None:
        path = f"/v1/area-plans/{plan_id}/targets/{target_id}"
        await upstream.call(self.request, SERVICE, "DELETE", path, expected=(204,))

    async def evaluation(self, plan_id: int, year: int) -> PlanEvaluation:
        path = f"/v1/area-plans/{plan_id}/evaluation"
        return cast(PlanEvaluation, await self._get(path, params={"year": year}))

    async def trend(self, plan_id: int) -> PlanTrend:
        return cast(PlanTrend, await self._get(f"/v1/area-plans/{plan_id}/trend"))

    async def year_targets(self, year: int) -> YearTargets:
        return cast(YearTargets, await self._get(f"/v1/years/{year}/target-evaluation"))

    async def public_plans(self) -> list[PublicAreaPlan]:
        return cast(list[PublicAreaPlan], await self._get("/v1/public/area-plans"))

    async def public_plan(self, plan_id: int) -> PublicAreaPlan:
        return cast(PublicAreaPlan, await self._get(f"/v1/public/area-plans/{plan_id}"))

    # --- initiatives ------------------------------------------------------------------------------

    async def initiatives(self, params: Mapping[str, Any] | None = None) -> list[Initiative]:
        return cast(list[Initiative], await self._get("/v1/initiatives", params=dict(params or {})))

    async def initiative(self, initiative_id: int) -> Initiative:
        return cast(Initiative, await self._get(f"/v1/initiatives/{initiative_id}"))

    async def create_initiative(self, body: Mapping[str, Any]) -> Outcome:
        return await self._submit("POST", "/v1/initiatives", json=body)

    async def update_initiative(self, initiative_id: int, body: Mapping[str, Any]) -> Outcome:
        return await self._submit("PUT", f"/v1/initiatives/{initiative_id}", json=body)

    # --- dialogues --------------------------------------------------------------------------------

    async def dialogues(self, params: Mapping[str, Any] | None = None) -> list[Dialogue]:
        return cast(list[Dialogue], await self._get("/v1/dialogues", params=dict(params or {})))

    async def dialogue(self, dialogue_id: int) -> Dialogue:
        return cast(Dialogue, await self._get(f"/v1/dialogues/{dialogue_id}"))

    async def create_dialogue(self, body: Mapping[str, Any]) -> Outcome:
        return await self._submit("POST", "/v1/dialogues", json=body)

    async def update_dialogue(self, dialogue_id: int, body: Mapping[str, Any]) -> Outcome:
        return await self._submit("PUT", f"/v1/dialogues/{dialogue_id}", json=body)
