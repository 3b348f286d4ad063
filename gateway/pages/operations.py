"""Operations: each service's state and its OpenAPI documentation."""

import asyncio

import httpx
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from gateway.config import SERVICES, GatewaySettings
from gateway.session import page_roles
from gateway.state import gateway_state
from gateway.templating import render
from services.kit.auth import Role

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_roles(Role.ADMIN))])
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


async def _is_ready(client: httpx.AsyncClient) -> bool:
    try:
        return (await client.get("/readyz", timeout=2.0)).status_code == 200
    except httpx.HTTPError:
        return False


async def _endpoints(
    client: httpx.AsyncClient, settings: GatewaySettings
) -> tuple[str | None, list[dict[str, str]]]:
    try:
        # A service builds its OpenAPI document on the first request (a second or two of CPU for the
        # larger ones), so this waits as long as the pass-through would, not the readiness probe's 2 s.
        spec = (await client.get("/openapi.json", timeout=settings.upstream_timeout_seconds)).json()
    except (httpx.HTTPError, ValueError):
        return None, []
    endpoints = [
        {"method": method.upper(), "path": path, "summary": operations[method].get("summary", "")}
        for path, operations in sorted(spec.get("paths", {}).items())
        for method in HTTP_METHODS
        if method in operations
    ]
    return spec.get("info", {}).get("version"), endpoints


@router.get("/operations", response_class=HTMLResponse)
async def operations_page(request: Request) -> Response:
    """Readiness, version and endpoints of every service, with links to their OpenAPI documents."""
    settings: GatewaySettings = gateway_state(request).settings
    upstreams: dict[str, httpx.AsyncClient] = gateway_state(request).upstreams
    # Readiness first, for all services, then the documents: building a document is CPU work that
    # would otherwise hold up another service's readiness answer past its deadline whenever the
    # services share a processor, and the page would call a healthy service down.
    ready = await asyncio.gather(*(_is_ready(upstreams[name]) for name in SERVICES))
    documents = await asyncio.gather(*(_endpoints(upstreams[name], settings) for name in SERVICES))
    services = [
        {
            "name": name,
            "docs_url": settings.upstream_url(name) + "/docs",
            "openapi_path": f"/api/{name}/openapi.json",
            "ready": is_ready,
            "version": version,
            "endpoints": endpoints,
        }
        for name, is_ready, (version, endpoints) in zip(SERVICES, ready, documents, strict=True)
    ]
    return render(request, "operations.html", {"services": services})
