"""A year's areas as a caller reads them: filtered, sorted, and with what the caller may not see hidden."""

import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation import access, paging, versions, years
from services.categorisation.area_json import AreaJson
from services.categorisation.config import CategorisationConfig
from services.categorisation.rules.model import Category, Designation
from services.categorisation.schemas import (
    AreaNameRead,
    AreaRead,
    AreaSort,
    CategorisationStatus,
    Criterion,
)
from services.categorisation.years import YearAreas
from services.kit.auth import Principal

CATEGORY_ORDER = {c: i for i, c in enumerate(Category)}

# æ, ø, å are letters of their own, not accented ones: they survive the removal of accents, and a search
# also compares names with them written as on a keyboard without them (ae, oe, aa or a, o, a) and reduced.
_DANISH_LETTERS = frozenset("æøå")
_WITHOUT_DANISH_LETTERS = str.maketrans({"æ": "a", "ø": "o", "å": "a"})
_SPELLED_OUT = re.compile(r"aa|ae|oe")

SORT_KEYS: dict[AreaSort, Callable[[AreaRead], Any]] = {
    "area_code": lambda a: a.area_code,
    "area_name": lambda a: a.area_name.lower(),
    "residents": lambda a: a.residents or 0,
    # Red first, as the categories rank; the code keeps the order within one category stable.
    "category": lambda a: (CATEGORY_ORDER[a.category], a.area_code),
}


def matching(
    areas: list[AreaRead],
    *,
    category: Category | None = None,
    designation: Designation | None = None,
    q: str | None = None,
    codes: Collection[str] | None = None,
) -> list[AreaRead]:
    """The areas of `category`, with `designation`, whose code or name holds `q`, and among `codes` when
    given. `q` ignores case and accents, and æ, ø, å may be written ae, oe, aa or a, o, a (`folded`):
    "aabakken" and "abakken" find Åbakken; "MØLLE", "molle" and "mollegaarden" find Møllegården."""
    if codes:
        wanted = set(codes)
        areas = [a for a in areas if a.area_code in wanted]
    if category:
        areas = [a for a in areas if a.category == category]
    if designation:
        areas = [a for a in areas if designation in a.designations]
    if q:
        needle = folded(q)
        areas = [a for a in areas if _holds(a.area_code, needle) or _holds(a.area_name, needle)]
    return areas


@lru_cache(maxsize=65536)
def folded(text: str) -> tuple[str, str]:
    """`text` for a search: in lower case without accents (é is e, but æ, ø, å stay), and the same with
    æ, ø, å as a, o, a and then aa, ae, oe as a, a, o, so that Møllegården, Moellegaarden, Mollegaarden and
    mollegarden all read "mollegarden". Kept per text, so a year's names are folded once, not per search."""
    plain = "".join(
        c if c in _DANISH_LETTERS else _unaccented(c) for c in unicodedata.normalize("NFC", text).casefold()
    )
    reduced = _SPELLED_OUT.sub(lambda m: m.group()[0], plain.translate(_WITHOUT_DANISH_LETTERS))
    return plain, reduced


