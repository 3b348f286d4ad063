"""Request ids, JSON access lines, Prometheus metrics, /healthz, /readyz and /metrics."""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Literal

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.kit.errors import problem, reset_problem_instance, set_problem_instance, unexpected_problem
from services.kit.logs import REQUEST_ID_HEADER, clean_request_id, reset_request_id, set_request_id

log = logging.getLogger("access")

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
    """One registry per app, so several apps in one test process do not collide."""

    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
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
        self.service = service


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

    status: Literal["ready", "not ready"]
    checks: dict[str, Literal["ok", "down"]]
    down: list[str]


def operations_router(checks: dict[str, ReadinessCheck]) -> APIRouter:
    """Public on purpose: probes and scrapers run without tokens on the operations network."""
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="Liveness: 200 while the process runs")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/readyz",
        summary="Readiness: 200 when the database (and upstreams) answer",
        response_model=Readiness,
        responses={503: {"model": Readiness, "description": "A check is down"}},
    )
    async def readyz(request: Request) -> JSONResponse:
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
        body = {"status": "ready" if not down else "not ready", "checks": results, "down": down}
        return JSONResponse(body, status_code=200 if not down else 503)

    @router.get(
        "/metrics",
        summary="Prometheus metrics",
        response_class=Response,
        responses={200: {"description": "Prometheus text format", "content": {"text/plain": {}}}},
    )
    async def metrics(request: Request) -> Response:
        registry: CollectorRegistry = request.app.state.process.metrics.registry
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router
