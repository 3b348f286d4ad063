"""Who is calling: the peer's address, or the address a trusted proxy says it forwarded for.

X-Forwarded-For is a header anyone can write. It is believed only when the peer itself is one of the
configured proxies (the gateway, a load balancer), and then read from the right: each trusted hop appends
the address it saw, so the first address from the right that is not a trusted proxy is the real caller.
"""

from collections.abc import Sequence
from functools import cache
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from starlette.requests import Request

Network = IPv4Network | IPv6Network


@cache  # read from settings on every request: parse each spelling once
def networks(spec: str) -> tuple[Network, ...]:
    """`127.0.0.1, ::1, 10.0.0.0/8` as networks; a bare address is a network of one."""
    return tuple(ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip())


def _parse(text: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: IPv4Address | IPv6Address | None, trusted: Sequence[Network]) -> bool:
    return address is not None and any(address in network for network in trusted)


def client_address(request: Request, trusted: Sequence[Network]) -> str:
    """The caller's address for limits and logs; never taken from a header an untrusted peer wrote."""
    peer = request.client.host if request.client else "unknown"
    if not _trusted(_parse(peer), trusted):
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            return peer  # a malformed chain is not evidence of anything
        if not _trusted(address, trusted):
            return str(address)
    return str(_parse(hops[0])) if hops else peer
