"""X-Forwarded-For is believed only from a trusted proxy, and read from the right."""

import pytest
from starlette.requests import Request

from services.kit.addresses import client_address, networks

TRUSTED = networks("127.0.0.1, ::1, 10.0.0.0/8")


def request_from(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded is not None else []
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers, "client": (peer, 5000)})


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("198.51.100.7", None, "198.51.100.7"),
        # A direct caller writes what it likes: ignored, whatever it says.
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),
        ("198.51.100.7", "127.0.0.1", "198.51.100.7"),
        # The gateway on loopback names the browser.
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),
        ("::1", "2001:db8::5", "2001:db8::5"),
        # A forged first hop behind a load balancer: the address the trusted hops saw wins.
        ("10.0.0.2", "1.2.3.4, 203.0.113.9, 10.0.0.3", "203.0.113.9"),
        # Only trusted hops: the leftmost is the origin.
        ("10.0.0.2", "10.0.0.9, 10.0.0.3", "10.0.0.9"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_the_caller_is_the_peer_unless_a_trusted_proxy_says_otherwise(
    peer: str, forwarded: str | None, expected: str
) -> None:
    assert client_address(request_from(peer, forwarded), TRUSTED) == expected


def test_networks_read_addresses_and_ranges() -> None:
    assert [str(n) for n in networks(" 127.0.0.1 ,10.0.0.0/8,, ::1")] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
        "::1/128",
    ]
