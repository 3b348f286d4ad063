"""Create a person's account from the command line: the first administrator of a real deployment."""

import asyncio
import getpass
import sys

from gateway import identity
from gateway.config import GatewaySettings
from services.kit import db
from services.kit.auth import HUMAN_ROLES, Role
from services.kit.errors import AppError
from services.kit.settings import database_url_from_environment


async def _create(username: str, name: str, roles: list[Role], password: str) -> None:
    engine = db.create_engine(database_url_from_environment(GatewaySettings), schema="gateway")
    try:
        async with db.session_factory(engine)() as session, session.begin():
            await identity.create_user(
                session, username=username, display_name=name, roles=roles, password=password
            )
    finally:
        await engine.dispose()


def read_password() -> str:
    """From the terminal (asked twice), or the first line of standard input when piped."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password (at least 12 characters): ")
        if getpass.getpass("Once more: ") != first:
            raise SystemExit("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def create_user(username: str, name: str, roles: list[str]) -> None:
    unknown = [r for r in roles if r not in {role.value for role in HUMAN_ROLES}]
    if unknown:
        raise SystemExit(f"unknown role(s) {', '.join(unknown)}; choose from {', '.join(HUMAN_ROLES)}")
    try:
        asyncio.run(_create(username, name, [Role(r) for r in roles], read_password()))
    except AppError as exc:
        raise SystemExit(f"not created: {exc.detail}") from exc
    print(f"user {username} created with role(s) {', '.join(roles)}")
