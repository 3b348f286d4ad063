"""Identity use cases: authenticate people and clients, and administer users."""

import asyncio
import logging

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.config import GatewaySettings
from gateway.models import Client, User
from services.kit.auth import HUMAN_ROLES, Principal, Role
from services.kit.errors import Conflict, NotFound, ValidationFailed

log = logging.getLogger(__name__)
MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()
# Verifying against a throwaway hash for unknown names keeps their timing like a wrong password's.
_dummy_hash = _hasher.hash("unknown-user-timing-guard")


def password_hasher(settings: GatewaySettings) -> PasswordHasher:
    return PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
    )


def use_argon2_cost(settings: GatewaySettings) -> None:
    """Hash and verify at the settings' cost from now on; the process does this once, as it starts."""
    global _hasher, _dummy_hash
    _hasher = password_hasher(settings)
    _dummy_hash = _hasher.hash("unknown-user-timing-guard")


class UserNotFound(NotFound):
    title = "User not found"


class UsernameTaken(Conflict):
    title = "Username taken"


class WeakPassword(ValidationFailed):
    title = "Password too weak"


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def _verify_now(stored_hash: str, secret: str) -> bool:
    try:
        return _hasher.verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


async def _verify(stored_hash: str, secret: str) -> bool:
    """Argon2 is slow on purpose: in a thread, so one log-in does not stall every other request."""
    return await asyncio.to_thread(_verify_now, stored_hash, secret)


def _log_failure(kind: str, name: str, reason: str) -> None:
    # Never the secret; the name only as typed (repr, capped): people sometimes type a password there.
    log.warning("authentication failed: %s %r (%s)", kind, name[:64], reason)


def user_principal(user: User) -> Principal:
    return Principal(
        subject=f"user:{user.username}",
        kind="user",
        name=user.display_name,
        roles=frozenset(Role(r) for r in user.roles),
    )


def client_principal(client: Client) -> Principal:
    return Principal(
        subject=f"client:{client.client_id}",
        kind="client",
        name=client.name,
        roles=frozenset(Role(r) for r in client.roles),
        housing_org=client.housing_org,
    )


async def authenticate_user(session: AsyncSession, *, username: str, password: str) -> Principal | None:
    """The user's principal when the name and password match an active user; otherwise None."""
    user = await session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        await _verify(_dummy_hash, password)
        _log_failure("user", username, "unknown name")
        return None
    if not await _verify(user.password_hash, password) or not user.active:
        _log_failure("user", username, "inactive" if user.active is False else "wrong password")
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_secret(password)
    principal = user_principal(user)
    log.info("authentication succeeded: %s by password", principal.subject)
    return principal


async def authenticate_client(session: AsyncSession, *, client_id: str, secret: str) -> Principal | None:
    """The client's principal when the id and secret match an active machine client; otherwise None."""
    client = await session.scalar(select(Client).where(Client.client_id == client_id.strip()))
    if client is None:
        await _verify(_dummy_hash, secret)
        _log_failure("client", client_id, "unknown client")
        return None
    if not await _verify(client.secret_hash, secret) or not client.active:
        _log_failure("client", client_id, "inactive" if client.active is False else "wrong secret")
        return None
    principal = client_principal(client)
    log.info("authentication succeeded: %s by client secret", principal.subject)
    return principal


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters.",
            errors=[{"loc": ["password"], "msg": f"at least {MIN_PASSWORD_LENGTH} characters"}],
        )


async def list_users(session: AsyncSession) -> list[User]:
    return list(await session.scalars(select(User).order_by(User.username)))


async def get_user(session: AsyncSession, *, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise UserNotFound("No user with that id.")
    return user


async def create_user(
    session: AsyncSession,
    *,
    username: str,
    display_name: str,
    roles: list[Role],
    password: str,
    is_demo: bool = False,
) -> User:
    """Create a person's account; demo accounts skip the password policy (their password is 'demo')."""
    username = username.strip().lower()
    if not is_demo:
        _check_password(password)
    if not roles or not set(roles) <= set(HUMAN_ROLES):
        raise ValidationFailed(
            "Choose at least one role.", errors=[{"loc": ["roles"], "msg": "at least one role"}]
        )
    if await session.scalar(select(User.id).where(User.username == username)) is not None:
        raise UsernameTaken(
            "That username is already in use.", errors=[{"loc": ["username"], "msg": "already in use"}]
        )
    user = User(
        username=username,
        display_name=display_name.strip(),
        password_hash=hash_secret(password),
        roles=sorted(roles),
        active=True,
        is_demo=is_demo,
    )
    session.add(user)
    await session.flush()
    return user


async def set_active(session: AsyncSession, *, user_id: int, active: bool) -> User:
    user = await get_user(session, user_id=user_id)
    user.active = active
    await session.flush()
    return user


async def reset_password(session: AsyncSession, *, user_id: int, password: str) -> User:
    _check_password(password)
    user = await get_user(session, user_id=user_id)
    user.password_hash = hash_secret(password)
    await session.flush()
    return user


async def create_client(
    session: AsyncSession,
    *,
    client_id: str,
    name: str,
    secret: str,
    roles: list[Role],
    housing_org: str | None,
    is_demo: bool = False,
) -> Client:
    if await session.scalar(select(Client.id).where(Client.client_id == client_id)) is not None:
        raise Conflict("That client id is already in use.")
    client = Client(
        client_id=client_id,
        name=name,
        secret_hash=hash_secret(secret),
        roles=sorted(roles),
        housing_org=housing_org,
        active=True,
        is_demo=is_demo,
    )
    session.add(client)
    await session.flush()
    return client


async def demo_identities_present(session: AsyncSession) -> bool:
    users = await session.scalar(select(User.id).where(User.is_demo).limit(1))
    clients = await session.scalar(select(Client.id).where(Client.is_demo).limit(1))
    return users is not None or clients is not None
