"""Every radio button and checkbox a person can reach says what it stores.

The design system (DKFDS) hides the real input and draws the control with its label's ``::before``, placed
against the nearest positioned ancestor: only its own markup (the input and its label inside
``form-group-radio`` or ``form-group-checkbox``) puts the drawing beside the label's text. With any other
markup the drawn control lands somewhere else – on top of its neighbour, or in the page's corner – and a
click on it changes another control than the one beside the text: a wrong answer is stored about a citizen.

So, as each demo user and as a citizen without login, the test walks the navigation and the pages linked
from them (one page of each kind: a list and one of its detail pages), and on every page clicks every shown
control twice: on its label, then where the control is drawn, asserting after each click what is checked,
that the drawing sits beside its own label, and that a radio ends on the value clicked, never a neighbour.
Then the forms where a wrong value did harm are sent and read back from the service's JSON API.

What the walk changes: no form it checks is sent (radios end on other values than they started with, in the
browser only); to reach the dispensation form it runs one applicant check, as the accessibility scan does.
The stored-value tests work on a case, a report and an offer they make themselves, and send the public
follow-up form twice (it takes five per address in 15 minutes; the other browser tests send three).
"""

import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Error, Locator, Page, expect

from tests.browser.support import DEMO_PASSWORD, Browsing

pytestmark = pytest.mark.browser

DEMO_USERS = ("admin", "analyst", "officer", "caseworker", "manager")
CONTROLS = "input[type=radio], input[type=checkbox]"
# What the walk never opens: assets, the JSON pass-through and API documents, and files to download.
NOT_PAGES = (
    "/static/",
    "/api/",
    "/docs",
    "/redoc",
    "/openapi",
    "/auth/",
    "/.well-known/",
    "/logout",
    "/language",
)
FILE = re.compile(r"\.[A-Za-z0-9]+$")
# A path segment that names one thing (an id, a year, an area code, a case reference): pages that differ only
# in it are of one kind, and the walk opens one of each kind.
ONE_THING = re.compile(r"^\d+$|^[A-Z0-9]+(-[A-Z0-9]+)+$")
MAX_PAGES = 80  # per walk: a runaway walk fails below, instead of running for hours
CLICK_TIMEOUT_MS = 3_000  # a label that cannot be clicked is reported, without the long default wait
NEAR_PX = 8  # the drawn control and its label touch or overlap: at most this far apart
MIN_FILL_SECONDS = 3  # the public forms' spam trap (gateway/pages/concern_form.py)

# Each walk must reach these kinds of page (a list and a detail page reached from it), so that it cannot
# quietly stop short of the pages with controls.
MUST_REACH = {
    "admin": {
        "/admin/users",
        "/tilbudstrappen",
        "/tilbudstrappen/#",
        "/tilbudstrappen/ny",
        "/kategorisering/#/omraader",
        "/kategorisering/#/omraader/#",
    },
    "analyst": {"/kategorisering/#/omraader", "/kategorisering/#/omraader/#", "/kategorisering/upload"},
    "officer": {
        "/kategorisering/#/omraader",
        "/udlejning/aftaler",
        "/udlejning/aftaler/#/#",
        "/udlejning/ledige",
        "/udlejning/ledige/#",
        "/udlejning/boligsoegende",
        "/udlejning/boligsoegende/#",
        "/udlejning/akut",
        "/udlejning/ansoegertjek",
        "/udlejning/dispensationer",
    },
    "caseworker": {"/sager", "/sager/#", "/sager/ny"},
    # The manager reads overviews and figures only.
    "manager": {"/kategorisering", "/udlejning", "/udlejning/statistik", "/sager/statistik"},
    "citizen": {"/bekymring", "/bekymring/opfoelgning"},
}
# The pages where the walk must find controls to click (that it did is asserted, so a page whose controls
# went missing, or were hidden from the walk, fails).
MUST_CLICK = {
    "admin": {"/admin/users", "/tilbudstrappen/#", "/tilbudstrappen/ny", "/kategorisering/#/omraader"},
    "analyst": {"/kategorisering/#/omraader", "/kategorisering/upload"},
    "officer": {
        "/udlejning/aftaler",
        "/udlejning/aftaler/#/#",
        "/udlejning/ledige",
        "/udlejning/boligsoegende",
        "/udlejning/boligsoegende/#",
        "/udlejning/akut",
        "/udlejning/ansoegertjek",
        "/udlejning/dispensationer/ny/#",
    },
    "caseworker": {"/sager/#", "/sager/ny"},
    "manager": set(),
    "citizen": {"/bekymring", "/bekymring/opfoelgning"},
}

