"""JSON pass-through: /api/<service>/<path> is forwarded unchanged, with a deadline."""

import logging
from urllib.parse import quote

import httpx
from fastapi import APIRouter, Request, Response

from gateway.config import SERVICES, GatewaySettings
from gateway.session import SESSION_COOKIE
from services.kit.errors import GatewayTimeout, NotFound, PayloadTooLarge, ServiceUnavailable
from services.kit.logs import REQUEST_ID_HEADER, current_request_id

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
)
MAX_BODY_BYTES = 50 * 1024 * 1024
UPSTREAM_KEEPALIVE_SECONDS = 2.0


def make_upstreams(settings: GatewaySettings) -> dict[str, httpx.AsyncClient]:
    """One pooled client per service, created once at start."""
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
        name: httpx.AsyncClient(base_url=settings.upstream_url(name), timeout=timeout, limits=limits)
        for name in SERVICES
    }


def forwarded_headers(request: Request) -> dict[str, str]:
    headers = {name: request.headers[name] for name in REQUEST_HEADERS if name in request.headers}
    if "authorization" not in headers and request.cookies.get(SESSION_COOKIE):
        # A browser session calls the API with its cookie; the CSRF middleware has already checked
        # unsafe methods, so the token can travel on as a bearer token.
        headers["authorization"] = f"Bearer {request.cookies[SESSION_COOKIE]}"
    headers[REQUEST_ID_HEADER] = current_request_id() or ""
    # The services see the gateway as their caller; per-client limits (the public concern reports) need the
    # caller's own address. Set here, never passed on from the caller, so it cannot be forged to dodge them.
    if request.client:
        headers["x-forwarded-for"] = request.client.host
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
    "/api/{service}/{path:path}",
    methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
    summary="Forward to a service",
    include_in_schema=False,
)
async def pass_through(service: str, path: str, request: Request) -> Response:
    """Forward the path, query, body and identity to `service`, and return its answer unchanged."""
    if service not in SERVICES:
        raise NotFound(f"No service called {service!r}. Known services: {', '.join(SERVICES)}.")
    client: httpx.AsyncClient = request.app.state.upstreams[service]
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"The request body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB.")
    try:
        upstream = await client.request(
            request.method,
            upstream_target(request, path),
            content=body,
            headers=forwarded_headers(request),
        )
    except httpx.TimeoutException as exc:
        log.warning("upstream %s timed out", service)
        raise GatewayTimeout(f"The {service} service did not answer in time.", service=service) from exc
    except httpx.TransportError as exc:
        log.warning("upstream %s unreachable: %s", service, type(exc).__name__)
        raise ServiceUnavailable(f"The {service} service is not reachable.", service=service) from exc
    headers = {name: upstream.headers[name] for name in RESPONSE_HEADERS if name in upstream.headers}
    return Response(content=upstream.content, status_code=upstream.status_code, headers=headers)
