"""API fuzzing (schemathesis) of every service's OpenAPI, in-process, authenticated (issue 6).

Each service runs on its own migrated database with the demo data, so reads hit real rows. Every operation
gets valid input from each role that may use it (the role read from the route's guards), and invalid input
from one such role, without a token and from a role it refuses. Every response must be no server error,
carry a documented status code and content type, and match the documented schema (problem+json for every
error). The examples are derandomised, so CI sends the same requests each run; FUZZ_EXAMPLES raises their
number for a longer local run (`FUZZ_EXAMPLES=200 python -m pytest tests/fuzz`).
"""

import inspect
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks
from schemathesis.generation.case import Case

from services.kit.auth import Role, current_principal
from tests.fuzz.conftest import FuzzTarget

# On one backend (tests/conftest.py): the fuzzer's question, whether any input gives a server error or an
# undocumented answer, is asked of PostgreSQL, production's database; twice it cost a minute more.
pytestmark = pytest.mark.one_backend

SERVICES = ["categorisation", "allocation", "referrals"]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE


@dataclass(frozen=True)
class Access:
    """Who may call a route: public, or authenticated with `roles` (every role when no guard narrows it)."""

    public: bool
    roles: frozenset[Role]


def _calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def access_of(app: FastAPI, method: str, path: str) -> Access:
    """Read the route's guards (kit.auth.require_roles) from its dependency tree."""
    route = next(
        r
        for r in iter_route_contexts(app.routes)
        if isinstance(r.original_route, APIRoute) and r.path_format == path and method in (r.methods or ())
    )
    calls = list(_calls(route.dependant))
    if current_principal not in calls:
        return Access(public=True, roles=frozenset())
    allowed = set(Role)
    for call in calls:
        if getattr(call, "__name__", "").startswith("require_"):
            allowed &= set(inspect.getclosurevars(call).nonlocals["roles"])
    return Access(public=False, roles=frozenset(allowed))


# What is checked here is the answer, not its speed (bench/ measures that): schemathesis' default of 10 s
# failed a retention dry run once on a machine loaded far beyond its two cores.
RESPONSE_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Caller:
    """Who sends a case: a role's bearer header, or none."""

    who: str
    headers: dict[str, str]


def fuzz(case_strategy: st.SearchStrategy[Case], callers: list[Caller], examples: int) -> None:
    """Run `examples` derandomised cases, each from one of `callers`; raise the first failure found."""

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=case_strategy, caller=st.sampled_from(callers))
    def run(case: Case, caller: Caller) -> None:
        try:
            case.call_and_validate(headers=caller.headers, checks=CHECKS, timeout=RESPONSE_TIMEOUT_SECONDS)
        except BaseException as exc:
            exc.add_note(f"Sent as: {caller.who}")
            raise

    run()


def runs_for(
    target: FuzzTarget, *, invalid_input: bool
) -> Iterator[tuple[str, Any, GenerationMode, list[Caller]]]:
    """(label, operation, mode, callers) for every operation of the target's OpenAPI.

    Valid input comes from every role that may call the operation (what it sees may differ); invalid
    input from the first of them, without a token and from a role that is refused.
    """
    for result in target.schema.get_all_operations():
        operation = result.ok()
        method = operation.method.upper()
        label = f"{method} {operation.path}"
        access = access_of(target.app, method, operation.path)
        if access.public:
            anyone = [Caller("public", {})]
            yield label, operation, POSITIVE, anyone
            if invalid_input:
                yield label, operation, NEGATIVE, anyone
            continue
        roles = sorted(access.roles)
        yield label, operation, POSITIVE, [Caller(role.value, target.headers(role)) for role in roles]
        if not invalid_input:
            continue
        negative = [Caller(roles[0].value, target.headers(roles[0])), Caller("no token", {})]
        refused = sorted(set(Role) - access.roles)
        if refused:
            negative.append(Caller(refused[0].value, target.headers(refused[0])))
        yield label, operation, NEGATIVE, negative


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_answers_as_documented(fuzz_target: FuzzTarget, backend: str) -> None:
    """No 5xx, and every status code, content type and body as the service's OpenAPI documents it.

    Invalid input is refused before it reaches the database, so it is sent on SQLite only; PostgreSQL
    gets the valid input, which is what differs between the backends.
    """
    target, service = fuzz_target, fuzz_target.name
    failures: list[str] = []
    for label, operation, mode, callers in runs_for(target, invalid_input=backend == "sqlite"):
        try:
            fuzz(operation.as_strategy(generation_mode=mode), callers, EXAMPLES)
        except Unsatisfiable:
            continue  # nothing to make invalid: the operation takes no input
        except (Exception, BaseExceptionGroup) as exc:  # schemathesis reports failures as a group
            notes = "\n".join(getattr(exc, "__notes__", []))
            failures.append(f"--- {label}, {mode.value} input\n{exc}\n{notes}")
    assert not failures, f"{len(failures)} fuzz failures in {service}:\n" + "\n".join(failures)
