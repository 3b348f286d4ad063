"""Helpers for the browser tests: a watched page per browser context, and axe-core scans."""

import json
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Response

from tests.processes import ROOT, Stack

AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
DEMO_PASSWORD = "demo"  # every demo user's password in development (CONTRACT § 2)


@dataclass
class PageWatch:
    """What the browser reported while the page was open: CSP violations and uncaught script errors."""

    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", self._page_error)

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp.append(f"{message.type}: {message.text}")

    def _page_error(self, error: Error) -> None:
        self.errors.append(f"uncaught: {error}")

    def problems(self) -> list[str]:
        return [*self.csp, *self.errors]


@dataclass
class Browsing:
    """One browser context (its own cookies) and its page, watched for CSP violations and script errors."""

    stack: Stack
    context: BrowserContext
    page: Page
    watch: PageWatch

    def goto(self, path: str) -> Response:
        response = self.page.goto(path)
        assert response is not None, f"no response for {path}"
        return response

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        """Log in through the form (either language) and wait until the browser has left /login."""
        self.goto("/login")
        self.page.locator("#username").fill(username)
        self.page.locator("#password").fill(password)
        self.page.locator("#login-form [type=submit]").click()
        self.page.wait_for_url(lambda url: "/login" not in url)

    def assert_clean(self, where: str) -> None:
        """No Content Security Policy violation and no uncaught script error so far."""
        problems = self.watch.problems()
        assert not problems, f"the browser reported problems on {where}:\n" + "\n".join(problems)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; evaluated as a string, as the CSP forbids adding a tag."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per rule and one per element, with axe's hint how to fix it."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:10]:
            hint = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {json.dumps(node['target'])}: {hint[:300]}")
    return "\n".join(lines)


def assert_accessible(page: Page, where: str) -> list[dict[str, Any]]:
    """Fail on serious or critical axe violations; return the minor ones so the caller can report them."""
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe found serious or critical problems on {where}:\n{describe(blocking)}"
    return [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
