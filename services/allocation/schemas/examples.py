"""Examples of the allocation API's bodies for its OpenAPI document, from the demo data.

Each schema names its examples in its `model_config` (`json_schema_extra`), so one example serves every
operation that takes or answers that shape; tests/test_openapi_documents.py checks each against its schema.
Areas, organisations, seekers and references are the demo's (services/allocation/demo.py: DEMO-01 … DEMO-12,
`demo-boligorganisation`, seekers BS-00001 …), so a request copied from /docs works on a demo installation.
Every name is fictitious and marked "(demo)".
"""

from pydantic.config import JsonDict, JsonValue


def reason(code: str, text: str, paragraph: str | None = None, **params: str) -> JsonDict:
    return {"code": code, "text": text, "paragraph": paragraph, "params": dict(params)}


QUOTA_REASON = reason(
    "quota_municipal",
    "Vacancy no. 47 of the area's letting year: floor(47 × 25 %) = 11 municipal vacancies are due and 9 "
    "were given, so this one goes to municipal allocation.",
    "ABL § 59 stk. 1",
    sequence="47",
    share="25 %",
)

# --- housing organisations and areas ----------------------------------------------------------------

ORGANISATION_CREATE: JsonDict = {"code": "demo-boligselskabet-syd", "name": "Boligselskabet Syd (demo)"}
ORGANISATION: JsonDict = {
    "code": "demo-boligorganisation",
    "name": "Demo Boligorganisation",
    "areas": ["DEMO-01", "DEMO-02", "DEMO-03"],
}
AREA: JsonDict = {"code": "DEMO-01", "name": "Solbakken (demo)", "housing_org": "demo-boligorganisation"}
AREA_UPDATE: JsonDict = {"name": "Nordlys (demo)", "housing_org": "demo-boligselskabet-syd"}

# --- letting agreements -----------------------------------------------------------------------------

CONDITION: JsonDict = {"code": "single_hours_per_week_min", "value": 37.0}
CRITERIA_GROUP: JsonDict = {
    "code": "labour_market",
    "share_pct": 80.0,
    "label_da": "Tilknytning til arbejdsmarkedet",
    "label_en": "Attached to the labour market",
    "conditions": [CONDITION, {"code": "couple_one_full_time_or_both_hours_min", "value": 25.0}],
}
TALLY: JsonDict = {"vacancies": 30, "municipal": 3, "flexible": 27, "waiting_list": 0}
AGREEMENT: JsonDict = {
    "year": 2025,
    "source_year": 2024,
    "source_status": "approved",
    "area_code": "DEMO-01",
    "area_name": "Solbakken (demo)",
    "housing_org": "demo-boligorganisation",
    "category": "red",
    "designations": ["vulnerable_area", "parallel_society"],
    "municipal_share_pct": 10.0,
    "applied_municipal_share_pct": 10.0,
    "flexible_share_pct": 100.0,
    "rehousing_share_pct": 0.0,
    "flexible_mandatory": True,
    "legal_basis": "imposed",
    "status": "agreed",
    "flexible_criteria": [
        CRITERIA_GROUP,
        {
            "code": "students",
            "share_pct": 10.0,
            "label_da": "Fuldtidsstuderende",
            "label_en": "Full-time students",
            "conditions": [{"code": "full_time_student", "value": None}],
        },
    ],
    "flexible_period_from": 2022,
    "flexible_period_to": 2025,
    "combined_letting_ordered": True,
    "combined_letting_extended": False,
    "note": "",
    "bans": ["ABL § 59 stk. 6"],
    "warnings": [],
    "tally": TALLY,
    "agreed_by": "user:officer",
    "agreed_at": "2024-12-15T09:00:00Z",
    "created_by": "demo-loader",
    "created_at": "2024-11-28T09:00:00Z",
    "updated_by": "user:officer",
    "updated_at": "2024-12-15T09:00:00Z",
}
AGREEMENT_NOTE = "Aftalt i styringsdialogen 10. december 2025."
AGREEMENT_UPDATE: JsonDict = {"municipal_share_pct": 25, "note": AGREEMENT_NOTE}
AGREEMENT_AGREE: JsonDict = {"status": "agreed"}
AGREEMENT_CREATE: JsonDict = {
    "area_code": "DEMO-13",
    "category": "green",
    "designations": [],
    "municipal_share_pct": 25,
    "flexible_share_pct": 0,
    "legal_basis": "imposed",
    "note": "Nyt byggeri (demo), uden for kategoriseringen indtil første boligtal.",
}
AGREEMENT_CHANGE: JsonDict = {
    "changes": {"municipal_share_bp": [2000, 2500], "note": ["", AGREEMENT_NOTE]},
    "changed_by": "user:officer",
    "changed_at": "2025-12-16T10:30:00Z",
}
AGREEMENT_DRAFT: JsonDict = {
    "year": 2027,
    "source_year": 2026,
    "source_status": "approved",
    "created": [f"DEMO-{n:02d}" for n in range(1, 13)],
    "replaced": [],
    "kept": [],
}

# --- vacancies and lettings -------------------------------------------------------------------------

