"""The caseworker's use cases: the inbox, one case, the workflow, journal, consents and the citizen.

Every read of a person's data writes an access-log entry in the same transaction; the actions answer with
the case's status only, never with its personal data.
"""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy import case as when
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from services.kit.auth import Principal
from services.kit.clock import MUNICIPAL_TIME_ZONE
from services.referrals import accesslog, decisions, disclosures, intake, offer_referrals
from services.referrals.accesslog import CPR_HASH, AccessAction
from services.referrals.config import ReferralsConfig
from services.referrals.crypto import Cipher
from services.referrals.exceptions import (
    CareConsiderationRequired,
    CaseNotFound,
    ConsentNotFound,
    ConsentRefused,
    JournalEntryNotFound,
    TransitionRefused,
)
from services.referrals.models import (
    AssessmentDecision,
    CareConsideration,
    Case,
    CaseEvent,
    Consent,
    JournalEntry,
    OfferReferral,
    Report,
)
from services.referrals.rules import cpr as cpr_rules
from services.referrals.rules.workflow import (
    ACTIVE_REFERRALS,
    AWAITING_CONTACT,
    OUTCOMES,
    CaseFacts,
    CaseState,
    EventKind,
    allowed_targets,
    check_transition,
    closing_problems,
    first_contact_due,
    is_overdue,
    makes_first_contact,
    may_refer,
    may_withdraw,
    needs_care_consideration,
    outcome_after,
)
from services.referrals.schemas import (
    AcuteUpdate,
    AdditionRead,
    AssignmentUpdate,
    CareConsiderationRead,
    CasePage,
    CaseRead,
    CaseStatusRead,
    CaseSummaryRead,
    ChildrenRead,
    ChildrenUpdate,
    CitizenRead,
    CitizenUpdate,
    ConsentCreate,
    ConsentRead,
    ConsentWithdrawalCreate,
    CprRevealRead,
    EventRead,
    JournalEntryCreate,
    JournalEntryRead,
    LookupHitRead,
    Purpose,
    ReporterRead,
    ReportRead,
    TransitionCreate,
)

Scope = Literal["open", "mine", "unassigned", "closed", "all"]
# Why the lists read the names they show (a caseworker chooses the purpose of reading one case).
INBOX_PURPOSE, OVERDUE_PURPOSE = "case_list", "overdue_list"
LIST_FIELDS = ("citizen.name",)
CASE_FIELDS = (
    "citizen.name",
    "citizen.address",
    "citizen.phone",
    "citizen.cpr_masked",
    "reports.concern",
    "reports.reporter",
    "reports.additions",
    "events",
    "journal",
    "consents",
    "referrals",
    "children",
    "care_considerations",
    "disclosures",
    "decisions",
)


def facts(case: Case) -> CaseFacts:
    active = sum(1 for r in case.referrals if r.status in ACTIVE_REFERRALS)
    return CaseFacts(
        state=CaseState(case.state),
        children_in_household=case.children_in_household,
        child_notification=case.child_notification,
        active_referrals=active,
        follow_up_date=case.follow_up_date,
    )


def overdue(case: Case, today: date) -> bool:
    return is_overdue(
        CaseState(case.state),
        first_contact_made=case.first_contact_at is not None,
        due=case.first_contact_due,
        today=today,
    )


def summary(case: Case, cipher: Cipher, today: date) -> CaseSummaryRead:
    return CaseSummaryRead(
        id=case.id,
        reference=case.reference,
        case_type=case.case_type,
        channel=case.channel,
        state=CaseState(case.state),
        received_at=case.received_at,
        acute_danger=case.acute_danger,
        citizen_name=cipher.decrypt(case.citizen_name),
        assigned_to=case.assigned_to,
        assigned_to_name=case.assigned_to_name,
        first_contact_due=case.first_contact_due,
        first_contact_at=case.first_contact_at,
        overdue=overdue(case, today),
        outcome=case.outcome,
        follow_up_date=case.follow_up_date,
        closed_at=case.closed_at,
        new_information=case.new_information_at is not None,
    )


