"""Taking in concern reports (public form, caseworker, other systems) and the reporter's follow-ups.

The reporter gets a receipt – a reference, a follow-up code and, in acute danger, the emergency numbers –
and never anything about the case (forvaltningsloven §§ 27-28). Only a keyed hash of the code is kept.
"""

import secrets
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.auth import Principal
from services.kit.clock import MUNICIPAL_TIME_ZONE
from services.referrals import accesslog, metrics
from services.referrals.accesslog import CPR_HASH
from services.referrals.config import DEFAULT_CASE_TYPE, ReferralsConfig
from services.referrals.crypto import Cipher
from services.referrals.exceptions import FollowUpRefused, UnknownCaseType
from services.referrals.models import Case, CaseEvent, Report, ReportAddition
from services.referrals.rules.workflow import AWAITING_CONTACT, CaseState, EventKind, contact_deadline
from services.referrals.schemas import (
    MAX_TEXT,
    Channel,
    ConcernFormRead,
    ConcernReceiptRead,
    ConcernReportCreate,
    EmergencyContactRead,
    FollowUpCreate,
    FollowUpReceiptRead,
    IntakeCreate,
    IntakeReceiptRead,
)

# Crockford's base 32: no I, L, O or U, so a code read aloud over the phone is not misheard.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
FOLLOW_UP_HASH = "follow-up-code"
PUBLIC_ACTOR = "public"

RECEIPT_DA = (
    "Tak. Din henvendelse er modtaget. Medarbejderne har tavshedspligt, så du hører ikke mere fra os om "
    "sagen. Gem referencen og koden, hvis du vil tilføje flere oplysninger senere."
)
RECEIPT_EN = (
    "Thank you. Your report has been received. Staff have a duty of confidentiality, so you will hear "
    "nothing more from us about the case. Keep the reference and the code if you want to add information "
    "later."
)
FOLLOW_UP_DA = "Tak. Oplysningerne er føjet til din henvendelse. Du hører ikke mere fra os om sagen."
FOLLOW_UP_EN = (
    "Thank you. The information was added to your report. You will hear nothing more about the case."
)


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_reference() -> str:
    body = _random(8)
    return f"B-{body[:4]}-{body[4:]}"


def new_follow_up_code() -> str:
    body = _random(12)
    return f"{body[:4]}-{body[4:8]}-{body[8:]}"


def _crockford(text: str) -> str:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans("OIL", "011"))


def normalise_reference(text: str) -> str:
    cleaned = _crockford(text)
    if len(cleaned) != 9 or cleaned[0] != "B":
        return ""
    return f"B-{cleaned[1:5]}-{cleaned[5:]}"


def normalise_code(text: str) -> str:
    return _crockford(text)


def emergency_contacts(config: ReferralsConfig) -> list[EmergencyContactRead]:
    return [EmergencyContactRead.model_validate(c.model_dump()) for c in config.emergency_contacts]


def form_info(config: ReferralsConfig) -> ConcernFormRead:
    return ConcernFormRead(
        single_entry_name=config.single_entry_name,
        single_entry_phone=config.single_entry_phone,
        emergency_contacts=emergency_contacts(config),
        max_text_length=MAX_TEXT,
    )


def first_contact_deadline(config: ReferralsConfig, *, received_at: datetime, acute: bool) -> date:
    """The first-contact deadline of a report received at `received_at`: the same working day when acute
    (by default), else the normal number of days. It counts from the day the report arrived in Denmark,
    not on a UTC server's calendar: Friday 23:59 in Copenhagen is Friday, 00:00 is Saturday."""
    return contact_deadline(
        received_at.astimezone(MUNICIPAL_TIME_ZONE).date(),
        acute=acute,
        days=config.first_contact_days,
        acute_working_days=config.acute_first_contact_working_days,
    )


def shorten_for_acute(case: Case, config: ReferralsConfig, *, known_at: datetime) -> None:
    """A case that becomes acute after it arrived gets the acute deadline counted from when that became
    known, unless its deadline is already earlier; a case already contacted keeps what it has."""
    if case.first_contact_at is not None or CaseState(case.state) not in AWAITING_CONTACT:
        return
    acute_due = first_contact_deadline(config, received_at=known_at, acute=True)
    case.first_contact_due = min(case.first_contact_due, acute_due)


async def _unused_reference(session: AsyncSession) -> str:
    while True:
        reference = new_reference()
        if await session.scalar(select(Case.id).where(Case.reference == reference)) is None:
            return reference


