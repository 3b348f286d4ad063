"""The gateway's process state: the kit's, plus what only the gateway holds (signing, sessions, upstreams)."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.requests import HTTPConnection

from gateway.actors import ActorNames
from services.kit.state import ProcessState, state_of

if TYPE_CHECKING:  # the modules below read the state at run time; importing them here would be circular
    import httpx
    from babel.support import NullTranslations
    from fastapi import FastAPI

    from gateway.config import GatewayConfig, GatewaySettings
    from gateway.forwarders import AiohttpUpstreams
    from gateway.session import EndedSessions
    from gateway.throttle import LoginThrottle
    from services.kit.auth import TokenIssuer
    from services.kit.ratelimit import Throttle


@dataclass(kw_only=True, eq=False)
class GatewayState(ProcessState):
    settings: "GatewaySettings"
    config: "GatewayConfig"
    token_issuer: "TokenIssuer"
    # Public keys of the signing keys before the current one: tokens they signed are valid until they expire.
    previous_public_keys: list[bytes]
    login_throttle: "LoginThrottle"
    concern_form_throttle: "Throttle"
    ended_sessions: "EndedSessions"
    catalogues: dict[str, "NullTranslations"]
    upstreams: dict[str, "httpx.AsyncClient"]
    forwarder: "AiohttpUpstreams"
    # People's and clients' names by subject, for pages that say who did something (gateway/actors.py).
    actor_names: ActorNames = field(default_factory=ActorNames)


def gateway_state(source: "FastAPI | HTTPConnection") -> GatewayState:
    return state_of(source, GatewayState)
