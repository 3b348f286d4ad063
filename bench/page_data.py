"""The pages benchmark's data beyond the demo's: 1,000 synthetic areas × 6 years and 5,000 vacancies.

Both go in through the services' own APIs, as the systems that feed them would send them: the housing
file through the gateway's pass-through (an analyst uploading it), the vacancies straight to the
allocation service (a housing organisation's system reporting them), several at a time.
"""

import itertools
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import httpx

from bench.categorisation import synthetic_housing_csv
from tests.processes import Stack

AREAS = 1_000
YEARS = tuple(range(2021, 2027))
SEED = 2026
VACANCIES = 5_000
# The demo areas with a letting agreement for 2026 (DEMO-12 has none): the vacancies go there.
VACANCY_AREAS = tuple(f"DEMO-{n:02d}" for n in range(1, 12))
VACANCY_YEAR = 2026
SENDERS = 8  # reports in flight at once


def token(stack: Stack, username: str) -> str:
    response = httpx.post(
        f"{stack.url()}/auth/token",
        data={"grant_type": "password", "username": username, "password": "demo"},
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def load_areas(stack: Stack) -> int:
    """The synthetic areas through the gateway's API, as an analyst uploads a file; the rows stored."""
    content = synthetic_housing_csv(areas=AREAS, years=YEARS, seed=SEED)
    response = httpx.post(
        f"{stack.url()}/api/categorisation/v1/housing-data",
        content=content,
        headers={"Authorization": f"Bearer {token(stack, 'analyst')}", "Content-Type": "text/csv"},
        timeout=300,
    )
    if response.status_code != 200:
        raise RuntimeError(
            f"loading the synthetic areas failed: {response.status_code} {response.text[:500]}"
        )
    return int(response.json()["rows"])


def vacancy_bodies(count: int = VACANCIES) -> list[dict[str, object]]:
    """`count` reports spread over the areas and the year up to today, the same every run."""
    start = date(VACANCY_YEAR, 1, 2)
    days = max((min(date.today(), date(VACANCY_YEAR, 12, 31)) - start).days, 1)
    areas = itertools.cycle(VACANCY_AREAS)
    return [
        {
            "external_id": f"bench-pages-{number:05d}",
            "area_code": (code := next(areas)),
            "dwelling_ref": f"{code}/bench-{number}",
            "rooms": 1 + number % 5,
            "floor_area_m2": 45 + number % 80,
            "monthly_rent_dkk": 4800 + number % 60 * 100,
            "available_from": (start + timedelta(days=number * days // count)).isoformat(),
        }
        for number in range(count)
    ]


def load_vacancies(stack: Stack) -> int:
    """The vacancies reported to the allocation service by an officer; the number it accepted.

    SENDERS threads share one iterator of reports, each with its own keep-alive connection (the
    benchmark's own event loop is running, so the reports are sent from threads, not from a second loop).
    """
    queue = iter(vacancy_bodies())
    headers = {"Authorization": f"Bearer {token(stack, 'officer')}"}

    def sender() -> int:
        sent = 0
        with httpx.Client(base_url=stack.url("allocation"), headers=headers, timeout=60) as client:
            for body in queue:  # each report is taken by exactly one sender
                response = client.post("/v1/vacancies", json=body)
                if response.status_code not in (200, 201):
                    raise RuntimeError(f"a vacancy was refused: {response.status_code} {response.text[:300]}")
                sent += 1
        return sent

    with ThreadPoolExecutor(SENDERS) as pool:
        return sum(pool.map(lambda _: sender(), range(SENDERS)))
