"""JSON pass-through: /api/<service>/<path> is forwarded unchanged, with a deadline."""

import logging
from urllib.parse import quote

import httpx
from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from gateway.config import SERVICES, GatewaySettings
from gateway.session import SESSION_COOKIE
from gateway.state import gateway_state
from gateway.tokens import client_address
from services.kit.errors import GatewayTimeout, NotFound, ServiceUnavailable
from services.kit.logs import REQUEST_ID_HEADER, current_request_id
from services.kit.upstream_metrics import MeasuredTransport, UpstreamMetrics

log = logging.getLogger(__name__)

# Authentication is the service's job: it verifies the forwarded token itself, so public service
# routes (the concern form, the ladder of offers, OpenAPI) stay public through the gateway too.
router = APIRouter(tags=["pass-through"])

REQUEST_HEADERS = ("content-type", "accept", "accept-language", "authorization")
RESPONSE_HEADERS = (
    "content-type",
    "content-disposition",
    "location",
    "retry-after",
    "www-authenticate",
    "cache-control",
    "etag",
    # What a document follows, e.g. the Open Referral export's schema (rel="describedby").
    "link",
)
MAX_BODY_BYTES = 50 * 1024 * 1024
# What the services serve only to operations on the internal network (Prometheus scrapes them directly).
INTERNAL_PATHS = frozenset({"metrics"})
# Answers up to this size are read whole; larger ones (exports, whole years) stream through.
BUFFERED_ANSWER_BYTES = 256 * 1024
UPSTREAM_KEEPALIVE_SECONDS = 2.0


def make_upstreams(settings: GatewaySettings, metrics: UpstreamMetrics) -> dict[str, httpx.AsyncClient]:
    """One pooled client per service, created once at start; every call is timed and failures counted."""
    timeout = httpx.Timeout(
        settings.upstream_timeout_seconds, connect=settings.upstream_connect_timeout_seconds
    )
    # Idle connections are dropped well before the services' uvicorn closes them (its keep-alive is 5 s,
    # the same as httpx's default): otherwise a request sent on a connection the service is closing at
    # that moment fails with ReadError / RemoteProtocolError and the caller gets a spurious 503.
    limits = httpx.Limits(
        max_connections=100, max_keepalive_connections=20, keepalive_expiry=UPSTREAM_KEEPALIVE_SECONDS
    )
    return {
        name: httpx.AsyncClient(
            base_url=settings.upstream_url(name),
            timeout=timeout,
            transport=MeasuredTransport(httpx.AsyncHTTPTransport(limits=limits), metrics, name),
        )
        for name in SERVICES
    }


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


@router.api_route(
    "/api/{service}/{path:path}",
    methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
    summary="Forward to a service",
    include_in_schema=False,
)
async def pass_through(service: str, path: str, request: Request) -> Response:
    """Forward the path, query, body and identity to `service`, and return its answer unchanged."""
    if service not in SERVICES:
        raise NotFound(f"No service called {service!r}. Known services: {', '.join(SERVICES)}.")
    if path.strip("/") in INTERNAL_PATHS:
        raise NotFound(f"/{path.strip('/')} of a service is for operations on the internal network only.")
    client: httpx.AsyncClient = gateway_state(request).upstreams[service]
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
    outgoing = client.build_request(
        request.method, upstream_target(request, path), content=content, headers=headers
    )
    try:
        upstream = await client.send(outgoing, stream=True)
    except httpx.TimeoutException as exc:
        log.warning("upstream %s timed out", service)
        raise GatewayTimeout(f"The {service} service did not answer in time.", service=service) from exc
    except httpx.TransportError as exc:
        log.warning("upstream %s unreachable: %s", service, type(exc).__name__)
        raise ServiceUnavailable(f"The {service} service is not reachable.", service=service) from exc
    response_headers = {name: upstream.headers[name] for name in RESPONSE_HEADERS if name in upstream.headers}
    length = upstream.headers.get("content-length", "")
    if length.isdigit() and int(length) <= BUFFERED_ANSWER_BYTES:
        # Most answers are a few kilobytes of JSON: read at once, they keep their length and cost less.
        try:
            body = await upstream.aread()
        except httpx.TransportError as exc:
            raise ServiceUnavailable(f"The {service} service broke off its answer.", service=service) from exc
        finally:
            await upstream.aclose()
        return Response(content=body, status_code=upstream.status_code, headers=response_headers)
    return StreamingResponse(
        upstream.aiter_bytes(),
        status_code=upstream.status_code,
        headers=response_headers,
        background=BackgroundTask(upstream.aclose),
    )
