"""Gentofte's own demo (small areas, local categories only) on the real processes, walked as each staff user
the way tests/e2e/test_danish_pages.py walks Gladsaxe's: every page answers, none shows code, and what the
pages show is Gentofte's, not the Gladsaxe-like set."""

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import DEMO_USERS
from tests.e2e.test_danish_pages import ALSO, MUST_REACH, kind, problems, walk
from tests.processes import Stack, browser_session, running_stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def gentofte_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The four processes with Gentofte's file and so Gentofte's own demo (small areas, local categories)."""
    with running_stack(tmp_path_factory.mktemp("gentofte"), {"MUNICIPALITY": "gentofte"}) as running:
        yield running


# Gentofte's demo has no § 51 c dispensation (no area of it can be designated), so no dispensation page.
GENTOFTE_MUST_REACH = {
    user: {page for page in must if not page.startswith("/udlejning/dispensationer/")}
    for user, must in MUST_REACH.items()
}


@pytest.mark.parametrize("user", DEMO_USERS)
def test_gentoftes_demo_reads_as_gentofte_on_every_page(gentofte_stack: Stack, user: str) -> None:
    client = browser_session(gentofte_stack.url(), user, timeout=30)
    failed: list[str] = []
    try:
        pages = list(walk(client, ("/", *ALSO.get(user, ())), failed))
    finally:
        client.close()

    assert not failed, failed
    reached = {kind(path) for path, _ in pages}
    assert GENTOFTE_MUST_REACH[user] <= reached, (
        f"the walk as {user} missed {GENTOFTE_MUST_REACH[user] - reached}"
    )
    found = [problem for path, text in pages for problem in problems(path, text)]
    assert not found, "\n".join(found[:40])
    text = " ".join(text for _, text in pages)
    assert "Gentofte Kommune" in text and "Gladsaxe" not in text
    assert "Solbakken (demo)" not in text
    if user in ("analyst", "officer"):
        assert "Ordruphøj (demo)" in text