def status(case: Case) -> CaseStatusRead:
    return CaseStatusRead(
        id=case.id,
        reference=case.reference,
        state=CaseState(case.state),
        outcome=case.outcome,
        follow_up_date=case.follow_up_date,
        assigned_to=case.assigned_to,
        acute_danger=case.acute_danger,
        first_contact_due=case.first_contact_due,
        first_contact_at=case.first_contact_at,
        closed_at=case.closed_at,
        allowed_transitions=allowed_targets(CaseState(case.state)),
    )


# --- reading ------------------------------------------------------------------------------------------


def _scoped(query: Select[Case], scope: Scope, principal: Principal) -> Select[Case]:
    open_ = Case.state != CaseState.CLOSED
    if scope == "open":
        # Closed cases with new information from the reporter come back to the inbox.
        return query.where(or_(open_, Case.new_information_at.is_not(None)))
    if scope == "mine":
        return query.where(open_, Case.assigned_to == principal.subject)
    if scope == "unassigned":
        return query.where(open_, Case.assigned_to.is_(None))
    if scope == "closed":
        return query.where(Case.state == CaseState.CLOSED)
    return query


def _log_listing(session: AsyncSession, *, principal: Principal, cases: Sequence[Case], purpose: str) -> None:
    """A list shows each case's name: one logged read per listed case."""
    for case in cases:
        accesslog.record(
            session,
            principal=principal,
            action=AccessAction.LIST,
            fields=LIST_FIELDS,
            purpose=purpose,
            case=case,
        )


def inbox_order(today: date) -> tuple[Any, ...]:
    """DOMAIN § 6.4: overdue cases above everything else (the longest overdue first), then acute cases,
    then the rest; newest first within the acute and the rest. In SQL, so that every page of the inbox
    follows one order; `overdue()` below is the same rule for one case."""
    overdue_now = and_(
        Case.first_contact_at.is_(None),
        Case.first_contact_due < today,
        Case.state.in_([str(s) for s in AWAITING_CONTACT]),
    )
    rank = when((overdue_now, 0), (Case.acute_danger.is_(True), 1), else_=2)
    overdue_due = when((overdue_now, Case.first_contact_due), else_=None)
    return rank, overdue_due.asc().nulls_last(), Case.received_at.desc(), Case.id.desc()


async def list_cases(
    session: AsyncSession,
    *,
    cipher: Cipher,
    principal: Principal,
    scope: Scope,
    state: CaseState | None,
    limit: int,
    offset: int,
    today: date,
) -> CasePage:
    """The inbox in the order of `inbox_order`. Each listed case is a logged read of its name."""
    query = _scoped(select(Case), scope, principal)
    if state is not None:
        query = query.where(Case.state == state)
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = (await session.scalars(query.order_by(*inbox_order(today)).limit(limit).offset(offset))).all()
    _log_listing(session, principal=principal, cases=rows, purpose=INBOX_PURPOSE)
    return CasePage(items=[summary(case, cipher, today) for case in rows], total=total)


async def overdue_cases(
    session: AsyncSession, *, cipher: Cipher, principal: Principal, today: date
) -> list[CaseSummaryRead]:
    """Cases still without a first contact after their deadline, oldest deadline first."""
    candidates = (
        await session.scalars(
            select(Case)
            .where(
                Case.first_contact_at.is_(None),
                Case.first_contact_due < today,
                Case.state.not_in([*OUTCOMES, CaseState.CLOSED]),
            )
            .order_by(Case.first_contact_due, Case.id)
        )
    ).all()
    cases = [case for case in candidates if overdue(case, today)]
    _log_listing(session, principal=principal, cases=cases, purpose=OVERDUE_PURPOSE)
    return [summary(case, cipher, today) for case in cases]


async def load_case(session: AsyncSession, *, case_id: int) -> Case:
    """The case with everything that hangs on it, or CaseNotFound."""
    case = await session.scalar(
        select(Case)
        .where(Case.id == case_id)
        .options(
            selectinload(Case.reports).selectinload(Report.additions),
            selectinload(Case.events),
            selectinload(Case.journal),
            selectinload(Case.consents),
            selectinload(Case.referrals).selectinload(OfferReferral.history),
            selectinload(Case.care_considerations),
            selectinload(Case.disclosures),
            selectinload(Case.decisions).selectinload(AssessmentDecision.letters),
        )
    )
    if case is None:
        raise CaseNotFound(f"No case with id {case_id}.")
    return case


