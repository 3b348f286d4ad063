"""Log lines are one JSON object each, carrying the request id; callers cannot smuggle text into them."""

import json
import logging
import re
import sys

import pytest

from services.kit.logs import JsonFormatter, clean_request_id, reset_request_id, set_request_id


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    entry = logging.LogRecord("services.test", logging.WARNING, __file__, 1, message, args, None)
    entry.__dict__.update(extra)
    return entry


def test_a_line_is_json_with_the_current_request_id() -> None:
    token = set_request_id("req-123")
    try:
        line = JsonFormatter("allocation").format(record("vacancy %s refused", "V-9"))
    finally:
        reset_request_id(token)
    entry = json.loads(line)
    assert entry["request_id"] == "req-123"
    assert entry["message"] == "vacancy V-9 refused"
    assert (entry["service"], entry["level"], entry["logger"]) == ("allocation", "WARNING", "services.test")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])


def test_outside_a_request_the_id_is_null() -> None:
    assert json.loads(JsonFormatter("kit").format(record("starting")))["request_id"] is None


def test_access_fields_are_carried_and_others_are_not() -> None:
    entry = json.loads(
        JsonFormatter("kit").format(
            record("request", method="GET", route="/v1/cases/{id}", status=200, duration_ms=1.5, cpr="x")
        )
    )
    assert {k: entry[k] for k in ("method", "route", "status", "duration_ms")} == {
        "method": "GET",
        "route": "/v1/cases/{id}",
        "status": 200,
        "duration_ms": 1.5,
    }
    # Only the listed fields reach the line: an `extra` someone adds later is not logged by accident.
    assert "cpr" not in entry


def test_a_message_with_newlines_stays_one_line() -> None:
    line = JsonFormatter("kit").format(record('forged\n{"level": "INFO", "message": "all fine"}'))
    assert "\n" not in line
    assert json.loads(line)["level"] == "WARNING"


def test_an_exception_is_kept_inside_the_line() -> None:
    try:
        raise ValueError("broken")
    except ValueError:
        entry = record("failed")
        entry.exc_info = sys.exc_info()
    line = JsonFormatter("kit").format(entry)
    assert "\n" not in line
    assert "ValueError: broken" in json.loads(line)["exception"]


@pytest.mark.parametrize("value", ["abc", "3f2a-11ee.b_9", "x" * 64])
def test_plain_request_ids_are_kept(value: str) -> None:
    assert clean_request_id(value) == value


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "x" * 65,
        "abc\r\nX-Injected: 1",
        'abc", "level": "ERROR',
        "abc def",
        "abc/../../etc",
        "æøå",
    ],
)
def test_other_request_ids_are_replaced(value: str | None) -> None:
    cleaned = clean_request_id(value)
    assert cleaned != value
    assert re.fullmatch(r"[0-9a-f]{32}", cleaned)
