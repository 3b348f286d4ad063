"""Examples of the referrals API's bodies for its OpenAPI document, from the demo data.

Each schema names its examples in its `model_config` (`json_schema_extra`), so one example serves every
operation that takes or answers that shape; tests/test_openapi_documents.py checks each against its schema.
Every person is invented and marked "(demo)"; the CPR numbers are the demo's kind
(services/referrals/demo.py): valid by the date rule, but with birth dates in the 2050s, so they belong to
no one alive. The offers and contacts are the demo ladder's (services/referrals/ladder.py) for Gladsaxe's
single entry, Råd & Indsats.
"""

from pydantic.config import JsonDict, JsonValue

CPR = "1203551234"  # 12 March 2055: no one alive
CASE_REFERENCE = "B-Q680-JGNS"
CASEWORKER = "user:caseworker"
CASEWORKER_NAME = "Karen Sagsbehandler"

# --- the public concern report ----------------------------------------------------------------------

CITIZEN_CREATE: JsonDict = {
    "name": "Hanne Lund (demo)",
    "address": "Kildeparken 12, 2. tv., 2860 Søborg",
    "cpr": CPR,
    "phone": "20 30 40 50",
}
REPORTER_CREATE: JsonDict = {
    "anonymous": False,
    "name": "Ole Nabo (demo)",
    "phone": "30 40 50 60",
    "email": "ole.nabo@example.org",
    "relation": "nabo",
}
REPORTER_ANONYMOUS: JsonDict = {"anonymous": True}
CONCERN = "Min nabo virker meget forvirret og har ikke hentet sin post i to uger."
CONCERN_REPORT_CREATE: JsonDict = {
    "citizen": CITIZEN_CREATE,
    "concern": CONCERN,
    "acute_danger": False,
    "children_in_household": "no",
    "reporter": REPORTER_CREATE,
}
CONCERN_REPORT_ACUTE: JsonDict = {
    **CONCERN_REPORT_CREATE,
    "acute_danger": True,
    "children_in_household": "unknown",
    "reporter": REPORTER_ANONYMOUS,
}
EMERGENCY_CONTACT: JsonDict = {
    "name": "1813 Akuttelefonen",
    "phone": "1813",
    "note_da": "Region Hovedstadens akuttelefon.",
    "note_en": "The Capital Region's emergency medical line.",
}
EMERGENCY_CONTACTS: list[JsonValue] = [
    {
        "name": "Psykiatrisk Akutmodtagelse (Ballerup)",
        "phone": "38 64 50 03",
        "note_da": "Åben døgnet rundt.",
        "note_en": "Open around the clock.",
    },
    EMERGENCY_CONTACT,
    {
        "name": "Alarm 112",
        "phone": "112",
        "note_da": "Politi eller ambulance ved akut fare. Frygter du, at personen skader sig selv eller "
        "andre, så ring altid til politiet.",
        "note_en": "Police or ambulance in acute danger. If you fear the person will harm themselves or "
        "others, always call the police.",
    },
]
RECEIPT_MESSAGES: JsonDict = {
    "message_da": "Tak. Din henvendelse er modtaget. Medarbejderne har tavshedspligt, så du hører ikke mere "
    "fra os om sagen. Gem referencen og koden, hvis du vil tilføje flere oplysninger senere.",
    "message_en": "Thank you. Your report has been received. Staff have a duty of confidentiality, so you "
    "will hear nothing more from us about the case. Keep the reference and the code if you want to add "
    "information later.",
}
CONCERN_RECEIPT: JsonDict = {
    "reference": "B-YSGJ-BMWA",
    "follow_up_code": "HGBS-NTS6-PRDK",
    **RECEIPT_MESSAGES,
    "emergency_contacts": [],
}
CONCERN_RECEIPT_ACUTE: JsonDict = {**CONCERN_RECEIPT, "emergency_contacts": list(EMERGENCY_CONTACTS)}
FOLLOW_UP_CREATE: JsonDict = {
    "reference": "B-YSGJ-BMWA",
    "follow_up_code": "HGBS-NTS6-PRDK",
    "information": "Hun har nu heller ikke hentet sin medicin.",
    "acute_danger": False,
}
FOLLOW_UP_RECEIPT: JsonDict = {
    "message_da": "Tak. Oplysningerne er føjet til din henvendelse. Du hører ikke mere fra os om sagen.",
    "message_en": "Thank you. The information was added to your report. You will hear nothing more about the "
    "case.",
    "emergency_contacts": [],
}
CONCERN_FORM: JsonDict = {
    "single_entry_name": "Råd & Indsats",
    "single_entry_phone": "39 57 39 00",
    "emergency_contacts": list(EMERGENCY_CONTACTS),
    "max_text_length": 10000,
}
INTAKE_CREATE: JsonDict = {**CONCERN_REPORT_CREATE, "channel": "phone"}
INTAKE_RECEIPT: JsonDict = {
    "id": 51,
    "reference": CASE_REFERENCE,
    "follow_up_code": "Y9FB-TQVR-TBPM",
    "emergency_contacts": [],
}

