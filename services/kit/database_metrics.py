"""The database as operations see it in /metrics: the connection pool's use and how long queries take."""

import time
from collections.abc import Iterator
from typing import Any

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import event
from sqlalchemy.engine import Connection, ExecutionContext
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool

# A statement's first word names its kind; anything else (BEGIN, PRAGMA, SAVEPOINT, …) is "other".
STATEMENT_KINDS = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE"})
_STARTED = "_metrics_started"


def statement_kind(statement: str) -> str:
    words = statement.lstrip(" (\n").split(None, 1)
    kind = words[0].upper() if words else ""
    return kind.lower() if kind in STATEMENT_KINDS else "other"


class PoolCollector(Collector):
    """Read at each scrape: the pool's connections checked out, its size, and those open beyond it."""

    def __init__(self, engine: AsyncEngine, service: str) -> None:
        self.engine = engine
        self.service = service

    def collect(self) -> Iterator[GaugeMetricFamily]:
        pool = self.engine.sync_engine.pool
        # SQLAlchemy's other pools (SQLite in memory, NullPool) keep no such counts.
        queue = pool if isinstance(pool, QueuePool) else None
        figures = {
            "db_pool_checked_out_connections": (
                "Database connections in use by requests now",
                queue.checkedout() if queue else 0,
            ),
            "db_pool_size_connections": ("Connections the pool keeps open", queue.size() if queue else 0),
            # SQLAlchemy counts from minus the size upwards until the pool is full; beyond it, overflow.
            "db_pool_overflow_connections": (
                "Connections open beyond the pool's size (up to max_overflow)",
                max(0, queue.overflow()) if queue else 0,
            ),
        }
        for name, (documentation, value) in figures.items():
            family = GaugeMetricFamily(name, documentation, labels=["service"])
            family.add_metric([self.service], value)
            yield family


def time_queries(engine: AsyncEngine, observe: Any) -> None:
    """Call `observe(kind, seconds)` after every statement the engine runs."""

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _started(
        _conn: Connection, _cursor: Any, _statement: str, _params: Any, context: ExecutionContext, _many: bool
    ) -> None:
        setattr(context, _STARTED, time.perf_counter())

    @event.listens_for(engine.sync_engine, "after_cursor_execute")
    def _finished(
        _conn: Connection, _cursor: Any, statement: str, _params: Any, context: ExecutionContext, _many: bool
    ) -> None:
        started = getattr(context, _STARTED, None)
        if started is not None:
            observe(statement_kind(statement), time.perf_counter() - started)
