"""POST /auth/token (password and client-credentials grants) and the public JWKS."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from jose import jwt
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import identity, revocations
from gateway.config import SERVICES, GatewaySettings
from gateway.throttle import LoginThrottle
from services.kit.auth import Principal, TokenIssuer, jwk
from services.kit.errors import AppError, Unauthorized
from services.kit.revocation import RevocationDocument
from services.kit.routing import SessionDep, TransactionalRoute

# Public on purpose: this is where callers without a token get one, and where services fetch keys.
router = APIRouter(tags=["identity"], route_class=TransactionalRoute)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int


class InvalidGrant(Unauthorized):
    title = "Invalid credentials"


class UnsupportedGrant(AppError):
    status = 400
    title = "Unsupported grant type"


def audiences(settings: GatewaySettings) -> list[str]:
    """A token is good for the gateway's pages and every service; each service still checks roles."""
    return [f"urn:kommune:{name}" for name in ("gateway", *SERVICES)]


async def issue_token(request: Request, session: AsyncSession, principal: Principal) -> TokenResponse:
    """A new token, remembered by its `jti` so that log-out or deactivation can end it everywhere."""
    issuer: TokenIssuer = request.app.state.token_issuer
    settings: GatewaySettings = request.app.state.settings
    token = issuer.issue(principal, audiences(settings))
    await revocations.remember(session, jwt.get_unverified_claims(token))
    return TokenResponse(access_token=token, expires_in=issuer.lifetime_seconds)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/auth/token", response_model=TokenResponse, summary="Exchange credentials for an access token")
async def token(
    request: Request,
    session: SessionDep,
    grant_type: Annotated[str, Form(max_length=64)],
    # The same bounds as the login form: names fit the identity store, secrets up to 256 characters.
    username: Annotated[str | None, Form(max_length=64)] = None,
    password: Annotated[str | None, Form(max_length=256)] = None,
    client_id: Annotated[str | None, Form(max_length=64)] = None,
    client_secret: Annotated[str | None, Form(max_length=256)] = None,
) -> TokenResponse:
    """OAuth 2 style: `grant_type=password` for people, `grant_type=client_credentials` for systems."""
    throttle: LoginThrottle = request.app.state.login_throttle
    if grant_type == "password":
        name, secret = username or "", password or ""
        throttle.check(name, client_address(request))
        principal = await identity.authenticate_user(session, username=name, password=secret)
    elif grant_type == "client_credentials":
        name, secret = client_id or "", client_secret or ""
        throttle.check(name, client_address(request))
        principal = await identity.authenticate_client(session, client_id=name, secret=secret)
    else:
        raise UnsupportedGrant("grant_type must be 'password' or 'client_credentials'.")
    if principal is None:
        throttle.failed(name, client_address(request))
        raise InvalidGrant("The name or secret is wrong, or the account is not active.")
    return await issue_token(request, session, principal)


@router.get("/.well-known/jwks.json", summary="The public keys that verify the gateway's tokens")
async def jwks(request: Request) -> dict[str, list[dict[str, str]]]:
    issuer: TokenIssuer = request.app.state.token_issuer
    return {"keys": [jwk(issuer.public_pem)]}


@router.get(
    "/auth/revocations",
    response_model=RevocationDocument,
    summary="Tokens that ended before they expire (log-out, deactivation), by jti only",
)
async def revoked_tokens(request: Request, session: SessionDep) -> RevocationDocument:
    """What every service polls (services/kit/revocation.py).

    Public like the JWKS: it holds random token ids and expiry times only, and a listed token is dead.
    """
    return RevocationDocument(revoked=await revocations.ended_tokens(session))
