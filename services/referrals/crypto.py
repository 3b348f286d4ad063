"""Personal data at rest: encrypted with keys that live in a file, never in the database.

The key file (REFERRALS_ENCRYPTION_KEYS_FILE; in development generated once under VAR_DIR/keys) holds
Fernet keys and one lookup key:

    fernet_keys = ["<newest: encrypts>", "<older: still decrypt>"]
    lookup_key = "<HMAC-SHA256 key for looking a person up by CPR without storing the number>"

Several Fernet keys make rotation possible (MultiFernet): put a new key first, run
`python -m services.referrals.rekey`, then retire the old ones. The lookup key is not rotated: the
append-only access log holds lookup hashes, and nothing may rewrite that log.
"""

import base64
import binascii
import hashlib
import hmac
import os
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from services.kit.settings import DEV_KEY_MARKER

KEY_FILE_NAME = "referrals-keys.toml"


class KeyFileError(RuntimeError):
    """The key file is missing or unusable; the service refuses to start rather than lose data."""


class UndecryptableValue(RuntimeError):
    """A stored value was encrypted with a key the key file no longer holds."""


class Cipher:
    """Encrypts and decrypts the service's personal data; computes keyed lookup hashes."""

    def __init__(self, fernet_keys: Sequence[str], lookup_key: str) -> None:
        if not fernet_keys:
            raise KeyFileError("the key file holds no Fernet key")
        try:
            self._fernet = MultiFernet([Fernet(key.encode()) for key in fernet_keys])
            self._lookup_key = base64.urlsafe_b64decode(lookup_key.encode())
        except (ValueError, binascii.Error) as exc:
            raise KeyFileError("a key in the key file is not a url-safe base64 32-byte key") from exc
        if len(self._lookup_key) < 32:
            raise KeyFileError("the lookup key must be at least 32 bytes")

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise UndecryptableValue("a stored value does not decrypt with any key in the key file") from exc

    def encrypt_optional(self, text: str | None) -> str | None:
        return None if text is None else self.encrypt(text)

    def decrypt_optional(self, token: str | None) -> str | None:
        return None if token is None else self.decrypt(token)

    def rotate(self, token: str) -> str:
        """The same value encrypted under the newest key."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken as exc:
            raise UndecryptableValue("a stored value does not decrypt with any key in the key file") from exc

    def encrypt_bytes(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def decrypt_bytes(self, data: bytes) -> bytes:
        try:
            return self._fernet.decrypt(data)
        except InvalidToken as exc:
            raise UndecryptableValue("the file does not decrypt with any key in the key file") from exc

    def rotate_bytes(self, data: bytes) -> bytes:
        try:
            return self._fernet.rotate(data)
        except InvalidToken as exc:
            raise UndecryptableValue("the file does not decrypt with any key in the key file") from exc

    def lookup_hash(self, purpose: str, value: str) -> str:
        """HMAC-SHA256 of `value` under the lookup key; `purpose` keeps its uses (cpr, code) apart."""
        message = f"{purpose}\x00{value}".encode()
        return hmac.new(self._lookup_key, message, hashlib.sha256).hexdigest()

    def matches(self, purpose: str, value: str, stored_hash: str) -> bool:
        return hmac.compare_digest(self.lookup_hash(purpose, value), stored_hash)


# --- the key file -------------------------------------------------------------------------------------


def new_key() -> str:
    return Fernet.generate_key().decode()


def read_key_file(path: Path) -> tuple[list[str], str]:
    """(fernet keys, newest first; lookup key) from the file at `path`."""
    try:
        data = tomllib.loads(path.read_text())
    except FileNotFoundError as exc:
        raise KeyFileError(f"the referrals key file {path} does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise KeyFileError(f"the referrals key file {path} is not valid TOML") from exc
    keys, lookup = data.get("fernet_keys"), data.get("lookup_key")
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
        raise KeyFileError(f'{path} needs fernet_keys = ["..."] with at least one key')
    if not isinstance(lookup, str):
        raise KeyFileError(f'{path} needs lookup_key = "..."')
    return keys, lookup


def is_development_file(path: Path) -> bool:
    return path.exists() and DEV_KEY_MARKER in path.read_text()


def render_key_file(fernet_keys: Sequence[str], lookup_key: str, *, development: bool) -> str:
    lines = [f"# {DEV_KEY_MARKER}"] if development else []
    lines += [
        "# Referrals service: keys for personal data at rest. Keep this file apart from the database and",
        "# its backups; without it the data cannot be read. The first Fernet key encrypts; all decrypt.",
        "fernet_keys = [",
        *(f'  "{key}",' for key in fernet_keys),
        "]",
        f'lookup_key = "{lookup_key}"',
        "",
    ]
    return "\n".join(lines)


def _write_new(path: Path, content: str) -> bool:
    """Create `path` with `content` only if it does not exist yet (atomically); True when created."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".referrals-keys-")
    try:
        os.fchmod(handle, 0o600)
        os.write(handle, content.encode())
        os.close(handle)
        try:
            os.link(temporary, path)  # fails when another process created the file first
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(temporary)


def replace_key_file(path: Path, content: str) -> None:
    """Overwrite `path` atomically, keeping it readable by its owner only."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".referrals-keys-")
    try:
        os.fchmod(handle, 0o600)
        os.write(handle, content.encode())
        os.close(handle)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def generate_dev_key_file(path: Path) -> Path:
    """Create a development key file once (marked, so production refuses it); an existing file is kept."""
    if not path.exists():
        lookup = base64.urlsafe_b64encode(os.urandom(32)).decode()
        _write_new(path, render_key_file([new_key()], lookup, development=True))
    return path


def add_primary_key(path: Path) -> str:
    """Put a new Fernet key first in the file (older keys stay to decrypt); returns the new key."""
    keys, lookup = read_key_file(path)
    key = new_key()
    replace_key_file(path, render_key_file([key, *keys], lookup, development=is_development_file(path)))
    return key


def retire_old_keys(path: Path) -> int:
    """Keep only the newest Fernet key; run after everything is re-encrypted. Returns how many went."""
    keys, lookup = read_key_file(path)
    replace_key_file(path, render_key_file(keys[:1], lookup, development=is_development_file(path)))
    return len(keys) - 1


def load_cipher(path: Path) -> Cipher:
    keys, lookup = read_key_file(path)
    return Cipher(keys, lookup)
