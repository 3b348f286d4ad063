"""The allocation service as the pages call it: one method per operation, its paths built here only.

Answers are typed as the JSON the service returns (CONTRACT § 6, services/allocation/schemas.py), mirrored
as TypedDicts because the gateway never imports a service: dates and times arrive as ISO strings, shares
and amounts as numbers. Form submissions come back as a `forms.Outcome`, refused on the statuses the page
shows beside its fields; every other failure raises as from `upstream.call`.
"""

from collections.abc import Collection
from typing import Any, Literal, TypedDict, cast

import httpx
from fastapi import Request

from gateway import upstream
from gateway.pages import forms
from gateway.pages.forms import Outcome

SERVICE = "allocation"

Channel = Literal["waiting_list", "flexible", "municipal", "other"]
Category = Literal["red", "pink", "yellow", "green"]
VacancyStatus = Literal["open", "offered", "let", "returned"]
OfferStatus = Literal["pending", "accepted", "declined", "expired", "withdrawn"]
Consequence = Literal["none", "parked", "removed"]
DecisionKind = Literal["order", "extend", "withdraw"]


class Reason(TypedDict):
    """One explained step: a stable code (for translation), English text, the paragraph and parameters."""

    code: str
    text: str
    paragraph: str | None
    params: dict[str, str]


# --- organisations and areas ----------------------------------------------------------------------


class HousingOrganisation(TypedDict):
    code: str
    name: str
    areas: list[str]


class Area(TypedDict):
    code: str
    name: str
    housing_org: str | None


# --- agreements -----------------------------------------------------------------------------------


class CriteriaCondition(TypedDict):
    code: str
    value: float | None


class CriteriaGroup(TypedDict):
    code: str
    share_pct: float
    label_da: str
    label_en: str
    conditions: list[CriteriaCondition]


class Tally(TypedDict):
    vacancies: int
    municipal: int
    flexible: int
    waiting_list: int


class Agreement(TypedDict):
    year: int
    source_year: int | None
    source_status: Literal["approved", "proposed", "manual"]
    area_code: str
    area_name: str
    housing_org: str | None
    category: Category
    designations: list[str]
    municipal_share_pct: float
    applied_municipal_share_pct: float
    flexible_share_pct: float
    rehousing_share_pct: float
    flexible_mandatory: bool
    legal_basis: Literal["imposed", "agreement"]
    status: Literal["draft", "agreed"]
    flexible_criteria: list[CriteriaGroup]
    flexible_period_from: int | None
    flexible_period_to: int | None
    combined_letting_ordered: bool
    combined_letting_extended: bool
    note: str
    bans: list[str]
    warnings: list[Reason]
    tally: Tally
    agreed_by: str | None
    agreed_at: str | None
    created_by: str
    created_at: str
    updated_by: str
    updated_at: str


class AgreementChange(TypedDict):
    changes: dict[str, Any]
    changed_by: str
    changed_at: str


class DraftResult(TypedDict):
    year: int
    source_year: int
    source_status: Literal["approved", "proposed"]
    created: list[str]
    replaced: list[str]
    kept: list[str]


# --- vacancies, lettings and offers ---------------------------------------------------------------


class VacancyReceipt(TypedDict):
    id: int
    external_id: str
    area_code: str
    year: int
    sequence: int
    channel: Channel
    reason: str


class Letting(TypedDict):
    id: int
    vacancy_id: int
    area_code: str
    year: int
    channel: Channel
    assigned_channel: Channel
    let_on: str
    days_to_letting: int
    seeker_id: int | None
    offer_id: int | None
    recorded_by: str
    created_at: str


class VacancyEvent(TypedDict):
    kind: str
    detail: dict[str, Any]
    actor: str
    at: str


class Vacancy(VacancyReceipt):
    area_name: str
    housing_org: str | None
    reason_code: str
    reason_params: dict[str, str]
    municipal_share_pct: float
    agreement_share_pct: float
    flexible_share_pct: float
    dwelling_ref: str
    rooms: int
    floor_area_m2: float
    monthly_rent_dkk: float
    accessible: bool | None
    available_from: str
    status: VacancyStatus
    deadline: str | None
    reported_by: str
    reported_by_org: str | None
    created_at: str
    returned_at: str | None
    reported_on: str
    returned_on: str | None
    days_held: int | None
    letting: Letting | None


