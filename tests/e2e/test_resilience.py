"""A service that is down or silent gives a prompt 503 or 504 naming it, never a hang (CONTRACT § 3)."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.processes import Stack, free_port

pytestmark = pytest.mark.e2e

SILENT_TIMEOUT_SECONDS = 1


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_problem(response: httpx.Response, status: int, service: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()
    assert service in body["detail"]


@contextmanager
def silent_server() -> Iterator[int]:
    """A TCP server on loopback that accepts every connection and never answers; yields its port."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    held: list[socket.socket] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        done.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        server.close()


def test_a_stopped_service_gives_a_prompt_503_and_comes_back(stack: Stack, tokens: dict[str, str]) -> None:
    gateway = stack.url()
    token = tokens["officer"]
    assert httpx.get(f"{gateway}/api/allocation/v1/me", headers=bearer(token)).status_code == 200

    stack.stop("allocation")
    try:
        started = time.monotonic()
        response = httpx.get(f"{gateway}/api/allocation/v1/me", headers=bearer(token), timeout=30)
        elapsed = time.monotonic() - started
        assert_problem(response, 503, "allocation")
        # The gateway's upstream timeout is 10 s; a refused connection must not wait for it.
        assert elapsed < 1.0, f"503 took {elapsed:.2f} s"

        ready = httpx.get(f"{gateway}/readyz", timeout=30)
        assert ready.status_code == 503
        assert ready.json()["down"] == ["allocation"]

        # The other services are not affected.
        assert httpx.get(f"{gateway}/api/referrals/v1/me", headers=bearer(token)).status_code == 200
    finally:
        stack.start("allocation")

    ready = httpx.get(f"{gateway}/readyz", timeout=30)
    assert ready.status_code == 200, ready.text
    assert ready.json()["down"] == []
    assert httpx.get(f"{gateway}/api/allocation/v1/me", headers=bearer(token)).status_code == 200


def test_a_silent_service_gives_504_within_the_timeout(
    stack: Stack, tokens: dict[str, str], tmp_path: Path
) -> None:
    # A second gateway beside the shared one: same database and key, a short timeout, and referrals
    # pointed at a server that accepts the connection and then says nothing.
    port = free_port()
    second = Stack(
        var_dir=stack.var_dir, env=stack.env, ports={**stack.ports, "gateway": port}, log_dir=tmp_path
    )
    with silent_server() as silent_port:
        try:
            second.start(
                "gateway",
                extra_env={
                    "GATEWAY_PORT": str(port),
                    "GATEWAY_UPSTREAM_TIMEOUT_SECONDS": str(SILENT_TIMEOUT_SECONDS),
                    "GATEWAY_REFERRALS_URL": f"http://127.0.0.1:{silent_port}",
                },
            )
            gateway = second.url()
            started = time.monotonic()
            response = httpx.get(
                f"{gateway}/api/referrals/v1/me", headers=bearer(tokens["caseworker"]), timeout=30
            )
            elapsed = time.monotonic() - started
            assert_problem(response, 504, "referrals")
            assert SILENT_TIMEOUT_SECONDS * 0.9 <= elapsed < SILENT_TIMEOUT_SECONDS + 1, f"{elapsed:.2f} s"

            # Readiness names the silent service instead of hanging on it.
            started = time.monotonic()
            ready = httpx.get(f"{gateway}/readyz", timeout=30)
            assert time.monotonic() - started < 5
            assert ready.status_code == 503
            assert ready.json()["down"] == ["referrals"]

            # The other services still answer through the same gateway.
            me = httpx.get(f"{gateway}/api/categorisation/v1/me", headers=bearer(tokens["analyst"]))
            assert me.status_code == 200
        finally:
            second.stop("gateway")