# --- cases ------------------------------------------------------------------------------------------

CASE_SUMMARY: JsonDict = {
    "id": 51,
    "reference": CASE_REFERENCE,
    "case_type": "concern",
    "channel": "phone",
    "state": "outreach_planned",
    "received_at": "2026-12-07T09:12:00Z",
    "acute_danger": False,
    "citizen_name": "Hanne Lund (demo)",
    "assigned_to": CASEWORKER,
    "assigned_to_name": CASEWORKER_NAME,
    "first_contact_due": "2026-12-12",
    "first_contact_at": None,
    "overdue": False,
    "outcome": None,
    "follow_up_date": None,
    "closed_at": None,
    "new_information": False,
}
CASE_PAGE: JsonDict = {"items": [CASE_SUMMARY], "total": 11}
CITIZEN: JsonDict = {
    "name": "Hanne Lund (demo)",
    "address": "Kildeparken 12, 2. tv., 2860 Søborg",
    "phone": "20 30 40 51",
    "cpr_masked": "120355-XXXX",
}
REPORTER: JsonDict = {**REPORTER_CREATE, "anonymised_at": None}
ADDITION: JsonDict = {
    "received_at": "2026-12-08T07:30:00Z",
    "information": "Hun har nu heller ikke hentet sin medicin.",
    "acute_danger": False,
}
REPORT: JsonDict = {
    "id": 51,
    "channel": "phone",
    "received_at": "2026-12-07T09:12:00Z",
    "received_by": CASEWORKER,
    "concern": CONCERN,
    "acute_danger": False,
    "children_in_household": "no",
    "reporter": REPORTER,
    "additions": [ADDITION],
}
EVENT: JsonDict = {
    "kind": "transition",
    "from_state": "assigned",
    "to_state": "outreach_planned",
    "reason": "Opsøgende besøg aftalt til torsdag.",
    "follow_up_date": None,
    "actor": CASEWORKER,
    "actor_name": CASEWORKER_NAME,
    "at": "2026-12-07T09:40:00Z",
}
JOURNAL_ENTRY_CREATE: JsonDict = {"text": "Ringede til borgeren; besøg aftalt torsdag kl. 10."}
JOURNAL_ENTRY: JsonDict = {
    "id": 5,
    **JOURNAL_ENTRY_CREATE,
    "corrects_id": None,
    "corrected_by": [],
    "author": CASEWORKER,
    "author_name": CASEWORKER_NAME,
    "created_at": "2026-12-07T09:45:00Z",
}
CONSENT_CREATE: JsonDict = {
    "scope": "Videregivelse til Hjemmeplejen om behov for hjælp",
    "given_on": "2026-12-01",
}
CONSENT_WITHDRAWAL: JsonDict = {"withdrawn_on": "2026-12-07"}
CONSENT: JsonDict = {
    "id": 3,
    **CONSENT_CREATE,
    "recorded_by": CASEWORKER,
    "recorded_at": "2026-12-01T10:05:00Z",
    "withdrawn_on": None,
    "withdrawn_by": None,
    "active": True,
}
CONSENT_WITHDRAWN: JsonDict = {**CONSENT, **CONSENT_WITHDRAWAL, "withdrawn_by": CASEWORKER, "active": False}
REFERRAL_CREATE: JsonDict = {"offer_id": 14, "note": "Borgeren ønsker hjælp til at komme ud i fællesskaber."}
REFERRAL_STATUS: JsonDict = {"status": "accepted"}
REFERRAL_HISTORY: JsonDict = {
    "from_status": "proposed",
    "to_status": "accepted",
    "actor": CASEWORKER,
    "at": "2026-12-10T11:00:00Z",
}
REFERRAL: JsonDict = {
    "id": 22,
    **REFERRAL_CREATE,
    "offer_code": "brobyggere",
    "offer_name_da": "Brobyggere for modtagere af hjemmehjælp",
    "offer_name_en": "Bridge builders for home-help recipients",
    "level": 2,
    "needs_assessment": False,
    "status": "accepted",
    "created_by": CASEWORKER,
    "created_at": "2026-12-09T14:20:00Z",
    "updated_at": "2026-12-10T11:00:00Z",
    "next_statuses": ["declined", "started"],
    "history": [
        {"from_status": None, "to_status": "proposed", "actor": CASEWORKER, "at": "2026-12-09T14:20:00Z"},
        REFERRAL_HISTORY,
    ],
}
CHILDREN_UPDATE: JsonDict = {"children_in_household": "no", "note": "Bor alene."}
CHILDREN_UPDATE_YES: JsonDict = {
    "children_in_household": "yes",
    "notification": "made",
    "note": "Underretning sendt til Børn og Familie.",
}
CHILDREN: JsonDict = {
    "reported": "no",
    "answer": "no",
    "notification": None,
    "note": "Bor alene.",
    "answered_by": CASEWORKER,
    "answered_at": "2026-12-07T09:50:00Z",
}
# --- disclosures and decisions ----------------------------------------------------------------------