async def submit(
    session: AsyncSession,
    *,
    cipher: Cipher,
    config: ReferralsConfig,
    body: ConcernReportCreate,
    channel: Channel,
    received_by: str | None,
    received_by_name: str | None,
    now: datetime,
    case_type: str = DEFAULT_CASE_TYPE,
) -> tuple[Case, ConcernReceiptRead]:
    """Open a case for the report; the receipt is everything the reporter will ever be told."""
    if case_type not in config.retention_days:
        raise UnknownCaseType(f"Case type {case_type!r} has no retention deadline in the configuration.")
    citizen, reporter = body.citizen, body.reporter
    code = new_follow_up_code()
    case = Case(
        reference=await _unused_reference(session),
        case_type=case_type,
        channel=channel,
        state=CaseState.RECEIVED,
        citizen_name=cipher.encrypt(citizen.name),
        citizen_address=cipher.encrypt(citizen.address),
        citizen_phone=cipher.encrypt_optional(citizen.phone),
        citizen_cpr=cipher.encrypt_optional(citizen.cpr),
        citizen_cpr_hash=cipher.lookup_hash(CPR_HASH, citizen.cpr) if citizen.cpr else None,
        acute_danger=body.acute_danger,
        children_reported=body.children_in_household,
        received_at=now,
        first_contact_due=first_contact_deadline(config, received_at=now, acute=body.acute_danger),
        updated_at=now,
    )
    anonymous = reporter.anonymous
    case.reports.append(
        Report(
            channel=channel,
            received_at=now,
            received_by=received_by,
            concern=cipher.encrypt(body.concern),
            acute_danger=body.acute_danger,
            children_in_household=body.children_in_household,
            reporter_anonymous=anonymous,
            # An anonymous reporter's identity is not stored at all, even when it was typed in.
            reporter_name=None if anonymous else cipher.encrypt_optional(reporter.name),
            reporter_phone=None if anonymous else cipher.encrypt_optional(reporter.phone),
            reporter_email=None if anonymous else cipher.encrypt_optional(reporter.email),
            reporter_relation=cipher.encrypt_optional(reporter.relation),
            follow_up_code_hash=cipher.lookup_hash(FOLLOW_UP_HASH, normalise_code(code)),
        )
    )
    case.events.append(
        CaseEvent(
            kind=EventKind.RECEIVED,
            to_state=CaseState.RECEIVED,
            actor=received_by or PUBLIC_ACTOR,
            actor_name=received_by_name or PUBLIC_ACTOR,
            at=now,
        )
    )
    session.add(case)
    await session.flush()
    metrics.CONCERN_REPORTS.labels(channel).inc()
    if case.citizen_cpr_hash is not None:
        accesslog.link_subject(session, case=case, at=now)
    receipt = ConcernReceiptRead(
        reference=case.reference,
        follow_up_code=code,
        message_da=RECEIPT_DA,
        message_en=RECEIPT_EN,
        emergency_contacts=emergency_contacts(config) if body.acute_danger else [],
    )
    return case, receipt


async def take_in(
    session: AsyncSession,
    *,
    cipher: Cipher,
    config: ReferralsConfig,
    body: IntakeCreate,
    principal: Principal,
    now: datetime,
) -> IntakeReceiptRead:
    """A report taken in by a caseworker or delivered by another system; the receipt names the case."""
    # A machine client delivers, whatever channel it names: its reports are told apart from the phone's.
    channel = Channel.SYSTEM if principal.kind == "client" else body.channel
    case, receipt = await submit(
        session,
        cipher=cipher,
        config=config,
        body=body,
        channel=channel,
        received_by=principal.subject,
        received_by_name=principal.name,
        now=now,
    )
    return IntakeReceiptRead(
        id=case.id,
        reference=receipt.reference,
        follow_up_code=receipt.follow_up_code,
        emergency_contacts=receipt.emergency_contacts,
    )


async def follow_up(
    session: AsyncSession, *, cipher: Cipher, config: ReferralsConfig, body: FollowUpCreate, now: datetime
) -> FollowUpReceiptRead:
    """Add the reporter's information to their report; nothing is read back."""
    reference, code = normalise_reference(body.reference), normalise_code(body.follow_up_code)
    report = None
    if reference and code:
        candidates = await session.scalars(
            select(Report).join(Case).where(Case.reference == reference).order_by(Report.id)
        )
        report = next(
            (r for r in candidates if cipher.matches(FOLLOW_UP_HASH, code, r.follow_up_code_hash)), None
        )
    if report is None:
        raise FollowUpRefused("Check the reference and the follow-up code on your receipt.")
    case = await session.get_one(Case, report.case_id)
    session.add(
        ReportAddition(
            report_id=report.id,
            received_at=now,
            information=cipher.encrypt(body.information),
            acute_danger=body.acute_danger,
        )
    )
    session.add(
        CaseEvent(
            case_id=case.id,
            kind=EventKind.NEW_INFORMATION,
            actor=PUBLIC_ACTOR,
            actor_name=PUBLIC_ACTOR,
            at=now,
        )
    )
    case.new_information_at = now
    if body.acute_danger:
        case.acute_danger = True
        shorten_for_acute(case, config, known_at=now)
    await session.flush()
    return FollowUpReceiptRead(
        message_da=FOLLOW_UP_DA,
        message_en=FOLLOW_UP_EN,
        emergency_contacts=emergency_contacts(config) if body.acute_danger else [],
    )
