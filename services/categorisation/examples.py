"""Examples of the categorisation API's bodies for its OpenAPI document, from the demo data.

Each schema names its examples in its `model_config` (`json_schema_extra`), so one example serves every
operation that takes or answers that shape; tests/test_openapi_documents.py checks each against its schema.
The codes and figures are the demo's (services/categorisation/demo.py: DEMO-01 Solbakken … DEMO-12 Nordlys,
Gladsaxe's kommunekode 159 in region 1084), so a request copied from /docs works on a demo installation.
"""

from pydantic.config import JsonDict, JsonValue

YEAR: JsonDict = {"year": 2025, "status": "approved", "approved_revision": 1}
IMPORT: JsonDict = {"rows": 12, "years": [2026], "areas": 12, "import_id": 3}
PARAMETERS_UPDATE: JsonDict = {"national_convicted_pct": 1.1}
PARAMETERS: JsonDict = {
    "year": 2026,
    "national_convicted_pct": 1.1,
    "updated_by": "user:analyst",
    "updated_at": "2026-03-12T09:15:00Z",
}

THRESHOLDS: JsonDict = {
    "outside_labour_market_pct_above": 25.0,
    "convicted_multiple_at_least": 1.5,
    "basic_education_pct_above": 50.0,
    "income_pct_of_region_below": 70.0,
    "criteria_needed": 2,
}
THRESHOLDS_REASON = "Byrådets beslutning af 12. marts 2026: tærsklerne fastholdes for 2026."
THRESHOLDS_UPDATE: JsonDict = {**THRESHOLDS, "reason": THRESHOLDS_REASON}
THRESHOLDS_VERSION: JsonDict = {
    **THRESHOLDS,
    "year": 2026,
    "version": 1,
    "reason": THRESHOLDS_REASON,
    "created_by": "user:analyst",
    "created_at": "2026-03-12T09:15:00Z",
}

WHAT_IF: JsonDict = {"outside_labour_market_pct_above": 22.0, "criteria_needed": 1}
CATEGORY_CHANGE: JsonDict = {
    "area_code": "DEMO-10",
    "area_name": "Åbakken (demo)",
    "residents": 975,
    "before": "green",
    "after": "yellow",
}


def _quota(share: float, before: tuple[int, int], after: tuple[int, int]) -> JsonDict:
    return {
        "municipal_share_pct": share,
        "areas_before": before[0],
        "areas_after": after[0],
        "residents_before": before[1],
        "residents_after": after[1],
    }


QUOTA_LINE = _quota(20.0, (4, 3190), (5, 4165))
WHAT_IF_RESULT: JsonDict = {
    "year": 2026,
    "current": THRESHOLDS,
    "simulated": {**THRESHOLDS, **WHAT_IF},
    "counts_before": {"red": 3, "pink": 3, "yellow": 4, "green": 2},
    "counts_after": {"red": 3, "pink": 3, "yellow": 5, "green": 1},
    "changes": [CATEGORY_CHANGE],
    "quota_before_pct": 14.33,
    "quota_after_pct": 13.83,
    "quota_by_category": {
        "red": _quota(10.0, (3, 6005), (3, 6005)),
        "pink": _quota(10.0, (3, 7605), (3, 7605)),
        "yellow": QUOTA_LINE,
        "green": _quota(30.0, (2, 2610), (1, 1635)),
    },
}


def _criterion(
    lst: str, code: str, value: float, threshold: float, comparator: str, years: list[int], **extra: float
) -> JsonDict:
    return {
        "list": lst,
        "code": code,
        "value": value,
        "threshold": threshold,
        "comparator": comparator,
        "period_years": list(years),
        "met": True,
        "source": "data",
        "complete": True,
        "multiple": extra.get("multiple"),
        "note": None,
        "note_code": None,
        "suppressed": False,
    }


