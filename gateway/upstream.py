"""Calls from the pages to the services, on behalf of the logged-in person (their own token)."""

import logging
from typing import Any

import httpx
from fastapi import Request

from gateway.session import SESSION_COOKIE
from gateway.state import gateway_state
from services.kit.errors import AppError, GatewayTimeout, ServiceUnavailable
from services.kit.logs import REQUEST_ID_HEADER, current_request_id

log = logging.getLogger(__name__)


class UpstreamError(AppError):
    """A service refused the page's call; the page shows the service's own problem details."""

    def __init__(self, response: httpx.Response) -> None:
        try:
            body = response.json()
        except ValueError:
            body = {}
        self.status = response.status_code
        self.title = str(body.get("title", "Error"))
        super().__init__(str(body.get("detail", self.title)), errors=body.get("errors"))


async def call(
    request: Request,
    service: str,
    method: str,
    path: str,
    *,
    expected: tuple[int, ...] = (200, 201),
    **kwargs: Any,
) -> httpx.Response:
    """One request to `service` with the session's token; raises for anything but `expected`."""
    client: httpx.AsyncClient = gateway_state(request).upstreams[service]
    headers = dict(kwargs.pop("headers", {}))
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    headers[REQUEST_ID_HEADER] = current_request_id() or ""
    try:
        response = await client.request(method, path, headers=headers, **kwargs)
    except httpx.TimeoutException as exc:
        # Named like the pass-through's line, so a page's 504 can be traced to the slow service.
        log.warning("upstream %s timed out: %s", service, type(exc).__name__)
        raise GatewayTimeout(f"The {service} service did not answer in time.", service=service) from exc
    except httpx.TransportError as exc:
        log.warning("upstream %s unreachable: %s", service, type(exc).__name__)
        raise ServiceUnavailable(f"The {service} service is not reachable.", service=service) from exc
    if response.status_code not in expected:
        raise UpstreamError(response)
    return response


async def get_json(request: Request, service: str, path: str, **kwargs: Any) -> Any:
    return (await call(request, service, "GET", path, **kwargs)).json()
