"""The municipality's [referrals] section is checked when the service starts (DOMAIN § 6.6 deadlines)."""

import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from services.referrals.config import DEFAULT_CASE_TYPE, ReferralsConfig

MUNICIPALITIES = Path(__file__).resolve().parents[2] / "config" / "municipalities"


def section(**overrides: Any) -> dict[str, Any]:
    return {
        "single_entry_name": "Enheden",
        "single_entry_phone": "11 22 33 44",
        "reporter_anonymise_after_days": 183,
        "emergency_contacts": [{"name": "Alarm 112", "phone": "112"}],
        "retention_days": {"concern": 1825},
        **overrides,
    }


@pytest.mark.parametrize("path", sorted(MUNICIPALITIES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_municipality_configures_referrals_within_the_rules(path: Path) -> None:
    config = ReferralsConfig.model_validate(tomllib.loads(path.read_text())["referrals"])
    assert DEFAULT_CASE_TYPE in config.retention_days
    assert all(days > config.reporter_anonymise_after_days for days in config.retention_days.values())


@pytest.mark.parametrize("deadline", [100, 183])
def test_reporter_details_must_go_before_the_case_is_deleted(deadline: int) -> None:
    with pytest.raises(ValidationError, match="shorter than the deletion deadline") as refused:
        ReferralsConfig.model_validate(section(retention_days={"concern": 1825, "complaint": deadline}))
    assert f"complaint ({deadline} days)" in str(refused.value)
    assert "concern" not in str(refused.value).split("not so for:")[1]


def test_the_type_intake_uses_must_have_a_deadline() -> None:
    with pytest.raises(ValidationError, match="'concern'"):
        ReferralsConfig.model_validate(section(retention_days={"other": 1825}))


def test_a_valid_section_with_more_case_types_is_taken() -> None:
    config = ReferralsConfig.model_validate(section(retention_days={"concern": 1825, "complaint": 184}))
    assert config.retention_days["complaint"] == 184
