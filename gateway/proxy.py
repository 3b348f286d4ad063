"""JSON pass-through: /api/<service>/<path> is forwarded unchanged, with a deadline.

Two ways in, one way through (`forward`). A caller with a bearer token and no cookie (another system, a
script) takes the short way, `BearerFastPath`: straight from the request context to the upstream call,
past the page machinery it has no use for (CSRF cookies, the CORS of the token endpoints, the router of
two hundred page routes and FastAPI's dependency solving), which cost more than the forwarding itself.
The ended-token check stays on that way too. A browser calling /api with its session cookie goes the
long way, through the CSRF check, as every page does.
"""

import logging
from dataclasses import dataclass
from urllib.parse import quote

import httpx
from fastapi import APIRouter, Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.config import SERVICES, GatewaySettings
from gateway.forwarders import (
    MAX_CONNECTIONS,
    UPSTREAM_KEEPALIVE_SECONDS,
    AiohttpUpstreams,
    forward_with_httpx,
)
from gateway.session import SESSION_COOKIE, EndedSessionMiddleware, EndedSessions
from gateway.state import gateway_state
from gateway.tokens import client_address
from services.kit.errors import AppError, NotFound
from services.kit.logs import REQUEST_ID_HEADER, current_request_id
from services.kit.upstream_metrics import MeasuredTransport, UpstreamMetrics

log = logging.getLogger(__name__)

# Authentication is the service's job: it verifies the forwarded token itself, so public service
# routes (the concern form, the ladder of offers, OpenAPI) stay public through the gateway too.
router = APIRouter(tags=["pass-through"])

REQUEST_HEADERS = ("content-type", "accept", "accept-language", "authorization")
MAX_BODY_BYTES = 50 * 1024 * 1024
# What the services serve only to operations on the internal network (Prometheus scrapes them directly).
INTERNAL_PATHS = frozenset({"metrics"})


def make_upstreams(settings: GatewaySettings, metrics: UpstreamMetrics) -> dict[str, httpx.AsyncClient]:
    """One pooled httpx client per service for the pages' calls, created once at start; every call is timed
    and failures counted."""
    timeout = httpx.Timeout(
        settings.upstream_timeout_seconds, connect=settings.upstream_connect_timeout_seconds
    )
    limits = httpx.Limits(
        max_connections=MAX_CONNECTIONS,
        max_keepalive_connections=20,
        keepalive_expiry=UPSTREAM_KEEPALIVE_SECONDS,
    )
    return {
        name: httpx.AsyncClient(
            base_url=settings.upstream_url(name),
            timeout=timeout,
            transport=MeasuredTransport(httpx.AsyncHTTPTransport(limits=limits), metrics, name),
        )
        for name in SERVICES
    }


def make_forwarder(settings: GatewaySettings, metrics: UpstreamMetrics) -> AiohttpUpstreams:
    """The pass-through's own client (gateway/forwarders.py says why it is not httpx), measured alike."""
    return AiohttpUpstreams(
        {name: settings.upstream_url(name) for name in SERVICES},
        timeout=settings.upstream_timeout_seconds,
        connect_timeout=settings.upstream_connect_timeout_seconds,
        metrics=metrics,
    )


def forwarded_headers(request: Request) -> dict[str, str]:
    headers = {name: request.headers[name] for name in REQUEST_HEADERS if name in request.headers}
    if "authorization" not in headers and request.cookies.get(SESSION_COOKIE):
        # A browser session calls the API with its cookie; the CSRF middleware has already checked
        # unsafe methods, so the token can travel on as a bearer token.
        headers["authorization"] = f"Bearer {request.cookies[SESSION_COOKIE]}"
    headers[REQUEST_ID_HEADER] = current_request_id() or ""
    # Where the service is seen from: its API document then offers "Try it out" through this prefix.
    headers["x-forwarded-prefix"] = "/".join(request.url.path.split("/")[:3])  # /api/<service>
    # The services see the gateway as their caller; per-client limits (the public concern reports) need the
    # caller's own address. Set here, never passed on from the caller, so it cannot be forged to dodge them.
    headers["x-forwarded-for"] = client_address(request)
    return headers