def _reporter(report: Report, cipher: Cipher) -> ReporterRead:
    return ReporterRead(
        anonymous=report.reporter_anonymous,
        name=cipher.decrypt_optional(report.reporter_name),
        phone=cipher.decrypt_optional(report.reporter_phone),
        email=cipher.decrypt_optional(report.reporter_email),
        relation=cipher.decrypt_optional(report.reporter_relation),
        anonymised_at=report.reporter_anonymised_at,
    )


def _journal(entries: Sequence[JournalEntry], cipher: Cipher) -> list[JournalEntryRead]:
    corrected_by: dict[int, list[int]] = {}
    for entry in entries:
        if entry.corrects_id is not None:
            corrected_by.setdefault(entry.corrects_id, []).append(entry.id)
    return [
        JournalEntryRead(
            id=entry.id,
            text=cipher.decrypt(entry.text),
            corrects_id=entry.corrects_id,
            corrected_by=corrected_by.get(entry.id, []),
            author=entry.author,
            author_name=entry.author_name,
            created_at=entry.created_at,
        )
        for entry in entries
    ]


def consent_read(consent: Consent, cipher: Cipher) -> ConsentRead:
    return ConsentRead(
        id=consent.id,
        scope=cipher.decrypt(consent.scope),
        given_on=consent.given_on,
        recorded_by=consent.recorded_by,
        recorded_at=consent.recorded_at,
        withdrawn_on=consent.withdrawn_on,
        withdrawn_by=consent.withdrawn_by,
        active=consent.withdrawn_on is None,
    )


def case_read(case: Case, cipher: Cipher, today: date) -> CaseRead:
    cpr = cipher.decrypt_optional(case.citizen_cpr)
    state = CaseState(case.state)
    return CaseRead(
        **summary(case, cipher, today).model_dump(),
        citizen=CitizenRead(
            name=cipher.decrypt(case.citizen_name),
            address=cipher.decrypt(case.citizen_address),
            phone=cipher.decrypt_optional(case.citizen_phone),
            cpr_masked=cpr_rules.mask(cpr) if cpr else None,
        ),
        reports=[
            ReportRead(
                id=report.id,
                channel=report.channel,
                received_at=report.received_at,
                received_by=report.received_by,
                concern=cipher.decrypt(report.concern),
                acute_danger=report.acute_danger,
                children_in_household=report.children_in_household,
                reporter=_reporter(report, cipher),
                additions=[
                    AdditionRead(
                        received_at=a.received_at,
                        information=cipher.decrypt(a.information),
                        acute_danger=a.acute_danger,
                    )
                    for a in report.additions
                ],
            )
            for report in case.reports
        ],
        events=[
            EventRead(
                kind=e.kind,
                from_state=e.from_state,
                to_state=e.to_state,
                reason=cipher.decrypt_optional(e.reason),
                follow_up_date=e.follow_up_date,
                actor=e.actor,
                actor_name=e.actor_name,
                at=e.at,
            )
            for e in case.events
        ],
        journal=_journal(case.journal, cipher),
        consents=[consent_read(c, cipher) for c in case.consents],
        referrals=[offer_referrals.referral_read(r, cipher) for r in case.referrals],
        children=ChildrenRead(
            reported=case.children_reported,
            answer=case.children_in_household,
            notification=case.child_notification,
            note=cipher.decrypt_optional(case.children_note),
            answered_by=case.children_answered_by,
            answered_at=case.children_answered_at,
        ),
        care_considerations=[
            CareConsiderationRead(
                id=c.id,
                conclusion=cipher.decrypt(c.conclusion),
                journal_entry_id=c.journal_entry_id,
                considered_by=c.considered_by,
                considered_by_name=c.considered_by_name,
                considered_at=c.considered_at,
            )
            for c in case.care_considerations
        ],
        disclosures=[disclosures.disclosure_read(d, case, cipher) for d in case.disclosures],
        decisions=decisions.decision_reads(case.decisions, cipher),
        allowed_transitions=allowed_targets(state),
        closing_problems=[str(p) for p in closing_problems(facts(case))],
        may_refer=may_refer(state),
        needs_care_consideration=needs_care_consideration(state, CaseState.CLOSED),
    )