DISCLOSURE_CREATE: JsonDict = {
    "recipient": "Jobcenter Gladsaxe",
    "information": "At borgeren har kontakt med Råd & Indsats og hvornår.",
    "basis": "legal_provision",
    "legal_provision": "retssikkerhedsloven § 12 a",
    "disclosed_on": "2026-12-08",
}
# On the case's recorded consent (CONSENT): its id, and no scope of its own.
DISCLOSURE_CREATE_CONSENT: JsonDict = {
    "recipient": "Hjemmeplejen, Gladsaxe Kommune",
    "information": "At borgeren har brug for hjælp til rengøring og indkøb.",
    "basis": "consent",
    "consent_id": 3,
    "disclosed_on": "2026-12-08",
}
DISCLOSURE_CREATE_IMPORTANCE: JsonDict = {
    "recipient": "Psykiatrisk Center Gladsaxe",
    "information": "At borgeren virker meget forvirret og ikke har hentet sin medicin.",
    "basis": "substantial_importance",
    "justification": "Centret skal vurdere, om borgeren har brug for behandling nu.",
    "decided_by_name": "Lene Leder",
    "disclosed_on": "2026-12-08",
}
DISCLOSURE: JsonDict = {
    "id": 4,
    **DISCLOSURE_CREATE,
    "consent_id": None,
    "consent_scope": None,
    "justification": None,
    "decided_by_name": CASEWORKER_NAME,
    "recorded_by": CASEWORKER,
    "recorded_by_name": CASEWORKER_NAME,
    "recorded_at": "2026-12-08T10:15:00Z",
}
DISCLOSURE_CONSENT: JsonDict = {
    **DISCLOSURE,
    **DISCLOSURE_CREATE_CONSENT,
    "id": 5,
    "consent_scope": CONSENT_CREATE["scope"],
    "legal_provision": None,
    "recorded_at": "2026-12-08T10:20:00Z",
}
DISCLOSURE_LOG: JsonDict = {
    "disclosed_on": "2026-12-08",
    "case_reference": CASE_REFERENCE,
    "recipient": "Jobcenter Gladsaxe",
    "information": "At borgeren har kontakt med Råd & Indsats og hvornår.",
    "basis": "legal_provision",
    "consent_scope": None,
    "legal_provision": "retssikkerhedsloven § 12 a",
    "decided_by_name": CASEWORKER_NAME,
    "recorded_at": "2026-12-08T10:15:00Z",
}
# A decision on a referral to home guidance (offer 21, `hjemmevejledning`, SEL § 85: it needs an assessment).
DECISION_REASON_CREATE: JsonDict = {"text": "Du har brug for støtte til at strukturere din hverdag."}
DECISION_REASON: JsonDict = {"rule": "Serviceloven § 85", **DECISION_REASON_CREATE}
DECISION_CREATE: JsonDict = {
    "outcome": "granted",
    "decision": "Du får hjemmevejledning to timer om ugen i seks måneder.",
    "reasons": [DECISION_REASON_CREATE],
    "facts": ["Samtalen med dig ved besøget den 10. december.", "Din egen beskrivelse af dagene."],
    "hearing": "Vi har kun brugt oplysninger, som du selv har givet os.",
    "language": "da",
}
# A later decision replaces the one in force by naming it; its letter says so.
DECISION_CORRECTION_CREATE: JsonDict = {
    **DECISION_CREATE,
    "outcome": "partly_granted",
    "decision": "Du får hjemmevejledning to timer om ugen i tre måneder; derefter vurderer vi behovet igen.",
    "corrects": 4,
}
LETTER_DELIVERY: JsonDict = {
    "channel": "print",
    "status": "sent",
    "queued_at": "2026-12-10T13:30:00Z",
    "attempts": 1,
    "sent_at": "2026-12-10T13:30:02Z",
    "receipt": "B-Q680-JGNS-A1-4.pdf",
}
DECISION: JsonDict = {
    "id": 4,
    "referral_id": 23,
    "reference": f"{CASE_REFERENCE}-A1",
    "outcome": "granted",
    "language": "da",
    "issued_on": "2026-12-10",
    "decision": DECISION_CREATE["decision"],
    "reasons": [DECISION_REASON],
    "facts": DECISION_CREATE["facts"],
    "hearing": DECISION_CREATE["hearing"],
    "corrects_id": None,
    "corrected_by": None,
    "decided_by": CASEWORKER,
    "decided_by_name": CASEWORKER_NAME,
    "decided_at": "2026-12-10T13:30:00Z",
    "letter_sha256": "c45badce14a4c023dca18bad766e21e97f0d302cd6b4c1c5dd7f67bf074e90e6",
    "deliveries": [LETTER_DELIVERY],
}
# The decision's letter as GET …/decision/letter serves it (services/kit/templates/letter.html), shortened:
# the page, the heading, the decision and the complaint deadline; the reasons, facts and hearing left out.
DECISION_LETTER_HTML = (
    '<!DOCTYPE html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n'
    "<title>Afgørelse om Hjemmevejledning på hverdage</title>\n</head>\n<body>\n<main>\n"
    '<p class="meta">Gladsaxe Kommune, Råd &amp; Indsats<br>\nDato: 10. december 2026<br>\n'
    f"Sagsnummer: {CASE_REFERENCE}-A1<br>\nTil: Hanne Lund (demo)</p>\n"
    "<h1>Afgørelse om Hjemmevejledning på hverdage</h1>\n<h2>Afgørelse</h2>\n"
    "<p>Du får bevilget tilbuddet: Hjemmevejledning på hverdage. Du får hjemmevejledning to timer om ugen i "
    "seks måneder.</p>\n<h2>Klagevejledning</h2>\n"
    "<p><b>Klagefrist</b>: 4 uger fra du har modtaget afgørelsen<br>\n"
    "Klageadgang efter retssikkerhedsloven §§ 66–67</p>\n</main>\n</body>\n</html>\n"
)

