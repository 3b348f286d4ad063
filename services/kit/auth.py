"""Asymmetric JWTs: the gateway issues them, every service verifies them itself."""

import base64
import hashlib
import json
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jose import jwt
from jose.backends.base import Key
from jose.exceptions import JOSEError
from jose.jwk import construct as construct_key
from pydantic import BaseModel, ConfigDict

from services.kit.errors import Forbidden, InvalidToken, Unauthorized
from services.kit.revocation import RevocationList
from services.kit.settings import DEV_KEY_MARKER

# The only algorithm accepted anywhere: listing it explicitly shuts out `none` and HMAC confusion.
ALGORITHM = "RS256"
ALGORITHMS = [ALGORITHM]
# RSA 3072 gives the 128 bits of security ASVS 11.2.3 asks for (2048 gives about 112).
DEV_KEY_BITS = 3072
log = logging.getLogger(__name__)
PEM_BLOCK = re.compile(rb"-----BEGIN [A-Z ]+-----.+?-----END [A-Z ]+-----", re.DOTALL)


class Role(StrEnum):
    """A caller's role: five for people, `housing_org` and `system` for machine clients (CONTRACT § 2)."""

    ADMIN = "admin"
    ANALYST = "analyst"
    ALLOCATION_OFFICER = "allocation_officer"
    CASEWORKER = "caseworker"
    MANAGER = "manager"
    HOUSING_ORG = "housing_org"
    SYSTEM = "system"


HUMAN_ROLES = (Role.ADMIN, Role.ANALYST, Role.ALLOCATION_OFFICER, Role.CASEWORKER, Role.MANAGER)
MACHINE_ROLES = (Role.HOUSING_ORG, Role.SYSTEM)


class Principal(BaseModel):
    """Who is calling, as the verifying process read it from the token."""

    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "subject": "user:analyst",
                    "kind": "user",
                    "name": "Anders Analytiker",
                    "roles": ["analyst"],
                    "housing_org": None,
                },
                {
                    "subject": "client:housing-org-demo",
                    "kind": "client",
                    "name": "Demo Boligorganisation",
                    "roles": ["housing_org"],
                    "housing_org": "demo-boligorganisation",
                },
            ]
        },
    )

    subject: str
    kind: Literal["user", "client"]
    name: str
    roles: frozenset[Role]
    housing_org: str | None = None

    def has_any(self, roles: Iterable[Role]) -> bool:
        return not self.roles.isdisjoint(roles)


def _rsa_numbers(public_pem: bytes) -> rsa.RSAPublicNumbers:
    key = serialization.load_pem_public_key(public_pem)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("the token key must be an RSA key")
    return key.public_numbers()


def key_id(public_pem: bytes) -> str:
    """RFC 7638 thumbprint of the RSA public key, used as `kid`."""
    numbers = _rsa_numbers(public_pem)
    members = {"e": _b64_int(numbers.e), "kty": "RSA", "n": _b64_int(numbers.n)}
    digest = hashlib.sha256(json.dumps(members, separators=(",", ":"), sort_keys=True).encode()).digest()
    return _b64(digest)


