"""The area picker of the plan and initiative forms: search, then tick (issue 16).

A year has a thousand areas; nobody reads a thousand checkboxes, everyone searches. The picker shows the
areas already chosen as ticked boxes at the top, a search field (code or name, case and accents ignored:
the categorisation's `q`), and at most PAGE_SIZE matching areas as boxes to tick, with how many match and
"show more".

Without JavaScript the search button sends the whole form back (`searching`), and the form comes again with
everything typed, every ticked box among the chosen and the matches of the search. With htmx the search
field and the boxes ask the fragment route instead (`SEARCH_PATH`), sending every ticked box of the picker
and the search; each answer is the matches, with the chosen areas and the count beside them out of band.
So every answer re-renders the chosen areas from every ticked box, wherever it was: a box ticked while a
search was under way is never lost, and an unticked one leaves the chosen areas at the next answer.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from fastapi import Request

from gateway.clients.categorisation import CategorisationClient

# The fields of the picker in the form, beside `area_codes` (the ticked boxes).
QUERY = "area_q"
LIMIT = "area_limit"
SEARCH = "area_search"
PICKED = "area_pick"
FIELD = "area_codes"
# The fragment route htmx asks (plans.py), and the pickers it renders (their ids in the forms).
SEARCH_PATH = "/planer/omraadevalg"
PICKERS = ("plan-areas", "initiative-areas")
PAGE_SIZE = 50
MAX_SHOWN = 1000  # the largest page the categorisation gives
MAX_CHOSEN = 1000
QUERY_LENGTH = 100  # as the categorisation's `q`
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,31}$")


class PickerArea(TypedDict):
    code: str
    name: str
    chosen: bool


@dataclass(frozen=True)
class Search:
    """What the picker is asked to show: the text searched for, how many matches, the area just ticked."""

    query: str = ""
    limit: int = PAGE_SIZE
    picked: str | None = None


@dataclass(frozen=True)
class AreaPicker:
    """The picker as the template shows it. `year` is None when the categorisation has no year yet."""

    id: str
    year: int | None
    chosen: list[PickerArea]
    query: str
    results: list[PickerArea]
    total: int
    limit: int
    picked: PickerArea | None

    @property
    def more(self) -> int | None:
        """How many to show after "show more", or None when every match is shown."""
        if len(self.results) >= self.total or self.limit >= MAX_SHOWN:
            return None
        return min(self.limit + PAGE_SIZE, MAX_SHOWN)

    @property
    def expanded(self) -> bool:
        """Whether "show more" was used: more than the first page is asked for."""
        return self.limit > PAGE_SIZE

    @property
    def search_path(self) -> str:
        return f"{SEARCH_PATH}?picker={self.id}"


def _values(source: Any, name: str) -> list[str]:
    getlist = getattr(source, "getlist", None)
    found = getlist(name) if getlist else source.get(name, [])
    return [str(v) for v in (found if isinstance(found, list | tuple) else [found])]


def submitted_codes(source: Any) -> list[str]:
    """The ticked area codes of a form or a query, each once, in the order sent; anything that is not an
    area code is left out (the service says which codes it knows)."""
    codes = [code.strip() for code in _values(source, FIELD)]
    return list(dict.fromkeys(code for code in codes if CODE.match(code)))[:MAX_CHOSEN]


def read_search(source: Any) -> Search:
    """The search of a form or a query; a limit out of range is the first page."""
    query = str(source.get(QUERY, "") or "").strip()[:QUERY_LENGTH].replace("\x00", "")
    raw_limit = str(source.get(LIMIT, "") or "")
    limit = int(raw_limit) if raw_limit.isdigit() and PAGE_SIZE <= int(raw_limit) <= MAX_SHOWN else PAGE_SIZE
    picked = str(source.get(PICKED, "") or "")
    return Search(query=query, limit=limit, picked=picked if CODE.match(picked) else None)


def searching(form: Any) -> bool:
    """Whether the form was sent by the picker's search or "show more" button (no JavaScript), not to save."""
    return SEARCH in form or LIMIT in form


class AreaLookup:
    """The latest year's areas as one request needs them: the year once, each name once."""

    def __init__(self, request: Request) -> None:
        self.client = CategorisationClient(request)
        self._years: list[int] | None = None
        self.names: dict[str, str] = {}

    async def year(self) -> int | None:
        """The latest year with figures, whose areas a plan or an initiative is made for."""
        if self._years is None:
            self._years = [y["year"] for y in await self.client.years()]
        return self._years[0] if self._years else None

    async def known(self, codes: Sequence[str]) -> dict[str, str]:
        """Code → name of those of `codes` the latest year has."""
        year = await self.year()
        missing = [code for code in codes if code not in self.names]
        if year is not None and missing:
            self.names.update(await self.client.names_of(year, missing))
        return {code: self.names[code] for code in codes if code in self.names}

    async def picker(
        self,
        picker_id: str,
        chosen_codes: Iterable[str],
        search: Search,
        *,
        names: Mapping[str, str] | None = None,
    ) -> AreaPicker:
        """The picker with `chosen_codes` ticked at the top (named by the latest year, else by `names`, else
        by their code) and the matches of `search` below."""
        codes = list(dict.fromkeys(chosen_codes))
        known = await self.known(codes)
        chosen = [
            PickerArea(code=c, name=known.get(c) or (names or {}).get(c) or c, chosen=True) for c in codes
        ]
        year = await self.year()
        results: list[PickerArea] = []
        total = 0
        if year is not None:
            params = {"sort": "area_name", **({"q": search.query} if search.query else {})}
            page = await self.client.area_page(year, params, limit=search.limit)
            taken = set(codes)
            results = [
                PickerArea(code=a["area_code"], name=a["area_name"], chosen=a["area_code"] in taken)
                for a in page["areas"]
            ]
            total = page["total"]
        picked = next((area for area in chosen if area["code"] == search.picked), None)
        return AreaPicker(picker_id, year, chosen, search.query, results, total, search.limit, picked)