CASE: JsonDict = {
    **CASE_SUMMARY,
    "citizen": CITIZEN,
    "reports": [REPORT],
    "events": [EVENT],
    "journal": [JOURNAL_ENTRY],
    "consents": [CONSENT],
    "referrals": [REFERRAL],
    "children": CHILDREN,
    "care_considerations": [],
    "disclosures": [DISCLOSURE],
    "decisions": [],
    "allowed_transitions": ["outreach_done", "outreach_no_contact"],
    "closing_problems": [],
    "may_refer": False,
    "needs_care_consideration": False,
}
CASE_STATUS: JsonDict = {
    "id": 51,
    "reference": CASE_REFERENCE,
    "state": "outreach_planned",
    "outcome": None,
    "follow_up_date": None,
    "assigned_to": CASEWORKER,
    "acute_danger": False,
    "first_contact_due": "2026-12-12",
    "first_contact_at": None,
    "closed_at": None,
    "allowed_transitions": ["outreach_done", "outreach_no_contact"],
}
ACUTE_UPDATE: JsonDict = {
    "acute_danger": True,
    "reason": "Naboen ringede igen: borgeren har ikke spist i flere dage og vil ikke lukke op.",
}
# Marked acute on the day the report came: due the same working day (DOMAIN § 6.4).
CASE_STATUS_ACUTE: JsonDict = {**CASE_STATUS, "acute_danger": True, "first_contact_due": "2026-12-07"}
TRANSITION: JsonDict = {"to": "outreach_planned", "reason": "Opsøgende besøg aftalt til torsdag."}
TRANSITION_DECLINED: JsonDict = {
    "to": "citizen_declined",
    "reason": "Borgeren ønsker ikke hjælp nu.",
    "follow_up_date": "2027-03-01",
}
ASSIGNMENT: JsonDict = {"assignee": CASEWORKER, "assignee_name": CASEWORKER_NAME, "reason": ""}
CITIZEN_UPDATE: JsonDict = {"phone": "20 30 40 51", "reason": "Nyt telefonnummer oplyst af borgeren."}
CPR_REVEAL_CREATE: JsonDict = {"purpose": "identification"}
CPR_REVEAL: JsonDict = {"cpr": CPR}
CPR_LOOKUP: JsonDict = {"cpr": CPR, "purpose": "identification"}
LOOKUP_HIT: JsonDict = {
    "id": 51,
    "reference": CASE_REFERENCE,
    "state": "received",
    "received_at": "2026-12-07T09:12:00Z",
}

