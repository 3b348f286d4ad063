"""The gateway as OAuth 2 authorization server: POST /auth/token (RFC 6749), its metadata (RFC 8414),
the JWKS and the list of ended tokens the services poll (CONTRACT § 2)."""

import base64
import binascii
import logging
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from jose import jwt
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import identity, revocations
from gateway.config import SERVICES, GatewaySettings
from gateway.session import EndedSessions
from gateway.state import gateway_state
from gateway.throttle import LoginThrottle, TooManyAttempts
from services.kit import addresses
from services.kit.auth import Principal, TokenIssuer, TokenVerifier, jwk
from services.kit.errors import Unauthorized
from services.kit.revocation import RevocationDocument
from services.kit.routing import SessionDep, TransactionalRoute

log = logging.getLogger(__name__)
# Public on purpose: this is where callers without a token get one, and where services fetch keys.
router = APIRouter(tags=["identity"], route_class=TransactionalRoute)

TOKEN_PATH = "/auth/token"  # noqa: S105 - a path, not a secret
REVOKE_PATH = "/auth/revoke"
JWKS_PATH = "/.well-known/jwks.json"
GRANT_TYPES = ("password", "client_credentials")
# RFC 6749 § 2.3.1: HTTP Basic and the form body; a person's password grant needs no client at all.
AUTH_METHODS = ("client_secret_basic", "client_secret_post", "none")
# RFC 6749 § 5.1: token answers, and errors about credentials, are never cached.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# The keys change only at a rotation, which overlaps for a token lifetime: a few minutes' caching is safe.
KEYS_CACHE = {"Cache-Control": "public, max-age=300"}
# The same bounds as the login form: names fit the identity store, secrets up to 256 characters.
MAX_NAME, MAX_SECRET = 64, 256
MAX_BODY_BYTES = 16384


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int


class TokenError(BaseModel):
    """RFC 6749 § 5.2."""

    error: str
    error_description: str


class OAuthError(Exception):
    """An answer of RFC 6749 § 5.2: `{"error", "error_description"}` as application/json."""

    def __init__(self, status: int, error: str, description: str, headers: dict[str, str] | None = None):
        super().__init__(description)
        self.status, self.error, self.description = status, error, description
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        body = TokenError(error=self.error, error_description=self.description)
        return JSONResponse(body.model_dump(), status_code=self.status, headers={**NO_STORE, **self.headers})


def invalid_request(description: str) -> OAuthError:
    return OAuthError(400, "invalid_request", description)


def invalid_client() -> OAuthError:
    # 401 with a challenge for the scheme a client may authenticate with (RFC 6749 § 5.2).
    return OAuthError(
        401,
        "invalid_client",
        "Client authentication failed: unknown client, wrong secret, or none given.",
        {"WWW-Authenticate": 'Basic realm="auth", charset="UTF-8"'},
    )


def audiences(settings: GatewaySettings) -> list[str]:
    """A token is good for the gateway's pages and every service; each service still checks roles."""
    return [f"urn:kommune:{name}" for name in ("gateway", *SERVICES)]


async def issue_token(request: Request, session: AsyncSession, principal: Principal) -> TokenResponse:
    """A new token, remembered by its `jti` so that log-out or deactivation can end it everywhere."""
    issuer: TokenIssuer = gateway_state(request).token_issuer
    settings: GatewaySettings = gateway_state(request).settings
    token = issuer.issue(principal, audiences(settings))
    await revocations.remember(session, jwt.get_unverified_claims(token))
    return TokenResponse(access_token=token, expires_in=issuer.lifetime_seconds)


def client_address(request: Request) -> str:
    """The caller, as the load balancer in front of the gateway names it (TRUSTED_PROXIES)."""
    return addresses.client_address(
        request, addresses.networks(gateway_state(request).settings.trusted_proxies)
    )


