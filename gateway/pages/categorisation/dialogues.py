"""Dialogue records (/planer/dialoger): per housing organisation, whether the year's steering dialogue has
taken place and where its common agreement of the next letting year stands; each meeting's participants,
agenda, minutes, decisions and follow-ups. A new steering dialogue's agenda is prefilled from the year's
categorisation of the organisation's areas and the evaluation of their plans' targets (DOMAIN § 7), in the
page's language; the person edits it freely."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.allocation import AllocationClient, HousingOrganisation
from gateway.clients.area_plans import AreaPlansClient, Dialogue
from gateway.clients.categorisation import CategorisationClient
from gateway.i18n import gettext
from gateway.pages.categorisation import labels, plan_labels
from gateway.pages.categorisation.common import AREA_READERS
from gateway.pages.categorisation.plan_forms import FormReader, service_errors, spare_rows
from gateway.pages.categorisation.plans import plans_page
from gateway.pages.responses import redirect
from gateway.session import PageUser, page_roles
from gateway.state import gateway_state
from gateway.upstream import UpstreamError
from services.kit.auth import Principal, Role
from services.kit.clock import today

PREFIX = "/planer/dialoger"
WRITERS = (Role.ANALYST, Role.ALLOCATION_OFFICER)
router = APIRouter(prefix=PREFIX, dependencies=[Depends(page_roles(*AREA_READERS))])
writers_only = [Depends(page_roles(*WRITERS))]

FIELDS = (
    "year",
    "organisation",
    "kind",
    "held_on",
    "participants",
    "agenda",
    "minutes",
    "decisions",
    "follow_ups",
)
KINDS = tuple(plan_labels.DIALOGUE_KINDS)


def may_write(user: Principal) -> bool:
    return user.has_any(WRITERS)


def steering_status(dialogues: list[Dialogue], organisation: str, *, now: date) -> str:
    """The year's steering dialogue with `organisation`: "held" (on or before today), "planned" or "none"."""
    dates = [
        date.fromisoformat(d["held_on"])
        for d in dialogues
        if d["organisation"] == organisation and d["kind"] == "steering"
    ]
    if any(day <= now for day in dates):
        return "held"
    return "planned" if dates else "none"


async def _year(request: Request, asked: str | None) -> int:
    """The year asked for, else the latest list year with figures, else this year."""
    if asked and asked.isdigit() and 1990 <= int(asked) <= 2100:
        return int(asked)
    years = await CategorisationClient(request).years()
    return years[0]["year"] if years else today().year


@router.get("", response_class=HTMLResponse)
async def dialogue_list(request: Request, user: PageUser) -> Response:
    """The year's steering dialogue per housing organisation, and every record of the year."""
    year = await _year(request, request.query_params.get("year"))
    allocation = AllocationClient(request)
    organisations = await allocation.housing_organisations()
    records = await AreaPlansClient(request).dialogues({"year": year})
    # The steering dialogue updates the agreements of the next letting year: its common agreement's state.
    next_year = await allocation.common_agreements(year + 1) if year < 2100 else []
    common = {c["organisation"]["code"]: c for c in next_year}
    now = today()
    rows = [
        {
            "organisation": o,
            "status": steering_status(records, o["code"], now=now),
            "common_agreement": common.get(o["code"]),
        }
        for o in organisations
    ]
    names = {o["code"]: o["name"] for o in organisations}
    context = {"year": year, "rows": rows, "records": records, "names": names, "may_write": may_write(user)}
    return plans_page(request, "categorisation/plans/dialogues.html", context)


