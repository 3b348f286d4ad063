"""Record everything the categorisation computes, to show an optimisation changed nothing.

    python -m bench.golden write before.json    # before changing product code
    python -m bench.golden check before.json    # after each change: exit 1 and list what differs

A path ending in .gz is read and written gzipped (the record is some 370 MB of JSON, 11 MB gzipped, too large
to keep in the repository: write it from the commit before a change, check it after).

It records, for the demo data (every year) and for the synthetic national file (two years): the parsed
rows, the engine's full results, what the API use cases return (stored and read back through SQLite, and
through PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set), what-if answers, and the exact
errors the parser reports for a set of bad files.
"""

import asyncio
import gzip
import hashlib
import io
import json
import sys
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import databases
from bench.categorisation import NATIONAL_CONVICTED, SCHEMA, default_config, synthetic_housing_csv
from services.categorisation import demo, history, housing, overrides, parameters, what_if, years
from services.categorisation.importing import FileRejected, parse_housing_data, parse_official_list
from services.categorisation.rules.engine import Engine, Inputs
from services.categorisation.rules.model import Category, HousingRow, LocalThresholds
from services.categorisation.schemas import OverrideCreate, WhatIfCreate, YearParametersUpdate
from services.kit import db

SYNTHETIC_YEARS = (2020, 2025)
# (area, category) in 2025; None withdraws the override set just before it.
OVERRIDES: tuple[tuple[str, Category | None], ...] = (
    ("BO-101-02051", Category.RED),
    ("BO-147-00003", Category.GREEN),
    ("BO-151-00004", Category.PINK),
    ("BO-151-00004", None),
    ("DEMO-05", Category.YELLOW),
)
HISTORY = {"demo": ("DEMO-01", "DEMO-02", "DEMO-12"), "synthetic": ("BO-101-02051", "BO-370-00006")}
WHAT_IFS = (
    WhatIfCreate(outside_labour_market_pct_above=22.0, convicted_multiple_at_least=1.4, criteria_needed=2),
    WhatIfCreate(criteria_needed=1),
    WhatIfCreate(income_pct_of_region_below=90.0, basic_education_pct_above=30.0, criteria_needed=3),
)

HEADER = demo.HEADER
# The demo data as the default municipality (Gladsaxe, 159 in Hovedstaden) loads it.
DEMO_CSV = demo.housing_csv(municipality_code=159, region_code=1084)
GOOD = "2025,A-1,Name,159,1084,1200,41.5,3.2,61,54,52"
# Bad files: each cell rule, the header rules, duplicates, Danish Excel numbers, ragged rows.
BAD_FILES: dict[str, bytes] = {
    name: body.encode("utf-8")
    for name, body in {
        "empty": "",
        "header only": ",".join(HEADER) + "\n",
        "missing column": ",".join(HEADER[:-1]) + "\n" + GOOD.rsplit(",", 1)[0] + "\n",
        "unknown and twice": ",".join([*HEADER, "extra", "year"]) + "\n" + GOOD + ",1,2025\n",
        "bad cells": ",".join(HEADER)
        + "\n"
        + "\n".join(
            [
                "1989,A-1,Name,159,1084,1200,41.5,3.2,61,54,52",
                "2025,,Name,100,1080,-1,101,x,nan,-3,inf",
                "2025,Ä-1, ,861,1086,12.5,,3.2%,61,54,52",
                "2025.0,A 1,Name,159,1084,1e3,41.5,3.2,61,54,52",
                "twenty,A-2," + "N" * 201 + ",159,1084,1200,41.5,3.2,61,54,52",
                "2025,A-3,Name,159,1084,1200,41.5,3.2,61,54,52,surplus",
                "2025,A-4,Name,159,1084,1200,41.5,3.2,61,54",
                GOOD,
                GOOD,
                "2025," + "B" * 33 + ",Name,159,1084,1200,41.5,3.2,61,54,-0",
                "2025,A-5,Name,159,1084, 1200 ,41.5 %, 3.2 ,61,1e400,52",
                "true,A-6,Name,159,1084,1_200,0x10,3.2,61,54,52",
            ]
        )
        + "\n",
        "danish excel": ";".join(HEADER)
        + "\n"
        + "2025;A-1;Name;159;1084;1.200;41,5;3,2;61;54;52\n"
        + "2025;A-2;Name;159;1084;1.200,0;41.5;1.003,2;61,0;54;52\n"
        + "2025;A-3;Name;159;1084;1200;41,5;3,2;61;1.234,5;52\n",
        "bom and blank lines": "\ufeff" + ",".join(HEADER) + "\n\n" + GOOD + "\n,,,\n",
    }.items()
}
BAD_FILES["not utf-8"] = b"year,area_code\n2025,\xe6\xf8\n"
BAD_FILES["many errors"] = (",".join(HEADER) + "\n" + "x,,,,,,,,,,\n" * 120).encode()