def read_case(
    session: AsyncSession, *, case: Case, cipher: Cipher, principal: Principal, purpose: str, today: date
) -> CaseRead:
    """The whole case for a caseworker; logged, and the reporter's new information counts as seen."""
    accesslog.record(
        session, principal=principal, action=AccessAction.READ, fields=CASE_FIELDS, purpose=purpose, case=case
    )
    result = case_read(case, cipher, today)
    case.new_information_at = None
    return result


def reveal_cpr(
    session: AsyncSession, *, case: Case, cipher: Cipher, principal: Principal, purpose: str
) -> CprRevealRead:
    """The full CPR number, shown only on request and always logged; CaseNotFound when there is none."""
    accesslog.record(
        session,
        principal=principal,
        action=AccessAction.REVEAL_CPR,
        fields=("citizen.cpr",),
        purpose=purpose,
        case=case,
    )
    cpr = cipher.decrypt_optional(case.citizen_cpr)
    if cpr is None:
        raise CaseNotFound("The case has no CPR number.")
    return CprRevealRead(cpr=cpr)


async def lookup(
    session: AsyncSession, *, cipher: Cipher, principal: Principal, cpr: str, purpose: str
) -> list[LookupHitRead]:
    """The cases of the person with `cpr`, found by the keyed hash; the number never leaves the body."""
    subject = cipher.lookup_hash(CPR_HASH, cpr)
    cases = (
        await session.scalars(
            select(Case).where(Case.citizen_cpr_hash == subject).order_by(Case.received_at.desc())
        )
    ).all()
    fields = ("case.reference", "case.state")
    for case in cases:
        accesslog.record(
            session,
            principal=principal,
            action=AccessAction.LOOKUP,
            fields=fields,
            purpose=purpose,
            case=case,
        )
    if not cases:
        accesslog.record(
            session,
            principal=principal,
            action=AccessAction.LOOKUP,
            fields=fields,
            purpose=purpose,
            subject_hash=subject,
        )
    return [
        LookupHitRead(id=c.id, reference=c.reference, state=CaseState(c.state), received_at=c.received_at)
        for c in cases
    ]


# --- acting -------------------------------------------------------------------------------------------


def _event(
    case: Case,
    principal: Principal,
    kind: EventKind,
    now: datetime,
    cipher: Cipher,
    *,
    reason: str | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    follow_up_date: date | None = None,
) -> None:
    case.events.append(
        CaseEvent(
            kind=kind,
            from_state=from_state,
            to_state=to_state,
            reason=cipher.encrypt(reason) if reason else None,
            follow_up_date=follow_up_date,
            actor=principal.subject,
            actor_name=principal.name,
            at=now,
        )
    )


def _refuse_when_closed(case: Case) -> None:
    if case.state == CaseState.CLOSED:
        raise TransitionRefused("The case is closed.", errors=[{"loc": ["case"], "msg": "case_closed"}])


CARE_CONSIDERATION_DA = (
    "Omsorgspligten (serviceloven § 82) og reglerne om magtanvendelse (serviceloven kapitel 24) er "
    "overvejet, før sagen, hvor borgeren har sagt nej til hjælp, lukkes. Konklusion: {conclusion}"
)


def _care_consideration_problem(case: Case, body: TransitionCreate) -> str | None:
    """Why the transition's answer on SEL § 82 / chapter 24 is wrong for it: missing, or not asked for."""
    needed = needs_care_consideration(CaseState(case.state), body.to)
    if needed and body.care_consideration is None:
        return "care_consideration_required"
    if not needed and body.care_consideration is not None:
        return "care_consideration_not_for_this_step"
    return None


def _record_care_consideration(
    case: Case, body: TransitionCreate, *, principal: Principal, cipher: Cipher, now: datetime
) -> None:
    """The answer is kept as its own record and written in the journal, where it cannot be changed."""
    assert body.care_consideration is not None
    conclusion = body.care_consideration.conclusion
    entry = JournalEntry(
        text=cipher.encrypt(CARE_CONSIDERATION_DA.format(conclusion=conclusion)),
        author=principal.subject,
        author_name=principal.name,
        created_at=now,
    )
    case.journal.append(entry)
    case.care_considerations.append(
        CareConsideration(
            journal_entry=entry,
            conclusion=cipher.encrypt(conclusion),
            considered_by=principal.subject,
            considered_by_name=principal.name,
            considered_at=now,
        )
    )
    _event(case, principal, EventKind.DUTY_OF_CARE, now, cipher, reason=conclusion)