class VacancyDetail(Vacancy):
    events: list[VacancyEvent]


class VacancyPage(TypedDict):
    total: int
    limit: int
    offset: int
    items: list[Vacancy]


# How soon the municipality must act on a vacancy (the service's rules/urgency.py): by its deadline, by its
# offer's reply deadline, promised to a seeker who accepted, or not the municipality's to act on.
UrgencyBasis = Literal["deadline", "reply_by", "promised", "none"]


class Urgency(TypedDict):
    basis: UrgencyBasis
    by: str | None
    days_left: int | None
    overdue: bool


class UrgentVacancy(Vacancy):
    urgency: Urgency


class VacancyUrgencyPage(TypedDict):
    order: Literal["urgency"]
    as_of: str
    total: int
    limit: int
    offset: int
    items: list[UrgentVacancy]


class ReturnResult(TypedDict):
    as_of: str
    returned: list[Vacancy]
    offers_expired: list[int]


class Offer(TypedDict):
    id: int
    vacancy_id: int
    seeker_id: int
    seeker_reference: str
    seeker_name: str
    status: OfferStatus
    reply_by: str
    priority_list: list[dict[str, Any]]
    offered_by: str
    offered_at: str
    decline_reason: str | None
    consequence: Consequence | None
    parked_until: str | None
    decision_priority_list: list[dict[str, Any]] | None
    decided_by: str | None
    decided_at: str | None
    note: str
    withdrawal_reason: str | None  # the officer's reason; None unless the officer withdrew the offer


class DeclineReason(TypedDict):
    code: str
    consequence: Consequence
    park_days: int | None
    text_da: str
    text_en: str


class RankedSeeker(TypedDict):
    seeker_id: int
    reference: str
    name: str
    rank: int | None
    reasons: list[Reason]


class Candidates(TypedDict):
    vacancy_id: int
    area_code: str
    designations: list[str]
    list_year: int
    designations_source: Literal["list", "agreement"]
    warnings: list[Reason]
    as_of: str
    bans_checked: list[str]
    tie_breakers: list[Reason]
    candidates: list[RankedSeeker]
    excluded: list[RankedSeeker]


# --- housing seekers ------------------------------------------------------------------------------


class BenefitPeriod(TypedDict):
    benefit: str
    first_month: str | None
    last_month: str | None
    date_unknown: bool


class Seeker(TypedDict):
    released_from_prison_on: str | None
    released_from_prison_date_unknown: bool
    released_from_youth_placement_on: str | None
    released_from_youth_placement_date_unknown: bool
    tenancy_terminated_on: str | None
    tenancy_terminated_date_unknown: bool
    non_eu_citizen: bool
    non_eu_citizen_is_student: bool
    benefit_periods: list[BenefitPeriod]
    id: int
    reference: str
    name: str
    adults: int
    children: int
    rooms_min: int
    needs_accessible: bool
    max_rent_dkk: int | None
    area_wishes: list[str]
    urgency: Literal["acute", "high", "normal"]
    reason: str
    registered_on: str
    status: Literal["active", "housed", "removed"]
    parked_until: str | None
    note: str
    created_by: str
    created_at: str
    dates_to_complete: list[str]
    ban_until: dict[str, str]


# --- acute housing --------------------------------------------------------------------------------


class AcuteCriterion(TypedDict):
    """A criterion the municipality configured; `minimum` set means it is answered with a number."""

    code: str
    text_da: str
    text_en: str
    minimum: int | None


class AcuteAnswer(TypedDict):
    code: str
    met: bool
    text_da: str
    text_en: str
    why_da: str
    why_en: str
    answer: bool | int | None


class AcuteApplication(TypedDict):
    id: int
    reference: str
    eligible: bool
    criteria: list[AcuteAnswer]
    citizen_text_da: str
    citizen_text_en: str
    officer_text_da: str
    officer_text_en: str
    officer_note: str
    applicant_name: str
    decided_by: str
    decided_at: str
    note_updated_by: str | None
    note_updated_at: str | None


# --- statistics -----------------------------------------------------------------------------------


