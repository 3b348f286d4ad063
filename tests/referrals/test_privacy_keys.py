"""Keys outside the database: the key file, production's refusal of development keys, and re-encryption
of everything under a new key (`python -m services.referrals.rekey`)."""

import base64
import os
import stat
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet
from fastapi import FastAPI

from services.kit.settings import DEV_KEY_MARKER, InsecureConfiguration
from services.kit.state import process_of, state_of
from services.referrals import crypto, rekey
from services.referrals.config import ReferralsSettings
from services.referrals.crypto import Cipher, KeyFileError, UndecryptableValue
from services.referrals.models import encrypted_columns
from services.referrals.state import ReferralsState
from tests.referrals.conftest import CPR, new_case, raw_rows, report_body
from tests.support import KeyPair

LOOKUP = base64.urlsafe_b64encode(b"k" * 32).decode()


def test_a_development_key_file_is_made_once_marked_and_private(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "referrals-keys.toml"
    crypto.generate_dev_key_file(path)
    first = path.read_text()
    assert DEV_KEY_MARKER in first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    crypto.generate_dev_key_file(path)
    assert path.read_text() == first  # never replaced: that would lose every encrypted value
    keys, lookup = crypto.read_key_file(path)
    assert len(keys) == 1 and len(base64.urlsafe_b64decode(lookup)) == 32
    assert os.listdir(path.parent) == ["referrals-keys.toml"]


def test_a_broken_key_file_stops_the_service(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    with pytest.raises(KeyFileError):
        crypto.load_cipher(path)
    path.write_text('fernet_keys = []\nlookup_key = "x"\n')
    with pytest.raises(KeyFileError):
        crypto.load_cipher(path)
    path.write_text(f'fernet_keys = ["not-a-key"]\nlookup_key = "{LOOKUP}"\n')
    with pytest.raises(KeyFileError):
        crypto.load_cipher(path)


def production(tmp_path: Path, keys: KeyPair, **env: str) -> ReferralsSettings:
    return ReferralsSettings(
        APP_ENV="production",
        database_url="postgresql://u@db/x",
        JWT_PUBLIC_KEY_FILE=str(keys.public_path),
        VAR_DIR=str(tmp_path),
        **env,
    )


def test_production_refuses_missing_and_development_key_files(tmp_path: Path, keys: KeyPair) -> None:
    with pytest.raises(InsecureConfiguration, match="REFERRALS_ENCRYPTION_KEYS_FILE"):
        production(tmp_path, keys)
    development = crypto.generate_dev_key_file(tmp_path / "dev.toml")
    with pytest.raises(InsecureConfiguration, match="generated development key"):
        production(tmp_path, keys, encryption_keys_file=str(development))
    operator = tmp_path / "operator.toml"
    operator.write_text(crypto.render_key_file([crypto.new_key()], LOOKUP, development=False))
    assert production(tmp_path, keys, encryption_keys_file=str(operator)).encryption_keys_path == operator


def test_the_cipher_round_trips_and_hashes_with_its_own_key() -> None:
    cipher = Cipher([crypto.new_key()], LOOKUP)
    token = cipher.encrypt("Xenia")
    assert token != "Xenia" and cipher.decrypt(token) == "Xenia"
    assert cipher.lookup_hash("cpr", CPR) == Cipher([crypto.new_key()], LOOKUP).lookup_hash("cpr", CPR)
    other_lookup = base64.urlsafe_b64encode(b"z" * 32).decode()
    assert cipher.lookup_hash("cpr", CPR) != Cipher([crypto.new_key()], other_lookup).lookup_hash("cpr", CPR)
    assert cipher.lookup_hash("cpr", CPR) != cipher.lookup_hash("follow-up-code", CPR)
    with pytest.raises(UndecryptableValue):
        Cipher([crypto.new_key()], LOOKUP).decrypt(token)


def test_every_personal_column_is_marked_for_encryption() -> None:
    columns = encrypted_columns()
    assert set(columns["cases"]) >= {
        "citizen_name",
        "citizen_address",
        "citizen_phone",
        "citizen_cpr",
        "children_note",
    }
    assert set(columns["reports"]) >= {
        "concern",
        "reporter_name",
        "reporter_phone",
        "reporter_email",
        "reporter_relation",
    }
    assert columns["journal_entries"] == ["text"]
    assert "access_log" not in columns and "deletion_log" not in columns


async def test_rekey_re_encrypts_everything_under_a_new_key(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI, tmp_path: Path
) -> None:
    old_cipher: Cipher = state_of(referrals_app, ReferralsState).cipher
    case_id = (await new_case(client, caseworker))["id"]
    await client.post(
        f"/v1/cases/{case_id}/journal", json={"text": "Notat før nøgleskift."}, headers=caseworker
    )
    await client.post("/v1/concern-reports", json=report_body(acute_danger=True))
    before = await raw_rows(referrals_app, "cases")
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "B-TEST-0001-20260101.json.fernet").write_bytes(
        old_cipher.encrypt_bytes(b'{"archived": true}')
    )

    key_file = tmp_path / "keys.toml"
    old_keys, lookup = crypto.read_key_file(
        state_of(referrals_app, ReferralsState).settings.encryption_keys_path
    )
    key_file.write_text(crypto.render_key_file(old_keys, lookup, development=True))
    new_key = crypto.add_primary_key(key_file)
    rotating = crypto.load_cipher(key_file)
    new_only = Cipher([new_key], lookup)
    try:
        async with process_of(referrals_app).session_factory() as session:
            counts = await rekey.reencrypt(session, cipher=rotating)
            await session.commit()
        assert counts["cases"] >= 2 * 4 and counts["reports"] >= 2 and counts["journal_entries"] == 1
        assert rekey.reencrypt_archive(archive, rotating) == 1

        after = await raw_rows(referrals_app, "cases")
        assert [row["citizen_name"] for row in after] != [row["citizen_name"] for row in before]
        assert [row["updated_at"] for row in after] == [row["updated_at"] for row in before]
        assert [row["citizen_cpr_hash"] for row in after] == [row["citizen_cpr_hash"] for row in before]
        for row in after:
            assert new_only.decrypt(row["citizen_name"]) == "Testa Testesen"
            with pytest.raises(UndecryptableValue):
                Cipher(old_keys, lookup).decrypt(row["citizen_name"])
        assert (
            new_only.decrypt_bytes((archive / "B-TEST-0001-20260101.json.fernet").read_bytes())
            == b'{"archived": true}'
        )

        # With only the new key the service reads everything; the old key can be retired.
        assert crypto.retire_old_keys(key_file) == len(old_keys)
        state_of(referrals_app, ReferralsState).cipher = crypto.load_cipher(key_file)
        case = (await client.get(f"/v1/cases/{case_id}", headers=caseworker)).json()
        assert case["citizen"]["name"] == "Testa Testesen"
        assert case["journal"][0]["text"] == "Notat før nøgleskift."
        hits = await client.post("/v1/cases/lookup", json={"cpr": CPR}, headers=caseworker)
        assert case_id in [h["id"] for h in hits.json()] and len(hits.json()) == 2  # both reports name CPR
    finally:
        state_of(referrals_app, ReferralsState).cipher = old_cipher


async def test_rekey_stops_on_a_value_no_key_decrypts(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    await new_case(client, caseworker)
    stranger = Cipher([Fernet.generate_key().decode()], LOOKUP)
    async with process_of(referrals_app).session_factory() as session:
        with pytest.raises(UndecryptableValue):
            async with session.begin_nested():
                await rekey.reencrypt(session, cipher=stranger)