VACANCY_CREATE: JsonDict = {
    "external_id": "demo-boligorganisation:DEMO-09:2026:0101",
    "area_code": "DEMO-09",
    "dwelling_ref": "DEMO-09-4-2.th",
    "rooms": 3,
    "floor_area_m2": 82.5,
    "monthly_rent_dkk": 7245.0,
    "available_from": "2026-12-28",
    "accessible": False,
}
RECEIPT: JsonDict = {
    "id": 3799,
    "external_id": "demo-boligorganisation:DEMO-09:2026:0101",
    "area_code": "DEMO-09",
    "year": 2026,
    "sequence": 47,
    "channel": "municipal",
    "reason": "Vacancy no. 47 of the area's letting year: floor(47 × 25 %) = 11 municipal vacancies are "
    "due and 9 were given, so this one goes to municipal allocation. The agreement's municipal share of "
    "25 % was applied: the municipality may impose up to 25 % (ABL § 59 stk. 1).",
}
LETTING_CREATE: JsonDict = {"channel": "waiting_list", "let_on": "2026-12-20"}
LETTING_CREATE_MUNICIPAL: JsonDict = {"channel": "municipal", "let_on": "2027-01-02", "seeker_id": 10}
LETTING: JsonDict = {
    "id": 3788,
    "vacancy_id": 3797,
    "area_code": "DEMO-09",
    "year": 2026,
    "channel": "waiting_list",
    "assigned_channel": "waiting_list",
    "let_on": "2026-12-20",
    "days_to_letting": 1,
    "seeker_id": None,
    "offer_id": None,
    "recorded_by": "client:housing-org-demo",
    "created_at": "2026-12-20T08:12:00Z",
}
VACANCY: JsonDict = {
    **RECEIPT,
    "area_name": "Skovbrynet (demo)",
    "housing_org": "demo-boligorganisation",
    "reason_code": "quota_municipal",
    "reason_params": {
        "sequence": "47",
        "share": "25 %",
        "due": "11",
        "before": "9",
        "share_basis": "share_imposed",
        "agreement_share": "25 %",
        "applied_share": "25 %",
    },
    "municipal_share_pct": 25.0,
    "agreement_share_pct": 25.0,
    "flexible_share_pct": 50.0,
    "dwelling_ref": "DEMO-09-4-2.th",
    "rooms": 3,
    "floor_area_m2": 82.5,
    "monthly_rent_dkk": 7245.0,
    "accessible": False,
    "available_from": "2026-12-28",
    "status": "open",
    "deadline": "2027-01-11",
    "reported_by": "client:housing-org-demo",
    "reported_by_org": "demo-boligorganisation",
    "created_at": "2026-12-07T09:41:00Z",
    "returned_at": None,
    "reported_on": "2026-12-07",
    "returned_on": None,
    "days_held": 0,
    "letting": None,
}
EVENT: JsonDict = {
    "kind": "reported",
    "detail": {"sequence": 46, "channel": "waiting_list"},
    "actor": "client:housing-org-demo",
    "at": "2026-11-19T09:00:00Z",
}
VACANCY_DETAIL: JsonDict = {
    **VACANCY,
    "id": 3797,
    "external_id": "demo-boligorganisation:DEMO-09:2026:0046",
    "sequence": 46,
    "channel": "waiting_list",
    "reason": "Vacancy no. 46 of the area's letting year: floor(46 × 20 %) = 9 municipal vacancies are due "
    "and 9 were given, so this one is not municipal. Of the 37 other vacancies floor(37 × 50 %) = 18 are "
    "due to flexible letting and 18 were given, so this one goes to the waiting list. The agreement's "
    "municipal share of 20 % was applied: the municipality may impose up to 25 % (ABL § 59 stk. 1).",
    "reason_code": "quota_waiting_list",
    "reason_params": {
        "sequence": "46",
        "share": "20 %",
        "due": "9",
        "before": "9",
        "others": "37",
        "flexible_share": "50 %",
        "flexible_due": "18",
        "flexible_before": "18",
        "share_basis": "share_imposed",
        "agreement_share": "20 %",
        "applied_share": "20 %",
    },
    "municipal_share_pct": 20.0,
    "agreement_share_pct": 20.0,
    "dwelling_ref": "DEMO-09-2-4.t",
    "rooms": 2,
    "floor_area_m2": 67.0,
    "monthly_rent_dkk": 6365.0,
    "accessible": True,
    "available_from": "2026-12-19",
    "status": "let",
    "deadline": None,
    "created_at": "2026-11-19T09:00:00Z",
    "reported_on": "2026-11-19",
    "days_held": None,
    "letting": LETTING,
    "events": [
        EVENT,
        {
            "kind": "let",
            "detail": {"channel": "waiting_list", "let_on": "2026-12-20"},
            "actor": "client:housing-org-demo",
            "at": "2026-12-20T08:12:00Z",
        },
    ],
}
VACANCY_PAGE: JsonDict = {"total": 305, "limit": 1, "offset": 0, "items": [VACANCY]}
OVERDUE_RETURN: JsonDict = {
    "as_of": "2027-01-12",
    "returned": [
        {
            **VACANCY,
            "status": "returned",
            "returned_at": "2027-01-12T02:00:00Z",
            "returned_on": "2027-01-12",
            "days_held": 36,
        }
    ],
    "offers_expired": [2],
}

