"""Moving-window limits whose counts every replica shares.

One process (the embedded default) keeps its counts in memory. Several replicas behind a load balancer
must count together, or a limit tripped through one replica would not hold at the next: there the counts
live in Redis (`RATE_LIMIT_STORAGE_URL=async+redis://host:6379/0`). The `limits` library does the counting
in both; this module only chooses the store once per process and says how long a caller must wait.
"""

import math
import time

from limits import RateLimitItemPerSecond
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

MEMORY = "async+memory://"


def storage(url: str = MEMORY) -> Storage:
    """The store named by `url`; Redis through redis-py (the `redis` package)."""
    options = {"implementation": "redispy"} if url.startswith(("async+redis://", "async+rediss://")) else {}
    store = storage_from_string(url, **options)
    if not isinstance(store, Storage):  # a sync scheme ("redis://") would block the event loop
        scheme = url.split(":")[0]
        raise ValueError(f"RATE_LIMIT_STORAGE_URL must name an async store (async+…), not {scheme}")
    return store


class Throttle:
    """At most `per_window` hits per key in any `window_seconds`; `namespace` keeps limits apart."""

    def __init__(self, store: Storage, *, namespace: str, per_window: int, window_seconds: int) -> None:
        self.namespace = namespace
        self.window_seconds = window_seconds
        self._item = RateLimitItemPerSecond(per_window, window_seconds)
        self._limiter = MovingWindowRateLimiter(store)

    async def hit(self, *key: str) -> bool:
        """Count one hit; False (and nothing counted) when the key is already at its limit."""
        return await self._limiter.hit(self._item, self.namespace, *key)

    async def allows(self, *key: str) -> bool:
        """Whether one more hit would be allowed, without counting it."""
        return await self._limiter.test(self._item, self.namespace, *key)

    async def retry_after(self, *key: str) -> int:
        """Whole seconds until the key may be hit again (at least 1): the `Retry-After` of a 429."""
        stats = await self._limiter.get_window_stats(self._item, self.namespace, *key)
        return max(1, math.ceil(stats.reset_time - time.time()))

    async def clear(self, *key: str) -> None:
        await self._limiter.clear(self._item, self.namespace, *key)
