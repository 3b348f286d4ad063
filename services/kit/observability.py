"""Request ids, JSON access lines, Prometheus metrics, /healthz, /readyz and /metrics."""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Literal

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.registry import Collector
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.kit.database_metrics import PoolCollector, time_queries
from services.kit.downloads import file_content
from services.kit.errors import (
    PROBLEM_JSON,
    Problem,
    ServiceUnavailable,
    problem,
    reset_problem_instance,
    set_problem_instance,
    unexpected_problem,
)
from services.kit.logs import REQUEST_ID_HEADER, clean_request_id, reset_request_id, set_request_id

log = logging.getLogger("access")

# Each counter and histogram would also publish a `_created` timestamp series per label set: twice the
# series for nothing Prometheus uses (its rate() needs no creation time).
disable_created_metrics()  # type: ignore[no-untyped-call]  # untyped in prometheus_client
# Query times from a fraction of a millisecond (a lookup by key) to seconds (a national year's import).
QUERY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

ReadinessCheck = Callable[[FastAPI], Awaitable[None]]
READINESS_TIMEOUT_SECONDS = 3.0
DATABASE_RETRY_AFTER_SECONDS = 5
# Every 429 and 503 says when to come back (RFC 9110 § 10.2.3): what refuses knows best and sets its own;
# these are for the answers that do not (a readiness probe, an upstream that is away, a page).
DEFAULT_RETRY_AFTER = {429: b"60", 503: str(DATABASE_RETRY_AFTER_SECONDS).encode()}


def database_unavailable(exc: BaseException) -> bool:
    """The database could not be reached or dropped the connection: a passing outage, not a bug.

    Covers a refused or lost connection (a restarted PostgreSQL, a failover) and SQLite's "database is
    locked"; a constraint violation or a bad query stays an unexpected error.
    """
    return isinstance(exc, DBAPIError) and (exc.connection_invalidated or isinstance(exc, OperationalError))


def failure_response(exc: BaseException) -> JSONResponse:
    """The answer to an error no handler took: 503 with Retry-After while the database is away, else 500."""
    if database_unavailable(exc):
        # A warning without the stack: an outage would otherwise fill the log with identical traces.
        cause = getattr(exc, "orig", None) or exc
        logging.getLogger(__name__).warning("database unavailable: %s: %s", type(cause).__name__, cause)
        return problem(
            503,
            "Service unavailable",
            "The database is not available right now. Try again shortly.",
            headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
        )
    return unexpected_problem(exc)


class Metrics:
    """One registry per app, so several apps in one test process do not collide.

    What the process itself is (CPU, memory, open files; the Python version; the garbage collector's
    passes) comes from prometheus_client's own collectors; they read the process, so every app may list them.
    """

    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        for collector in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
            self.registry.register(collector)
        self._registered: list[Collector] = []
        self.requests = Counter(
            "http_requests_total",
            "HTTP requests",
            ["service", "method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request duration",
            ["service", "method", "route"],
            registry=self.registry,
        )
        self.query_latency = Histogram(
            "db_query_duration_seconds",
            "Database statement duration, by kind of statement (select, insert, update, delete, other)",
            ["service", "statement"],
            buckets=QUERY_BUCKETS,
            registry=self.registry,
        )
        self.upstream_latency = Histogram(
            "upstream_request_duration_seconds",
            "Duration of calls to another process, until its answer's headers",
            ["service", "upstream"],
            registry=self.registry,
        )
        self.upstream_errors = Counter(
            "upstream_request_errors_total",
            "Calls to another process that failed: timeout, transport (refused, reset) or status_5xx",
            ["service", "upstream", "reason"],
            registry=self.registry,
        )
        self.service = service

    def watch_database(self, engine: AsyncEngine) -> None:
        """The engine's pool use at every scrape and the time of every statement it runs."""
        self.register(PoolCollector(engine, self.service))
        # Looked up at each statement, not captured: the histogram is whichever this object holds then.
        time_queries(
            engine, lambda kind, seconds: self.query_latency.labels(self.service, kind).observe(seconds)
        )

    def register(self, *collectors: Collector) -> None:
        """A service's own metrics (its domain counters), listed in this app's /metrics too."""
        for collector in collectors:
            self.registry.register(collector)
            self._registered.append(collector)

    def renewed(self) -> "Metrics":
        """New metrics, from zero, listing the same registered collectors (an app the tests reuse)."""
        fresh = Metrics(self.service)
        fresh.register(*self._registered)
        return fresh


def route_template(scope: Scope) -> str:
    """The matched route's path template: low-cardinality and free of personal data.

    The router records the matched route in the scope; mounts (static files) have no template.
    """
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"


class RequestContextMiddleware:
    """Sets the request id, times the request, counts it and writes one access line."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = clean_request_id(headers.get(REQUEST_ID_HEADER.lower().encode(), b"").decode("latin-1"))
        token = set_request_id(request_id)
        instance = set_problem_instance(scope, self.metrics.service)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                added = [(b"x-request-id", request_id.encode())]
                retry_after = DEFAULT_RETRY_AFTER.get(status)
                if retry_after and not any(
                    name.lower() == b"retry-after" for name, _ in message.get("headers", [])
                ):
                    added.append((b"retry-after", retry_after))
                message["headers"] = [*message.get("headers", []), *added]
            await send(message)

        try:
            try:
                await self.app(scope, receive, send_with_id)
            except Exception as exc:
                # Starlette answers unhandled errors outside every middleware, after this one has reset
                # the request id; answering here keeps the id in the 500's body, header and log line.
                if response_started:
                    raise
                await failure_response(exc)(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = route_template(scope)
            method = scope["method"]
            self.metrics.requests.labels(self.metrics.service, method, route, str(status)).inc()
            self.metrics.latency.labels(self.metrics.service, method, route).observe(elapsed)
            if route not in ("/healthz", "/metrics"):
                log.info(
                    "request",
                    extra={
                        "method": method,
                        "route": route,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 1),
                    },
                )
            reset_problem_instance(instance)
            reset_request_id(token)


class Readiness(BaseModel):
    """The answer of /readyz: each check's state, and which are down."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "ready", "checks": {"database": "ok"}, "down": []}]}
    )

    status: Literal["ready", "not ready"]
    checks: dict[str, Literal["ok", "down"]]
    down: list[str]