# Where a control is drawn, read from the page: the label's ::before when the design system draws it (placed
# against the nearest positioned ancestor, or the page itself when there is none), else the input itself.
GEOMETRY = """input => {
  const px = value => parseFloat(value) || 0;
  const box = r => ({x: r.left, y: r.top, width: r.width, height: r.height});
  const labelsOf = el => el.id ? [...document.querySelectorAll(`label[for="${CSS.escape(el.id)}"]`)] : [];
  const labels = labelsOf(input);
  const label = labels.length === 1 ? labels[0] : null;
  let drawn = null;
  if (label) {
    const before = getComputedStyle(label, '::before');
    if (before.content !== 'none' && before.content !== 'normal' && before.position === 'absolute'
        && px(before.width) > 0) {
      let block = null;
      for (let el = label; el; el = el.parentElement) {
        if (getComputedStyle(el).position !== 'static') { block = el; break; }
      }
      let left = -window.scrollX, top = -window.scrollY;
      if (block) {
        const r = block.getBoundingClientRect();
        left = r.left + block.clientLeft;
        top = r.top + block.clientTop;
      }
      drawn = {
        x: left + px(before.left) + px(before.marginLeft),
        y: top + px(before.top) + px(before.marginTop),
        width: px(before.width),
        height: px(before.height),
      };
    }
  }
  if (!drawn && getComputedStyle(input).opacity !== '0') drawn = box(input.getBoundingClientRect());
  const classes = el => typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
  const name = el => !el ? 'nothing' : el.id ? `#${el.id}` : el.tagName.toLowerCase() + classes(el);
  let hit = null, under = [];
  if (drawn) {
    const cx = drawn.x + drawn.width / 2, cy = drawn.y + drawn.height / 2;
    const at = document.elementFromPoint(cx, cy);
    hit = at === input ? 'input' : (label && label.contains(at)) ? 'label' : name(at);
    for (const other of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
      if (other === input) continue;
      for (const l of labelsOf(other)) {
        const r = l.getBoundingClientRect();
        const inside = cx >= r.left && cx <= r.right && cy >= r.top && cy <= r.bottom;
        if (r.width && inside) under.push(`#${other.id}`);
      }
    }
  }
  const radio = input.type === 'radio';
  const group = input.parentElement;
  const fieldset = input.closest('fieldset');
  return {
    labels: labels.length,
    sameId: input.id ? document.querySelectorAll(`[id="${CSS.escape(input.id)}"]`).length : 0,
    label: label ? box(label.getBoundingClientRect()) : null,
    labelText: label ? label.innerText.trim().replace(/\\s+/g, ' ').slice(0, 60) : '',
    drawn, hit, under,
    pattern: {
      inputClass: input.classList.contains(radio ? 'form-radio' : 'form-checkbox'),
      wrapper: !!group && group.classList.contains(radio ? 'form-group-radio' : 'form-group-checkbox'),
      labelNext: !!label && input.nextElementSibling === label,
      labelClass: !!label && label.classList.contains('form-label'),
      legend: !radio || !!(fieldset && fieldset.querySelector('legend')),
    },
  };
}"""