def _rows_json(rows: list[HousingRow]) -> list[dict[str, Any]]:
    return [r._asdict() for r in rows]


def _inputs(rows: list[HousingRow], official: dict[int, dict[str, Any]] | None = None) -> Inputs:
    by_year: dict[int, dict[str, HousingRow]] = defaultdict(dict)
    for row in rows:
        by_year[row.year][row.area_code] = row
    return Inputs(rows=dict(by_year), national_convicted_pct=NATIONAL_CONVICTED_ALL, official=official or {})


NATIONAL_CONVICTED_ALL = {**NATIONAL_CONVICTED, **demo.NATIONAL_CONVICTED}
assert all(NATIONAL_CONVICTED_ALL[y] == v for y, v in NATIONAL_CONVICTED.items())


def _parse_outcome(content: bytes, parse: Any) -> Any:
    try:
        result = parse(content)
    except FileRejected as exc:
        return {"rejected": exc.errors}
    return {"accepted": [r._asdict() if isinstance(r, HousingRow) else list(r) for r in result]}


def _xlsx(content: bytes) -> bytes:
    """The demo file as a workbook with numeric cells, as Excel would save it."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for number, line in enumerate(content.decode().splitlines()):
        cells: list[Any] = line.split(",")
        if number:
            cells = [
                int(c) if c.isdigit() else (float(c) if c.replace(".", "", 1).isdigit() else c) for c in cells
            ]
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pure(local: LocalThresholds) -> dict[str, Any]:
    """Parser and engine, no database."""
    out: dict[str, Any] = {}
    demo_rows = parse_housing_data(DEMO_CSV)
    official: dict[int, dict[str, Any]] = defaultdict(lambda: defaultdict(set))
    for year, code, designation in parse_official_list(demo.official_csv()):
        official[year][code].add(designation)
    frozen = {y: {c: frozenset(ds) for c, ds in codes.items()} for y, codes in official.items()}
    out["demo rows"] = _rows_json(demo_rows)
    out["demo xlsx"] = _parse_outcome(_xlsx(DEMO_CSV), parse_housing_data)
    engine = Engine(_inputs(demo_rows, frozen))
    out["demo engine"] = {
        str(y): [asdict(r) for r in engine.categorise(y, local)]
        for y in range(demo.FIRST_YEAR, demo.LAST_YEAR + 1)
    }
    synthetic_rows = parse_housing_data(synthetic_housing_csv())
    out["synthetic rows sha256"] = _sha(_rows_json(synthetic_rows))
    engine = Engine(_inputs(synthetic_rows))
    out["synthetic engine"] = {
        str(y): [asdict(r) for r in engine.categorise(y, local)] for y in SYNTHETIC_YEARS
    }
    out["bad files"] = {name: _parse_outcome(body, parse_housing_data) for name, body in BAD_FILES.items()}
    return out


def _sha(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


async def stored(url: str) -> dict[str, Any]:
    """The use cases over a database: import, compute, the endpoint's areas, what-if."""
    config = default_config()
    engine = db.create_engine(url, schema=SCHEMA)
    factory = db.session_factory(engine)
    out: dict[str, Any] = {}
    try:
        for name, content, wanted in (
            ("demo", DEMO_CSV, range(demo.FIRST_YEAR, demo.LAST_YEAR + 1)),
            ("synthetic", synthetic_housing_csv(), SYNTHETIC_YEARS),
        ):
            async with factory() as session, session.begin():
                imported = await housing.import_housing_data(
                    session, content=content, filename=f"{name}.csv", actor="golden"
                )
                if name == "demo":
                    await housing.import_official_list(
                        session, content=demo.official_csv(), filename="official.csv", actor="golden"
                    )
                    for year, pct in NATIONAL_CONVICTED_ALL.items():
                        await parameters.set_parameters(
                            session,
                            year=year,
                            update=YearParametersUpdate(national_convicted_pct=pct),
                            actor="golden",
                        )
            out[f"{name} import"] = imported.model_dump(exclude={"import_id"})
            if name == "synthetic":
                # Decisions after the dialogue: the what-if must keep them, the areas must show them.
                async with factory() as session, session.begin():
                    for code, category in OVERRIDES:
                        await overrides.set_override(
                            session,
                            year=SYNTHETIC_YEARS[-1],
                            area_code=code,
                            body=OverrideCreate(category=category, justification="golden record override"),
                            actor="golden",
                        )
            async with factory() as session:
                for code in HISTORY[name]:
                    history_of = await history.area_history(session, area_code=code, config=config)
                    out[f"{name} history {code}"] = history_of.model_dump(mode="json")
            for year in wanted:
                async with factory() as session:
                    inputs = await housing.load_inputs(session, year=year)
                    _, results, _ = await years.compute(session, year=year, config=config)
                    _, areas = await years.year_areas(session, year=year, config=config)
                    what_ifs = [
                        (await what_if.simulate(session, year=year, request=r, config=config)).model_dump(
                            mode="json"
                        )
                        for r in WHAT_IFS
                    ]
                out[f"{name} {year} inputs sha256"] = _sha(housing.inputs_to_json(inputs))
                out[f"{name} {year} compute"] = [asdict(r) for r in results]
                out[f"{name} {year} year_areas"] = [a.model_dump(mode="json") for a in areas]
                out[f"{name} {year} what_if"] = what_ifs
        # A re-import replaces the figures it holds and leaves the others.
        async with factory() as session, session.begin():
            await housing.import_housing_data(session, content=DEMO_CSV, filename="again.csv", actor="golden")
        async with factory() as session:
            out["after re-import"] = _sha(
                housing.inputs_to_json(await housing.load_inputs(session, year=SYNTHETIC_YEARS[-1]))
            )
    finally:
        await engine.dispose()
    return out


