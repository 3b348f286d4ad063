"""Operations: each service's state and its OpenAPI documentation."""

import asyncio
from typing import Any

import httpx
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from gateway.config import SERVICES, GatewaySettings
from gateway.session import page_roles
from gateway.templating import render
from services.kit.auth import Role

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_roles(Role.ADMIN))])
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


async def _describe(name: str, client: httpx.AsyncClient, settings: GatewaySettings) -> dict[str, Any]:
    info: dict[str, Any] = {
        "name": name,
        "docs_url": settings.upstream_url(name) + "/docs",
        "openapi_path": f"/api/{name}/openapi.json",
        "ready": False,
        "version": None,
        "endpoints": [],
    }
    try:
        ready = await client.get("/readyz", timeout=2.0)
        info["ready"] = ready.status_code == 200
        # A service builds its OpenAPI document on the first request (a second or two of CPU for the
        # larger ones), so this waits as long as the pass-through would, not the readiness probe's 2 s.
        spec = (await client.get("/openapi.json", timeout=settings.upstream_timeout_seconds)).json()
    except (httpx.HTTPError, ValueError):
        return info
    info["version"] = spec.get("info", {}).get("version")
    for path, operations in sorted(spec.get("paths", {}).items()):
        for method in HTTP_METHODS:
            if method in operations:
                info["endpoints"].append(
                    {"method": method.upper(), "path": path, "summary": operations[method].get("summary", "")}
                )
    return info


@router.get("/operations", response_class=HTMLResponse)
async def operations_page(request: Request) -> Response:
    """Readiness, version and endpoints of every service, with links to their OpenAPI documents."""
    settings: GatewaySettings = request.app.state.settings
    upstreams: dict[str, httpx.AsyncClient] = request.app.state.upstreams
    services = await asyncio.gather(*(_describe(name, upstreams[name], settings) for name in SERVICES))
    return render(request, "operations.html", {"services": services})