class ChannelBreakdown(TypedDict):
    total: int | None
    counts: dict[str, int | None]
    shares_pct: dict[str, float | None]


class ChannelStatistics(ChannelBreakdown):
    year: int
    by_category: dict[str, ChannelBreakdown]
    suppressed: bool
    suppression_threshold: int


class YearFigures(TypedDict):
    year: int
    lettings: int | None
    counts: dict[str, int | None]
    shares_pct: dict[str, float | None]
    municipal_allocations: int | None
    returned: int | None
    median_days_to_letting: float | None
    mean_days_to_letting: float | None
    days_by_channel: dict[str, float | None]


class YearsStatistics(TypedDict):
    years: list[YearFigures]
    suppression_threshold: int


class QuotaLine(TypedDict):
    area_code: str | None
    area_name: str | None
    category: Category | None
    municipal_share_pct: float | None
    vacancies: int | None
    due: int | None
    allocated: int | None
    pending: int | None
    returned: int | None
    fulfilment_pct: float | None
    forecast_vacancies: float | None
    forecast_due: int | None
    forecast_allocated: float | None
    forecast_fulfilment_pct: float | None
    behind: bool


class QuotaAlert(TypedDict):
    area_code: str
    code: Literal["behind", "returned", "overdue"]
    text: str


class QuotaStatistics(TypedDict):
    year: int
    as_of: str
    elapsed_days: int
    year_days: int
    alert_below_pct: float
    areas: list[QuotaLine]
    categories: list[QuotaLine]
    total: QuotaLine
    alerts: list[QuotaAlert]
    suppressed: bool


class DaysHeldLine(TypedDict):
    area_code: str | None
    area_name: str | None
    municipal_vacancies: int
    still_held: int
    days_total: int
    days_mean: float | None


class DaysHeld(TypedDict):
    year: int
    as_of: str
    areas: list[DaysHeldLine]
    total: DaysHeldLine


# --- § 51 b decisions, the applicant check and § 51 c dispensations --------------------------------


class Decision(TypedDict):
    """A § 51 b decision on combined letting in one area."""

    id: int
    area_code: str
    area_name: str
    kind: DecisionKind
    decided_on: str
    decided_by: str
    justification: str
    recorded_by: str
    recorded_at: str


class DecisionsReport(TypedDict):
    date_from: str
    date_to: str
    decisions: list[Decision]


class ApplicantCheck(TypedDict):
    id: int
    area_code: str
    designations: list[str]
    allowed: bool
    paragraphs: list[str]
    reasons: list[Reason]
    dispensation_possible: bool
    checked_at: str
    list_year: int
    designations_source: Literal["list", "agreement"]


class ApplicantCheckRecord(TypedDict):
    """A logged applicant check, as the dispensation pages show it."""

    id: int
    area_code: str
    allowed: bool
    paragraphs: list[str]
    reasons: list[Reason]
    applicant_ref: str | None
    housing_org: str | None
    created_at: str
    dispensation_possible: bool
    dispensation_id: int | None


class Consideration(TypedDict):
    code: str
    applies: bool
    note: str


class Dispensation(TypedDict):
    id: int
    check_id: int
    area_code: str
    housing_org: str | None
    applicant_ref: str | None
    considerations: list[Consideration]
    granted: bool
    justification: str
    decided_on: str
    report_year: int
    decided_by: str
    decided_at: str


class DispensationReportArea(TypedDict):
    area_code: str
    granted: int
    refused: int


class DispensationReport(TypedDict):
    report_year: int
    first_day: str
    last_day: str
    due_on: str
    granted: int
    refused: int
    areas: list[DispensationReportArea]


# --- the common letting agreement (fællesaftale, CONTRACT § 9) ---------------------------------------

CommonAgreementStatus = Literal["draft", "sent", "agreed"]


class OrganisationRef(TypedDict):
    code: str
    name: str


class AreaCategorisation(TypedDict):
    """The area in the categorisation of the list year (annex 1)."""

    category: Category
    designations: list[str]
    status: Literal["approved", "proposed"]


