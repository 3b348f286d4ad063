"""python -m services.referrals.rekey: re-encrypt every stored value under the newest key.

    python -m services.referrals.rekey --new-key        # put a new key first in the key file, then re-encrypt
    python -m services.referrals.rekey                   # re-encrypt under the key that is first already
    python -m services.referrals.rekey --retire-old-keys # afterwards: keep only the newest key in the file

Every encrypted column of every table and every archive file is rewritten in one transaction; a value that
no key decrypts stops the run before anything is committed.
"""

import argparse
import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit import db
from services.referrals.config import ReferralsSettings
from services.referrals.crypto import Cipher, add_primary_key, load_cipher, retire_old_keys
from services.referrals.models import Base
from services.referrals.retention import ARCHIVE_SUFFIX

BATCH = 500


async def reencrypt(session: AsyncSession, *, cipher: Cipher) -> dict[str, int]:
    """Rotate every encrypted value to the newest key; returns how many values per table."""
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        columns = [column for column in table.columns if column.info.get("encrypted")]
        if not columns:
            continue
        counts[table.name] = 0
        last_id = 0
        while True:
            rows = (
                await session.execute(
                    select(table.c.id, *columns).where(table.c.id > last_id).order_by(table.c.id).limit(BATCH)
                )
            ).all()
            if not rows:
                break
            for row in rows:
                values: dict[str, Any] = {
                    column.name: cipher.rotate(row._mapping[column])
                    for column in columns
                    if row._mapping[column] is not None
                }
                if values:
                    if "updated_at" in table.c:  # re-encryption is not a change of the case
                        values["updated_at"] = table.c.updated_at
                    await session.execute(update(table).where(table.c.id == row.id).values(**values))
                    counts[table.name] += len(values) - (1 if "updated_at" in values else 0)
            last_id = rows[-1].id
    await session.flush()
    return counts


def reencrypt_archive(directory: Path, cipher: Cipher) -> int:
    """Rotate the archive exports to the newest key too (each file replaced atomically)."""
    if not directory.is_dir():
        return 0
    count = 0
    for path in sorted(directory.glob(f"*{ARCHIVE_SUFFIX}")):
        rotated = cipher.rotate_bytes(path.read_bytes())
        temporary = path.with_suffix(path.suffix + ".tmp")
        temporary.write_bytes(rotated)
        temporary.chmod(0o600)
        temporary.replace(path)
        count += 1
    return count


async def _run(settings: ReferralsSettings, cipher: Cipher) -> dict[str, int]:
    engine = db.create_engine(settings.effective_database_url, schema=settings.service_name)
    try:
        async with db.session_factory(engine)() as session, session.begin():
            return await reencrypt(session, cipher=cipher)
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services.referrals.rekey", description=__doc__)
    parser.add_argument("--new-key", action="store_true", help="add a new newest key to the key file first")
    parser.add_argument(
        "--retire-old-keys",
        action="store_true",
        help="after re-encrypting, keep only the newest key in the file",
    )
    args = parser.parse_args()
    settings = ReferralsSettings()
    path = settings.encryption_keys_path
    if args.new_key:
        add_primary_key(path)
        print(f"a new key is first in {path}")
    cipher = load_cipher(path)
    counts = asyncio.run(_run(settings, cipher))
    for table, count in counts.items():
        print(f"{table}: {count} value(s) re-encrypted")
    print(f"archive: {reencrypt_archive(settings.archive_path, cipher)} file(s) re-encrypted")
    if args.retire_old_keys:
        print(f"{retire_old_keys(path)} old key(s) removed from {path}")


if __name__ == "__main__":
    main()