async def record() -> dict[str, Any]:
    local = LocalThresholds(**default_config().local_criteria.model_dump())
    out: dict[str, Any] = {"pure": pure(local)}
    for label, database in databases(SCHEMA):
        with database() as url:
            out[label] = await stored(url)
    scrubbed: dict[str, Any] = _scrub(json.loads(json.dumps(out)))  # tuples become lists, as in the file
    return scrubbed


def _scrub(data: Any) -> Any:
    """Without the moments things were stored: they differ from run to run."""
    if isinstance(data, dict):
        return {k: None if k in ("created_at", "updated_at") else _scrub(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_scrub(item) for item in data]
    return data


def _differences(before: Any, after: Any, path: str = "") -> list[str]:
    if type(before) is not type(after):
        return [f"{path}: {before!r:.80} != {after!r:.80}"]
    if isinstance(before, dict):
        found = []
        for key in sorted(set(before) | set(after)):
            if key not in before or key not in after:
                found.append(f"{path}/{key}: only in {'after' if key in after else 'before'}")
            else:
                found += _differences(before[key], after[key], f"{path}/{key}")
        return found
    if isinstance(before, list):
        if len(before) != len(after):
            return [f"{path}: {len(before)} items != {len(after)}"]
        return [
            d
            for i, (b, a) in enumerate(zip(before, after, strict=True))
            for d in _differences(b, a, f"{path}[{i}]")
        ]
    return [] if before == after else [f"{path}: {before!r:.80} != {after!r:.80}"]


def _write(path: Path, text: str) -> None:
    if path.suffix != ".gz":
        path.write_text(text)
        return
    # No name or time in the header: the same record gives the same bytes.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as file:
        file.write(text.encode())


def _read(path: Path) -> str:
    if path.suffix != ".gz":
        return path.read_text()
    with gzip.open(path, "rt") as file:
        return file.read()


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        raise SystemExit(__doc__)
    path = Path(sys.argv[2])
    now = asyncio.run(record())
    if sys.argv[1] == "write":
        _write(path, json.dumps(now, sort_keys=True))
        print(f"recorded {', '.join(now)} in {path}")
        return
    before = _scrub(json.loads(_read(path)))
    differences = _differences(before, now)
    for line in differences[:50]:
        print(line)
    if differences:
        raise SystemExit(f"{len(differences)} difference(s) from {path}")
    print(f"identical to {path}: {', '.join(now)}")


if __name__ == "__main__":
    main()