CRITERION = _criterion("vulnerable", "convicted", 3.91, 3.45, "ge", [2024, 2025], multiple=3.0)
DESIGNATIONS = ["vulnerable_area", "parallel_society", "transformation_area", "combined_letting_area"]
DECIDED_BY: JsonDict = {"national": "official_list", "combined_letting": "data"}
AREA: JsonDict = {
    "year": 2025,
    "area_code": "DEMO-01",
    "area_name": "Solbakken (demo)",
    "residents": 2680,
    "designations": list(DESIGNATIONS),
    "category": "red",
    "computed_category": "red",
    "override": None,
    "status": "approved",
    "provisional": False,
    "rule_version": "ABL-2021-11-30-r2",
    "source": "data",
    "met_counts": {"vulnerable": 4, "prevention": 4, "local": 4},
    "criteria": [
        _criterion("size", "residents", 2680.0, 1000.0, "ge", [2025]),
        _criterion("vulnerable", "outside_labour_market", 46.0, 40.0, "gt", [2024, 2025]),
        CRITERION,
        _criterion("vulnerable", "basic_education", 66.0, 60.0, "gt", [2025]),
        _criterion("vulnerable", "income", 50.0, 55.0, "lt", [2025]),
        _criterion("parallel_society", "non_western", 62.0, 50.0, "gt", [2025]),
        _criterion(
            "transformation", "parallel_society_years", 5.0, 5.0, "ge", [2021, 2022, 2023, 2024, 2025]
        ),
    ],
    "computed_designations": list(DESIGNATIONS),
    "decided_by": DECIDED_BY,
    "disagreements": [],
}
CATEGORISATION: JsonDict = {
    "area_code": "DEMO-01",
    "category": "red",
    "designations": list(DESIGNATIONS),
    "status": "approved",
    "decided_by": DECIDED_BY,
}

OVERRIDE_JUSTIFICATION = "Efter styringsdialogen 2025 holdes Rosenhaven gul: indsatsen går godt."
WITHDRAWAL_JUSTIFICATION = "Tilbagekaldt: området følger igen beregningen."
OVERRIDE_CREATE: JsonDict = {"category": "yellow", "justification": OVERRIDE_JUSTIFICATION}
OVERRIDE_WITHDRAW: JsonDict = {"category": None, "justification": WITHDRAWAL_JUSTIFICATION}
OVERRIDE: JsonDict = {**OVERRIDE_CREATE, "created_by": "user:analyst", "created_at": "2026-03-12T09:20:00Z"}
OVERRIDE_WITHDRAWN: JsonDict = {
    **OVERRIDE_WITHDRAW,
    "created_by": "user:analyst",
    "created_at": "2026-04-02T13:05:00Z",
}

APPROVE: JsonDict = {"note": ""}
APPROVE_REVISION: JsonDict = {"note": "Revision efter rettede boligtal for Nordlys (DEMO-12)."}
APPROVAL: JsonDict = {
    "year": 2025,
    "revision": 1,
    "note": "",
    "rule_version": "ABL-2021-11-30-r2",
    "input_sha256": "91543e372de8238effb22bce4d25e17580f9280a09c329f1c4b9c52c1b7b36aa",
    "thresholds": {**THRESHOLDS, "version": 0},
    "parameters": {
        "national_convicted_pct": {"2024": 1.15, "2025": 1.15},
        "rule_versions": {"2024": "ABL-2021-11-30-r2", "2025": "ABL-2021-11-30-r2"},
        "decided_by": DECIDED_BY,
    },
    "approved_by": "user:analyst",
    "approved_at": "2025-12-15T10:02:11Z",
    "counts": {"red": 3, "pink": 2, "yellow": 4, "green": 2},
}
REPRODUCTION: JsonDict = {"year": 2025, "revision": 1, "identical": True, "differences": []}

COUNTS: JsonDict = {"red": 3, "pink": 2, "yellow": 4, "green": 2}
DESIGNATION_COUNTS: JsonDict = {
    "vulnerable_area": 3,
    "parallel_society": 2,
    "transformation_area": 1,
    "prevention_area": 2,
    "combined_letting_area": 6,
}
YEAR_OVERVIEW: JsonDict = {
    "year": 2025,
    "status": "approved",
    "phase": "implementation",
    "areas": 11,
    "provisional": 0,
    "counts": COUNTS,
    "designation_counts": DESIGNATION_COUNTS,
    "national_convicted_pct": 1.15,
    "thresholds_version": 0,
    "rule_version": "ABL-2021-11-30-r2",
    "approved_revision": 1,
    "approved_at": "2025-12-15T10:02:11Z",
    "overrides": 0,
    "decided_by": DECIDED_BY,
    "disagreements": 1,
}
YEAR_SUMMARY: JsonDict = {
    "year": 2025,
    "status": "approved",
    "phase": "implementation",
    "counts": COUNTS,
    "residents": {"red": 5990, "pink": 6510, "yellow": 3770, "green": 2600},
    "designation_counts": DESIGNATION_COUNTS,
    "suppression_threshold": 5,
}

