"""Throttles count per key in a moving window; on Redis, every replica counts together."""

import os
import uuid

import pytest
from redis.asyncio import Redis

from services.kit import ratelimit
from services.kit.ratelimit import Throttle
from tests.support import env_flag

REDIS_URL = os.environ.get("TEST_REDIS_URL", "async+redis://127.0.0.1:6379/15")


async def redis_or_skip() -> None:
    client = Redis.from_url(REDIS_URL.removeprefix("async+"))
    try:
        await client.ping()
    except OSError as exc:
        if env_flag("REQUIRE_POSTGRES"):  # CI: the platform's shared stores are required, not optional
            pytest.fail(f"no Redis at {REDIS_URL}: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL} ({type(exc).__name__}); the replicas' shared store is Redis")
    finally:
        await client.aclose()


def throttle(store_url: str, namespace: str, per_window: int = 3) -> Throttle:
    return Throttle(
        ratelimit.storage(store_url), namespace=namespace, per_window=per_window, window_seconds=60
    )


async def test_a_key_is_refused_after_its_limit_and_told_how_long_to_wait() -> None:
    limit = throttle(ratelimit.MEMORY, "t")

    assert [await limit.hit("203.0.113.9") for _ in range(4)] == [True, True, True, False]
    assert await limit.hit("203.0.113.10")  # another key has its own count
    assert not await limit.allows("203.0.113.9")
    assert 1 <= await limit.retry_after("203.0.113.9") <= 60


async def test_in_memory_each_process_counts_alone() -> None:
    first, second = throttle(ratelimit.MEMORY, "t"), throttle(ratelimit.MEMORY, "t")

    for _ in range(3):
        assert await first.hit("k")
    assert await second.hit("k")


async def test_on_redis_two_replicas_count_together() -> None:
    await redis_or_skip()
    namespace = f"test-{uuid.uuid4().hex}"  # other runs may share the server
    replica_a, replica_b = throttle(REDIS_URL, namespace), throttle(REDIS_URL, namespace)
    try:
        assert await replica_a.hit("k") and await replica_a.hit("k")
        assert await replica_b.hit("k")
        assert not await replica_a.hit("k")
        assert not await replica_b.hit("k")
        assert await replica_b.retry_after("k") >= 1
    finally:
        await replica_a.clear("k")


def test_a_blocking_store_is_refused() -> None:
    with pytest.raises(ValueError, match="async"):
        ratelimit.storage("memory://")
