"""Request ids, JSON access lines, Prometheus metrics, /healthz, /readyz and /metrics."""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Literal

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.kit.downloads import file_content
from services.kit.errors import PROBLEM_JSON, Problem, ServiceUnavailable, problem, unexpected_problem
from services.kit.logs import REQUEST_ID_HEADER, clean_request_id, reset_request_id, set_request_id

log = logging.getLogger("access")

ReadinessCheck = Callable[[FastAPI], Awaitable[None]]
READINESS_TIMEOUT_SECONDS = 3.0
DATABASE_RETRY_AFTER_SECONDS = 5


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
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
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
