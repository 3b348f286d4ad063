"""Gentofte's demo set: small fictitious areas spread over the municipality, 2019-2026, local categories only.

Gentofte's family dwellings lie in small areas (DOMAIN § 2, § 7): here twelve of 90 to about 390 residents,
about 1,300 of its some 2,000 family dwellings, and one of 45 residents new in 2026 (period incomplete). None
has the 1,000 residents of ABL § 61 a stk. 3, so none is on a national list and no published list is loaded:
only Gentofte's local criteria (config/municipalities/gentofte.toml) colour them, yellow or green. The names
are invented and marked "(demo)"; the figures are invented and plausible. Outside the analyst role, figures
based on fewer than five persons are suppressed, as small areas make them.

Vangedelund and Charlottenlund Skovbryn are yellow every year. Dyssegårdshave sits on the thresholds (two of
four met exactly at their boundaries: yellow; green in 2019, when its convicted share has no earlier year to
be averaged with), Jægersborg Enghuse next to them (one met: green). Hellerup Gårdhave turns yellow in 2021
and green again in 2025, which its area plan follows (plans/demo_gentofte.py).
"""

from services.categorisation.demo_model import LAST_YEAR, DemoArea, DemoSet
from services.categorisation.plans import demo_gentofte as plans

LABOUR, INCOME, BASIC = "labour_pct", "income_pct", "basic_education_pct"

AREAS = [
    DemoArea("GEN-01", "Ordruphøj (demo)", 380, 12.0, 0.6, 24.0, 93.0, 9.0, growth=1),
    DemoArea(
        "GEN-02",
        "Vangedelund (demo)",
        350,
        28.0,
        1.2,
        50.0,
        68.0,
        21.0,
        changes=((2023, BASIC, 48.0), (2024, BASIC, 47.0), (2025, BASIC, 46.0), (2026, BASIC, 45.5)),
        growth=1,
    ),  # yellow: outside the labour market, basic schooling and income
    DemoArea(
        "GEN-03", "Dyssegårdshave (demo)", 320, 22.0, 1.5, 45.0, 74.9, 16.0, growth=1
    ),  # on every boundary: convicted and income met (yellow), the other two not
    DemoArea(
        "GEN-04", "Jægersborg Enghuse (demo)", 300, 22.1, 1.4, 45.0, 75.0, 14.0, growth=1
    ),  # next to them: only outside the labour market met (green)
    DemoArea(
        "GEN-05",
        "Hellerup Gårdhave (demo)",
        280,
        20.0,
        1.0,
        40.0,
        78.0,
        12.0,
        changes=(
            (2020, LABOUR, 23.0),
            (2021, LABOUR, 25.0),
            (2021, INCOME, 73.0),
            (2022, LABOUR, 26.0),
            (2022, INCOME, 72.5),
            (2023, LABOUR, 24.0),
            (2023, INCOME, 73.5),
            (2024, LABOUR, 23.0),
            (2024, INCOME, 74.5),
            (2025, LABOUR, 20.5),
            (2025, INCOME, 76.0),
            (2026, LABOUR, 19.5),
            (2026, INCOME, 77.0),
        ),
        growth=1,
    ),  # green, yellow 2021-2024, green again from 2025
    DemoArea("GEN-06", "Skovshoved Lodshuse (demo)", 260, 15.0, 0.8, 30.0, 88.0, 10.0, growth=1),
    DemoArea(
        "GEN-07", "Charlottenlund Skovbryn (demo)", 240, 18.0, 1.8, 47.0, 81.0, 15.0, growth=1
    ),  # yellow: convicted and basic schooling
    DemoArea("GEN-08", "Bernstorffhaven (demo)", 210, 19.0, 0.9, 38.0, 84.0, 13.0, growth=1),
    DemoArea("GEN-09", "Maglegårdsvænget (demo)", 180, 16.5, 1.1, 35.0, 86.0, 11.0, growth=1),
    DemoArea("GEN-10", "Gentofte Søhuse (demo)", 150, 14.0, 0.7, 28.0, 95.0, 8.0, growth=1),
    DemoArea("GEN-11", "Kildeskovshøj (demo)", 120, 21.0, 1.3, 42.0, 77.0, 17.0, growth=1),
    DemoArea("GEN-12", "Mosegårdshuse (demo)", 90, 17.0, 0.5, 33.0, 90.0, 7.0, growth=1),
    DemoArea(
        "GEN-13", "Brogårdsstien (demo)", 38, 23.5, 0.9, 41.0, 72.0, 14.0, first_year=LAST_YEAR, growth=1
    ),  # new in 2026 with 45 residents: its averages lack 2025
]

GENTOFTE = DemoSet(areas=AREAS, official_2025=[], plans=plans.GENTOFTE)
