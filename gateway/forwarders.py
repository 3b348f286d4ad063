"""The clients the pass-through forwards with: aiohttp on the network, httpx where tests plug a transport.

Measured on this machine (issue 16), client CPU per forwarded GET at 32 concurrent requests: httpx 1.06 ms,
raw httpcore 0.84 ms, aiohttp 0.13 ms. httpcore checks every pooled connection's socket on each request, in
Python; aiohttp's pool and its C HTTP parser do not. The pass-through is the only part of the gateway that
forwards at volume, so it takes aiohttp; the pages' few calls per page keep httpx (gateway/upstream.py),
whose transports the in-process tests plug the services into. With `GATEWAY_FORWARDING_CLIENT=httpx` the
pass-through uses those same httpx clients, which is how the in-process tests reach services that have no
socket; the end-to-end tests run the real processes with aiohttp.

Both answer alike: the upstream's status, the headers in `RESPONSE_HEADERS`, small answers read whole (they
keep their length), large ones streamed; a timeout is 504 and an unreachable service or a broken-off
answer 503, in the one error shape.
"""

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Mapping

import aiohttp
import httpx
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse
from yarl import URL

from services.kit.errors import PROBLEM_JSON, AppError, GatewayTimeout, ServiceUnavailable
from services.kit.upstream_metrics import UpstreamMetrics

log = logging.getLogger(__name__)

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
# Answers up to this size are read whole; larger ones (exports, whole years) stream through.
BUFFERED_ANSWER_BYTES = 256 * 1024
# Idle connections are dropped well before the services' uvicorn closes them (its keep-alive is 5 s):
# otherwise a request sent on a connection the service is closing at that moment fails, and the caller
# gets a spurious 503.
UPSTREAM_KEEPALIVE_SECONDS = 2.0
MAX_CONNECTIONS = 100


def _passed_on(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: headers[name] for name in RESPONSE_HEADERS if name in headers}


def _small(length: str | None) -> bool:
    return length is not None and length.isdigit() and int(length) <= BUFFERED_ANSWER_BYTES


def _timed_out(service: str, exc: BaseException) -> GatewayTimeout:
    log.warning("upstream %s timed out", service)
    return GatewayTimeout(f"The {service} service did not answer in time.", service=service)


def _unreachable(service: str, exc: BaseException) -> ServiceUnavailable:
    log.warning("upstream %s unreachable: %s", service, type(exc).__name__)
    return ServiceUnavailable(f"The {service} service is not reachable.", service=service)


def _balancer_refusal(service: str, status: int, content_type: str) -> AppError | None:
    """A 502/503/504 that is not the service's own problem: the load balancer in front of the service's
    replicas answered for a replica that died or was down. Told in the one error shape, as a direct
    connection failure would be, never passed on as the balancer's HTML page."""
    if status not in (502, 503, 504) or content_type.startswith(PROBLEM_JSON):
        return None
    log.warning("upstream %s: the balancer answered %s", service, status)
    if status == 504:
        return GatewayTimeout(f"The {service} service did not answer in time.", service=service)
    return ServiceUnavailable(f"The {service} service is not reachable.", service=service)


def _broke_off(service: str) -> ServiceUnavailable:
    return ServiceUnavailable(f"The {service} service broke off its answer.", service=service)


class AiohttpUpstreams:
    """One pooled aiohttp session for all services, made on first use inside the running loop."""

    def __init__(
        self,
        base_urls: Mapping[str, str],
        *,
        timeout: float,
        connect_timeout: float,
        metrics: UpstreamMetrics,
    ) -> None:
        # Looked up at each call, not captured: the series are whichever `metrics` holds then.
        self._metrics = metrics
        self._base_urls = {name: url.rstrip("/") for name, url in base_urls.items()}
        # Like httpx's timeouts: connecting, and the wait for each piece of the answer (not the whole).
        self._timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout, sock_read=timeout)
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=MAX_CONNECTIONS, keepalive_timeout=UPSTREAM_KEEPALIVE_SECONDS, use_dns_cache=True
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self._timeout,
                auto_decompress=False,
                # Only what the caller's request carries: no client name, no compression asked for.
                skip_auto_headers=("User-Agent", "Accept-Encoding"),
            )
        return self._session

    def _failed(self, service: str, reason: str) -> None:
        self._metrics.upstream_errors.labels(self._metrics.service, service, reason).inc()

    async def forward(
        self,
        service: str,
        method: str,
        target: str,
        *,
        headers: dict[str, str],
        content: AsyncIterator[bytes] | None,
    ) -> Response:
        # Timed until the answer's headers, failures counted by reason (as kit.upstream_metrics for httpx).
        started = time.perf_counter()
        try:
            upstream = await self._client().request(
                method,
                # The caller's path and query exactly as they encoded them (see proxy.upstream_target).
                URL(self._base_urls[service] + target, encoded=True),
                headers=headers,
                data=content,
                allow_redirects=False,
            )
        except TimeoutError as exc:
            self._failed(service, "timeout")
            raise _timed_out(service, exc) from exc
        except aiohttp.ClientError as exc:
            self._failed(service, "transport")
            raise _unreachable(service, exc) from exc
        finally:
            elapsed = time.perf_counter() - started
            self._metrics.upstream_latency.labels(self._metrics.service, service).observe(elapsed)
        if upstream.status >= 500:
            self._failed(service, "status_5xx")
        refusal = _balancer_refusal(service, upstream.status, upstream.headers.get("content-type", ""))
        if refusal is not None:
            upstream.release()
            raise refusal
        passed = _passed_on(upstream.headers)
        if _small(upstream.headers.get("content-length")):
            try:
                body = await upstream.read()
            except (TimeoutError, aiohttp.ClientError) as exc:
                raise _broke_off(service) from exc
            finally:
                upstream.release()
            return Response(content=body, status_code=upstream.status, headers=passed)
        return StreamingResponse(
            upstream.content.iter_any(),
            status_code=upstream.status,
            headers=passed,
            background=BackgroundTask(upstream.release),
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            # aiohttp's advice: give the connections' transports a moment to close.
            await asyncio.sleep(0)


async def forward_with_httpx(
    client: httpx.AsyncClient,
    service: str,
    method: str,
    target: str,
    *,
    headers: dict[str, str],
    content: AsyncIterator[bytes] | None,
) -> Response:
    """The same forwarding through an httpx client (and whatever transport it has)."""
    outgoing = client.build_request(method, target, content=content, headers=headers)
    try:
        upstream = await client.send(outgoing, stream=True)
    except httpx.TimeoutException as exc:
        raise _timed_out(service, exc) from exc
    except httpx.TransportError as exc:
        raise _unreachable(service, exc) from exc
    refusal = _balancer_refusal(service, upstream.status_code, upstream.headers.get("content-type", ""))
    if refusal is not None:
        await upstream.aclose()
        raise refusal
    passed = _passed_on(upstream.headers)
    if _small(upstream.headers.get("content-length")):
        try:
            body = await upstream.aread()
        except httpx.TransportError as exc:
            raise _broke_off(service) from exc
        finally:
            await upstream.aclose()
        return Response(content=body, status_code=upstream.status_code, headers=passed)
    return StreamingResponse(
        upstream.aiter_bytes(),
        status_code=upstream.status_code,
        headers=passed,
        background=BackgroundTask(upstream.aclose),
    )