def upstream_target(request: Request, path: str) -> str:
    """The rest of the path and the query exactly as the caller encoded them.

    The decoded path parameter would turn an encoded `/`, `?` or `#` inside a segment into structure.
    """
    raw_path = request.scope.get("raw_path") or quote(request.scope["path"]).encode()
    segments = raw_path.split(b"?", 1)[0].decode("utf-8", "replace").split("/", 3)
    rest = segments[3] if len(segments) == 4 else quote(path)
    query = request.scope.get("query_string", b"").decode("utf-8", "replace")
    return "/" + rest + ("?" + query if query else "")


@router.api_route(
    "/api/{service}",
    methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
    summary="A service's name alone",
    include_in_schema=False,
)
async def service_root(service: str) -> Response:
    """404 in the one error shape, instead of the framework's redirect to /api/<service>/."""
    if service not in SERVICES:
        raise NotFound(f"No service called {service!r}. Known services: {', '.join(SERVICES)}.")
    raise NotFound(f"Name a path of the {service} service, e.g. /api/{service}/v1/me.")


FORWARDED_ROUTE = "/api/{service}/{path:path}"
FORWARDED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@router.api_route(
    FORWARDED_ROUTE,
    methods=list(FORWARDED_METHODS),
    summary="Forward to a service",
    include_in_schema=False,
)
async def pass_through(service: str, path: str, request: Request) -> Response:
    """Forward the path, query, body and identity to `service`, and return its answer unchanged."""
    return await forward(request, service, path)


async def forward(request: Request, service: str, path: str) -> Response:
    """The one way through: refuse what is not a service's, send the rest on, answer what came back."""
    if service not in SERVICES:
        raise NotFound(f"No service called {service!r}. Known services: {', '.join(SERVICES)}.")
    if path.strip("/") in INTERNAL_PATHS:
        raise NotFound(f"/{path.strip('/')} of a service is for operations on the internal network only.")
    state = gateway_state(request)
    headers = forwarded_headers(request)
    # The body streams through as it arrives; the kit's body limit counts it on the way and stops it at
    # MAX_BODY_BYTES, so no request is ever held whole in the gateway's memory.
    content = None
    declared = request.headers.get("content-length")
    if declared is not None and declared != "0":
        headers["content-length"] = declared
        content = request.stream()
    elif "transfer-encoding" in request.headers:
        content = request.stream()
    target = upstream_target(request, path)
    if state.settings.forwarding_client == "httpx":
        return await forward_with_httpx(
            state.upstreams[service], service, request.method, target, headers=headers, content=content
        )
    return await state.forwarder.forward(service, request.method, target, headers=headers, content=content)


@dataclass(frozen=True)
class RouteName:
    """What the request context reads of a matched route (its template), for requests no router saw."""

    path: str


FORWARDED = RouteName(FORWARDED_ROUTE)


def _bearer_only(scope: Scope) -> bool:
    """A bearer token and no cookie: nothing a browser sends by itself, so no CSRF to guard against."""
    bearer = False
    for name, value in scope["headers"]:
        if name == b"cookie":
            return False
        if name == b"authorization":
            bearer = value[:7].lower() == b"bearer "
    return bearer


class BearerFastPath:
    """/api/<service>/<path> with a bearer token and no cookie goes straight to `forward`.

    Placed inside the request context (request id, access line, metrics) and the body limit, and outside
    the page middleware. The route is recorded as the pass-through route's, so the access line and the
    metrics read the same either way; errors are answered by the app's own handler for `AppError`.
    """

    def __init__(self, app: ASGIApp, *, ended: EndedSessions, refresh_seconds: float) -> None:
        self.app = app
        self.through = EndedSessionMiddleware(self._forward, ended=ended, refresh_seconds=refresh_seconds)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"].startswith("/api/")
            and scope["path"].count("/") >= 3
            and scope["method"] in FORWARDED_METHODS
            and _bearer_only(scope)
        ):
            await self.through(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = FORWARDED
        _, _, service, path = scope["path"].split("/", 3)
        request = Request(scope, receive)
        try:
            response = await forward(request, service, path)
        except AppError as exc:
            response = await scope["app"].exception_handlers[AppError](request, exc)
        await response(scope, receive, send)