async def prefilled_agenda(request: Request, organisation: HousingOrganisation, year: int) -> str:
    """The agenda of a steering dialogue: the year's categorisation of the organisation's areas and the
    evaluation of their plans' targets, each line in the page's language."""

    def t(key: str, **values: Any) -> str:
        text = gettext(request, plan_labels.AGENDA[key])
        return text % values if values else text

    lines = [t("categorisation", year=year)]
    try:
        # Only the organisation's own areas: the year has hundreds more.
        params = {"sort": "area_code", "area_code": organisation["areas"]}
        areas, status = (
            await CategorisationClient(request).areas(year, params)
            if organisation["areas"]
            else ([], "proposed")
        )
    except UpstreamError:
        areas, status = [], "proposed"
    own = [a for a in areas if a["area_code"] in organisation["areas"]]
    for area in own:
        category = gettext(request, labels.CATEGORIES[area["category"]])
        lines.append(f"   - {area['area_name']} ({area['area_code']}): {category}")
    if not own:
        lines.append("   - " + t("no_categorisation"))
    elif status != "approved":
        lines.append("   " + t("proposed"))
    lines.append(t("evaluation"))
    plans_client = AreaPlansClient(request)
    plans = await plans_client.plans({"area_code": organisation["areas"]}) if organisation["areas"] else []
    for plan in plans:
        judged = (await plans_client.evaluation(plan["id"], year))["targets"]
        met = sum(1 for j in judged if j["met"] is True)
        lines.append("   - " + t("plan", plan=plan["title"], met=met, targets=len(judged)))
    if not plans:
        lines.append("   - " + t("no_plan"))
    lines.append(t("agreements", year=year + 1))
    lines.append(t("other"))
    return "\n".join(lines)


