"""What the allocation process builds once at start: the kit's state plus its section, client and lock."""

import asyncio
from dataclasses import dataclass

from services.allocation.clients import CategorisationClient
from services.allocation.config import AllocationConfig, AllocationSettings
from services.kit.outbox import Channel
from services.kit.state import ProcessState


@dataclass(kw_only=True, eq=False)
class AllocationState(ProcessState):
    """Read with `state_of(app_or_request, AllocationState)`; tests change the settings or the config here."""

    settings: AllocationSettings
    config: AllocationConfig
    # The one HTTP client of the categorisation service, closed at shutdown.
    categorisation: CategorisationClient
    # SQLite has no row locks: writers in this process take turns (see dependencies.serialised); None on
    # PostgreSQL, where the rows are locked.
    write_lock: asyncio.Lock | None
    # How the outbox sends decision letters ([allocation.letters] channel); tests put a double here.
    letter_channel: Channel
    # The periodic overdue pass (scheduler.py): its task while it runs, and how many passes it has made.
    overdue_task: asyncio.Task[None] | None = None
    overdue_passes: int = 0
