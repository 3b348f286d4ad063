"""The version of the stored data, and the results computed from it, kept once per version.

A year's categorisation, its overview and its summary depend only on what is stored: the figures, the
official lists, the national figures, the local thresholds, the overrides and the approvals. Every
command that writes one of those calls `changed` in its own transaction, which gives the data a new
random stamp (models.DataVersion). A request reads the stamp once (one primary-key lookup) and uses a
result only if it was computed at that stamp, so a write through any replica of the service is seen by
every replica at its next request: nothing here trusts what the process itself did.

Why a random stamp and not a counter: a write that is rolled back leaves the stamp as it was, and the
stamp it had set never appears again, so no result can ever be filed under a stamp that later means
other data. A transaction that wrote reads no stamp at all (its results are its own and uncommitted).
On PostgreSQL (read committed) a request may read the stamp just before another's write commits and
then data just after it; what it keeps is then filed under the old stamp, which no request that starts
after the commit reads.
"""

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import TypeVar, cast
from uuid import uuid4

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation.models import DataVersion
from services.kit.db import utcnow

T = TypeVar("T")

ROW = 1  # the one row of data_version (made by its migration)
# Keys of session.info, which lives as long as the request's session (one transaction).
_WROTE = "categorisation.wrote_inputs"
_STAMP = "categorisation.data_stamp"
_MISSING = object()


async def changed(session: AsyncSession) -> None:
    """The data this transaction writes is new: give it a new stamp, committed or rolled back with it."""
    session.info[_WROTE] = True
    session.info.pop(_STAMP, None)
    result = await session.execute(
        update(DataVersion).where(DataVersion.id == ROW).values(stamp=uuid4().hex, changed_at=utcnow())
    )
    if getattr(result, "rowcount", 1) == 0:  # a database whose row went missing: make it again
        session.add(DataVersion(id=ROW, stamp=uuid4().hex))
        await session.flush()


async def stamp(session: AsyncSession) -> str | None:
    """The version of the data this transaction reads (read once); None once it has written."""
    if session.info.get(_WROTE):
        return None
    found = session.info.get(_STAMP)
    if found is None:
        found = await session.scalar(select(DataVersion.stamp).where(DataVersion.id == ROW))
        session.info[_STAMP] = found
    return cast(str | None, found)


class Results:
    """Results computed from the stored data, each under the stamp it was computed at and a key.

    Only the newest stamp's results are kept (another stamp's are dropped when a result of a new one
    arrives), and at most `size` of them, the least recently used going first: a national year's
    explained results are tens of megabytes. What is kept is shared by every request that reads it, so
    whoever reads one must not change it.
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._stamp: str | None = None
        self._kept: OrderedDict[Hashable, object] = OrderedDict()
        self.made = 0  # results computed (not found), for the tests and the curious

    def peek(self, at: str | None, key: Hashable) -> object:
        """The result kept under `key` at stamp `at`, or _MISSING."""
        if at is None or at != self._stamp or key not in self._kept:
            return _MISSING
        self._kept.move_to_end(key)
        return self._kept[key]

    def keep(self, at: str, key: Hashable, value: object) -> None:
        if at != self._stamp:
            self._stamp = at
            self._kept.clear()
        self._kept[key] = value
        self._kept.move_to_end(key)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)

    async def get(self, session: AsyncSession, key: Hashable, make: Callable[[], Awaitable[T]]) -> T:
        """The result under `key` at the data's current stamp, computed by `make` when not kept yet.

        A result `make` fails to produce (it raises) is not kept, so an error is never remembered.
        """
        at = await stamp(session)
        found = self.peek(at, key)
        if found is not _MISSING:
            return cast(T, found)
        value = await make()
        self.made += 1
        if at is not None:
            self.keep(at, key, value)
        return value

    async def find(self, session: AsyncSession, key: Hashable) -> object | None:
        """The result under `key` at the current stamp if one is kept, else None (nothing computed)."""
        found = self.peek(await stamp(session), key)
        return None if found is _MISSING else found


async def get(
    cache: "Results | None", session: AsyncSession, key: Hashable, make: Callable[[], Awaitable[T]]
) -> T:
    """`cache.get(...)`, or `make()` itself when there is no cache (the benchmarks, the demo loader)."""
    return await make() if cache is None else await cache.get(session, key, make)