DISAGREEMENT: JsonDict = {
    "area_code": "DEMO-06",
    "area_name": "Rosenhaven (demo)",
    "designation": "prevention_area",
    "official": False,
    "computed": True,
}


def _point(year: int, value: float, vulnerable: float, prevention: float, local: float) -> JsonDict:
    return {
        "year": year,
        "value": value,
        "vulnerable_threshold": vulnerable,
        "prevention_threshold": prevention,
        "local_threshold": local,
    }


TREND_POINT = _point(2025, 40.0, 40.0, 30.0, 25.0)
AREA_HISTORY: JsonDict = {
    "area_code": "DEMO-06",
    "area_name": "Rosenhaven (demo)",
    "years": [2024, 2025],
    "indicators": {
        "outside_labour_market": [_point(2024, 40.0, 40.0, 30.0, 25.0), TREND_POINT],
        "convicted": [_point(2024, 1.175, 3.525, 2.35, 1.7625), _point(2025, 1.15, 3.45, 2.3, 1.725)],
    },
    "categories": {"2024": "pink", "2025": "yellow"},
}

# --- area plans, targets, initiatives and dialogues (DOMAIN § 7) ------------------------------------

STAMP: JsonDict = {
    "created_by": "user:analyst",
    "created_at": "2026-02-03T10:00:00Z",
    "updated_by": "user:analyst",
    "updated_at": "2026-02-10T14:30:00Z",
}
PRINCIPLE: JsonDict = {
    "code": "requirements",
    "name_da": "Krav",
    "name_en": "Requirements",
    "valid_from": None,
}

PLAN_CREATE: JsonDict = {
    "title": "Områdeplan for Engholm (demo)",
    "area_codes": ["DEMO-03"],
    "organisation_codes": ["demo-boligorganisation"],
    "period_from": 2025,
    "period_to": 2030,
    "visions": "Et trygt område med flere i job og uddannelse.",
    "requirements": "Boligorganisationen og kommunen følger målene op i styringsdialogen hvert år.",
    "community": "Fælles aktiviteter drevet af afdelingsbestyrelsen.",
    "published": False,
}
PLAN_UPDATE: JsonDict = {
    "published": True,
    "visions": "Et trygt og grønt område med flere i job og uddannelse.",
}
TARGET_CREATE: JsonDict = {
    "area_code": "DEMO-03",
    "indicator": "outside_labour_market_pct",
    "comparator": "<=",
    "value": 40.0,
    "by_year": 2030,
}
TARGET_UPDATE: JsonDict = {"value": 38.0}
TARGET: JsonDict = {"id": 4, "area_plan_id": 2, **TARGET_CREATE}

# The demo's published plan for Skovbrynet and Åbakken (services/categorisation/plans/demo.py).
SKOVBRYNET_TARGET: JsonDict = {
    "id": 1,
    "area_code": "DEMO-09",
    "indicator": "outside_labour_market_pct",
    "comparator": "<=",
    "value": 25.0,
    "by_year": 2028,
}
SKOVBRYNET_PLAN: JsonDict = {
    "id": 1,
    "title": "Områdeplan for Skovbrynet og Åbakken (demo)",
    "area_codes": ["DEMO-09", "DEMO-10"],
    "area_names": {"DEMO-09": "Skovbrynet (demo)", "DEMO-10": "Åbakken (demo)"},
    "period_from": 2022,
    "period_to": 2028,
    "visions": "Trygge, grønne boligområder, hvor flere er i job eller uddannelse. (demo)",
    "requirements": "Boligorganisationerne og kommunen følger målene op i styringsdialogen. (demo)",
    "community": "Fælles aktiviteter i de to områder, drevet af afdelingsbestyrelserne. (demo)",
}
PLAN: JsonDict = {
    **SKOVBRYNET_PLAN,
    "organisation_codes": ["demo-boligorganisation"],
    "published": True,
    "targets": [{**SKOVBRYNET_TARGET, "area_plan_id": 1}],
    **STAMP,
}
TARGET_EVALUATION: JsonDict = {
    **SKOVBRYNET_TARGET,
    "actual": 25.0,
    "met": True,
    "provisional": False,
    "period_years": [2024, 2025],
    "period_complete": True,
    "suppressed": False,
}
PLAN_EVALUATION: JsonDict = {
    "area_plan_id": 1,
    "year": 2025,
    "targets": [
        TARGET_EVALUATION,
        {
            **TARGET_EVALUATION,
            "id": 2,
            "indicator": "basic_education_pct",
            "comparator": "<",
            "value": 50.0,
            "actual": 50.0,
            "met": False,
            "period_years": [2025],
        },
    ],
}
TREND_POINTS: list[JsonValue] = [
    {"year": 2024, "actual": 25.0, "met": True, "provisional": False, "suppressed": False},
    {"year": 2025, "actual": 25.0, "met": True, "provisional": False, "suppressed": False},
]
TARGET_TREND: JsonDict = {**SKOVBRYNET_TARGET, "points": list(TREND_POINTS)}
PLAN_TREND: JsonDict = {"area_plan_id": 1, "years": [2024, 2025], "targets": [TARGET_TREND]}
YEAR_TARGETS: JsonDict = {
    "year": 2025,
    "plans": 1,
    "targets": 3,
    "met": 2,
    "not_met": 1,
    "no_data": 0,
    "provisional": False,
}
PUBLIC_PLAN: JsonDict = {
    **SKOVBRYNET_PLAN,
    "targets": [SKOVBRYNET_TARGET],
    "evaluation": {"area_plan_id": 1, "year": 2025, "targets": [TARGET_EVALUATION]},
}