def _unaccented(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


def _holds(text: str, needle: tuple[str, str]) -> bool:
    """Whether `text` holds the search as typed, or once both are reduced (`folded`). Both, because a
    search that starts inside a spelled-out letter ("el" in Michael) is only found as typed."""
    plain, reduced = folded(text)
    return needle[0] in plain or needle[1] in reduced


@dataclass(frozen=True)
class AreaList:
    """One answer of the area list: the status of the year, the areas of the page as the caller may see
    them (as JSON too), how many match the filter in all, and where the next page starts (None: none)."""

    status: CategorisationStatus
    areas: list[AreaRead]
    json: bytes
    total: int
    next_cursor: str | None


async def list_areas(
    session: AsyncSession,
    *,
    year: int,
    config: CategorisationConfig,
    principal: Principal,
    category: Category | None = None,
    designation: Designation | None = None,
    q: str | None = None,
    codes: Collection[str] | None = None,
    sort: AreaSort = "area_code",
    descending: bool = False,
    proposed: bool = False,
    limit: int | None = None,
    cursor: str | None = None,
    cache: versions.Results | None = None,
) -> AreaList:
    """The year's areas (the approved snapshot unless `proposed`), as `principal` may see them.

    With `limit`, at most that many from `cursor` on (the first page without one); without, every area
    from the cursor on, which without a cursor is the whole list as it always was.
    """
    status, ordered = await _sorted(session, year, config, proposed, sort, descending, cache)
    found = matching(ordered, category=category, designation=designation, q=q, codes=codes)
    start = 0 if cursor is None else _start(found, paging.decode(cursor, sort, descending), sort, descending)
    end = len(found) if limit is None else min(start + limit, len(found))
    page = found[start:end]
    next_cursor = (
        paging.encode(sort, descending, SORT_KEYS[sort](page[-1]), page[-1].area_code)
        if page and end < len(found)
        else None
    )
    shown = await _shown(session, page, year, config, principal, proposed, cache)
    memo = await versions.get(cache, session, ("json", year, proposed), _new_memo)
    return AreaList(status, shown, memo.array(shown), len(found), next_cursor)


async def _sorted(
    session: AsyncSession,
    year: int,
    config: CategorisationConfig,
    proposed: bool,
    sort: AreaSort,
    descending: bool,
    cache: versions.Results | None,
) -> YearAreas:
    """The year's areas in the order asked for, kept per version of the data."""

    async def make() -> YearAreas:
        status, areas = await years.year_areas(
            session, year=year, config=config, proposed=proposed, cache=cache
        )
        # The year's areas come in the order of their codes, and the sort is stable, so areas with the
        # same key stay in the order of their codes either way (paging.after relies on it). Sorted on
        # the full figures, before small numbers are hidden: the order does not depend on who asks.
        return status, sorted(areas, key=SORT_KEYS[sort], reverse=descending)

    return await versions.get(cache, session, ("sorted", year, proposed, sort, descending), make)


def _start(found: list[AreaRead], position: paging.Position, sort: AreaSort, descending: bool) -> int:
    """Where the page after `position` starts in `found`."""
    key = SORT_KEYS[sort]
    for index, area in enumerate(found):
        if paging.after(key(area), area.area_code, position, descending):
            return index
    return len(found)


async def _shown(
    session: AsyncSession,
    page: list[AreaRead],
    year: int,
    config: CategorisationConfig,
    principal: Principal,
    proposed: bool,
    cache: versions.Results | None,
) -> list[AreaRead]:
    """The page as `principal` may see it; the year's suppressed areas are made once per version."""
    if access.sees_figures(principal):
        return page
    if cache is None:
        return [access.shown(a, principal, config) for a in page]

    async def make() -> dict[str, AreaRead]:
        _, areas = await years.year_areas(session, year=year, config=config, proposed=proposed, cache=cache)
        hidden: dict[int, Criterion] = {}
        return {a.area_code: access.suppress(a, config.small_number_threshold, hidden) for a in areas}

    suppressed = await versions.get(cache, session, ("suppressed", year, proposed), make)
    return [suppressed[a.area_code] for a in page]


async def _new_memo() -> AreaJson:
    return AreaJson()


async def get_area(
    session: AsyncSession,
    *,
    year: int,
    area_code: str,
    config: CategorisationConfig,
    principal: Principal,
    proposed: bool = False,
    cache: versions.Results | None = None,
) -> AreaRead:
    area = await years.year_area(
        session, year=year, area_code=area_code, config=config, proposed=proposed, cache=cache
    )
    return access.shown(area, principal, config)


async def area_names(
    session: AsyncSession, *, year: int, config: CategorisationConfig, cache: versions.Results | None = None
) -> list[AreaNameRead]:
    """Every area of the year by code and name, in code order (the approved snapshot's, if approved)."""

    async def make() -> list[AreaNameRead]:
        _, areas = await years.year_areas(session, year=year, config=config, cache=cache)
        return [AreaNameRead(area_code=a.area_code, area_name=a.area_name) for a in areas]

    return await versions.get(cache, session, ("names", year), make)


async def visible_areas(
    session: AsyncSession,
    *,
    year: int,
    config: CategorisationConfig,
    principal: Principal,
    cache: versions.Results | None = None,
) -> list[AreaRead]:
    """Every area of the year in the order the year has them, as `principal` may see them (the exports)."""
    _, areas = await years.year_areas(session, year=year, config=config, cache=cache)
    return [access.shown(a, principal, config) for a in areas]