def kind_of(path: str) -> str:
    """The page's kind: its path with the segments that name one thing replaced by '#'."""
    return "/".join("#" if ONE_THING.match(part) else part for part in path.rstrip("/").split("/")) or "/"


def settle(page: Page) -> None:
    """Wait until no htmx request runs (a filter's checkbox swaps the table in)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def gap(a: dict[str, float], b: dict[str, float]) -> float:
    """How far apart two boxes are (0 when they touch or overlap)."""
    dx = max(0.0, a["x"] - (b["x"] + b["width"]), b["x"] - (a["x"] + a["width"]))
    dy = max(0.0, a["y"] - (b["y"] + b["height"]), b["y"] - (a["y"] + a["height"]))
    return max(dx, dy)


@dataclass
class Control:
    """One radio or checkbox on the page, found by its id."""

    page: Page
    where: str
    id: str
    kind: str  # radio or checkbox
    name: str
    form: str = ""  # the form's id or action: a radio's group is its name in its form

    @property
    def input(self) -> Locator:
        return self.page.locator(f'[id="{self.id}"]')

    @property
    def label(self) -> Locator:
        return self.page.locator(f'label[for="{self.id}"]')

    def __str__(self) -> str:
        return f"{self.where}: {self.kind} #{self.id}"

    def geometry(self) -> dict[str, Any]:
        self.label.first.scroll_into_view_if_needed(timeout=CLICK_TIMEOUT_MS)
        return dict(self.input.evaluate(GEOMETRY))

    def placement_problems(self, geometry: dict[str, Any]) -> list[str]:
        """What is wrong with the markup and with where the control is drawn, in words."""
        text = f"{self} ({geometry['labelText']!r})"
        found = []
        if geometry["sameId"] != 1:
            found.append(f"{text}: its id is used by {geometry['sameId']} elements on the page")
        if geometry["labels"] != 1:
            return [*found, f"{text}: {geometry['labels']} labels name it (label for=…), not one"]
        missing = [name for name, ok in geometry["pattern"].items() if not ok]
        if missing:
            found.append(f"{text}: not the design system's markup ({', '.join(missing)})")
        drawn, label = geometry["drawn"], geometry["label"]
        if drawn is None:
            return [*found, f"{text}: the control is drawn nowhere (hidden input, no ::before)"]
        where = f"drawn at ({drawn['x']:.0f}, {drawn['y']:.0f})"
        if gap(drawn, label) > NEAR_PX:
            found.append(f"{text}: {where}, away from its label at ({label['x']:.0f}, {label['y']:.0f})")
        if geometry["under"]:
            found.append(f"{text}: {where}, on the label of {', '.join(geometry['under'])}")
        if geometry["hit"] not in ("input", "label"):
            found.append(f"{text}: {where}, where a click reaches {geometry['hit']}, not this control")
        return found

    def click_label(self) -> None:
        self.label.click(timeout=CLICK_TIMEOUT_MS)
        settle(self.page)

    def click_drawn(self) -> dict[str, Any]:
        """Click where the control is drawn, as a person aiming at the box or the circle does."""
        geometry = self.geometry()
        drawn = geometry["drawn"]
        assert drawn is not None, f"{self}: the control is drawn nowhere"
        self.page.mouse.click(drawn["x"] + drawn["width"] / 2, drawn["y"] + drawn["height"] / 2)
        settle(self.page)
        return geometry


def controls_on(page: Page, where: str) -> list[Control]:
    """The radios and checkboxes a person sees: the input's or its label's box is shown."""
    found = page.locator(CONTROLS).evaluate_all(
        """els => els.filter(el => {
             const shown = e =>
               !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
             const label = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
             return !el.disabled && (shown(el) || shown(label));
           }).map(el => ({id: el.id, type: el.type, name: el.name,
                          form: el.form ? el.form.id || el.form.action : ''}))"""
    )
    return [Control(page, where, item["id"], item["type"], item["name"], item["form"]) for item in found]


def group_of(control: Control, controls: list[Control]) -> list[Control]:
    """The radios that share the control's name in its form."""
    return [
        other
        for other in controls
        if other.kind == "radio" and other.name == control.name and other.form == control.form
    ]


