"""What CONTRACT § 1 promises of every service, written once and mixed into one test class per service.

The endpoints come from kit's app factory, so the same tests hold for all three services; each service's
folder declares which app they run against (tests/<service>/test_operations.py).
"""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from services.allocation.config import AllocationSettings
from services.allocation.main import create_app as create_allocation_app
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app as create_categorisation_app
from services.kit.auth import Role
from services.kit.settings import CommonSettings
from services.kit.state import process_of
from services.referrals.config import ReferralsSettings
from services.referrals.main import create_app as create_referrals_app
from tests.conftest import serving
from tests.support import KeyPair, asgi_client, bearer, token_for


@dataclass(frozen=True)
class Service:
    name: str
    settings: type[CommonSettings]
    create_app: Callable[[Any], FastAPI]

    @property
    def audience(self) -> str:
        return f"urn:kommune:{self.name}"

    def __str__(self) -> str:
        return self.name


CATEGORISATION = Service("categorisation", CategorisationSettings, create_categorisation_app)
ALLOCATION = Service("allocation", AllocationSettings, create_allocation_app)
REFERRALS = Service("referrals", ReferralsSettings, create_referrals_app)
SERVICES = (CATEGORISATION, ALLOCATION, REFERRALS)

# Databases nobody answers on: a closed port, and a SQLite file in a directory that does not exist.
UNREACHABLE_DATABASES: dict[str, Callable[[Path], str]] = {
    "postgres": lambda _tmp: "postgresql://postgres@127.0.0.1:1/unreachable",
    "sqlite": lambda tmp: f"sqlite:///{(tmp / 'missing-dir' / 'service.db').as_posix()}",
}


def app_without_database(
    service: Service, keys: KeyPair, monkeypatch: pytest.MonkeyPatch, **overrides: Any
) -> FastAPI:
    """The service app as it starts from the environment, for tests that never reach its database.

    Needs VAR_DIR pointing at a scratch directory (the `var_dir` fixture); the app's SQLite file
    would be created there on first use.
    """
    monkeypatch.setenv("JWT_PUBLIC_KEY_FILE", str(keys.public_path))
    return service.create_app(service.settings(**overrides))


class OperationsContract:
    """Probes, metrics, the API description and /v1/me, on each backend with the real migrations."""

    service: ClassVar[Service]

    @pytest.fixture
    def app(self, service_settings: Callable[[type[CommonSettings]], CommonSettings]) -> FastAPI:
        return self.service.create_app(service_settings(self.service.settings))

    @pytest.fixture
    async def client(self, app: FastAPI, database_urls: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
        async with serving(app, database_urls) as http:
            yield http

    async def test_healthz_answers_while_the_process_runs(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    async def test_readyz_reports_the_database_ok(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/readyz")
        assert response.status_code == 200, response.text
        assert response.json() == {"status": "ready", "checks": {"database": "ok"}, "down": []}

    @pytest.mark.parametrize("kind", sorted(UNREACHABLE_DATABASES))
    async def test_readyz_names_the_database_when_it_is_down(
        self, kind: str, keys: KeyPair, var_dir: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        url = UNREACHABLE_DATABASES[kind](var_dir)
        app = app_without_database(self.service, keys, monkeypatch, database_url=url)
        try:
            async with asgi_client(app) as client:
                response = await client.get("/readyz")
                # Liveness does not depend on the database: an orchestrator must not restart for it.
                healthz = await client.get("/healthz")
        finally:
            await process_of(app).engine.dispose()
        assert response.status_code == 503
        body = response.json()
        assert body["down"] == ["database"]
        assert body["checks"] == {"database": "down"}
        # Where the database lives is for the logs, not for whoever can reach the probe.
        assert "127.0.0.1:1" not in response.text and "missing-dir" not in response.text
        assert healthz.status_code == 200

    async def test_metrics_are_prometheus_text_counting_requests(self, client: httpx.AsyncClient) -> None:
        await client.get("/healthz")
        response = await client.get("/metrics")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        families = {family.name: family for family in text_string_to_metric_families(response.text)}
        healthz = [
            sample
            for sample in families["http_requests"].samples
            if sample.name == "http_requests_total" and sample.labels["route"] == "/healthz"
        ]
        assert [(s.labels["service"], s.labels["status"], s.value) for s in healthz] == [
            (self.service.name, "200", 1.0)
        ]

    async def test_openapi_lists_v1_me_behind_bearer_security(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/openapi.json")
        assert response.status_code == 200
        spec = response.json()
        operation = spec["paths"]["/v1/me"]["get"]
        schemes = {name for requirement in operation["security"] for name in requirement}
        assert schemes, "GET /v1/me must declare a security requirement"
        kinds = {}
        for name in schemes:
            scheme = spec["components"]["securitySchemes"][name]
            kinds[scheme["type"]] = scheme
        assert kinds["http"]["scheme"].lower() == "bearer"
        # CONTRACT § 2: an OAuth2 scheme whose token URL is the gateway's, so "Authorize" in /docs works.
        flows = kinds["oauth2"]["flows"]
        assert set(flows) == {"password", "clientCredentials"}
        assert {flow["tokenUrl"] for flow in flows.values()} == {"http://127.0.0.1:8000/auth/token"}

    async def test_docs_page_is_served_with_its_assets_locally(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/docs")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        # Relative addresses, so that the page also works through the gateway's /api/<service>/ prefix.
        assert "url: 'openapi.json'" in response.text
        # The page must not depend on a CDN: its script comes from this process.
        assert 'src="docs-assets/swagger-ui-bundle.js"' in response.text
        assert '"/docs-assets/' not in response.text and "'/openapi.json'" not in response.text
        script = await client.get("/docs-assets/swagger-ui-bundle.js")
        assert script.status_code == 200

    async def test_openapi_servers_let_try_it_out_work_where_the_document_is_read(
        self, client: httpx.AsyncClient
    ) -> None:
        direct = (await client.get("/openapi.json")).json()
        prefix = f"/api/{direct['info']['title'].split()[0].lower()}"
        assert [server["url"] for server in direct["servers"]] == ["/", prefix]
        # Fetched through the gateway (which says so), "Try it out" goes through the gateway's prefix.
        through = (await client.get("/openapi.json", headers={"X-Forwarded-Prefix": prefix})).json()
        assert [server["url"] for server in through["servers"]] == [prefix, "/"]
        assert {**through, "servers": None} == {**direct, "servers": None}

    async def test_me_returns_the_verified_principal(self, client: httpx.AsyncClient, keys: KeyPair) -> None:
        token = token_for(
            keys, Role.HOUSING_ORG, subject="client:boligselskab", kind="client", housing_org="org-7"
        )
        response = await client.get("/v1/me", headers=bearer(token))
        assert response.status_code == 200, response.text
        assert response.json() == {
            "subject": "client:boligselskab",
            "kind": "client",
            "name": "client:boligselskab",
            "roles": ["housing_org"],
            "housing_org": "org-7",
        }

    async def test_me_without_a_token_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/v1/me")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"