def transition(
    case: Case, *, body: TransitionCreate, principal: Principal, cipher: Cipher, today: date, now: datetime
) -> CaseStatusRead:
    """Move the case one step of the workflow, with who, when and why.

    Refused with 409 and the workflow's reasons when the step is not allowed now; with 422 when a declined
    case would close without the answer on the duty of care and the coercion rules (DOMAIN § 6.4).
    """
    problems = check_transition(
        facts(case), body.to, reason=body.reason, follow_up_date=body.follow_up_date, today=today
    )
    if problems:
        raise TransitionRefused(
            f"The case cannot go from {case.state} to {body.to}.",
            errors=[{"loc": ["body", "to"], "msg": str(problem)} for problem in problems],
        )
    if (care_problem := _care_consideration_problem(case, body)) is not None:
        raise CareConsiderationRequired(
            "Closing a declined case needs the answer on SEL § 82 and SEL chapter 24, and only that step.",
            errors=[{"loc": ["body", "care_consideration"], "msg": care_problem}],
        )
    if body.care_consideration is not None:
        _record_care_consideration(case, body, principal=principal, cipher=cipher, now=now)
    previous = case.state
    case.state = body.to
    # The outcome belongs to the state: entering an outcome sets it, closing keeps it, any other step
    # clears it (and the follow-up date with it), so no figure counts an outcome the case no longer has.
    case.outcome = outcome_after(body.to, case.outcome)
    if body.to is not CaseState.CLOSED:
        case.follow_up_date = body.follow_up_date if body.to is CaseState.CITIZEN_DECLINED else None
    if body.to is CaseState.CLOSED:
        case.closed_at = now
    if makes_first_contact(body.to) and case.first_contact_at is None:
        case.first_contact_at = now
    _event(
        case,
        principal,
        EventKind.TRANSITION,
        now,
        cipher,
        reason=body.reason,
        from_state=previous,
        to_state=body.to,
        follow_up_date=body.follow_up_date if body.to is CaseState.CITIZEN_DECLINED else None,
    )
    return status(case)


def mark_acute(
    case: Case,
    *,
    body: AcuteUpdate,
    config: ReferralsConfig,
    principal: Principal,
    cipher: Cipher,
    now: datetime,
) -> CaseStatusRead:
    """The caseworker marks the case acute, or no longer acute, with why; the first-contact deadline
    follows: the acute one counted from now (unless already earlier), or back to the normal one."""
    _refuse_when_closed(case)
    case.acute_danger = body.acute_danger
    if body.acute_danger:
        intake.shorten_for_acute(case, config, known_at=now)
    elif case.first_contact_at is None:
        received_on = case.received_at.astimezone(MUNICIPAL_TIME_ZONE).date()
        case.first_contact_due = first_contact_due(received_on, config.first_contact_days)
    _event(case, principal, EventKind.ACUTE_MARKED, now, cipher, reason=body.reason)
    return status(case)


def assign(
    case: Case, *, body: AssignmentUpdate, principal: Principal, cipher: Cipher, now: datetime
) -> CaseStatusRead:
    """Give the case to a caseworker; a received case becomes assigned."""
    _refuse_when_closed(case)
    previous = case.state
    case.assigned_to = body.assignee
    case.assigned_to_name = body.assignee_name or (
        principal.name if body.assignee == principal.subject else None
    )
    case.assigned_at = now
    if case.state == CaseState.RECEIVED:
        case.state = CaseState.ASSIGNED
    _event(
        case,
        principal,
        EventKind.ASSIGNMENT,
        now,
        cipher,
        # In the journal's language, naming the person (the subject only when no name is known).
        reason=body.reason or f"Tildelt {case.assigned_to_name or body.assignee}",
        from_state=previous,
        to_state=case.state,
    )
    return status(case)


