"""The shape of a municipality's demo set: its areas' figures 2019-2026, its published list and its plans.

services/categorisation/demo.py loads any set the same way; each municipality's data lives in a file of its
own (demo.py holds the Gladsaxe-like set, demo_gentofte.py Gentofte's).
"""

from typing import NamedTuple

from services.categorisation.plans.demo import PlansDemo

FIRST_YEAR, LAST_YEAR = 2019, 2026


class DemoArea(NamedTuple):
    code: str
    name: str
    residents: int  # in FIRST_YEAR, `growth` more every year after (a new area counts from FIRST_YEAR too)
    labour_pct: float
    convicted_multiple: float  # times the national average of the year
    basic_education_pct: float
    income_pct: float
    non_western_pct: float
    first_year: int = FIRST_YEAR  # a new area has figures from a later year on
    # (from year, figure, value): a figure that changes from that year on, in year order, e.g.
    # (2024, "non_western_pct", 52.0). The figure is one of the fields above.
    changes: tuple[tuple[int, str, float], ...] = ()
    growth: int = 5  # residents more each year


class DemoSet(NamedTuple):
    """One municipality's demo: its areas, the published list of 2025 (none: no list is loaded), its plans."""

    areas: list[DemoArea]
    official_2025: list[tuple[str, str]]  # (area code, designation)
    plans: PlansDemo