class AreaAgreement(TypedDict):
    """The area's letting agreement of the letting year, as the common agreement states it (annex 2)."""

    source_year: int | None
    municipal_share_pct: float
    flexible_share_pct: float
    rehousing_share_pct: float
    flexible_mandatory: bool
    flexible_criteria: list[CriteriaGroup]
    flexible_period_from: int | None
    flexible_period_to: int | None
    legal_basis: Literal["imposed", "agreement"]
    status: Literal["draft", "agreed"]
    combined_letting_ordered: bool
    combined_letting_extended: bool
    note: str


class CommonAgreementArea(TypedDict):
    area_code: str
    area_name: str
    categorisation: AreaCategorisation | None
    agreement: AreaAgreement | None


class PlanTarget(TypedDict):
    area_code: str
    indicator: str
    comparator: str
    value: float
    by_year: int


class CommonAgreementPlan(TypedDict):
    """An area plan covering any of the organisation's areas in the letting year (annex 3)."""

    title: str
    area_codes: list[str]
    period_from: int
    period_to: int
    visions: str
    requirements: str
    community: str
    targets: list[PlanTarget]


class CommonAgreementVersion(TypedDict):
    version: int
    status: CommonAgreementStatus
    sent_at: str
    sent_by: str
    agreed_at: str | None
    agreed_by: str | None


class CommonAgreement(TypedDict):
    """A stored version (its document frozen as sent), or today's draft when none is stored."""

    year: int
    organisation: OrganisationRef
    categorisation_year: int
    categorisation_approved: bool
    generated_at: str
    areas: list[CommonAgreementArea]
    area_plans: list[CommonAgreementPlan]
    version: int
    latest_version: int | None
    status: CommonAgreementStatus
    sent_at: str | None
    sent_by: str | None
    agreed_at: str | None
    agreed_by: str | None
    versions: list[CommonAgreementVersion]
    changed_since: bool | None
    problems: list[Reason]


class CommonAgreementSummary(TypedDict):
    year: int
    organisation: OrganisationRef
    area_count: int
    latest_version: int | None
    status: CommonAgreementStatus
    sent_at: str | None
    agreed_at: str | None