def radio_problems(group: list[Control], clicked: Control, how: str) -> list[str]:
    """The clicked radio is checked and no other of its group."""
    found = []
    if not clicked.input.is_checked():
        found.append(f"{clicked}: not checked after a click on its {how}")
    for other in group:
        if other.id != clicked.id and other.input.is_checked():
            found.append(f"{clicked}: a click on its {how} checked its neighbour #{other.id}")
    return found


def check_control(control: Control, controls: list[Control]) -> list[str]:
    """Click the label, then the drawn control; after each click the control says what it now holds."""
    try:
        geometry = control.geometry()
    except Error as exc:
        return [f"{control}: could not be shown ({exc.message.splitlines()[0]})"]
    found = control.placement_problems(geometry)
    if geometry["labels"] != 1 or geometry["drawn"] is None:
        return found
    try:
        if control.kind == "checkbox":
            before = control.input.is_checked()
            control.click_label()
            if control.input.is_checked() == before:
                found.append(f"{control}: a click on its label did not change it")
            control.click_drawn()
            if control.input.is_checked() != before:
                found.append(f"{control}: a click on the drawn box did not change it back")
            return found
        group = group_of(control, controls)
        control.click_label()
        found += radio_problems(group, control, "label")
        neighbour = next((other for other in group if other.id != control.id), None)
        if neighbour is not None:
            neighbour.click_drawn()
            found += radio_problems(group, neighbour, "drawn circle")
        control.click_drawn()
        found += radio_problems(group, control, "drawn circle")
    except Error as exc:
        found.append(f"{control}: could not be clicked ({exc.message.splitlines()[0]})")
    return found


@dataclass
class Walk:
    """What a walk opened and found."""

    kinds: list[str]
    clicked: dict[str, int]  # page kind → controls clicked there
    problems: list[str]


def check_page(page: Page, where: str, walk: Walk) -> None:
    controls = controls_on(page, where)
    for control in controls:
        walk.problems.extend(check_control(control, controls))
    kind = kind_of(urlsplit(where).path)
    walk.clicked[kind] = walk.clicked.get(kind, 0) + len(controls)


def links_on(page: Page) -> list[str]:
    """The site's own pages linked from the main navigation and the main content."""
    hrefs = page.locator("header nav a[href], main a[href]").evaluate_all(
        "els => els.map(a => a.href).filter(h => h.startsWith(location.origin))"
    )
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        path = parts.path or "/"
        if path.startswith(NOT_PAGES) or FILE.search(path):
            continue
        paths.append(path + (f"?{parts.query}" if parts.query else ""))
    return paths


def walk_from(browsing: Browsing, seeds: list[str]) -> Walk:
    """Open one page of each kind reachable from the seeds, and check the controls on each."""
    page = browsing.page
    walk = Walk(kinds=[], clicked={}, problems=[])
    queue: deque[str] = deque(seeds)
    seen: set[str] = set()
    while queue:
        address = queue.popleft()
        kind = kind_of(urlsplit(address).path)
        if kind in seen:
            continue
        seen.add(kind)
        assert len(walk.kinds) < MAX_PAGES, f"the walk opened {MAX_PAGES} kinds of page: {walk.kinds}"
        response = page.goto(address)
        if response is None or response.status != 200:
            continue  # a link the role may not follow, or a page that needs more than a link
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        page.wait_for_load_state()
        walk.kinds.append(kind)
        queue.extend(links_on(page))  # before any click: a filter changes the page
        check_page(page, address, walk)
    return walk


