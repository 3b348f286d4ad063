"""The area page names the earlier years of a transformation window that were judged incompletely."""

from gateway.pages.categorisation.areas import _criteria_groups


def _transformation(note: str | None, note_code: str | None) -> dict[str, object]:
    return {"list": "transformation", "code": "parallel_society_years", "note": note, "note_code": note_code}


def test_the_years_judged_on_an_incomplete_period_are_taken_from_the_note():
    note = "period incomplete: 2021 judged without 2020; national average share convicted missing for 2020"

    [(name, [criterion])] = _criteria_groups([_transformation(note, "window_incomplete")])

    assert name == "transformation"
    assert criterion["incomplete_years"] == ["2021", "2020"]


def test_other_notes_are_left_as_they_are():
    unknown = _transformation("no data or official list for 2017", "year_unknown")

    [(_, [criterion])] = _criteria_groups([unknown])

    assert "incomplete_years" not in criterion