def jwk(public_pem: bytes) -> dict[str, str]:
    """The public key as one JWKS entry."""
    numbers = _rsa_numbers(public_pem)
    return {
        "kty": "RSA",
        "use": "sig",
        "alg": ALGORITHM,
        "kid": key_id(public_pem),
        "n": _b64_int(numbers.n),
        "e": _b64_int(numbers.e),
    }


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64_int(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class TokenIssuer:
    """Signs access tokens with the gateway's private key."""

    def __init__(self, private_pem: bytes, *, issuer: str, lifetime_seconds: int) -> None:
        key = serialization.load_pem_private_key(private_pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("the signing key must be an RSA private key")
        self._private_pem = private_pem
        self.public_pem = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.kid = key_id(self.public_pem)
        self.issuer = issuer
        self.lifetime_seconds = lifetime_seconds

    def issue(self, principal: Principal, audiences: list[str]) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": principal.subject,
            "aud": audiences,
            "iat": now,
            "nbf": now,
            "exp": now + self.lifetime_seconds,
            # 128 random bits: unique across every token alive, so ending one (logout) ends no other.
            "jti": secrets.token_hex(16),
            "kind": principal.kind,
            "name": principal.name,
            "roles": sorted(principal.roles),
        }
        if principal.housing_org:
            claims["housing_org"] = principal.housing_org
        return jwt.encode(claims, self._private_pem.decode(), algorithm=ALGORITHM, headers={"kid": self.kid})


class TokenVerifier:
    """Checks signature, expiry, issuer, audience, and that the token was not ended; else 401."""

    def __init__(
        self,
        public_pem: bytes | Sequence[bytes],
        *,
        issuer: str,
        audience: str,
        revocations: RevocationList | None = None,
    ) -> None:
        pems = [public_pem] if isinstance(public_pem, bytes) else list(public_pem)
        if not pems:
            raise ValueError("a verifier needs at least one public key")
        # By `kid`: during a key rotation the new and the previous key are both good. Parsed once here, not
        # by jose on every request (a third of a verification's cost, issue 16).
        self._keys = {key_id(pem): construct_key(pem.decode(), ALGORITHM) for pem in pems}
        self.issuer = issuer
        self.audience = audience
        # The services' list of ended tokens (services/kit/revocation.py); the gateway ends its own
        # sessions itself (gateway/session.py), so it verifies without one.
        self.revocations = revocations

    def _candidates(self, token: str) -> Key | Iterable[Any]:
        kid = jwt.get_unverified_header(token).get("kid")
        return self._keys[kid] if kid in self._keys else list(self._keys.values())

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._candidates(token),
                algorithms=ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                options={"require_exp": True, "require_iat": True, "require_sub": True, "leeway": 10},
            )
            principal = Principal(
                subject=claims["sub"],
                kind=claims["kind"],
                name=claims.get("name", claims["sub"]),
                roles=frozenset(Role(r) for r in claims.get("roles", [])),
                housing_org=claims.get("housing_org"),
            )
        except (JOSEError, KeyError, ValueError) as exc:
            # The reason's class only: the token itself is a credential and never goes into a log.
            log.info("access token refused: %s", type(exc).__name__)
            raise InvalidToken("The access token is missing, invalid or expired.") from exc
        if self.revocations is not None:
            self.revocations.check(claims)
        return principal


def generate_dev_keypair(keys_dir: Path) -> Path:
    """Create a development RSA key pair once; the files are marked so production refuses them."""
    private_path = keys_dir / "jwt-private.pem"
    public_path = keys_dir / "jwt-public.pem"
    if private_path.exists() and public_path.exists():
        return private_path
    keys_dir.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=DEV_KEY_BITS)
    marker = f"{DEV_KEY_MARKER}\n".encode()
    private_bytes = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_bytes = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    private_path.touch(mode=0o600)
    private_path.write_bytes(marker + private_bytes)
    public_path.write_bytes(marker + public_bytes)
    return private_path


def read_pems(path: Path) -> list[bytes]:
    """Every PEM block of a key file: a public key file may hold the new and the previous key."""
    blocks = PEM_BLOCK.findall(read_pem(path))
    if not blocks:
        raise ValueError(f"{path} holds no PEM key")
    return [block + b"\n" for block in blocks]


def read_pem(path: Path) -> bytes:
    """The PEM block of a key file, without the development marker line before it."""
    data = path.read_bytes()
    start = data.find(b"-----BEGIN")
    if start < 0:
        raise ValueError(f"{path} holds no PEM key")
    return data[start:]


_bearer = HTTPBearer(auto_error=False, description="Access token from the gateway's POST /auth/token")


async def current_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    """The verified caller; 401 without a valid bearer token."""
    if credentials is None:
        raise Unauthorized("An access token is required.")
    verifier: TokenVerifier = request.app.state.process.token_verifier
    principal = verifier.verify(credentials.credentials)
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets through only principals holding one of `roles`."""

    async def guard(principal: CurrentPrincipal) -> Principal:
        if not principal.has_any(roles):
            log.warning("access refused: %s lacks any of %s", principal.subject, ", ".join(roles))
            raise Forbidden("Your role does not give access to this resource.")
        return principal

    guard.__name__ = "require_" + "_or_".join(roles)
    return guard