def assert_walk(who: str, walk: Walk) -> None:
    missing = MUST_REACH[who] - set(walk.kinds)
    assert not missing, f"the walk as {who} did not reach {sorted(missing)}; it opened {walk.kinds}"
    unclicked = sorted(kind for kind in MUST_CLICK[who] if not walk.clicked.get(kind))
    assert not unclicked, f"the walk as {who} found no control to click on {unclicked}"
    assert not walk.problems, (
        f"controls that do not say what they store, as {who} ({len(walk.problems)}):\n"
        + "\n".join(walk.problems)
    )


def open_a_dispensation_form(page: Page) -> str:
    """A § 51 c check that refuses (both spouses receive), then its link to the dispensation decision."""
    page.goto("/udlejning/ansoegertjek")
    page.get_by_label("Område").select_option("DEMO-01")
    page.locator("#check-applicant-kontanthjaelp-now").check()
    page.locator("#check-applicant-kontanthjaelp-months").fill("7")
    page.locator("#check-partner-spouse").check()
    page.locator("#check-partner-overgangsydelse-now").check()
    page.locator("#check-partner-overgangsydelse-months").fill("2")
    page.get_by_test_id("run-check").click()
    page.get_by_test_id("record-dispensation").click()
    expect(page).to_have_url(re.compile(r"/udlejning/dispensationer/ny/\d+$"))
    page.wait_for_load_state()
    return urlsplit(page.url).path


@pytest.mark.parametrize("user", DEMO_USERS)
def test_every_control_a_role_reaches_is_drawn_beside_its_label_and_checks_what_was_clicked(
    user: str, new_browsing: Callable[..., Browsing]
) -> None:
    browsing = new_browsing(user=user)
    browsing.goto("/")
    seeds = ["/", *links_on(browsing.page)]
    walk = walk_from(browsing, seeds)
    if user == "officer":  # reached by sending a form, not by a link
        address = open_a_dispensation_form(browsing.page)
        walk.kinds.append(kind_of(urlsplit(address).path))
        check_page(browsing.page, address, walk)
    assert_walk(user, walk)
    browsing.assert_clean(f"the walk as {user}")


def test_every_control_on_the_public_forms_is_drawn_beside_its_label_and_checks_what_was_clicked(
    browsing: Browsing,
) -> None:
    walk = walk_from(browsing, ["/bekymring", "/bekymring/opfoelgning"])
    assert_walk("citizen", walk)
    browsing.assert_clean("the public forms")


# --- what is stored -----------------------------------------------------------------------------------


@pytest.fixture
def api(browsing: Browsing) -> Iterator[Callable[[str], httpx.Client]]:
    """JSON clients of the gateway's pass-through, each with a demo user's bearer token from /auth/token."""
    clients: list[httpx.Client] = []

    def client(username: str) -> httpx.Client:
        base = browsing.stack.url()
        form = {"grant_type": "password", "username": username, "password": DEMO_PASSWORD}
        token = httpx.post(f"{base}/auth/token", data=form, timeout=10)
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        clients.append(httpx.Client(base_url=f"{base}/api/referrals", headers=headers, timeout=10))
        return clients[-1]

    yield client
    for opened in clients:
        opened.close()