# --- housing seekers, candidates and offers ---------------------------------------------------------

BENEFIT_PERIOD: JsonDict = {
    "benefit": "kontanthjaelp",
    "first_month": "2026-03-01",
    "last_month": None,
    "date_unknown": False,
}
HOUSEHOLD_FACTS: JsonDict = {
    "released_from_prison_on": None,
    "released_from_prison_date_unknown": False,
    "released_from_youth_placement_on": None,
    "released_from_youth_placement_date_unknown": False,
    "tenancy_terminated_on": None,
    "tenancy_terminated_date_unknown": False,
    "non_eu_citizen": False,
    "non_eu_citizen_is_student": False,
    "benefit_periods": [BENEFIT_PERIOD],
}
SEEKER_DETAILS: JsonDict = {
    "name": "Maja Holm (demo)",
    "adults": 1,
    "children": 1,
    "rooms_min": 2,
    "needs_accessible": False,
    "max_rent_dkk": 7500,
    "area_wishes": ["DEMO-09", "DEMO-11"],
    "urgency": "high",
    "reason": "social",
    "registered_on": "2026-11-02",
    "note": "Henvist fra Borgerservice.",
}
SEEKER_CREATE: JsonDict = {
    **SEEKER_DETAILS,
    "benefit_periods": [{"benefit": "kontanthjaelp", "first_month": "2026-03-01"}],
}
SEEKER_UPDATE: JsonDict = {"urgency": "high", "note": "Ny adresse oplyst ved samtale."}
SEEKER: JsonDict = {
    **HOUSEHOLD_FACTS,
    **SEEKER_DETAILS,
    "id": 11,
    "reference": "BS-00011",
    "status": "active",
    "parked_until": None,
    "created_by": "user:officer",
    "created_at": "2026-11-02T10:15:00Z",
    "dates_to_complete": [],
    "ban_until": {},
}

TIE_BREAKERS: list[JsonValue] = [
    reason("urgency", "Urgency: acute before high before normal."),
    reason("area_wish", "Seekers who wished for the area (or named no area) before those who wished others."),
    reason("rooms_fit", "The closest fit: the fewest rooms beyond what the household needs."),
    reason("seniority", "Seniority: the earliest registration as a housing seeker first."),
    reason("reference", "Last, the seeker's reference, so that the order is always the same."),
]
RANKED: JsonDict = {
    "seeker_id": 10,
    "reference": "BS-00010",
    "name": "Karin Mortensen (demo)",
    "rank": 1,
    "reasons": [
        reason("urgency", "Urgency: acute.", urgency="acute"),
        reason("no_area_wish", "Wished for other areas than this one."),
        reason("rooms_fit", "Needs 2 rooms; the dwelling has 2.", needed="2", rooms="2"),
        reason("seniority", "Registered since 2026-01-10.", since="2026-01-10"),
    ],
}
EXCLUDED: JsonDict = {
    "seeker_id": 6,
    "reference": "BS-00006",
    "name": "Gustav Berg (demo)",
    "rank": None,
    "reasons": [reason("not_accessible", "Needs an accessible dwelling; this one is not known to be.")],
}
CANDIDATES: JsonDict = {
    "vacancy_id": 3798,
    "area_code": "DEMO-10",
    "designations": [],
    "list_year": 2026,
    "designations_source": "list",
    "warnings": [],
    "as_of": "2026-12-07",
    "bans_checked": [],
    "tie_breakers": list(TIE_BREAKERS),
    "candidates": [RANKED],
    "excluded": [EXCLUDED],
}
OFFER_CREATE: JsonDict = {"seeker_id": 10, "reply_days": 5, "note": "Tilbud sendt i e-Boks."}
OFFER_DECLINE: JsonDict = {"reason": "too_expensive", "note": "Huslejen er over rådighedsbeløbet."}
OFFER_ACCEPT: JsonDict = {"note": "Accepteret telefonisk."}
PRIORITY_LIST: list[JsonValue] = [
    {"seeker_id": 10, "reference": "BS-00010", "rank": 1},
    {"seeker_id": 3, "reference": "BS-00003", "rank": 2},
    {"seeker_id": 6, "reference": "BS-00006", "rank": None, "excluded": ["not_accessible"]},
]
OFFER: JsonDict = {
    "id": 2,
    "vacancy_id": 3798,
    "seeker_id": 10,
    "seeker_reference": "BS-00010",
    "seeker_name": "Karin Mortensen (demo)",
    "status": "pending",
    "reply_by": "2026-12-12",
    "priority_list": list(PRIORITY_LIST),
    "offered_by": "user:officer",
    "offered_at": "2026-12-07T10:05:00Z",
    "decline_reason": None,
    "consequence": None,
    "parked_until": None,
    "decision_priority_list": None,
    "decided_by": None,
    "decided_at": None,
    "note": "Tilbud sendt i e-Boks.",
}
OFFER_DECLINED: JsonDict = {
    **OFFER,
    "status": "declined",
    "decline_reason": "too_expensive",
    "consequence": "none",
    "decision_priority_list": list(PRIORITY_LIST),
    "decided_by": "user:officer",
    "decided_at": "2026-12-09T13:40:00Z",
    "note": "Tilbud sendt i e-Boks.\nHuslejen er over rådighedsbeløbet.",
}
OFFER_WITHDRAWAL: JsonDict = {
    "reason": "Boligen skal bruges til genhusning efter en brand i opgangen.",
    "hearing": "Du blev hørt i telefonen den 9. december 2026 og havde ingen bemærkninger.",
}
OFFER_WITHDRAWN: JsonDict = {
    **OFFER,
    "status": "withdrawn",
    "decided_by": "user:officer",
    "decided_at": "2026-12-09T15:10:00Z",
    "withdrawal_reason": OFFER_WITHDRAWAL["reason"],
}
DECLINE_REASON: JsonDict = {
    "code": "too_expensive",
    "consequence": "none",
    "park_days": None,
    "text_da": "Huslejen er for høj",
    "text_en": "The rent is too high",
}
RANKING_RULES: JsonDict = {
    "tie_breakers": list(TIE_BREAKERS),
    "exclusions": [
        reason("removed", "The seeker is removed from the list, or already housed."),
        reason("parked", "The seeker is parked after declining an offer, until the date shown."),
    ],
    "bans": [
        {
            "paragraph": "ABL § 59 stk. 7",
            "designations": ["prevention_area"],
            "items": [
                {
                    "code": "released_from_prison",
                    "text": "a member was convicted and released from prison in the last 6 months",
                }
            ],
        }
    ],
    "decline_reasons": [DECLINE_REASON],
}

