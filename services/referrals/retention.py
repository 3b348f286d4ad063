"""Retention (DOMAIN § 6.6): reporter contact details go early, closed cases go at their type's deadline.

Before a case is deleted its archive export is written (encrypted with the service's keys) to the archive
directory; every anonymisation and deletion is written to the append-only deletion log. The access log is
never touched. Run it with `python -m services.referrals.retention` or POST /v1/retention/run.
"""

import argparse
import asyncio
import base64
import hashlib
import json
import os
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit import clock, db
from services.kit.clock import MUNICIPAL_TIME_ZONE
from services.kit.db import utcnow
from services.kit.municipality import load_municipality
from services.referrals import cases as case_uses
from services.referrals.config import ReferralsConfig, ReferralsSettings
from services.referrals.crypto import Cipher, load_cipher
from services.referrals.models import Case, DeletionLogEntry
from services.referrals.rules.privacy import anonymisation_date, deletion_date, is_due
from services.referrals.schemas import DeletionLogEntryRead, RetentionRunRead

ARCHIVE_SUFFIX = ".json.fernet"


class DeletionKind(StrEnum):
    """What retention did to a case, as the deletion log records it."""

    REPORTER_ANONYMISED = "reporter_anonymised"
    CASE_DELETED = "case_deleted"


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=MUNICIPAL_TIME_ZONE)


def archive_document(case: Case, cipher: Cipher, *, today: date) -> dict[str, Any]:
    """Everything the case holds, decrypted, for the archive (arkivering) before deletion."""
    body = case_uses.case_read(case, cipher, today).model_dump(mode="json")
    cpr = cipher.decrypt_optional(case.citizen_cpr)
    body["citizen"]["cpr"] = cpr
    body["case_type"] = case.case_type
    body["archived_on"] = today.isoformat()
    # The decision letters as they were sent: the HTML, and the PDF in base64 (JSON holds no bytes).
    body["decision_letters"] = [
        {
            "reference": decision.reference,
            "html": cipher.decrypt(decision.letter_html),
            "pdf_base64": base64.b64encode(cipher.decrypt_bytes(decision.letter_pdf.encode())).decode(),
            "pdf_sha256": decision.letter_sha256,
        }
        for decision in case.decisions
    ]
    return body


def write_archive(directory: Path, name: str, content: bytes) -> str:
    """Write the archive file (owner-only) and return its SHA-256."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    return hashlib.sha256(content).hexdigest()


async def run(
    session: AsyncSession,
    *,
    cipher: Cipher,
    config: ReferralsConfig,
    archive_dir: Path,
    today: date,
    actor: str,
    dry_run: bool = False,
) -> RetentionRunRead:
    """Anonymise reporters and delete cases whose deadlines have come; logs each, touches no log."""
    shortest = min(config.reporter_anonymise_after_days, *config.retention_days.values())
    candidates = (
        await session.scalars(
            select(Case)
            .where(Case.closed_at.is_not(None), Case.closed_at <= _end_of(today - timedelta(days=shortest)))
            .order_by(Case.closed_at, Case.id)
        )
    ).all()
    anonymised, deleted, files = 0, 0, []
    now = utcnow()
    for candidate in candidates:
        assert candidate.closed_at is not None
        # Deadlines count from the day the case closed in Denmark, like `today` (the municipality's date).
        closed_on = candidate.closed_at.astimezone(MUNICIPAL_TIME_ZONE).date()
        case = await case_uses.load_case(session, case_id=candidate.id)
        anonymise_on = anonymisation_date(closed_on, config.reporter_anonymise_after_days)
        if is_due(anonymise_on, today):
            for report in case.reports:
                if report.reporter_anonymised_at is not None:
                    continue
                anonymised += 1
                if dry_run:
                    continue
                report.reporter_name = report.reporter_phone = report.reporter_email = None
                report.reporter_relation = None
                report.reporter_anonymised_at = now
                session.add(_logged(case, DeletionKind.REPORTER_ANONYMISED, actor, now, anonymise_on))
        days = config.retention_days.get(case.case_type)
        if days is None:
            continue  # an unknown type is never deleted by guesswork; the configuration must name it
        delete_on = deletion_date(closed_on, days)
        if not is_due(delete_on, today):
            continue
        deleted += 1
        name = f"{case.reference}-{today:%Y%m%d}{ARCHIVE_SUFFIX}"
        files.append(name)
        if dry_run:
            continue
        await session.flush()
        document = json.dumps(archive_document(case, cipher, today=today), ensure_ascii=False).encode()
        digest = write_archive(archive_dir, name, cipher.encrypt_bytes(document))
        session.add(
            _logged(
                case,
                DeletionKind.CASE_DELETED,
                actor,
                now,
                delete_on,
                archive_file=name,
                archive_sha256=digest,
            )
        )
        # The database cascades to everything that hangs on the case (foreign keys ON DELETE CASCADE).
        session.expunge(case)
        await session.execute(delete(Case).where(Case.id == case.id))
    await session.flush()
    return RetentionRunRead(
        today=today,
        dry_run=dry_run,
        anonymised_reports=anonymised,
        deleted_cases=deleted,
        archive_files=files,
    )


def _logged(
    case: Case, kind: DeletionKind, actor: str, now: datetime, deadline: date, **archive: str
) -> DeletionLogEntry:
    return DeletionLogEntry(
        at=now,
        actor=actor,
        kind=kind,
        case_id=case.id,
        case_reference=case.reference,
        case_type=case.case_type,
        closed_at=case.closed_at,
        deadline=deadline,
        archive_file=archive.get("archive_file"),
        archive_sha256=archive.get("archive_sha256"),
    )


async def deletion_log(session: AsyncSession, *, limit: int) -> list[DeletionLogEntryRead]:
    """The newest `limit` entries of the deletion log, newest first."""
    entries = await session.scalars(
        select(DeletionLogEntry).order_by(DeletionLogEntry.id.desc()).limit(limit)
    )
    return [DeletionLogEntryRead.model_validate(entry) for entry in entries]


async def _main(today: date, dry_run: bool) -> RetentionRunRead:
    settings = ReferralsSettings()
    config = load_municipality(settings).section("referrals", ReferralsConfig)
    cipher = load_cipher(settings.encryption_keys_path)
    engine = db.create_engine(settings.effective_database_url, schema=settings.service_name)
    try:
        async with db.session_factory(engine)() as session, session.begin():
            return await run(
                session,
                cipher=cipher,
                config=config,
                archive_dir=settings.archive_path,
                today=today,
                actor="command:retention",
                dry_run=dry_run,
            )
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services.referrals.retention", description=__doc__)
    parser.add_argument("--dry-run", action="store_true", help="count what is due; change nothing")
    parser.add_argument(
        "--today", type=date.fromisoformat, default=None, help="the day to run as (YYYY-MM-DD)"
    )
    args = parser.parse_args()
    result = asyncio.run(_main(args.today or clock.today(), args.dry_run))
    prefix = "would " if result.dry_run else ""
    print(f"{prefix}anonymise {result.anonymised_reports} reporter(s), delete {result.deleted_cases} case(s)")
    for name in result.archive_files:
        print(f"archive: {name}")


if __name__ == "__main__":
    main()
