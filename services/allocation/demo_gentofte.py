"""Gentofte's allocation demo set: its two housing organisations and the small demo areas GEN-01..GEN-13.

The areas are the categorisation demo's Gentofte set (services/categorisation/demo_gentofte.py). As for every
set, the categories of its approved lists 2020-2025 are copied here (services never import each other;
tests/allocation/test_demo_gentofte.py holds the copy against what the categorisation demo computes). No area
has the 1,000 residents of the national lists, so every one is yellow or green and none has a designation.

The shares are Gentofte's configured category defaults (config/municipalities/gentofte.toml, [allocation]):
25 % municipal allocation in yellow and green areas, 40 % of the rest by flexible letting in yellow ones.
The letting figures are INVENTED for the demo (Gentofte's own are not in the seed): about 150-165 vacancies a
year in the small areas, of which 29-33 let through municipal allocation (about 20 %), some 7 % by flexible
letting and 3 % otherwise; the rest from the waiting list.

No § 51 b order (combined letting) and no § 51 c dispensation: both follow a national designation, and none
of Gentofte's small areas can have one (ABL § 61 a stk. 3).
"""

from datetime import date
from fractions import Fraction

from services.allocation.clients import AreaPlan, PlanTarget
from services.allocation.demo_model import DEMO_ORG, SECOND_ORG, Categories, DemoSet
from services.allocation.schemas.acute import AcuteApplicationCreate

NAMES = {
    "GEN-01": "Ordruphøj (demo)",
    "GEN-02": "Vangedelund (demo)",
    "GEN-03": "Dyssegårdshave (demo)",
    "GEN-04": "Jægersborg Enghuse (demo)",
    "GEN-05": "Hellerup Gårdhave (demo)",
    "GEN-06": "Skovshoved Lodshuse (demo)",
    "GEN-07": "Charlottenlund Skovbryn (demo)",
    "GEN-08": "Bernstorffhaven (demo)",
    "GEN-09": "Maglegårdsvænget (demo)",
    "GEN-10": "Gentofte Søhuse (demo)",
    "GEN-11": "Kildeskovshøj (demo)",
    "GEN-12": "Mosegårdshuse (demo)",
    "GEN-13": "Brogårdsstien (demo)",  # new in the 2026 list: no agreement yet, so its vacancies are refused
}
OWNERS = {
    code: SECOND_ORG if code in ("GEN-02", "GEN-06", "GEN-09", "GEN-12") else DEMO_ORG for code in NAMES
}

# The approved categorisation of each list year, as GET /v1/years/{year}/categorisation answers it: local
# categories only. Hellerup Gårdhave (GEN-05) is yellow on the lists 2021-2024.
_ALWAYS_YELLOW = ("GEN-02", "GEN-03", "GEN-07")


def _list(yellow: tuple[str, ...]) -> Categories:
    return {code: ("yellow" if code in yellow else "green", []) for code in NAMES if code != "GEN-13"}


CATEGORISATION: dict[int, Categories] = {
    2020: _list(_ALWAYS_YELLOW),
    **{year: _list((*_ALWAYS_YELLOW, "GEN-05")) for year in range(2021, 2025)},
    2025: _list(_ALWAYS_YELLOW),
}
# (municipal, flexible) shares in basis points per category: gentofte.toml's [allocation.category_defaults].
SHARES = {"red": (1000, 10_000), "pink": (1000, 10_000), "yellow": (2500, 4000), "green": (2500, 0)}
# Turnover by the areas' size: about one dwelling in ten a year.
WEIGHTS = {
    "GEN-01": 13,
    "GEN-02": 14,
    "GEN-03": 12,
    "GEN-04": 11,
    "GEN-05": 11,
    "GEN-06": 9,
    "GEN-07": 9,
    "GEN-08": 8,
    "GEN-09": 7,
    "GEN-10": 5,
    "GEN-11": 5,
    "GEN-12": 3,
}
MUNICIPAL_LETTINGS = {2021: 33, 2022: 30, 2023: 32, 2024: 29, 2025: 31}  # invented

# The categorisation demo's plan (services/categorisation/plans/demo_gentofte.py) as GET /v1/area-plans
# answers it: Vangedelund (the second organisation's) and Hellerup Gårdhave (the demo organisation's).
AREA_PLANS = [
    AreaPlan(
        title="Områdeplan for Vangedelund og Hellerup Gårdhave (demo)",
        area_codes=["GEN-02", "GEN-05"],
        period_from=2022,
        period_to=2028,
        visions="Attraktive boligområder med plads til alle, hvor flere er i job eller uddannelse. (demo)",
        requirements="Boligorganisationerne og kommunen følger målene op i den årlige styringsdialog. (demo)",
        community="Nye fællesskaber i samskabelse med afdelingsbestyrelser og lokale foreninger. (demo)",
        targets=[
            PlanTarget(area_code=area, indicator=indicator, comparator=comparator, value=value, by_year=2028)
            for area, indicator, comparator, value in (
                ("GEN-02", "outside_labour_market_pct", "<=", 30.0),
                ("GEN-02", "basic_education_pct", "<", 45.0),
                ("GEN-05", "outside_labour_market_pct", "<=", 22.0),
                ("GEN-05", "income_pct_of_region", ">=", 74.0),
            )
        ],
    )
]

GENTOFTE = DemoSet(
    organisations={DEMO_ORG: "Boligselskabet Kystbanen (demo)", SECOND_ORG: "Boligforeningen Vangede (demo)"},
    names=NAMES,
    owners=OWNERS,
    categorisation=CATEGORISATION,
    shares=SHARES,
    models={},
    # Green again on the 2025 list: the steering dialogue's decision changes its 2026 agreement.
    drafts=frozenset({"GEN-05"}),
    weights=WEIGHTS,
    municipal_lettings=MUNICIPAL_LETTINGS,
    municipal_share=Fraction(20, 100),
    flexible_share=Fraction(7, 100),
    other_share=Fraction(3, 100),
    current_year_vacancies=155,
    falling_behind=("GEN-03", "GEN-08"),
    open_municipal=("GEN-01", "GEN-02"),  # a green area's (the offer) and a yellow one's
    open_other=("GEN-03", "GEN-05", "GEN-06", "GEN-09"),
    wishes={"Amira Hassan (demo)": ["GEN-01", "GEN-06"], "Karin Mortensen (demo)": ["GEN-02"]},
    # On Gentofte's two criteria: one met, one not (her situation was foreseeable: notice given in spring).
    acute=(
        AcuteApplicationCreate(
            resident_of_municipality=True,
            acute_unforeseen_situation=True,
            applicant_name="Karin Mortensen (demo)",
            officer_note="Samtale i Borgerservice; dokumentation for skilsmisse modtaget.",
        ),
        AcuteApplicationCreate(
            resident_of_municipality=True,
            acute_unforeseen_situation=False,
            applicant_name="Lone Andersen (demo)",
            officer_note="Lejemålet blev opsagt med et halvt års varsel.",
        ),
    ),
    combined_letting_orders=(),
    dispensation_area=None,
    area_plans=AREA_PLANS,
    # The second organisation's agreement of 2025 was agreed, the one of 2026 is sent. The demo
    # organisation's cannot be sent: Brogårdsstien (GEN-13) has no letting agreement yet.
    common_agreements=[
        (2025, 1, date(2024, 12, 5), date(2024, 12, 16)),
        (2026, 1, date(2025, 12, 5), None),
    ],
)