def read_dialogue_form(
    form: Any, organisations: list[str]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """The dialogue form as the service's body, the typed values, and the page's own errors."""
    reader = FormReader(form)
    organisation = reader.text("organisation", required=True)
    if organisation and organisation not in organisations:
        reader.errors["organisation"] = "invalid"
    kind = reader.text("kind", required=True)
    if kind and kind not in KINDS:
        reader.errors["kind"] = "invalid"
    participants = reader.rows("participants", ("organisation", "role"))
    if any(not (p["organisation"] and p["role"]) for p in participants):
        reader.errors["participants"] = "required"
    decisions = reader.rows("decisions", ("text", "agreement_year", "agreement_area"))
    decision_body = []
    for row in decisions:
        link = None
        if row["agreement_year"] or row["agreement_area"]:
            if not (
                row["agreement_year"].isdigit() and len(row["agreement_year"]) == 4 and row["agreement_area"]
            ):
                reader.errors.setdefault("decisions", "invalid")
            else:
                link = {"year": int(row["agreement_year"]), "area_code": row["agreement_area"]}
        if not row["text"]:
            reader.errors.setdefault("decisions", "required")
        decision_body.append({"text": row["text"], "agreement": link})
    follow_ups = reader.rows("follow_ups", ("text", "responsible", "due_on"))
    follow_up_body = []
    for row in follow_ups:
        due = FormReader({"d": row["due_on"]}).date("d") if row["due_on"] else None
        if row["due_on"] and due is None:
            reader.errors.setdefault("follow_ups", "date")
        if not row["text"]:
            reader.errors.setdefault("follow_ups", "required")
        follow_up_body.append({"text": row["text"], "responsible": row["responsible"], "due_on": due})
    body = {
        "year": reader.year("year"),
        "organisation": organisation,
        "kind": kind,
        "held_on": reader.date("held_on", required=True),
        "participants": participants,
        "agenda": reader.text("agenda"),
        "minutes": reader.text("minutes"),
        "decisions": decision_body,
        "follow_ups": follow_up_body,
    }
    return body, reader.values, reader.errors


def dialogue_values(item: Dialogue) -> dict[str, Any]:
    """A stored record as the form shows it."""
    return {
        **{k: item[k] for k in ("organisation", "kind", "held_on", "agenda", "minutes")},
        "year": str(item["year"]),
        "participants": [dict(p) for p in item["participants"]],
        "decisions": [
            {
                "text": d["text"],
                "agreement_year": str(d["agreement"]["year"]) if d["agreement"] else "",
                "agreement_area": d["agreement"]["area_code"] if d["agreement"] else "",
            }
            for d in item["decisions"]
        ],
        "follow_ups": [
            {"text": f["text"], "responsible": f["responsible"], "due_on": f["due_on"] or ""}
            for f in item["follow_ups"]
        ],
    }


async def _form_page(
    request: Request, values: dict[str, Any], errors: dict[str, str], *, item: Dialogue | None = None
) -> Response:
    organisations = await AllocationClient(request).housing_organisations()
    context = {
        "form": values,
        "errors": errors,
        "item": item,
        "organisations": organisations,
        "kinds": KINDS,
        "participant_rows": spare_rows(values.get("participants") or []),
        "decision_rows": spare_rows(values.get("decisions") or []),
        "follow_up_rows": spare_rows(values.get("follow_ups") or []),
    }
    template = "categorisation/plans/dialogue_form.html"
    return plans_page(request, template, context, status_code=422 if errors else 200)


@router.get("/ny", response_class=HTMLResponse, dependencies=writers_only)
async def new_dialogue(request: Request) -> Response:
    """A new record; for a chosen organisation the steering dialogue's agenda and parties are prefilled."""
    year = await _year(request, request.query_params.get("year"))
    organisations = await AllocationClient(request).housing_organisations()
    chosen = next((o for o in organisations if o["code"] == request.query_params.get("organisation")), None)
    values: dict[str, Any] = {"year": str(year), "kind": "steering", "organisation": "", "participants": []}
    if chosen is not None:
        values["organisation"] = chosen["code"]
        values["agenda"] = await prefilled_agenda(request, chosen, year)
        municipality = gateway_state(request).municipality.name
        values["participants"] = [
            {"organisation": name, "role": ""} for name in (municipality, chosen["name"]) if name
        ]
    return await _form_page(request, values, {})


@router.post("/ny", response_class=HTMLResponse, dependencies=writers_only)
async def create_dialogue(request: Request) -> Response:
    form = await request.form()
    organisations = [o["code"] for o in await AllocationClient(request).housing_organisations()]
    body, values, errors = read_dialogue_form(form, organisations)
    if not errors:
        outcome = await AreaPlansClient(request).create_dialogue(body)
        if not outcome.refused:
            return redirect(request, f"{PREFIX}/{outcome.json()['id']}?notice=dialogue_saved")
        errors = service_errors(outcome.problems, FIELDS)
    return await _form_page(request, values, errors)


@router.get("/{dialogue_id:int}", response_class=HTMLResponse)
async def dialogue_page(request: Request, dialogue_id: int, user: PageUser) -> Response:
    item = await AreaPlansClient(request).dialogue(dialogue_id)
    allocation = AllocationClient(request)
    organisations = {o["code"]: o["name"] for o in await allocation.housing_organisations()}
    # A decision's agreement is named by its area's name (the year's figures name it), never by its code.
    codes = [link["area_code"] for d in item["decisions"] if (link := d.get("agreement"))]
    areas = await CategorisationClient(request).names_of(item["year"], codes) if codes else {}
    context = {"item": item, "names": organisations, "area_names": areas, "may_write": may_write(user)}
    return plans_page(request, "categorisation/plans/dialogue.html", context)


@router.get("/{dialogue_id:int}/rediger", response_class=HTMLResponse, dependencies=writers_only)
async def edit_dialogue(request: Request, dialogue_id: int) -> Response:
    item = await AreaPlansClient(request).dialogue(dialogue_id)
    return await _form_page(request, dialogue_values(item), {}, item=item)


@router.post("/{dialogue_id:int}/rediger", response_class=HTMLResponse, dependencies=writers_only)
async def update_dialogue(request: Request, dialogue_id: int) -> Response:
    client = AreaPlansClient(request)
    item = await client.dialogue(dialogue_id)
    form = await request.form()
    organisations = [o["code"] for o in await AllocationClient(request).housing_organisations()]
    body, values, errors = read_dialogue_form(form, [*organisations, item["organisation"]])
    # The year and the organisation stay what they were: a record moves to no other meeting.
    body.pop("year")
    body.pop("organisation")
    errors.pop("year", None)
    errors.pop("organisation", None)
    if not errors:
        outcome = await client.update_dialogue(dialogue_id, body)
        if not outcome.refused:
            return redirect(request, f"{PREFIX}/{dialogue_id}?notice=dialogue_saved")
        errors = service_errors(outcome.problems, FIELDS)
    return await _form_page(
        request,
        {**values, "year": str(item["year"]), "organisation": item["organisation"]},
        errors,
        item=item,
    )
