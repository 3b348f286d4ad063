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
CASE: JsonDict = {
    **CASE_SUMMARY,
    "citizen": CITIZEN,
    "reports": [REPORT],
    "events": [EVENT],
    "journal": [JOURNAL_ENTRY],
    "consents": [CONSENT],
    "referrals": [REFERRAL],
    "children": CHILDREN,
    "allowed_transitions": ["outreach_done", "outreach_no_contact"],
    "closing_problems": [],
    "may_refer": False,
}
CASE_STATUS: JsonDict = {
    "id": 51,
    "reference": CASE_REFERENCE,
    "state": "outreach_planned",
    "outcome": None,
    "follow_up_date": None,
    "assigned_to": CASEWORKER,
    "first_contact_at": None,
    "closed_at": None,
    "allowed_transitions": ["outreach_done", "outreach_no_contact"],
}
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

# The catalogue in the shape of the Open Referral HSDS (one service of the demo ladder shown).
_ORGANISATION_ID = "b6e934aa-dd57-5ec5-91de-42c494edb30f"
_SERVICE_ID = "0d4e0fa7-f65c-59d7-8e87-6a0dc7ce33a1"
_TERM: JsonDict = {
    "id": "8f64353b-0854-592b-917b-09b19cfcf640",
    "code": "1",
    "name": "Borgerdrevne tilbud og civilsamfundsinitiativer",
    "description": "Citizen-driven offers and civil-society initiatives",
    "parent_id": None,
    "taxonomy": "Tilbudstrappen",
    "taxonomy_id": "7e67f96a-67fb-573e-ab71-acdd3997ca68",
    "language": "da",
    "term_uri": None,
}
OPEN_REFERRAL: JsonDict = {
    "hsds_version": "3.1.1",
    "generated": "2026-12-07",
    "publisher": {"name": "Gladsaxe Kommune", "single_entry": "Råd & Indsats", "phone": "39 57 39 00"},
    "organizations": [
        {
            "id": _ORGANISATION_ID,
            "name": "Gladsaxe Kommune",
            "description": "Gladsaxe Kommune",
            "services": [_SERVICE_ID],
        }
    ],
    "services": [
        {
            "id": _SERVICE_ID,
            "organization_id": _ORGANISATION_ID,
            "name": "Borgerdrevne tilbud og frivillige foreninger",
            "alternate_name": "Citizen-driven offers and voluntary associations",
            "description": "Fællesskaber, netværk og frivillige tilbud i lokalområdet; Råd & Indsats hjælper "
            "med at finde det rette.",
            "email": None,
            "status": "active",
            "application_process": "Uden visitation: henvisning eller egen henvendelse.",
            "eligibility_description": "Voksne over 18 år.",
            "minimum_age": 18,
            "maximum_age": None,
            "assured_date": "2026-12-07",
            "last_modified": "2026-12-07T09:00:00.000+00:00",
            "phones": [
                {"id": "3afc0c3d-352b-5ed5-a1cd-40b7d8129075", "number": "39 57 39 00", "type": "voice"}
            ],
            "contacts": [
                {"id": "a2f50fcd-d677-5a4b-a7fb-9c8bd33cb33a", "name": "Råd & Indsats", "email": None}
            ],
            "languages": [{"id": "ec0ae82c-242d-5f76-a541-8b695f5d7102", "name": "Danish", "code": "da"}],
            "service_at_locations": [],
            "capacities": [],
            "attributes": [
                {
                    "id": "0598738a-0a01-5493-833c-d1d31c137577",
                    "link_id": _SERVICE_ID,
                    "link_type": "ladder_level",
                    "link_entity": "service",
                    "taxonomy_term_id": _TERM["id"],
                    "taxonomy_term": _TERM,
                    "value": "1",
                    "label": "Borgerdrevne tilbud og civilsamfundsinitiativer",
                }
            ],
        }
    ],
    "locations": [
        {
            "id": "9bacef74-d40c-5dd4-8643-a9f2ff01398f",
            "location_type": "physical",
            "name": "Råd & Indsats",
            "description": None,
            "addresses": [],
        }
    ],
    "taxonomies": [
        {
            "id": "7e67f96a-67fb-573e-ab71-acdd3997ca68",
            "name": "Tilbudstrappen",
            "description": "Gladsaxe Kommune: the ladder of offers for adults, level 1 the lightest.",
            "uri": "urn:kommune:gladsaxe:tilbudstrappen",
            "version": "1",
        }
    ],
    "taxonomy_terms": [_TERM],
}