# --- acute housing ----------------------------------------------------------------------------------

ACUTE_CREATE: JsonDict = {
    "resident_of_municipality": True,
    "acute_unforeseen_situation": True,
    "had_own_dwelling": True,
    "divorce_with_children_under_18": True,
    "registered_housing_organisations": 2,
    "facts": {},
    "applicant_name": "Karin Mortensen (demo)",
    "officer_note": "Samtale i Borgerservice.",
}
ACUTE_CRITERION: JsonDict = {
    "code": "registered_housing_organisations",
    "met": True,
    "text_da": "Ansøgeren er skrevet op i mindst to boligorganisationer.",
    "text_en": "The applicant is on the waiting list of at least two housing organisations.",
    "why_da": "Opfyldt: 2 angivet, mindst 2 kræves.",
    "why_en": "Met: 2 stated, at least 2 required.",
    "answer": 2,
}
ACUTE_APPLICATION: JsonDict = {
    "id": 3,
    "reference": "AK-2026-00003",
    "eligible": True,
    "criteria": [
        {
            "code": "resident_of_municipality",
            "met": True,
            "text_da": "Ansøgeren er borger i Gladsaxe Kommune.",
            "text_en": "The applicant is a resident of Gladsaxe Municipality.",
            "why_da": "Opfyldt: ansøgningen oplyser, at det er tilfældet.",
            "why_en": "Met: the application states that this is so.",
            "answer": True,
        },
        ACUTE_CRITERION,
    ],
    "citizen_text_da": "Du opfylder alle betingelserne for at blive anvist en akutbolig. Kommunen kontakter "
    "dig, når der er en bolig, der passer til din situation.",
    "citizen_text_en": "You meet every condition for acute housing. The municipality will contact you when a "
    "dwelling that suits your situation is available.",
    "officer_text_da": "Alle 5 kriterier er opfyldt: ansøgeren kan anvises en akutbolig.",
    "officer_text_en": "All 5 criteria are met: the applicant may be allocated acute housing.",
    "officer_note": "Samtale i Borgerservice.",
    "applicant_name": "Karin Mortensen (demo)",
    "decided_by": "user:officer",
    "decided_at": "2026-12-07T11:20:00Z",
    "note_updated_by": None,
    "note_updated_at": None,
}
ACUTE_NOTE: JsonDict = {"officer_note": "Dokumentation for skilsmisse modtaget."}
ACUTE_CRITERION_CONFIG: JsonDict = {
    "code": "registered_housing_organisations",
    "text_da": "Ansøgeren er skrevet op i mindst to boligorganisationer.",
    "text_en": "The applicant is on the waiting list of at least two housing organisations.",
    "minimum": 2,
}

# --- applicant checks and § 51 c dispensations ------------------------------------------------------