PARTNER: JsonDict = {"kind": "department_board", "name": "Afdelingsbestyrelsen i Skovbrynet (demo)"}
MILESTONE: JsonDict = {"title": "Midtvejsevaluering", "due_on": "2027-02-01", "done": False}
INITIATIVE_CREATE: JsonDict = {
    "title": "Job- og uddannelsesvejledning i beboerhuset (demo)",
    "description": "Ugentlig åben vejledning ved jobcentret og boligsocialt team.",
    "principles": ["requirements"],
    "area_codes": ["DEMO-03"],
    "area_plan_id": 2,
    "partners": [
        {"kind": "housing_organisation", "name": "Demo Boligorganisation"},
        {"kind": "municipal_unit", "name": "Jobcenter (demo)"},
    ],
    "responsible_unit": "Boligsocialt team (demo)",
    "period_from": "2026-02-01",
    "period_to": "2027-12-31",
    "budget_dkk": 250000,
    "status": "planned",
    "milestones": [{"title": "Første vejledningsdag", "due_on": "2026-02-04", "done": False}],
    "evaluation_notes": "",
}
INITIATIVE_UPDATE: JsonDict = {
    "status": "running",
    "milestones": [{"title": "Første vejledningsdag", "due_on": "2026-02-04", "done": True}],
}
INITIATIVE: JsonDict = {"id": 6, **INITIATIVE_CREATE, **STAMP}

PARTICIPANT: JsonDict = {"organisation": "Kommunen", "role": "boliganalytiker"}
AGREEMENT_LINK: JsonDict = {"year": 2027, "area_code": "DEMO-03", "change_id": None}
DECISION: JsonDict = {
    "text": "Den kommunale anvisning i Engholm (DEMO-03) hæves til 30 % fra 2027.",
    "agreement": AGREEMENT_LINK,
}
FOLLOW_UP: JsonDict = {
    "text": "Udkast til ny udlejningsaftale sendes",
    "responsible": "Boligsekretariatet",
    "due_on": "2026-12-15",
}
DIALOGUE_CREATE: JsonDict = {
    "year": 2026,
    "organisation": "demo-boligorganisation",
    "kind": "steering",
    "held_on": "2026-11-25",
    "participants": [PARTICIPANT, {"organisation": "Demo Boligorganisation", "role": "direktør"}],
    "agenda": "1. Kategoriseringen 2026\n2. Evaluering af områdeplanerne\n3. Udlejningsaftalerne for 2027",
    "minutes": "",
    "decisions": [],
    "follow_ups": [],
}
DIALOGUE_UPDATE: JsonDict = {
    "minutes": "Kategoriseringen og evalueringen blev gennemgået.",
    "decisions": [DECISION],
    "follow_ups": [FOLLOW_UP],
}
DIALOGUE: JsonDict = {"id": 2, **DIALOGUE_CREATE, **DIALOGUE_UPDATE, **STAMP}

AREA_NAME: JsonDict = {"area_code": "DEMO-01", "area_name": "Solbakken (demo)"}