class NotReady(Problem):
    """The 503 of /readyz: problem details (RFC 9457) that name each check's state and which are down."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Service Unavailable",
                    "status": 503,
                    "detail": "Not ready: database is down.",
                    "instance": "/readyz",
                    "checks": {"database": "down"},
                    "down": ["database"],
                    "request_id": "6f1c2d9e8a7b4c3d9e8f7a6b5c4d3e2f",
                }
            ]
        }
    )

    checks: dict[str, Literal["ok", "down"]]
    down: list[str]


NOT_READY_REF = "#/components/schemas/NotReady"
METRICS_EXAMPLE = """\
# HELP http_requests_total HTTP requests
# TYPE http_requests_total counter
http_requests_total{method="GET",route="/v1/me",service="allocation",status="200"} 3.0
"""


def operations_router(checks: dict[str, ReadinessCheck]) -> APIRouter:
    """Public on purpose: probes and scrapers run without tokens on the operations network."""
    router = APIRouter(tags=["Operations"])

    @router.get(
        "/healthz",
        summary="Liveness: 200 while the process runs",
        responses={200: {"content": {"application/json": {"example": {"status": "ok"}}}}},
    )
    async def healthz() -> dict[str, str]:
        """Answers as long as the process runs, whatever its database does: an orchestrator restarts
        a process whose liveness fails, which would not bring a database back. Changes nothing."""
        return {"status": "ok"}

    @router.get(
        "/readyz",
        summary="Readiness: 200 when the database (and upstreams) answer",
        response_model=Readiness,
        responses={
            503: {
                "description": "A check is down",
                "content": {PROBLEM_JSON: {"schema": {"$ref": NOT_READY_REF}}},
            }
        },
    )
    async def readyz(request: Request) -> JSONResponse:
        """Runs every readiness check at once (the database; at the gateway, each service too) and
        answers 200 when all pass, else 503 as problem details naming what is down. Changes nothing."""
        # All checks at once, each with a deadline: the answer comes within one timeout, however
        # many dependencies are silent.
        outcomes = await asyncio.gather(
            *(asyncio.wait_for(check(request.app), READINESS_TIMEOUT_SECONDS) for check in checks.values()),
            return_exceptions=True,
        )
        results: dict[str, str] = {}
        for name, outcome in zip(checks, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                logging.getLogger(__name__).warning(
                    "readiness check %s failed: %s", name, type(outcome).__name__
                )
                results[name] = "down"
            else:
                results[name] = "ok"
        down = sorted(name for name, state in results.items() if state != "ok")
        if down:
            return problem(
                503,
                ServiceUnavailable.title,
                f"Not ready: {', '.join(down)} {'is' if len(down) == 1 else 'are'} down.",
                headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
                checks=results,
                down=down,
            )
        return JSONResponse({"status": "ready", "checks": results, "down": down})

    @router.get(
        "/metrics",
        summary="Prometheus metrics",
        response_class=Response,
        responses={
            200: {
                "description": "Prometheus text format",
                "content": {"text/plain": file_content("text/plain", METRICS_EXAMPLE)},
            }
        },
    )
    async def metrics(request: Request) -> Response:
        """The process's counters and histograms in the Prometheus text format, labelled by route
        template (never a concrete path, so no personal data). Changes nothing."""
        registry: CollectorRegistry = request.app.state.process.metrics.registry
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router