BENEFIT_RECEIPT: JsonDict = {"benefit": "kontanthjaelp", "received_now": True, "consecutive_months": 7}
PERSON_BENEFITS: JsonDict = {"benefits": [BENEFIT_RECEIPT]}
PARTNER_BENEFITS: JsonDict = {"relation": "spouse", "benefits": [BENEFIT_RECEIPT]}
APPLICANT_CHECK_CREATE: JsonDict = {
    "area_code": "DEMO-01",
    "lives_in_department": False,
    "applicant": PERSON_BENEFITS,
    "partner": PARTNER_BENEFITS,
    "applicant_ref": "VL-2026-0231",
}
CHECK_REASONS: list[JsonValue] = [
    reason(
        "s51c_benefits",
        f"Transformation area: the {who} receives kontanthjaelp now, so the applicant must be rejected. The "
        "municipality may dispense only in very special cases.",
        "ABL § 51 c",
        person=person,
        benefits="kontanthjaelp",
    )
    for person, who in (("applicant", "applicant"), ("partner", "spouse or cohabitant"))
]
APPLICANT_CHECK: JsonDict = {
    "id": 2,
    "area_code": "DEMO-01",
    "designations": ["combined_letting_area", "parallel_society", "transformation_area", "vulnerable_area"],
    "allowed": False,
    "paragraphs": ["ABL § 51 c", "ABL § 51 b"],
    "reasons": list(CHECK_REASONS),
    "dispensation_possible": True,
    "checked_at": "2026-12-07T09:30:00Z",
    "list_year": 2026,
    "designations_source": "list",
}
APPLICANT_CHECK_RECORD: JsonDict = {
    "id": 2,
    "area_code": "DEMO-01",
    "allowed": False,
    "paragraphs": ["ABL § 51 c", "ABL § 51 b"],
    "reasons": list(CHECK_REASONS),
    "applicant_ref": "VL-2026-0231",
    "housing_org": "demo-boligorganisation",
    "created_at": "2026-12-07T09:30:00Z",
    "dispensation_possible": True,
    "dispensation_id": None,
}
CONSIDERATION: JsonDict = {
    "code": "work_or_education",
    "applies": True,
    "note": "Fastansættelse fra 1. februar 2027 (kontrakt set).",
}
DISPENSATION_JUSTIFICATION = (
    "Arbejde inden for kort tid og børnenes skolegang gør en afvisning uforholdsmæssigt hård."
)
DISPENSATION_CREATE: JsonDict = {
    "considerations": [
        CONSIDERATION,
        {"code": "pension_transfer", "applies": False, "note": "Ikke aktuelt."},
        {"code": "dwelling_outside", "applies": False, "note": "Ingen anden bolig i udsigt."},
        {"code": "other_hardship", "applies": True, "note": "Børnene går i skole i området."},
    ],
    "granted": True,
    "justification": DISPENSATION_JUSTIFICATION,
}
DISPENSATION: JsonDict = {
    "id": 2,
    "check_id": 2,
    "area_code": "DEMO-01",
    "housing_org": "demo-boligorganisation",
    "applicant_ref": "VL-2026-0231",
    **DISPENSATION_CREATE,
    "decided_on": "2026-12-07",
    "report_year": 2027,
    "decided_by": "user:officer",
    "decided_at": "2026-12-07T14:02:00Z",
}
DISPENSATION_REPORT_AREA: JsonDict = {"area_code": "DEMO-01", "granted": 1, "refused": 0}
DISPENSATION_REPORT: JsonDict = {
    "report_year": 2027,
    "first_day": "2026-07-01",
    "last_day": "2027-06-30",
    "due_on": "2027-07-01",
    "granted": 1,
    "refused": 0,
    "areas": [DISPENSATION_REPORT_AREA],
}

# --- decision letters ------------------------------------------------------------------------------

LETTER_DELIVERY: JsonDict = {
    "channel": "print",
    "status": "sent",
    "receipt": "AK-2026-00003-7.pdf",
    "attempts": 1,
    "attempted_at": "2026-12-07T11:25:00Z",
    "sent_at": "2026-12-07T11:25:00Z",
    "detail": "",
}
LETTER: JsonDict = {
    "id": 7,
    "decision_type": "acute_housing",
    "decision_id": 3,
    "language": "da",
    "reference": "AK-2026-00003",
    "issued_on": "2026-12-07",
    "correction_of": None,
    "corrected_by": None,
    "created_by": "user:officer",
    "created_at": "2026-12-07T11:20:00Z",
    "deliveries": [LETTER_DELIVERY],
}
# The Danish letter is the one sent; the English one is issued beside it for whoever asks for it.
LETTER_ENGLISH: JsonDict = {**LETTER, "id": 8, "language": "en", "deliveries": []}
LETTER_CORRECTION_CREATE: JsonDict = {"reason": "Samtalen i Borgerservice var den 4. december, ikke den 7."}
LETTER_CORRECTED: JsonDict = {
    **LETTER,
    "id": 11,
    "reference": "AK-2026-00003-2",
    "issued_on": "2026-12-08",
    "correction_of": 7,
    "created_at": "2026-12-08T09:05:00Z",
    "deliveries": [
        {
            **LETTER_DELIVERY,
            "status": "queued",
            "receipt": None,
            "attempts": 0,
            "attempted_at": None,
            "sent_at": None,
        }
    ],
}


