"""Demo identities of CONTRACT § 2: development only, password/secret 'demo'."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway import identity
from gateway.models import Client, User
from services.kit.auth import Role

DEMO_PASSWORD = "demo"  # noqa: S105 - public demo credential, refused in production
DEMO_HOUSING_ORG = "demo-boligorganisation"
DEMO_USERS = (
    ("admin", "Alma Administrator", Role.ADMIN),
    ("analyst", "Anders Analytiker", Role.ANALYST),
    ("officer", "Olivia Boligkonsulent", Role.ALLOCATION_OFFICER),
    ("caseworker", "Karen Sagsbehandler", Role.CASEWORKER),
    ("manager", "Mads Leder", Role.MANAGER),
)
DEMO_CLIENTS = (("housing-org-demo", "Demo Boligorganisation", Role.HOUSING_ORG, DEMO_HOUSING_ORG),)


async def load(session: AsyncSession) -> int:
    """Create the demo users and clients that do not exist yet; returns how many were created."""
    created = 0
    for username, name, role in DEMO_USERS:
        if await session.scalar(select(User.id).where(User.username == username)) is None:
            await identity.create_user(
                session,
                username=username,
                display_name=name,
                roles=[role],
                password=DEMO_PASSWORD,
                is_demo=True,
            )
            created += 1
    for client_id, name, role, org in DEMO_CLIENTS:
        if await session.scalar(select(Client.id).where(Client.client_id == client_id)) is None:
            await identity.create_client(
                session,
                client_id=client_id,
                name=name,
                secret=DEMO_PASSWORD,
                roles=[role],
                housing_org=org,
                is_demo=True,
            )
            created += 1
    return created