# --- personal data (administrator) ------------------------------------------------------------------

ACCESS_LOG_SEARCH: JsonDict = {"cpr": CPR}
ACCESS_LOG_ENTRY: JsonDict = {
    "at": "2026-12-07T09:55:00Z",
    "actor": CASEWORKER,
    "actor_name": CASEWORKER_NAME,
    "action": "reveal_cpr",
    "case_reference": CASE_REFERENCE,
    "fields": ["citizen.cpr"],
    "purpose": "identification",
}
ACCESS_LOG: JsonDict = {
    "cpr_masked": "120355-XXXX",
    "generated_at": "2027-01-15T13:00:00Z",
    "entries": [
        ACCESS_LOG_ENTRY,
        {
            **ACCESS_LOG_ENTRY,
            "at": "2026-12-07T10:02:00Z",
            "action": "read",
            "fields": ["citizen.name", "citizen.address", "citizen.phone", "reports.concern", "journal"],
            "purpose": "casework",
        },
    ],
    "disclosures": [DISCLOSURE_LOG],
}
RETENTION_RUN_CREATE: JsonDict = {"dry_run": True}
RETENTION_RUN: JsonDict = {
    "today": "2027-01-15",
    "dry_run": True,
    "anonymised_reports": 9,
    "deleted_cases": 1,
    "archive_files": ["B-DEM0-0031-20270115.json.fernet"],
}
DELETION: JsonDict = {
    "at": "2027-01-15T02:00:00Z",
    "actor": "user:admin",
    "kind": "case_deleted",
    "case_reference": "B-DEM0-0031",
    "case_type": "concern",
    "closed_at": "2024-11-30T12:00:00Z",
    "deadline": "2027-01-14",
    "archive_file": "B-DEM0-0031-20270115.json.fernet",
    "archive_sha256": "5f2b7c0e9a4d1b3c8e6f0a2d4c6b8e0f1a3c5e7d9b1f3a5c7e9d1b3f5a7c9e1d",
}

