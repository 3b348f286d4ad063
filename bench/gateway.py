"""The gateway's JSON pass-through against calling the service directly, under load, on loopback.

The four real processes run with the demo data (bench.stack). For each endpoint, a load generator in its
own process (bench.load: N keep-alive connections sending GETs back to back for a fixed time) loads the
categorisation service directly and then the same path through the gateway's /api/categorisation/…,
in alternating rounds so drifts in the machine's load hit both ways alike. The figure that matters is
the ratio of throughputs; the target is that the gateway keeps at least 70 % of the direct throughput.
"""

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass, field

import httpx

from bench import Report, markdown_table, process_cpu
from bench.stack import demo_stack

CONNECTIONS = 32
SECONDS = 5.0  # measured per round, after a 1 s warm-up
ROUNDS = 3  # per way at most, alternating direct and through the gateway
TARGET_RATIO = 0.70
# (what, path on the service): the cheapest authenticated answer, and a year's overview from the database.
ENDPOINTS = (
    ("GET /v1/me (token check only)", "/v1/me"),
    ("GET /v1/years/2025 (a year's overview)", "/v1/years/2025"),
)


@dataclass
class Runs:
    """One way of calling one endpoint: the load generator's figures and the processes' CPU per round."""

    results: list[dict[str, object]] = field(default_factory=list)
    service_cpu: list[float] = field(default_factory=list)  # seconds per request
    gateway_cpu: list[float] = field(default_factory=list)

    def median(self, key: str, sub: str | None = None) -> float:
        values = []
        for result in self.results:
            value = result[key]
            if sub is not None:
                assert isinstance(value, dict)
                value = value[sub]
            assert isinstance(value, int | float)
            values.append(float(value))
        return statistics.median(values)


def load(url: str, token: str, *, connections: int, seconds: float) -> dict[str, object]:
    """One run of the load generator in its own process; its JSON figures."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load",
            url,
            f"--connections={connections}",
            f"--duration={seconds}",
            "--warmup=1",
            f"--header=Authorization: Bearer {token}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the load generator failed:\n{done.stderr[-3000:]}")
    result: dict[str, object] = json.loads(done.stdout)
    statuses = result["statuses"]
    assert isinstance(statuses, dict)
    if set(statuses) != {"200"} or result["errors"]:
        raise RuntimeError(f"{url} answered {statuses} with {result['errors']} connection errors")
    return result


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.2f} ms"


async def run(*, repeat: int = 5, connections: int = CONNECTIONS, seconds: float = SECONDS) -> Report:
    """Throughput and latency of each endpoint directly and through the gateway."""
    # Blocking on purpose: the load runs in other processes and nothing else runs on this loop.
    return compare(repeat=repeat, connections=connections, seconds=seconds)


def compare(*, repeat: int, connections: int, seconds: float) -> Report:
    stack = demo_stack()
    token = httpx.post(
        f"{stack.url()}/auth/token",
        data={"grant_type": "password", "username": "analyst", "password": "demo"},
        timeout=30,
    ).json()["access_token"]
    service_cpu = process_cpu(stack.procs["categorisation"].pid)
    gateway_cpu = process_cpu(stack.procs["gateway"].pid)
    rounds = max(1, min(repeat, ROUNDS))
    report = Report(title=f"Gateway pass-through against the service directly, {connections} connections")
    lines = [
        [
            "endpoint",
            "called",
            "requests/s",
            "p50",
            "p99",
            "service CPU/request",
            "gateway CPU/request",
            "gateway ÷ direct",
        ]
    ]
    for what, path in ENDPOINTS:
        print(f"  {what} …", flush=True)
        ways = {
            "direct": (f"{stack.url('categorisation')}{path}", Runs()),
            "via gateway": (f"{stack.url()}/api/categorisation{path}", Runs()),
        }
        for _ in range(rounds):
            for url, runs in ways.values():
                service_before, gateway_before = service_cpu(), gateway_cpu()
                result = load(url, token, connections=connections, seconds=seconds)
                # The CPU spent over warm-up and run, per request counted (the warm-up's share is small).
                served = float(result["requests"]) * (1 + 1 / seconds)  # type: ignore[arg-type]
                runs.results.append(result)
                runs.service_cpu.append((service_cpu() - service_before) / served)
                runs.gateway_cpu.append((gateway_cpu() - gateway_before) / served)
        direct, proxied = ways["direct"][1], ways["via gateway"][1]
        ratio = proxied.median("requests_per_second") / direct.median("requests_per_second")
        for way, (_, runs) in ways.items():
            lines.append(
                [
                    what if way == "direct" else "",
                    way,
                    f"{runs.median('requests_per_second'):,.0f}",
                    f"{runs.median('latency_ms', 'p50'):,.1f} ms",
                    f"{runs.median('latency_ms', 'p99'):,.1f} ms",
                    _ms(statistics.median(runs.service_cpu)),
                    _ms(statistics.median(runs.gateway_cpu)) if way != "direct" else "-",
                    "" if way == "direct" else f"{ratio:.2f} {'ok' if ratio >= TARGET_RATIO else 'MISSED'}",
                ]
            )
    report.sections.append(markdown_table(lines))
    report.notes += [
        f"- target: through the gateway at least {TARGET_RATIO:.0%} of the direct throughput (ratio >= "
        f"{TARGET_RATIO:.2f}); requests/s and latencies are medians of {rounds} rounds of {seconds:g} s "
        f"per way (after 1 s warm-up each), alternating direct and via the gateway",
        "- load: `python -m bench.load` in its own process, "
        f"{connections} keep-alive HTTP/1.1 connections sending GETs back to back with an analyst's token; "
        "latency is from sending a request to reading the whole answer",
        "- CPU/request: each server process's CPU seconds over the run divided by the requests answered; "
        "all processes (load generator, gateway, service) share the machine's cores, so the gateway's CPU "
        "is taken from the same cores the service would otherwise use",
        "- the processes run as `make run` starts them (`python -m …`, one uvicorn process each, SQLite "
        "files, JSON access lines at INFO) with the demo data",
    ]
    return report