def take_in_a_case(caseworker: httpx.Client, name: str) -> dict[str, Any]:
    """A report by phone, made for the test; its receipt has the case's id, reference and follow-up code."""
    response = caseworker.post(
        "/v1/cases",
        json={
            "channel": "phone",
            "citizen": {"name": name, "address": "Kontrolvej 1, 2860 Søborg"},
            "concern": "En bekymring, som kontroltesten gemmer svar på.",
            "acute_danger": False,
            "children_in_household": "unknown",
            "reporter": {"anonymous": True},
        },
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def beside_its_label(page: Page, control_id: str) -> Control:
    """The control, once it is drawn beside its own label: where a person looks for it and clicks."""
    kind = page.locator(f'[id="{control_id}"]').get_attribute("type") or ""
    control = Control(page, urlsplit(page.url).path, control_id, kind, "")
    problems = control.placement_problems(control.geometry())
    assert not problems, "\n".join(problems)
    return control


def test_the_children_answer_stored_is_the_one_clicked(
    new_browsing: Callable[..., Browsing], api: Callable[[str], httpx.Client]
) -> None:
    """Ja, Nej and both notifications, clicked where the circles are drawn (then on the labels), read back."""
    caseworker = api("caseworker")
    case = take_in_a_case(caseworker, "Børn Kontrolsen (browsertest)")
    browsing = new_browsing(user="caseworker")
    page = browsing.page
    answers = [
        ("yes", "made", "drawn"),
        ("no", None, "drawn"),
        ("yes", "not_needed", "drawn"),
        ("no", None, "label"),
    ]
    answers += [("yes", "made", "label"), ("yes", "not_needed", "label")]
    for children, notification, how in answers:
        browsing.goto(f"/sager/{case['id']}")
        page.wait_for_load_state()
        clicked = [f"children-{children}"] + ([f"notification-{notification}"] if notification else [])
        for control_id in clicked:
            control = beside_its_label(page, control_id)
            control.click_drawn() if how == "drawn" else control.click_label()
            expect(control.input).to_be_checked()
        page.locator("form[action$='/boern'] [type=submit]").click()
        expect(page.get_by_role("status")).to_be_visible()

        stored = caseworker.get(f"/v1/cases/{case['id']}")
        assert stored.status_code == 200, stored.text
        answer = stored.json()["children"]
        assert (answer["answer"], answer["notification"]) == (children, notification), (
            f"clicked {children}/{notification} on the {how} controls, stored {answer}"
        )
        browsing.goto(f"/sager/{case['id']}")  # and the page shows what is stored
        expect(page.locator(f"#children-{children}")).to_be_checked()
        if notification:
            expect(page.locator(f"#notification-{notification}")).to_be_checked()
    browsing.assert_clean("answering the children question")


def wait_as_a_person_would(page: Page) -> None:
    """Wait until the form has been open as long as the spam trap asks of a person (a condition, no sleep)."""
    started = page.locator("input[name=started]").get_attribute("value")
    assert started and "." in started
    page.wait_for_function(
        "([shown, minimum]) => Date.now() / 1000 - shown > minimum + 0.5",
        arg=[int(started.split(".")[0]), MIN_FILL_SECONDS],
    )


def test_the_acute_danger_stored_with_a_follow_up_is_the_one_clicked(
    browsing: Browsing, api: Callable[[str], httpx.Client]
) -> None:
    """Checked, then checked and unchecked, where the box is drawn on /bekymring/opfoelgning; read back."""
    caseworker = api("caseworker")
    receipt = take_in_a_case(caseworker, "Fare Kontrolsen (browsertest)")
    page = browsing.page
    for acute in (True, False):
        browsing.goto("/bekymring/opfoelgning")
        page.wait_for_load_state()
        page.locator("#reference").fill(receipt["reference"])
        page.locator("#follow_up_code").fill(receipt["follow_up_code"])
        page.locator("#information").fill(f"Kontroltesten tilføjer oplysninger (akut fare: {acute}).")
        box = beside_its_label(page, "follow-acute")
        box.click_drawn()
        if not acute:
            box.click_drawn()  # on, then off again: the stored value is the one left
        expect(box.input).to_be_checked(checked=acute)
        wait_as_a_person_would(page)
        page.locator("#follow-up-form [type=submit]").click()
        expect(page.locator("h1")).not_to_have_text("Tilføj oplysninger til din henvendelse")

        stored = caseworker.get(f"/v1/cases/{receipt['id']}")
        assert stored.status_code == 200, stored.text
        additions = stored.json()["reports"][0]["additions"]
        assert additions, "the follow-up was not stored"
        assert additions[-1]["acute_danger"] is acute, f"clicked acute danger {acute}, stored {additions[-1]}"
    browsing.assert_clean("the follow-up form")


def test_the_offer_flags_stored_are_the_ones_clicked(
    new_browsing: Callable[..., Browsing], api: Callable[[str], httpx.Client]
) -> None:
    """ "Kræver visitation" on the new-offer form, then both flags off and on again on the offer's page."""
    admin = api("admin")
    browsing = new_browsing(user="admin")
    page = browsing.page
    browsing.goto("/tilbudstrappen/ny")
    page.wait_for_load_state()
    for field, value in {
        "code": "kontrol-browsertest",
        "name_da": "Kontroltilbud (browsertest)",
        "name_en": "Control offer (browsertest)",
        "provider": "Kontrolcentret",
        "contact_name": "Kontrolcentret",
        "law": "Serviceloven",
        "paragraph": "§ 85",
        "valid_from": "1998-07-01",
    }.items():
        page.locator(f"#{field}").fill(value)
    page.locator("#level").select_option("5")
    beside_its_label(page, "needs_assessment").click_drawn()
    page.locator("form[action='/tilbudstrappen/ny'] [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/tilbudstrappen/\d+\?"))
    offer_id = int(re.findall(r"/tilbudstrappen/(\d+)", page.url)[0])

    def stored() -> tuple[bool, bool]:
        response = admin.get("/v1/catalogue/offers")
        assert response.status_code == 200, response.text
        offer = next(o for o in response.json() if o["id"] == offer_id)
        return offer["needs_assessment"], offer["active"]

    assert stored() == (True, True), "clicked 'Kræver visitation' on the new-offer form"
    for expected, how in (((False, False), "drawn"), ((True, True), "drawn"), ((False, False), "label")):
        browsing.goto(f"/tilbudstrappen/{offer_id}")
        page.wait_for_load_state()
        for control_id in ("needs_assessment", "active"):
            control = beside_its_label(page, control_id)
            control.click_drawn() if how == "drawn" else control.click_label()
        page.locator(f"form[action='/tilbudstrappen/{offer_id}'] [type=submit]").click()
        expect(page.get_by_role("status")).to_be_visible()
        assert stored() == expected, f"clicked both flags to {expected} on their {how} boxes"
        browsing.goto(f"/tilbudstrappen/{offer_id}")
        expect(page.locator("#needs_assessment")).to_be_checked(checked=expected[0])
        expect(page.locator("#active")).to_be_checked(checked=expected[1])
    browsing.assert_clean("the offer's flags")