# --- statistics (managers) --------------------------------------------------------------------------

MONTH_COUNT: JsonDict = {"month": "2026-03", "count": 12}
LEVEL_COUNT: JsonDict = {
    "level": 2,
    "name_da": "Forebyggende indsatser, rådgivning og åbne tilbud",
    "name_en": "Preventive initiatives, advice and open offers",
    "count": 9,
}
FIRST_CONTACT: JsonDict = {"cases": 43, "median_days": 1.8, "within_deadline_pct": 100.0}
STATISTICS: JsonDict = {
    "year": 2026,
    "suppression_threshold": 5,
    "reports_per_month": [{"month": "2026-02", "count": None}, MONTH_COUNT],
    "first_contact": FIRST_CONTACT,
    "outcomes": {"referred": 20, "citizen_declined": 7, "no_further_action": 13, "open": 8},
    "referrals_per_level": [
        {
            "level": 1,
            "name_da": "Borgerdrevne tilbud og civilsamfundsinitiativer",
            "name_en": "Citizen-driven offers and civil-society initiatives",
            "count": None,
        },
        LEVEL_COUNT,
    ],
}

# --- the ladder of offers ---------------------------------------------------------------------------

LADDER_LEVEL: JsonDict = {
    "level": 2,
    "name_da": "Forebyggende indsatser, rådgivning og åbne tilbud",
    "name_en": "Preventive initiatives, advice and open offers",
}
LEGAL_BASIS_CREATE: JsonDict = {
    "law": "Serviceloven",
    "paragraph": "§ 82 a",
    "valid_from": "2027-01-01",
    "valid_to": None,
}
LEGAL_BASIS: JsonDict = {
    "id": 33,
    "law": "Serviceloven",
    "paragraph": "§ 11",
    "valid_from": "2026-01-01",
    "valid_to": None,
}
CAPACITY_UPDATE: JsonDict = {"available": 3, "maximum": 12}
CAPACITY: JsonDict = {**CAPACITY_UPDATE, "updated_at": "2026-12-07T10:30:00Z"}
OFFER_FIELDS: JsonDict = {
    "level": 2,
    "name_da": "Samtalegruppe for pårørende (demo)",
    "name_en": "Talk group for relatives (demo)",
    "description_da": "Ugentlig samtalegruppe i Råd & Indsats.",
    "description_en": "A weekly talk group at Råd & Indsats.",
    "target_group_da": "Voksne pårørende.",
    "target_group_en": "Adult relatives.",
    "min_age": 18,
    "max_age": None,
    "needs_assessment": False,
    "provider": "Gladsaxe Kommune",
    "contact_name": "Råd & Indsats",
    "contact_phone": "39 57 39 00",
    "contact_email": None,
    "location_name": "Råd & Indsats",
    "address": "Søborg Hovedgade 1, 2860 Søborg",
    "active": True,
}
OFFER_CREATE: JsonDict = {
    "code": "samtalegruppe",
    **OFFER_FIELDS,
    "legal_bases": [{"law": "Serviceloven", "paragraph": "§ 11", "valid_from": "2026-01-01"}],
    "capacity": {"available": 4, "maximum": 12},
}
OFFER_UPDATE: JsonDict = {"description_da": "Ugentlig samtalegruppe i Råd & Indsats, torsdage kl. 17."}
OFFER: JsonDict = {
    "id": 30,
    "code": "samtalegruppe",
    "level_name_da": "Forebyggende indsatser, rådgivning og åbne tilbud",
    "level_name_en": "Preventive initiatives, advice and open offers",
    **OFFER_FIELDS,
    "legal_basis": LEGAL_BASIS,
    "legal_bases": [LEGAL_BASIS],
    "legal_bases_in_force": [LEGAL_BASIS],
    "capacity": CAPACITY,
    "updated_at": "2026-12-07T10:30:00Z",
}

# The catalogue in the shape of the Open Referral HSDS: the first page with `per_page=1`, so one service of
# the demo ladder, fully nested. The ids are UUIDs derived from the municipality and the catalogue's keys.
_ORGANISATION_ID = "b6e934aa-dd57-5ec5-91de-42c494edb30f"
_SERVICE_ID = "0d4e0fa7-f65c-59d7-8e87-6a0dc7ce33a1"


