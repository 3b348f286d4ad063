"""Calls to other processes as operations see them in /metrics: how long each took, and which failed."""

import time
from typing import Protocol

import httpx
from prometheus_client import Counter, Histogram


class UpstreamMetrics(Protocol):
    service: str
    upstream_latency: Histogram
    upstream_errors: Counter


class MeasuredTransport(httpx.AsyncBaseTransport):
    """Wraps a client's transport: every call to `upstream` is timed (until its answer's headers) and every
    failure counted by reason: `timeout`, `transport` (refused, reset, …) or `status_5xx` (it answered with a
    server error). Answers the caller was refused with (4xx) are the caller's business, not a failure."""

    def __init__(self, inner: httpx.AsyncBaseTransport, metrics: UpstreamMetrics, upstream: str) -> None:
        self.inner = inner
        # Looked up at each call, not captured: the series are whichever `metrics` holds then.
        self.metrics = metrics
        self.upstream = upstream

    def _failed(self, reason: str) -> None:
        self.metrics.upstream_errors.labels(self.metrics.service, self.upstream, reason).inc()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        try:
            response = await self.inner.handle_async_request(request)
        except httpx.TimeoutException:
            self._failed("timeout")
            raise
        except httpx.TransportError:
            self._failed("transport")
            raise
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.upstream_latency.labels(self.metrics.service, self.upstream).observe(elapsed)
        if response.status_code >= 500:
            self._failed("status_5xx")
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