def _letter_page(
    title: str, issued: str, reference: str, recipient: str | None, decision: str, basis: str
) -> str:
    """A decision letter as the letter endpoints serve it (services/kit/templates/letter.html), shortened:
    the page, the heading and the decision; the reasons, facts and hearing left out."""
    to = f"<br>\nTil: {recipient}" if recipient else ""
    return (
        f'<!DOCTYPE html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f'</head>\n<body>\n<main>\n<p class="meta">Gladsaxe Kommune, Boliganvisningen<br>\n'
        f"Dato: {issued}<br>\nSagsnummer: {reference}{to}</p>\n<h1>{title}</h1>\n"
        f"<h2>Afgørelse</h2>\n<p>{decision}</p>\n<h2>Klagevejledning</h2>\n"
        f"<p><b>Klagefrist</b>: 4 uger fra du har modtaget afgørelsen<br>\n"
        f"Klageadgang efter {basis}; kommunestyrelsesloven § 48</p>\n</main>\n</body>\n</html>\n"
    )


_DWELLING = (
    "boligen DEMO-10-12-1.tv i Åbakken (demo) (DEMO-10): 2 værelser, 64,5 m², husleje 6.120 kr. om måneden, "
    "ledig fra 1. januar 2027"
)
ACUTE_LETTER_HTML = _letter_page(
    "Afgørelse om akut boliganvisning",
    "7. december 2026",
    "AK-2026-00003",
    "Karin Mortensen (demo)",
    "Du opfylder kommunens kriterier for akut boliganvisning. Kommunen anviser dig en bolig, når der er en "
    "ledig bolig, der passer til din situation.",
    "almenboligloven § 59, stk. 1",
)
OFFER_LETTER_HTML = _letter_page(
    "Tilbud om bolig ved kommunal anvisning",
    "7. december 2026",
    "TB-2026-00002",
    "Karin Mortensen (demo)",
    f"Kommunen tilbyder dig at leje {_DWELLING}.",
    "almenboligloven § 59, stk. 1",
)
WITHDRAWAL_LETTER_HTML = _letter_page(
    "Tilbud om bolig trækkes tilbage",
    "9. december 2026",
    "TT-2026-00002",
    "Karin Mortensen (demo)",
    f"Kommunen trækker tilbuddet af 7. december 2026 om at leje {_DWELLING} tilbage. Det har ingen "
    "betydning for din opskrivning til kommunal boliganvisning.",
    "almenboligloven § 59, stk. 1",
)
DISPENSATION_LETTER_HTML = _letter_page(
    "Afgørelse om dispensation efter almenboligloven § 51 c",
    "7. december 2026",
    "DI-2026-00002",
    None,
    "Kommunen giver dispensation. Boligorganisationen skal derfor ikke afvise dig som lejer af en bolig i "
    "Solbakken (demo) (DEMO-01) på grund af de ydelser, du modtager.",
    "almenboligloven § 51 c, stk. 4",
)

# --- statistics -------------------------------------------------------------------------------------


def _breakdown(total: int, counts: list[int], shares: list[float]) -> JsonDict:
    channels = ("waiting_list", "flexible", "municipal", "other")
    return {
        "total": total,
        "counts": dict(zip(channels, counts, strict=True)),
        "shares_pct": dict(zip(channels, shares, strict=True)),
    }


CHANNEL_BREAKDOWN = _breakdown(78, [24, 48, 6, 0], [30.8, 61.5, 7.7, 0.0])
CHANNEL_STATISTICS: JsonDict = {
    **_breakdown(609, [349, 132, 112, 16], [57.3, 21.7, 18.4, 2.6]),
    "year": 2025,
    "by_category": {
        "red": CHANNEL_BREAKDOWN,
        "pink": _breakdown(110, [42, 60, 8, 0], [38.2, 54.5, 7.3, 0.0]),
        "yellow": _breakdown(147, [91, 24, 26, 6], [61.9, 16.3, 17.7, 4.1]),
        "green": _breakdown(274, [192, 0, 72, 10], [70.1, 0.0, 26.3, 3.6]),
    },
    "suppressed": False,
    "suppression_threshold": 5,
}
YEAR_FIGURES: JsonDict = {
    "year": 2025,
    "lettings": 609,
    "counts": CHANNEL_STATISTICS["counts"],
    "shares_pct": CHANNEL_STATISTICS["shares_pct"],
    "municipal_allocations": 112,
    "returned": 14,
    "median_days_to_letting": 14.0,
    "mean_days_to_letting": 16.0,
    "days_by_channel": {"waiting_list": 15.0, "flexible": 23.0, "municipal": 9.0, "other": 18.0},
}
YEARS_STATISTICS: JsonDict = {"years": [YEAR_FIGURES], "suppression_threshold": 5}
QUOTA_LINE: JsonDict = {
    "area_code": "DEMO-08",
    "area_name": "Møllegården (demo)",
    "category": "yellow",
    "municipal_share_pct": 20.0,
    "vacancies": 40,
    "due": 8,
    "allocated": 4,
    "pending": 1,
    "returned": 3,
    "fulfilment_pct": 50.0,
    "forecast_vacancies": 42.8,
    "forecast_due": 8,
    "forecast_allocated": 5.0,
    "forecast_fulfilment_pct": 62.5,
    "behind": True,
}
QUOTA_ALERT: JsonDict = {
    "area_code": "DEMO-08",
    "code": "behind",
    "text": "Møllegården (demo): the forecast fulfilment is 62.5 %, under 90 %.",
}
QUOTA_STATISTICS: JsonDict = {
    "year": 2026,
    "as_of": "2026-12-07",
    "elapsed_days": 341,
    "year_days": 365,
    "alert_below_pct": 90.0,
    "areas": [QUOTA_LINE],
    "categories": [
        {
            **QUOTA_LINE,
            "area_code": None,
            "area_name": None,
            "category": "red",
            "municipal_share_pct": None,
            "vacancies": 73,
            "due": 8,
            "allocated": 8,
            "pending": 0,
            "returned": 0,
            "fulfilment_pct": 100.0,
            "forecast_vacancies": 78.1,
            "forecast_due": 8,
            "forecast_allocated": 8.0,
            "forecast_fulfilment_pct": 100.0,
            "behind": False,
        }
    ],
    "total": {
        **QUOTA_LINE,
        "area_code": None,
        "area_name": None,
        "category": None,
        "municipal_share_pct": None,
        "vacancies": 570,
        "due": 123,
        "allocated": 116,
        "pending": 4,
        "returned": 3,
        "fulfilment_pct": 94.3,
        "forecast_vacancies": 610.1,
        "forecast_due": 128,
        "forecast_allocated": 125.0,
        "forecast_fulfilment_pct": 97.7,
        "behind": True,
    },
    "alerts": [
        QUOTA_ALERT,
        {
            "area_code": "DEMO-08",
            "code": "returned",
            "text": "Møllegården (demo): 3 municipal vacancies were returned unfilled.",
        },
    ],
    "suppressed": False,
}