def _term(id_: str, code: str, name: str, description: str, taxonomy: JsonDict) -> JsonDict:
    return {
        "id": id_,
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": taxonomy["name"],
        "taxonomy_id": taxonomy["id"],
        "taxonomy_detail": taxonomy,
        "language": "da",
    }


def _attribute(id_: str, link_type: str, term: JsonDict, value: str) -> JsonDict:
    return {
        "id": id_,
        "link_id": _SERVICE_ID,
        "link_type": link_type,
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
        "value": value,
        "label": term["name"],
    }


_LADDER: JsonDict = {
    "id": "7e67f96a-67fb-573e-ab71-acdd3997ca68",
    "name": "Tilbudstrappen",
    "description": "Gladsaxe Kommune: tilbudstrappen for voksne, trin 1 er det letteste.",
    "version": "1",
}
_LEGAL_BASES: JsonDict = {
    "id": "13487657-f26f-5ef9-a7a9-4e89f52439c1",
    "name": "Retsgrundlag",
    "description": "Loven og paragraffen, et tilbud gives efter, gældende fra en dato.",
    "version": "1",
}
_LEVEL_1 = "Borgerdrevne tilbud og civilsamfundsinitiativer"
OPEN_REFERRAL: JsonDict = {
    "total_items": 29,
    "total_pages": 29,
    "page_number": 1,
    "size": 1,
    "first_page": True,
    "last_page": False,
    "empty": False,
    "contents": [
        {
            "id": _SERVICE_ID,
            "organization_id": _ORGANISATION_ID,
            "organization": {
                "id": _ORGANISATION_ID,
                "name": "Gladsaxe Kommune",
                "description": "Leverer tilbud på tilbudstrappen i Gladsaxe Kommune.",
            },
            "name": "Borgerdrevne tilbud og frivillige foreninger",
            "alternate_name": "Citizen-driven offers and voluntary associations",
            "description": "Fællesskaber, netværk og frivillige tilbud i lokalområdet; Råd & Indsats hjælper "
            "med at finde det rette.",
            "status": "active",
            "application_process": "Uden visitation: henvisning eller egen henvendelse.",
            "eligibility_description": "Voksne over 18 år.",
            "minimum_age": 18,
            "assured_date": "2026-12-07",
            "last_modified": "2026-12-07T09:00:00.000+00:00",
            "phones": [
                {
                    "id": "3afc0c3d-352b-5ed5-a1cd-40b7d8129075",
                    "service_id": _SERVICE_ID,
                    "number": "39 57 39 00",
                    "type": "voice",
                }
            ],
            "contacts": [
                {
                    "id": "a2f50fcd-d677-5a4b-a7fb-9c8bd33cb33a",
                    "service_id": _SERVICE_ID,
                    "name": "Råd & Indsats",
                }
            ],
            "languages": [
                {
                    "id": "ec0ae82c-242d-5f76-a541-8b695f5d7102",
                    "service_id": _SERVICE_ID,
                    "name": "Danish",
                    "code": "da",
                }
            ],
            "service_at_locations": [],
            "capacities": [],
            "attributes": [
                _attribute(
                    "0598738a-0a01-5493-833c-d1d31c137577",
                    "ladder_level",
                    _term(
                        "8f64353b-0854-592b-917b-09b19cfcf640",
                        "1",
                        _LEVEL_1,
                        f"Trin 1 på tilbudstrappen: {_LEVEL_1}",
                        _LADDER,
                    ),
                    "1",
                ),
                _attribute(
                    "9929a5d2-c3e0-51db-b129-80f42d3849d7",
                    "legal_basis",
                    _term(
                        "9654ab12-b3cd-581a-b439-e1f92c46589b",
                        "Serviceloven § 18",
                        "Serviceloven § 18",
                        "Retsgrundlag: Serviceloven § 18",
                        _LEGAL_BASES,
                    ),
                    "valid_from=2007-01-01",
                ),
            ],
        }
    ],
}
