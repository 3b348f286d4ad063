"""Who did something, as people read it: a person's name, never the token subject the services store.

The services record actors by subject (`user:analyst`, `client:housing-org-demo`, `service:…`); only the
gateway knows the people and clients behind them. Templates call `actor(subject)`, which reads a copy of
the identity store's names that the page guard refreshes (`refresh`) when it is older than a few
seconds, so a new user's or client's name shows within that time on every gateway replica.
"""

import time
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.labels import N_
from gateway.models import Client, User

# The services' own actors, by the subject they record. Any other `service:` subject is "the system".
SYSTEM_ACTORS = {
    "service:allocation-scheduler": N_("The system (the daily run of deadlines)"),
    "demo-loader": N_("The system (demo data)"),
    "seed:ladder": N_("The system (the municipality's configuration)"),
    "public": N_("The public concern form"),
}
SYSTEM = N_("The system")
NOBODY = "–"


class ActorNames:
    """Display names of users and machine clients by subject, read from the identity store."""

    def __init__(self, max_age_seconds: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_age = max_age_seconds
        self._clock = clock
        self._loaded_at: float | None = None
        self._names: dict[str, str] = {}

    async def refresh(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        """Read the names again when the copy is older than `max_age` (a few rows; cheap)."""
        now = self._clock()
        if self._loaded_at is not None and now - self._loaded_at < self.max_age:
            return
        async with session_factory() as session:
            users = (await session.execute(select(User.username, User.display_name))).all()
            clients = (await session.execute(select(Client.client_id, Client.name))).all()
        self._names = {
            **{f"user:{username}": name for username, name in users},
            **{f"client:{client_id}": name for client_id, name in clients},
        }
        self._loaded_at = now

    def name(self, subject: str | None, gettext: Callable[[str], str]) -> str:
        """The person's or client's name; a Danish label for the system's own actors; never a subject."""
        if not subject:
            return NOBODY
        if subject in self._names:
            return self._names[subject]
        if subject in SYSTEM_ACTORS:
            return gettext(SYSTEM_ACTORS[subject])
        kind, _, rest = subject.partition(":")
        if kind == "service":
            return gettext(SYSTEM)
        if kind in ("user", "client") and rest:
            # Someone the identity store no longer knows (or a client named by its organisation): the
            # name without the subject's prefix is still what a person recognises.
            return rest.rsplit(":", 1)[-1]
        return subject