# --- bookkeeping: § 51 b decisions and days held ----------------------------------------------------

COMBINED_LETTING_DECISION_CREATE: JsonDict = {
    "kind": "order",
    "decided_on": "2026-11-26",
    "decided_by": "Økonomiudvalget",
    "justification": "Området er på listen over områder med kombineret udlejning (ABL § 51 b).",
}
COMBINED_LETTING_DECISION: JsonDict = {
    "id": 4,
    "area_code": "DEMO-05",
    "area_name": "Lyngvej (demo)",
    **COMBINED_LETTING_DECISION_CREATE,
    "recorded_by": "user:officer",
    "recorded_at": "2026-11-27T09:10:00Z",
}
COMBINED_LETTING_REPORT: JsonDict = {
    "date_from": "2026-01-01",
    "date_to": "2026-12-31",
    "decisions": [COMBINED_LETTING_DECISION],
}
DAYS_HELD_LINE: JsonDict = {
    "area_code": "DEMO-01",
    "area_name": "Solbakken (demo)",
    "municipal_vacancies": 3,
    "still_held": 0,
    "days_total": 28,
    "days_mean": 9.3,
}
DAYS_HELD: JsonDict = {
    "year": 2025,
    "as_of": "2026-12-07",
    "areas": [DAYS_HELD_LINE],
    "total": {
        "area_code": None,
        "area_name": None,
        "municipal_vacancies": 126,
        "still_held": 0,
        "days_total": 1153,
        "days_mean": 9.2,
    },
}

# --- files ------------------------------------------------------------------------------------------

COMBINED_LETTING_CSV = (
    "\ufeffBeslutningsdato;Områdekode;Boligområde;Beslutning;Beslutningskode;Besluttet af;Begrundelse;"
    "Hjemmel\r\n"
    "26-11-2026;DEMO-05;Lyngvej (demo);Påbud om kombineret udlejning;order;Økonomiudvalget;"
    "Området er på listen over områder med kombineret udlejning (ABL § 51 b).;ABL § 51 b\r\n"
)
DAYS_HELD_CSV = (
    "\ufeffOmrådekode;Boligområde;Kommunale ledige boliger;Holdes stadig af kommunen;Dage i alt;"
    "Gennemsnit, dage\r\n"
    "DEMO-01;Solbakken (demo);3;0;28;9,3\r\n"
    ";I alt;126;0;1153;9,2\r\n"
)
DISPENSATIONS_CSV = (
    "\ufeffNr.;Afgjort den;Indberetningsår;Område;Boligorganisationens reference;Dispensation givet;"
    "Udsigt til arbejde eller uddannelse inden for kort tid;"
    "Udsigt til arbejde eller uddannelse inden for kort tid: bemærkning;"
    "Nært forestående overgang til førtidspension eller folkepension;"
    "Nært forestående overgang til førtidspension eller folkepension: bemærkning;"
    "Ansøgerens udsigt til en bolig uden for området;"
    "Ansøgerens udsigt til en bolig uden for området: bemærkning;"
    "Andre særlige forhold, der ville gøre en afvisning uforholdsmæssigt hård;"
    "Andre særlige forhold, der ville gøre en afvisning uforholdsmæssigt hård: bemærkning;"
    "Begrundelse;Afgjort af\r\n"
    "2;07-12-2026;2027;DEMO-01;VL-2026-0231;Ja;Ja;Fastansættelse fra 1. februar 2027 (kontrakt set).;"
    "Nej;Ikke aktuelt.;Nej;Ingen anden bolig i udsigt.;Ja;Børnene går i skole i området.;"
    f"{DISPENSATION_JUSTIFICATION};user:officer\r\n"
)
DISPENSATION_REPORT_CSV = (
    "\ufeffIndberetningsår;Periode fra;Periode til;Område;Dispensationer givet;Dispensationer afslået\r\n"
    "2027;01-07-2026;30-06-2027;DEMO-01;1;0\r\n"
    "2027;01-07-2026;30-06-2027;I alt;1;0\r\n"
)