async def _parameters(request: Request) -> dict[str, str]:
    """The form parameters; each at most once (RFC 6749 § 3.2), in the one encoding § 4.3.2 names."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/x-www-form-urlencoded":
        raise invalid_request("The body must be application/x-www-form-urlencoded.")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise invalid_request("The request body is too large.")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError) as exc:
        raise invalid_request("The body is not valid form encoding.") from exc
    parameters: dict[str, str] = {}
    for name, value in pairs:
        if name in parameters:
            raise invalid_request(f"The parameter {name!r} was given more than once.")
        parameters[name] = value
    return parameters


def _required(parameters: dict[str, str], name: str, limit: int) -> str:
    value = parameters.get(name, "")
    if not value:
        raise invalid_request(f"The parameter {name!r} is missing.")
    if len(value) > limit:
        raise invalid_request(f"The parameter {name!r} is longer than {limit} characters.")
    return value


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    """Client id and secret from `Authorization: Basic`, each form-encoded first (RFC 6749 § 2.3.1)."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise invalid_request("The Basic credentials are not valid base64 of UTF-8.") from exc
    client_id, colon, secret = decoded.partition(":")
    if not colon:
        raise invalid_request("The Basic credentials must be client_id:client_secret.")
    return unquote_plus(client_id), unquote_plus(secret)


def _client_credentials(request: Request, parameters: dict[str, str]) -> tuple[str, str]:
    basic = _basic_credentials(request)
    in_body = "client_id" in parameters or "client_secret" in parameters
    if basic is not None and in_body:
        raise invalid_request("Use one way of client authentication: HTTP Basic or the form, not both.")
    if basic is None:
        if not in_body:
            raise invalid_client()
        basic = (parameters.get("client_id", ""), parameters.get("client_secret", ""))
    client_id, secret = basic
    if not client_id or not secret:
        raise invalid_client()
    if len(client_id) > MAX_NAME or len(secret) > MAX_SECRET:
        raise invalid_request(f"The client id or secret is longer than {MAX_NAME}/{MAX_SECRET} characters.")
    return client_id, secret


async def _check_throttle(throttle: LoginThrottle, name: str, address: str) -> None:
    try:
        await throttle.check(name, address)
    except TooManyAttempts as exc:
        raise OAuthError(
            429,
            # The registered code closest to "come back later" (RFC 6749 § 4.1.2.1); Retry-After says when.
            "temporarily_unavailable",
            "Too many failed attempts. Wait and try again.",
            exc.headers,
        ) from exc


async def _grant(request: Request, session: AsyncSession) -> Principal:
    parameters = await _parameters(request)
    grant_type = _required(parameters, "grant_type", 64)
    throttle: LoginThrottle = gateway_state(request).login_throttle
    address = client_address(request)
    if grant_type == "password":
        name = _required(parameters, "username", MAX_NAME)
        secret = _required(parameters, "password", MAX_SECRET)
        await _check_throttle(throttle, name, address)
        principal = await identity.authenticate_user(session, username=name, password=secret)
        failure = OAuthError(
            400, "invalid_grant", "The user name or password is wrong, or the account is not active."
        )
    elif grant_type == "client_credentials":
        name, secret = _client_credentials(request, parameters)
        await _check_throttle(throttle, name, address)
        principal = await identity.authenticate_client(session, client_id=name, secret=secret)
        failure = invalid_client()
    else:
        raise OAuthError(
            400, "unsupported_grant_type", "grant_type must be 'password' or 'client_credentials'."
        )
    if principal is None:
        await throttle.failed(name, address)
        raise failure
    await throttle.succeeded(name, address)
    return principal


TOKEN_FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["grant_type"],
    "properties": {
        "grant_type": {"type": "string", "enum": list(GRANT_TYPES)},
        "username": {"type": "string", "maxLength": MAX_NAME},
        "password": {"type": "string", "maxLength": MAX_SECRET, "format": "password"},
        "client_id": {"type": "string", "maxLength": MAX_NAME},
        "client_secret": {"type": "string", "maxLength": MAX_SECRET, "format": "password"},
    },
}
ERROR_CONTENT = {"application/json": {"schema": TokenError.model_json_schema()}}