class AllocationClient:
    """The allocation service on behalf of the person behind `request` (their own token)."""

    def __init__(self, request: Request) -> None:
        self.request = request

    async def _get(self, path: str, **params: Any) -> Any:
        return await upstream.get_json(self.request, SERVICE, path, params=params or None)

    async def _send(self, method: str, path: str, **kwargs: Any) -> Any:
        return (await upstream.call(self.request, SERVICE, method, path, **kwargs)).json()

    async def _file(self, path: str, **params: Any) -> httpx.Response:
        return await upstream.call(self.request, SERVICE, "GET", path, params=params)

    async def _submit(
        self, method: str, path: str, *, refusals: Collection[int], known: Collection[str] = (), **kwargs: Any
    ) -> Outcome:
        return await forms.submit(
            self.request, SERVICE, method, path, refusals=refusals, known=known, **kwargs
        )

    # --- organisations and areas

    async def areas(self) -> list[Area]:
        return cast(list[Area], await self._get("/v1/areas"))

    async def housing_organisations(self) -> list[HousingOrganisation]:
        return cast(list[HousingOrganisation], await self._get("/v1/housing-organisations"))

    async def create_organisation(self, code: str, name: str) -> Outcome:
        """Refused with 409 when the code exists, 422 for a field the service does not accept."""
        body = {"code": code, "name": name}
        return await self._submit("POST", "/v1/housing-organisations", refusals=(409, 422), json=body)

    async def bind_area(self, area_code: str, housing_org: str) -> Outcome:
        """Refused with 404 (no such area or organisation) or 422."""
        body = {"housing_org": housing_org}
        return await self._submit("PUT", f"/v1/areas/{area_code}", refusals=(404, 422), json=body)

    # --- agreements

    async def agreement_years(self) -> list[int]:
        return cast(list[int], await self._get("/v1/agreement-years"))

    async def agreements(self, year: int) -> list[Agreement]:
        return cast(list[Agreement], await self._get(f"/v1/agreements/{year}"))

    async def agreement(self, year: int, area_code: str) -> Agreement:
        return cast(Agreement, await self._get(f"/v1/agreements/{year}/{area_code}"))

    async def agreement_changes(self, year: int, area_code: str) -> list[AgreementChange]:
        return cast(list[AgreementChange], await self._get(f"/v1/agreements/{year}/{area_code}/changes"))

    async def draft_agreements(
        self, year: int, *, source_year: int | None = None, replace_drafts: bool = False
    ) -> Outcome:
        """Draft from the categorisation (of `source_year`, else the year before): refused with 409 when
        it is not approved, 502-504 when the categorisation service is down (nothing is changed then)."""
        params: dict[str, str] = {}
        if source_year is not None:
            params["source_year"] = str(source_year)
        if replace_drafts:
            params["replace_drafts"] = "true"
        path = f"/v1/agreements/{year}/from-categorisation"
        return await self._submit("POST", path, refusals=(409, 502, 503, 504), params=params)

    async def update_agreement(
        self, year: int, area_code: str, changes: dict[str, Any], *, known: Collection[str] = ()
    ) -> Outcome:
        """Change only the fields in `changes`; refused with 422 by the rules of DOMAIN § 5.2."""
        path = f"/v1/agreements/{year}/{area_code}"
        return await self._submit("PUT", path, refusals=(422,), known=known, json=changes)

    async def area_decisions(self, area_code: str) -> list[Decision]:
        return cast(list[Decision], await self._get(f"/v1/areas/{area_code}/combined-letting-decisions"))

    async def record_decision(
        self, area_code: str, decision: dict[str, str], *, known: Collection[str] = ()
    ) -> Outcome:
        """Record a § 51 b decision; refused with 422 when the law or the area's history rules it out."""
        path = f"/v1/areas/{area_code}/combined-letting-decisions"
        return await self._submit("POST", path, refusals=(422,), known=known, json=decision)

    # --- vacancies, offers and lettings

    async def vacancies(self, **filters: Any) -> VacancyPage:
        """Newest first; `filters` as the service names them (year, status, channel, area_code, offset,
        limit), the empty ones left out."""
        params = {name: value for name, value in filters.items() if value not in ("", None)}
        return cast(VacancyPage, await self._get("/v1/vacancies", **params))

    async def urgent_vacancies(self, **filters: Any) -> VacancyUrgencyPage:
        """Most urgent first (the soonest deadline or reply deadline, overdue first), each with its
        urgency; `filters` as for `vacancies`."""
        params = {name: value for name, value in filters.items() if value not in ("", None)}
        return cast(VacancyUrgencyPage, await self._get("/v1/vacancies", **params, order="urgency"))

    async def vacancy(self, vacancy_id: int) -> VacancyDetail:
        return cast(VacancyDetail, await self._get(f"/v1/vacancies/{vacancy_id}"))

    async def vacancy_offers(self, vacancy_id: int) -> list[Offer]:
        return cast(list[Offer], await self._get(f"/v1/vacancies/{vacancy_id}/offers"))

    async def candidates(self, vacancy_id: int) -> Candidates:
        return cast(Candidates, await self._get(f"/v1/vacancies/{vacancy_id}/candidates"))

    async def decline_reasons(self) -> list[DeclineReason]:
        return cast(list[DeclineReason], await self._get("/v1/decline-reasons"))

    async def report_vacancy(self, vacancy: dict[str, Any]) -> Outcome:
        """Report a vacancy as its housing organisation would; refused with 403 (an area of no
        organisation), 409 (the external id reported differently) or 422."""
        return await self._submit("POST", "/v1/vacancies", refusals=(403, 409, 422), json=vacancy)

    async def return_overdue(self) -> ReturnResult:
        return cast(ReturnResult, await self._send("POST", "/v1/vacancies/return-overdue"))

    # Each step of an offer is refused with 409 in the wrong state, 422 when the service will not take it.

    async def make_offer(self, vacancy_id: int, offer: dict[str, Any]) -> Outcome:
        path = f"/v1/vacancies/{vacancy_id}/offers"
        return await self._submit("POST", path, refusals=(409, 422), json=offer)

    async def accept_offer(self, offer_id: int, note: str) -> Outcome:
        path = f"/v1/offers/{offer_id}/accept"
        return await self._submit("POST", path, refusals=(409, 422), json={"note": note})

    async def decline_offer(self, offer_id: int, reason: str, note: str) -> Outcome:
        body = {"reason": reason, "note": note}
        return await self._submit("POST", f"/v1/offers/{offer_id}/decline", refusals=(409, 422), json=body)

    async def withdraw_offer(self, offer_id: int, reason: str, hearing: str) -> Outcome:
        body = {"reason": reason, "hearing": hearing}
        return await self._submit("POST", f"/v1/offers/{offer_id}/withdraw", refusals=(409, 422), json=body)

    async def record_letting(self, vacancy_id: int, channel: str, let_on: str) -> Outcome:
        """Refused with 422 (`let_on` before the dwelling is free: `before_available_from`) or 409."""
        body = {"channel": channel, "let_on": let_on}
        path = f"/v1/vacancies/{vacancy_id}/letting"
        return await self._submit(
            "POST", path, refusals=(409, 422), known=("before_available_from",), json=body
        )

    # --- housing seekers

    async def seekers(self, *, status: str = "", q: str = "") -> list[Seeker]:
        params = {name: value for name, value in {"status": status, "q": q}.items() if value}
        return cast(list[Seeker], await self._get("/v1/seekers", **params))

    async def seeker(self, seeker_id: int) -> Seeker:
        return cast(Seeker, await self._get(f"/v1/seekers/{seeker_id}"))

    async def seeker_offers(self, seeker_id: int) -> list[Offer]:
        return cast(list[Offer], await self._get(f"/v1/seekers/{seeker_id}/offers"))

    async def create_seeker(self, seeker: dict[str, Any]) -> Outcome:
        return await self._submit("POST", "/v1/seekers", refusals=(422,), json=seeker)

    async def update_seeker(self, seeker_id: int, changes: dict[str, Any]) -> Outcome:
        return await self._submit("PATCH", f"/v1/seekers/{seeker_id}", refusals=(422,), json=changes)

    # --- acute housing

    async def acute_criteria(self) -> list[AcuteCriterion]:
        return cast(list[AcuteCriterion], await self._get("/v1/acute-criteria"))

    async def acute_applications(self) -> list[AcuteApplication]:
        return cast(list[AcuteApplication], await self._get("/v1/acute-applications"))

    async def acute_application(self, application_id: int) -> AcuteApplication:
        return cast(AcuteApplication, await self._get(f"/v1/acute-applications/{application_id}"))

    async def decide_acute(self, application: dict[str, Any]) -> Outcome:
        """Answers an `AcuteApplication`; refused with 422 naming each missing field (nothing decided)."""
        return await self._submit("POST", "/v1/acute-applications", refusals=(422,), json=application)

    async def save_acute_note(self, application_id: int, officer_note: str) -> AcuteApplication:
        path = f"/v1/acute-applications/{application_id}/note"
        return cast(AcuteApplication, await self._send("PUT", path, json={"officer_note": officer_note}))

    # --- statistics and the statutory reports

    async def statistics_years(self) -> YearsStatistics:
        return cast(YearsStatistics, await self._get("/v1/statistics/years"))

    async def channel_statistics(self, year: int) -> ChannelStatistics:
        return cast(ChannelStatistics, await self._get("/v1/statistics/channels", year=year))

    async def quota(self, year: int) -> QuotaStatistics:
        return cast(QuotaStatistics, await self._get("/v1/statistics/quota", year=year))

    async def days_held(self, year: int) -> DaysHeld:
        return cast(DaysHeld, await self._get("/v1/statistics/days-held", year=year))

    async def days_held_file(self, year: int, *, fmt: str, lang: str) -> httpx.Response:
        """The days held as a file (csv or xlsx) with headings in `lang`."""
        return await self._file("/v1/statistics/days-held/export", year=str(year), format=fmt, lang=lang)

    async def decisions_report(self, date_from: str, date_to: str) -> DecisionsReport:
        """The § 51 b decisions of a period, for the report to the minister."""
        report = await self._get("/v1/combined-letting-decisions", date_from=date_from, date_to=date_to)
        return cast(DecisionsReport, report)

    async def decisions_file(self, date_from: str, date_to: str, *, fmt: str, lang: str) -> httpx.Response:
        path = "/v1/combined-letting-decisions/export"
        return await self._file(path, date_from=date_from, date_to=date_to, format=fmt, lang=lang)

    # --- decision letters: the stored letter as the service sends it (HTML or PDF, Danish or English)

    async def acute_letter(self, application_id: int, *, pdf: bool, lang: str) -> httpx.Response:
        return await self._letter(f"/v1/acute-applications/{application_id}/letter", pdf=pdf, lang=lang)

    async def offer_letter(
        self, offer_id: int, *, withdrawal: bool = False, pdf: bool, lang: str
    ) -> httpx.Response:
        """The offer's letter, or (`withdrawal`) the letter withdrawing it."""
        kind = "withdrawal-letter" if withdrawal else "letter"
        return await self._letter(f"/v1/offers/{offer_id}/{kind}", pdf=pdf, lang=lang)

    async def dispensation_letter(self, dispensation_id: int, *, pdf: bool, lang: str) -> httpx.Response:
        return await self._letter(f"/v1/dispensations/{dispensation_id}/letter", pdf=pdf, lang=lang)

    async def _letter(self, path: str, *, pdf: bool, lang: str) -> httpx.Response:
        return await self._file(f"{path}.pdf" if pdf else path, lang=lang if lang in ("da", "en") else "da")

    # --- the applicant check and § 51 c dispensations

    async def check_applicant(self, question: dict[str, Any]) -> Outcome:
        """Refused with 403 (not the asker's area), 404 (no agreement for the area) or 422."""
        return await self._submit("POST", "/v1/applicant-checks", refusals=(403, 404, 422), json=question)

    async def applicant_check(self, check_id: int) -> ApplicantCheckRecord:
        return cast(ApplicantCheckRecord, await self._get(f"/v1/applicant-checks/{check_id}"))

    async def decide_dispensation(self, check_id: int, decision: dict[str, Any]) -> Outcome:
        """Refused with 409 when the check cannot (or can no longer) be dispensed from, 422 otherwise."""
        path = f"/v1/applicant-checks/{check_id}/dispensation"
        return await self._submit("POST", path, refusals=(409, 422), json=decision)

    async def dispensation_report(self, year: int | None = None) -> DispensationReport:
        """The 1 July report of `year`; without one, the report that decisions made today go into."""
        asked = {"year": year} if year is not None else {}
        return cast(DispensationReport, await self._get("/v1/dispensations/report", **asked))

    async def dispensations(self, report_year: int) -> list[Dispensation]:
        return cast(list[Dispensation], await self._get("/v1/dispensations", report_year=report_year))

    async def dispensation(self, dispensation_id: int) -> Dispensation:
        return cast(Dispensation, await self._get(f"/v1/dispensations/{dispensation_id}"))

    async def dispensation_report_file(self, year: int, *, fmt: str) -> httpx.Response:
        return await self._file("/v1/dispensations/report", year=year, format=fmt)

    async def dispensations_file(self, report_year: int, *, fmt: str) -> httpx.Response:
        return await self._file("/v1/dispensations", report_year=report_year, format=fmt)

    # --- the common letting agreement of a year with each housing organisation

    async def common_agreements(self, year: int) -> list[CommonAgreementSummary]:
        return cast(list[CommonAgreementSummary], await self._get("/v1/common-agreements", year=year))

    async def common_agreement(
        self, year: int, organisation_code: str, *, version: int | None = None
    ) -> CommonAgreement:
        """The newest version sent (or `version`), else today's draft."""
        path = f"/v1/common-agreements/{year}/{organisation_code}"
        asked = {"version": version} if version is not None else {}
        return cast(CommonAgreement, await self._get(path, **asked))

    async def common_agreement_pdf(
        self, year: int, organisation_code: str, *, version: int | None = None, lang: str = "da"
    ) -> httpx.Response:
        params: dict[str, Any] = {"lang": lang if lang in ("da", "en") else "da"}
        if version is not None:
            params["version"] = version
        return await self._file(f"/v1/common-agreements/{year}/{organisation_code}/pdf", **params)

    async def set_common_agreement_status(self, year: int, organisation_code: str, status: str) -> Outcome:
        """`sent` stores today's document as a new version; `agreed` records the organisation's agreement
        to the version sent. Refused with 409 (what stops it, each as an error with its code) or 422."""
        path = f"/v1/common-agreements/{year}/{organisation_code}/status"
        return await self._submit("POST", path, refusals=(409, 422), json={"status": status})
