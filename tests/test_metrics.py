"""Each process's /metrics, read with Prometheus's own parser: the process and runtime collectors, the
database pool and query times, upstream calls, the services' own counters, and no `_created` series."""

import contextlib
import json
import re
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi import FastAPI
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from gateway.state import gateway_state
from services.kit.observability import Metrics
from services.kit.state import process_of
from services.kit.upstream_metrics import MeasuredTransport
from tests.conftest import serving
from tests.four_apps import PROCESSES, build, metric_value
from tests.support import KeyPair

# Family names as the parser gives them (a counter's without `_total`).
EVERY_PROCESS = {
    "process_cpu_seconds",
    "process_resident_memory_bytes",
    "process_open_fds",
    "python_info",
    "python_gc_collections",
    "http_requests",
    "http_request_duration_seconds",
    "db_query_duration_seconds",
    "db_pool_checked_out_connections",
    "db_pool_size_connections",
    "db_pool_overflow_connections",
    "upstream_request_duration_seconds",
    "upstream_request_errors",
}
OWN = {
    "categorisation": set(),
    "allocation": {
        "allocation_vacancies_reported",
        "allocation_decisions",
        "allocation_scheduler_last_success_timestamp_seconds",
    },
    "referrals": {"referrals_concern_reports"},
    "gateway": set(),
}


@pytest.fixture(scope="module")
def apps(
    database_urls: dict[str, str], keys: KeyPair, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, FastAPI]:
    return {name: build(name, database_urls[name], keys, tmp_path_factory.mktemp(name)) for name in PROCESSES}


@pytest.mark.parametrize("name", PROCESSES)
async def test_the_exposition_has_every_family_and_no_created_series(
    name: str, apps: dict[str, FastAPI], database_urls: dict[str, str]
) -> None:
    async with serving(apps[name], database_urls) as client:
        assert (await client.get("/readyz")).status_code in (200, 503)  # the gateway's upstreams are away
        response = await client.get("/metrics")
    assert response.status_code == 200
    families = {family.name: family for family in text_string_to_metric_families(response.text)}
    assert EVERY_PROCESS | OWN[name] <= set(families)
    samples = [sample for family in families.values() for sample in family.samples]
    assert [s.name for s in samples if s.name.endswith("_created")] == []
    # The readiness probe read the database, and its statement was timed.
    assert (
        metric_value(response.text, "db_query_duration_seconds_count", service=name, statement="select") >= 1
    )
    assert metric_value(response.text, "process_resident_memory_bytes") > 0
    assert metric_value(response.text, "db_pool_size_connections", service=name) >= 1


async def test_the_pool_gauges_count_a_connection_held(
    apps: dict[str, FastAPI], database_urls: dict[str, str]
) -> None:
    app = apps["categorisation"]
    async with serving(app, database_urls) as client:
        async with process_of(app).engine.connect() as held:
            during = (await client.get("/metrics")).text
            assert not held.closed
        after = (await client.get("/metrics")).text
    busy = metric_value(during, "db_pool_checked_out_connections", service="categorisation")
    assert busy == metric_value(after, "db_pool_checked_out_connections", service="categorisation") + 1


async def test_the_gateway_counts_a_service_it_cannot_reach(
    database_urls: dict[str, str], keys: KeyPair, tmp_path: Path
) -> None:
    # Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
    gateway = build("gateway", database_urls["gateway"], keys, tmp_path, allocation_url="http://127.0.0.1:9")
    async with serving(gateway, database_urls) as client:
        assert (await client.get("/api/allocation/v1/me")).status_code == 503
        exposition = (await client.get("/metrics")).text
    for upstream in gateway_state(gateway).upstreams.values():
        await upstream.aclose()
    labels = {"service": "gateway", "upstream": "allocation"}
    assert metric_value(exposition, "upstream_request_errors_total", **labels, reason="transport") == 1
    assert metric_value(exposition, "upstream_request_errors_total", **labels, reason="timeout") == 0
    assert metric_value(exposition, "upstream_request_duration_seconds_count", **labels) == 1