async def add_journal_entry(
    session: AsyncSession,
    *,
    case: Case,
    body: JournalEntryCreate,
    principal: Principal,
    cipher: Cipher,
    now: datetime,
) -> JournalEntryRead:
    """A new note; a correction is a new note that points at the one it corrects, which stays as it was."""
    if body.corrects is not None and body.corrects not in {entry.id for entry in case.journal}:
        raise JournalEntryNotFound(f"The case has no journal entry {body.corrects}.")
    entry = JournalEntry(
        text=cipher.encrypt(body.text),
        corrects_id=body.corrects,
        author=principal.subject,
        author_name=principal.name,
        created_at=now,
    )
    case.journal.append(entry)
    await session.flush()
    return JournalEntryRead(
        id=entry.id,
        text=body.text,
        corrects_id=entry.corrects_id,
        corrected_by=[],
        author=entry.author,
        author_name=entry.author_name,
        created_at=entry.created_at,
    )


def answer_children(
    case: Case, *, body: ChildrenUpdate, principal: Principal, cipher: Cipher, now: datetime
) -> CaseStatusRead:
    """Record whether children live in the household and whether a notification (Barnets lov) was made."""
    _refuse_when_closed(case)
    case.children_in_household = body.children_in_household
    case.child_notification = body.notification
    case.children_note = cipher.encrypt_optional(body.note)
    case.children_answered_by = principal.subject
    case.children_answered_at = now
    _event(case, principal, EventKind.CHILDREN_ANSWERED, now, cipher, reason=body.note)
    return status(case)


def update_citizen(
    session: AsyncSession,
    *,
    case: Case,
    body: CitizenUpdate,
    principal: Principal,
    cipher: Cipher,
    now: datetime,
) -> CaseStatusRead:
    """Correct or complete the citizen's details; the event names the fields changed, never the values."""
    _refuse_when_closed(case)
    changed = []
    if body.name is not None:
        case.citizen_name = cipher.encrypt(body.name)
        changed.append("name")
    if body.address is not None:
        case.citizen_address = cipher.encrypt(body.address)
        changed.append("address")
    if "phone" in body.model_fields_set:
        case.citizen_phone = cipher.encrypt_optional(body.phone)
        changed.append("phone")
    if "cpr" in body.model_fields_set:
        case.citizen_cpr = cipher.encrypt_optional(body.cpr)
        subject = cipher.lookup_hash(CPR_HASH, body.cpr) if body.cpr else None
        if subject != case.citizen_cpr_hash:
            case.citizen_cpr_hash = subject
            # The earlier reads (logged without this hash) become this person's in the access-log export.
            accesslog.link_subject(session, case=case, at=now)
        changed.append("cpr")
    _event(
        case,
        principal,
        EventKind.CITIZEN_UPDATED,
        now,
        cipher,
        reason=f"{body.reason} [{', '.join(changed)}]",
    )
    return status(case)


async def add_consent(
    session: AsyncSession,
    *,
    case: Case,
    body: ConsentCreate,
    principal: Principal,
    cipher: Cipher,
    now: datetime,
    today: date,
) -> ConsentRead:
    _refuse_when_closed(case)
    if body.given_on > today:
        raise ConsentRefused("A consent cannot be given in the future.")
    consent = Consent(
        scope=cipher.encrypt(body.scope),
        given_on=body.given_on,
        recorded_by=principal.subject,
        recorded_at=now,
    )
    case.consents.append(consent)
    await session.flush()
    return consent_read(consent, cipher)


def withdraw_consent(
    session: AsyncSession,
    *,
    case: Case,
    consent_id: int,
    body: ConsentWithdrawalCreate,
    principal: Principal,
    cipher: Cipher,
    now: datetime,
    today: date,
) -> ConsentRead:
    """Withdraw a consent from a date on; the consent and its withdrawal both stay on record.

    The answer shows the consent's scope, decrypted: a read of the case, so it is logged.
    """
    consent = next((c for c in case.consents if c.id == consent_id), None)
    if consent is None:
        raise ConsentNotFound(f"The case has no consent {consent_id}.")
    if body.withdrawn_on > today or not may_withdraw(
        given_on=consent.given_on, withdrawn_on=consent.withdrawn_on, on=body.withdrawn_on
    ):
        raise ConsentRefused("The consent is already withdrawn, or the date is before it was given or ahead.")
    consent.withdrawn_on = body.withdrawn_on
    consent.withdrawn_by = principal.subject
    consent.withdrawn_at = now
    accesslog.record(
        session,
        principal=principal,
        action=AccessAction.WITHDRAW_CONSENT,
        fields=("consents.scope",),
        purpose=Purpose.CASEWORK,
        case=case,
    )
    return consent_read(consent, cipher)
