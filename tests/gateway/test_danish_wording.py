"""How the pages word people and dates (issue 12): a name for each actor the services record, and one
Danish date format for every date, in Danish time."""

from datetime import UTC, date, datetime

import httpx
import pytest
from fastapi import FastAPI

from gateway.actors import ActorNames
from gateway.i18n import load_catalogues
from gateway.state import gateway_state
from gateway.templating import environment, format_day, format_moment

DANISH = load_catalogues()["da"].gettext


async def _names(app: FastAPI) -> ActorNames:
    names = ActorNames()
    await names.refresh(gateway_state(app).session_factory)
    return names


async def test_people_and_clients_are_named_from_the_identity_store(
    client: httpx.AsyncClient, gateway_app: FastAPI
) -> None:
    names = await _names(gateway_app)

    assert names.name("user:analyst", DANISH) == "Anders Analytiker"
    assert names.name("user:officer", DANISH) == "Olivia Boligkonsulent"
    assert names.name("client:housing-org-demo", DANISH) == "Demo Boligorganisation"


@pytest.mark.parametrize(
    ("subject", "shown"),
    [
        ("service:allocation-scheduler", "Systemet (den daglige kørsel af frister)"),
        ("service:something-new", "Systemet"),
        ("demo-loader", "Systemet (demodata)"),
        ("user:gone", "gone"),  # a user no longer in the store: the name without the prefix
        ("client:housing_org:demo-boligorganisation", "demo-boligorganisation"),
        ("Økonomiudvalget", "Økonomiudvalget"),  # free text, e.g. a committee, stays as written
        (None, "–"),
        ("", "–"),
    ],
)
def test_the_system_and_the_unknown_are_worded_never_a_subject(subject: str | None, shown: str) -> None:
    assert ActorNames().name(subject, DANISH) == shown


async def test_names_are_read_again_only_when_old(client: httpx.AsyncClient, gateway_app: FastAPI) -> None:
    now = [100.0]
    names = ActorNames(max_age_seconds=30, clock=lambda: now[0])
    factory = gateway_state(gateway_app).session_factory
    await names.refresh(factory)
    names._names["user:analyst"] = "Changed here"  # stands in for a copy that is now out of date

    now[0] += 29
    await names.refresh(factory)
    assert names.name("user:analyst", DANISH) == "Changed here"
    now[0] += 2
    await names.refresh(factory)
    assert names.name("user:analyst", DANISH) == "Anders Analytiker"


@pytest.mark.parametrize(
    ("value", "danish", "english"),
    [
        ("2026-12-07", "7. december 2026", "December 7, 2026"),
        (date(2026, 1, 1), "1. januar 2026", "January 1, 2026"),
        # A moment is shown as its day in Danish time: 23:30 UTC on 31 December is New Year's Day here.
        ("2026-12-31T23:30:00+00:00", "1. januar 2027", "January 1, 2027"),
        (None, "–", "–"),
        ("", "–", "–"),
    ],
)
def test_a_date_is_written_as_danes_write_it(value: object, danish: str, english: str) -> None:
    assert (format_day(value, "da"), format_day(value, "en")) == (danish, english)


def test_a_moment_is_shown_in_danish_time() -> None:
    summer = datetime(2026, 7, 1, 7, 5, tzinfo=UTC)  # 09:05 in Copenhagen (CEST)
    winter = "2026-12-07T08:05:00+00:00"  # 09:05 in Copenhagen (CET)

    assert format_moment(summer, "da") == "1. juli 2026 kl. 09:05"
    assert format_moment(winter, "da") == "7. december 2026 kl. 09:05"
    assert format_moment(winter, "en") == "December 7, 2026 at 09:05"
    assert format_moment(None, "da") == "–"


def test_the_templates_have_one_filter_for_each() -> None:
    render = environment.from_string(
        "{{ d | date }} · {{ m | datetime }} · {{ d | month }} · {{ missing | date }}"
    )

    shown = render.render(lang="da", d="2026-12-07", m="2026-12-07T08:05:00Z")

    assert shown == "7. december 2026 · 7. december 2026 kl. 09:05 · december 2026 · –"