@router.post(
    TOKEN_PATH,
    response_model=TokenResponse,
    summary="Exchange credentials for an access token (RFC 6749)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/x-www-form-urlencoded": {"schema": TOKEN_FORM_SCHEMA}},
        }
    },
    responses={
        400: {
            "description": "invalid_request, invalid_grant or unsupported_grant_type",
            "content": ERROR_CONTENT,
        },
        401: {"description": "invalid_client", "content": ERROR_CONTENT},
        429: {"description": "Too many failed attempts; see Retry-After", "content": ERROR_CONTENT},
    },
)
async def token(request: Request, session: SessionDep) -> Response:
    """`grant_type=password` for people, `grant_type=client_credentials` for systems (client credentials
    in the form or by HTTP Basic). Errors are RFC 6749 § 5.2 JSON, never problem details."""
    try:
        principal = await _grant(request, session)
    except OAuthError as exc:
        return exc.response()
    issued = await issue_token(request, session, principal)
    return JSONResponse(issued.model_dump(), headers=NO_STORE)


def public_base(request: Request) -> str:
    """Where callers reach the gateway: the configured public address, or the one this request used."""
    settings: GatewaySettings = gateway_state(request).settings
    return str(settings.public_url or request.base_url).rstrip("/")


@router.get("/.well-known/oauth-authorization-server", summary="Authorization server metadata (RFC 8414)")
async def metadata(request: Request) -> JSONResponse:
    settings: GatewaySettings = gateway_state(request).settings
    base = public_base(request)
    document = {
        # The `iss` every token carries and every service checks (CONTRACT § 2).
        "issuer": settings.jwt_issuer,
        "token_endpoint": base + TOKEN_PATH,
        "jwks_uri": base + JWKS_PATH,
        "revocation_endpoint": base + REVOKE_PATH,
        "revocation_endpoint_auth_methods_supported": ["none"],
        "grant_types_supported": list(GRANT_TYPES),
        "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
        # No authorization endpoint (no browser redirect flows), so no response types.
        "response_types_supported": [],
    }
    return JSONResponse(document, headers=KEYS_CACHE)


@router.get(JWKS_PATH, summary="The public keys that verify the gateway's tokens")
async def jwks(request: Request) -> JSONResponse:
    """The signing key and, during a rotation, the previous one: services accept either until it goes."""
    issuer: TokenIssuer = gateway_state(request).token_issuer
    previous: list[bytes] = gateway_state(request).previous_public_keys
    return JSONResponse({"keys": [jwk(pem) for pem in (issuer.public_pem, *previous)]}, headers=KEYS_CACHE)


@router.post(
    REVOKE_PATH,
    summary="End an access token before it expires (RFC 7009)",
    status_code=200,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "required": ["token"],
                        "properties": {"token": {"type": "string"}, "token_type_hint": {"type": "string"}},
                    }
                }
            },
        }
    },
    responses={400: {"description": "invalid_request", "content": ERROR_CONTENT}},
)
async def revoke(request: Request, session: SessionDep) -> Response:
    """An API client's log-out: the token stops at the gateway at once and at the services within
    REVOCATION_REFRESH_SECONDS. Holding the token is the right to end it; an unknown or invalid token
    is answered 200 too (RFC 7009 § 2.2), so the answer tells nothing about it."""
    try:
        token = _required(await _parameters(request), "token", 8192)
    except OAuthError as exc:
        return exc.response()
    verifier: TokenVerifier = gateway_state(request).token_verifier
    try:
        verifier.verify(token)
    except Unauthorized:
        return Response(status_code=200, headers=NO_STORE)
    claims = jwt.get_unverified_claims(token)
    if isinstance(claims.get("jti"), str):
        ended: EndedSessions = gateway_state(request).ended_sessions
        ended.end_token(claims)
        await revocations.end_token(session, claims["jti"])
        log.info("access token revoked by its holder: %s", claims.get("sub"))
    return Response(status_code=200, headers=NO_STORE)


@router.get(
    "/auth/revocations",
    response_model=RevocationDocument,
    summary="Tokens that ended before they expire (log-out, deactivation), by jti only",
)
async def revoked_tokens(session: SessionDep) -> RevocationDocument:
    """What every service polls (services/kit/revocation.py).

    Public like the JWKS: it holds random token ids and expiry times only, and a listed token is dead.
    """
    return RevocationDocument(revoked=await revocations.ended_tokens(session))
