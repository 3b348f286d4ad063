"""A small HTTP/1.1 load generator: N keep-alive connections, each sending GETs back to back.

    python -m bench.load http://127.0.0.1:8001/v1/me --connections 32 --duration 10 \\
        --header "Authorization: Bearer …"

It runs in its own process (so it does not share an interpreter with what it measures), speaks plain
HTTP/1.1 over asyncio streams (a fraction of a general client's CPU per request, which matters on a
machine with few cores), counts only answers that finished after the warm-up, and prints one JSON object:
requests, errors, statuses, seconds, requests_per_second and latency percentiles in milliseconds.
"""

import argparse
import asyncio
import json
import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    body_bytes: int = 0


async def _read_body(reader: asyncio.StreamReader, head: bytes) -> bytes:
    """The body after `head`: by Content-Length, or chunked (uvicorn streams without a length)."""
    length, chunked, close = None, False, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif name == b"connection" and b"close" in value.lower():
            close = True
    if length is not None:
        body = await reader.readexactly(length)
    elif chunked:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append((await reader.readexactly(size + 2))[:-2])
            if size == 0:
                break
        body = b"".join(parts)
    else:
        body = await reader.read()
    if close:
        raise ConnectionResetError("the server closed the connection")
    return body


async def _connection(
    host: str, port: int, request: bytes, *, warm_until: float, stop_at: float, tally: Tally
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while True:
            started = time.perf_counter()
            if started >= stop_at:
                return
            try:
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                body = await _read_body(reader, head)
            except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                tally.errors += 1
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            finished = time.perf_counter()
            if started < warm_until:
                continue
            status = int(head.split(b" ", 2)[1])
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            tally.latencies.append(finished - started)
            tally.body_bytes += len(body)
    finally:
        writer.close()


def _percentile(ordered: list[float], p: float) -> float:
    """Nearest rank, as bench.percentile (this module imports nothing of the project, to start fast)."""
    if not ordered:
        return float("nan")
    return ordered[max(math.ceil(p / 100 * len(ordered)), 1) - 1]


async def run(
    url: str, *, connections: int, duration: float, warmup: float, headers: list[str]
) -> dict[str, object]:
    """Load `url` with `connections` connections for `warmup` + `duration` seconds; the figures."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {host}:{port}", "Accept: */*", *headers, "", ""]
    request = "\r\n".join(lines).encode("latin-1")
    tally = Tally()
    now = time.perf_counter()
    warm_until, stop_at = now + warmup, now + warmup + duration
    await asyncio.gather(
        *(
            _connection(host, port, request, warm_until=warm_until, stop_at=stop_at, tally=tally)
            for _ in range(connections)
        )
    )
    # Answers that finished after the deadline were started before it: count over the real span.
    seconds = max(time.perf_counter(), stop_at) - warm_until
    ordered = sorted(tally.latencies)
    return {
        "url": url,
        "connections": connections,
        "requests": len(ordered),
        "errors": tally.errors,
        "statuses": tally.statuses,
        "seconds": seconds,
        "requests_per_second": len(ordered) / seconds,
        "body_bytes": tally.body_bytes // max(1, len(ordered)),
        "latency_ms": {
            "mean": statistics.fmean(ordered) * 1000 if ordered else float("nan"),
            "p50": _percentile(ordered, 50) * 1000,
            "p90": _percentile(ordered, 90) * 1000,
            "p99": _percentile(ordered, 99) * 1000,
            "max": (ordered[-1] if ordered else float("nan")) * 1000,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds run before measuring")
    parser.add_argument("--header", action="append", default=[], help="'Name: value', repeatable")
    args = parser.parse_args()
    coroutine = run(
        args.url,
        connections=args.connections,
        duration=args.duration,
        warmup=args.warmup,
        headers=args.header,
    )
    try:
        import uvloop  # installed with uvicorn[standard]; the servers run on it too
    except ImportError:
        result = asyncio.run(coroutine)
    else:
        result = uvloop.run(coroutine)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