# --- the common letting agreement (fællesaftale) -----------------------------------------------------

COMMON_AGREEMENT_ORGANISATION: JsonDict = {
    "code": "demo-boligselskabet-nord",
    "name": "Boligselskabet Nord (demo)",
}
COMMON_AGREEMENT_CATEGORISATION: JsonDict = {"category": "green", "designations": [], "status": "approved"}
COMMON_AGREEMENT_AREA_AGREEMENT: JsonDict = {
    "source_year": 2025,
    "municipal_share_pct": 30.0,
    "flexible_share_pct": 0.0,
    "rehousing_share_pct": 0.0,
    "flexible_mandatory": False,
    "flexible_criteria": [],
    "flexible_period_from": None,
    "flexible_period_to": None,
    "legal_basis": "agreement",
    "status": "agreed",
    "combined_letting_ordered": False,
    "combined_letting_extended": False,
    "note": "",
}
COMMON_AGREEMENT_AREA: JsonDict = {
    "area_code": "DEMO-10",
    "area_name": "Åbakken (demo)",
    "categorisation": COMMON_AGREEMENT_CATEGORISATION,
    "agreement": COMMON_AGREEMENT_AREA_AGREEMENT,
}
COMMON_AGREEMENT_TARGET: JsonDict = {
    "area_code": "DEMO-10",
    "indicator": "income_pct_of_region",
    "comparator": ">=",
    "value": 70.0,
    "by_year": 2028,
}
COMMON_AGREEMENT_PLAN: JsonDict = {
    "title": "Områdeplan for Skovbrynet og Åbakken (demo)",
    "area_codes": ["DEMO-09", "DEMO-10"],
    "period_from": 2022,
    "period_to": 2028,
    "visions": "Trygge, grønne boligområder, hvor flere er i job eller uddannelse. (demo)",
    "requirements": "Boligorganisationerne og kommunen følger målene op i styringsdialogen. (demo)",
    "community": "Fælles aktiviteter i de to områder, drevet af afdelingsbestyrelserne. (demo)",
    "targets": [
        {
            "area_code": "DEMO-09",
            "indicator": "outside_labour_market_pct",
            "comparator": "<=",
            "value": 25.0,
            "by_year": 2028,
        },
        COMMON_AGREEMENT_TARGET,
    ],
}
COMMON_AGREEMENT_CONTENT: JsonDict = {
    "year": 2026,
    "organisation": COMMON_AGREEMENT_ORGANISATION,
    "categorisation_year": 2025,
    "categorisation_approved": True,
    "generated_at": "2025-12-05T09:00:00Z",
    "areas": [
        COMMON_AGREEMENT_AREA,
        {**COMMON_AGREEMENT_AREA, "area_code": "DEMO-11", "area_name": "Grønnevang (demo)"},
    ],
    "area_plans": [COMMON_AGREEMENT_PLAN],
}
COMMON_AGREEMENT_VERSION: JsonDict = {
    "version": 1,
    "status": "sent",
    "sent_at": "2025-12-05T09:00:00Z",
    "sent_by": "user:officer",
    "agreed_at": None,
    "agreed_by": None,
}
COMMON_AGREEMENT: JsonDict = {
    **COMMON_AGREEMENT_CONTENT,
    "version": 1,
    "latest_version": 1,
    "status": "sent",
    "sent_at": "2025-12-05T09:00:00Z",
    "sent_by": "user:officer",
    "agreed_at": None,
    "agreed_by": None,
    "versions": [COMMON_AGREEMENT_VERSION],
    "changed_since": False,
    "problems": [],
}
COMMON_AGREEMENT_SEND: JsonDict = {"status": "sent"}
COMMON_AGREEMENT_AGREE: JsonDict = {"status": "agreed"}
COMMON_AGREEMENT_SUMMARY: JsonDict = {
    "year": 2026,
    "organisation": COMMON_AGREEMENT_ORGANISATION,
    "area_count": 2,
    "latest_version": 1,
    "status": "sent",
    "sent_at": "2025-12-05T09:00:00Z",
    "agreed_at": None,
}
COMMON_AGREEMENT_NOT_SENDABLE = reason(
    "area_without_agreement",
    "Area DEMO-12 has no letting agreement for 2026: every area of the organisation needs one before the "
    "common agreement is sent.",
    None,
    area_code="DEMO-12",
    year="2026",
)
