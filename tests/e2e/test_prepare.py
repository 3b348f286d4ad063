"""`python -m ops prepare` (what `make run` does first) is idempotent and honours DEMO_DATA=0."""

import re
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import DEMO_IDENTITIES, get_token
from tests.processes import Stack, prepare, running_stack

pytestmark = pytest.mark.e2e


def created(output: str) -> dict[str, int]:
    """The 'demo <what>: <n> created' lines of `ops prepare` as {what: n}."""
    return {what: int(n) for what, n in re.findall(r"^demo (.+): (\d+) created$", output, re.MULTILINE)}


def test_prepare_twice_creates_nothing_the_second_time(stack: Stack, tokens: dict[str, str]) -> None:
    first = created(stack.prepare_output)
    assert first["identities"] == len(DEMO_IDENTITIES)
    assert all(count > 0 for count in first.values()), first
    keys = {path.name: path.read_bytes() for path in (stack.var_dir / "keys").iterdir()}

    second = created(prepare(stack.env))

    assert second.keys() == first.keys()
    assert all(count == 0 for count in second.values()), second
    assert {path.name: path.read_bytes() for path in (stack.var_dir / "keys").iterdir()} == keys
    # Tokens issued before the second run stay valid: the key pair was kept.
    me = httpx.get(
        f"{stack.url()}/api/categorisation/v1/me", headers={"Authorization": f"Bearer {tokens['analyst']}"}
    )
    assert me.status_code == 200


def test_demo_data_0_still_gives_every_demo_identity(tmp_path: Path) -> None:
    with running_stack(tmp_path, {"DEMO_DATA": "0"}, processes=("gateway",)) as stack:
        assert created(stack.prepare_output) == {"identities": len(DEMO_IDENTITIES)}
        assert "DEMO_DATA=0" in stack.prepare_output
        for identity in DEMO_IDENTITIES.values():
            assert get_token(stack.url(), identity)
