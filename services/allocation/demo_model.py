"""The shape of a municipality's allocation demo set; services/allocation/demo.py loads any set the same way.

demo.py holds the Gladsaxe-like set, demo_gentofte.py Gentofte's. Both use the same two organisation codes,
for the gateway's demo client `housing-org-demo` speaks for DEMO_ORG.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from services.allocation.clients import AreaPlan
from services.allocation.schemas.acute import AcuteApplicationCreate

DEMO_ORG = "demo-boligorganisation"  # the gateway's demo client `housing-org-demo` speaks for it
SECOND_ORG = "demo-boligselskabet-nord"

# The approved categorisation of a list year, as GET /v1/years/{year}/categorisation answers it:
# area code -> (category, designations).
Categories = dict[str, tuple[str, list[str]]]


@dataclass(frozen=True)
class AreaModel:
    """An area whose agreement from the current letting year follows a model of its own."""

    shares: tuple[int, int]  # (municipal, flexible) in basis points
    note: str


@dataclass(frozen=True)
class DemoSet:
    organisations: Mapping[str, str]  # code -> name, DEMO_ORG and SECOND_ORG
    names: Mapping[str, str]  # area code -> name, as the categorisation demo names it
    owners: Mapping[str, str]  # area code -> organisation code
    categorisation: Mapping[int, Categories]  # per list year, 2020-2025
    shares: Mapping[str, tuple[int, int]]  # (municipal, flexible) in basis points per category
    models: Mapping[str, AreaModel]
    drafts: frozenset[str]  # the areas whose agreement of the current year is still a draft
    weights: Mapping[str, int]  # how the year's vacancies spread over the areas
    municipal_lettings: Mapping[int, int]  # dwellings let through municipal allocation per letting year
    municipal_share: Fraction  # of all lettings, the channels' shares the history comes out at
    flexible_share: Fraction
    other_share: Fraction
    current_year_vacancies: int  # over the whole current year
    falling_behind: tuple[str, ...]  # the areas that gave back municipal vacancies this year
    open_municipal: tuple[str, ...]  # areas with an open municipal vacancy (the first gets an offer)
    open_other: tuple[str, ...]  # areas with another open vacancy
    wishes: Mapping[str, list[str]]  # seeker name -> area wishes
    acute: tuple[AcuteApplicationCreate, ...]  # applications decided on the configured criteria
    combined_letting_orders: tuple[str, ...]  # § 51 b orders behind the agreements' flags
    dispensation_area: str | None  # where a § 51 c check is refused and a dispensation recorded
    area_plans: list[AreaPlan]  # the categorisation demo's plans, as GET /v1/area-plans answers them
    # (letting year, version, sent on, agreed on or None) of SECOND_ORG's common agreements
    common_agreements: list[tuple[int, int, date, date | None]]