def test_the_descending_filter_sorts_the_area_list_the_way_clicked(
    new_browsing: Callable[..., Browsing],
) -> None:
    """ "Faldende" on the area list, clicked where its box is drawn: the address and the order follow it."""
    browsing = new_browsing(user="analyst")
    page = browsing.page
    browsing.goto("/kategorisering/2026/omraader?sort=area_code")
    page.wait_for_load_state()
    box = beside_its_label(page, "filter-desc")
    codes = page.get_by_test_id("area-table").locator("tbody tr")
    ascending = [row.split()[0] for row in codes.all_inner_texts()]
    assert len(ascending) > 1 and ascending == sorted(ascending), ascending
    for descending, how in ((True, "drawn"), (False, "drawn"), (True, "label"), (False, "label")):
        box.click_drawn() if how == "drawn" else box.click_label()
        expect(box.input).to_be_checked(checked=descending)
        expect(page).to_have_url(re.compile(r"descending=true" if descending else r"^(?!.*descending=true)"))
        assert parse_qs(urlsplit(page.url).query).get("descending") == (["true"] if descending else None)
        expected = sorted(ascending, reverse=descending)
        expect(codes.first).to_contain_text(expected[0])
        shown = [row.split()[0] for row in codes.all_inner_texts()]
        assert shown == expected, f"'Faldende' clicked on its {how} to {descending}: the list is {shown}"
    browsing.assert_clean("the area list's filter")