async def test_upstream_calls_are_timed_and_failures_counted_by_reason() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        match request.url.path:
            case "/slow":
                raise httpx.ReadTimeout("no answer", request=request)
            case "/refused":
                raise httpx.ConnectError("refused", request=request)
            case "/broken":
                return httpx.Response(502)
            case _:
                return httpx.Response(404 if request.url.path == "/missing" else 200)

    metrics = Metrics("caller")
    transport = MeasuredTransport(httpx.MockTransport(answer), metrics, "callee")
    async with httpx.AsyncClient(transport=transport, base_url="http://callee") as http:
        for path in ("/ok", "/missing", "/broken", "/slow", "/refused"):
            with contextlib.suppress(httpx.TransportError):
                await http.get(path)
    text = generate_latest(metrics.registry).decode()
    labels = {"service": "caller", "upstream": "callee"}
    assert metric_value(text, "upstream_request_duration_seconds_count", **labels) == 5
    errors = {
        reason: metric_value(text, "upstream_request_errors_total", **labels, reason=reason)
        for reason in ("timeout", "transport", "status_5xx")
    }
    # A 404 is the caller's mistake, not the callee's failure.
    assert errors == {"timeout": 1, "transport": 1, "status_5xx": 1}


ROOT = Path(__file__).resolve().parents[1]
PROMQL_WORDS = {"and", "or", "unless", "bool", "offset"}


def names_in(expr: str) -> set[str]:
    """The metric names a PromQL expression reads: what is left without strings, numbers, matchers,
    ranges, grouping clauses and function calls."""
    expr = re.sub(r'"[^"]*"', "", expr)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)
    expr = re.sub(r"\b\d+(\.\d+)?(e\d+)?\b", "", expr)
    found = re.finditer(r"([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?", expr)
    return {m.group(1) for m in found if not m.group(2) and m.group(1) not in PROMQL_WORDS}


def exposed(exposition: str) -> set[str]:
    """Every series name a family of this exposition can have, samples or not yet."""
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}
    names: set[str] = set()
    for family in text_string_to_metric_families(exposition):
        names |= {family.name + suffix for suffix in suffixes.get(family.type, ("",))}
        names |= {sample.name for sample in family.samples}
    return names


async def test_the_alerts_and_the_dashboard_read_only_metrics_the_processes_expose(
    apps: dict[str, FastAPI], database_urls: dict[str, str]
) -> None:
    available = {"up"}  # Prometheus's own, per scraped target
    for name in PROCESSES:
        async with serving(apps[name], database_urls) as client:
            available |= exposed((await client.get("/metrics")).text)
    rules = yaml.safe_load((ROOT / "deploy" / "prometheus" / "alerts.yml").read_text(encoding="utf-8"))
    exprs = [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    dashboard = json.loads((ROOT / "deploy" / "grafana" / "boligsocial.json").read_text(encoding="utf-8"))
    exprs += [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]
    read = set().union(*(names_in(expr) for expr in exprs))
    assert {"http_requests_total", "db_pool_overflow_connections", "allocation_decisions_total"} <= read
    assert read - available == set()


def test_the_dashboard_is_one_grafana_document() -> None:
    dashboard = json.loads((ROOT / "deploy" / "grafana" / "boligsocial.json").read_text(encoding="utf-8"))
    panels = dashboard["panels"]
    assert len({panel["id"] for panel in panels}) == len(panels)
    assert dashboard["uid"] and dashboard["schemaVersion"] >= 36
    variables = {variable["name"] for variable in dashboard["templating"]["list"]}
    for panel in panels:
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] == "${datasource}" and "datasource" in variables, panel["title"]
        assert panel["targets"] and panel["description"], panel["title"]
