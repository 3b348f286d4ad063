"""The dependency audit of `make check` (ops/audit.py), without the network: PyPI's answers are faked."""

from typing import Any

import pytest

from ops import audit

ADVISORY = {"id": "GHSA-aaaa", "aliases": ["CVE-2099-1"], "fixed_in": ["2.0"], "withdrawn": None}


def record(version: str, *advisories: dict[str, Any]) -> dict[str, Any]:
    return {"info": {"version": version}, "vulnerabilities": list(advisories)}


@pytest.fixture
def pypi(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    records: dict[str, dict[str, Any]] = {}
    monkeypatch.setattr(audit, "project_record", records.get)
    return records


def test_an_advisory_of_the_installed_newest_release_is_a_finding(pypi: dict[str, dict[str, Any]]) -> None:
    pypi["lib"] = record("1.0", ADVISORY)

    findings, reason = audit.fallback("lib", "1.0")

    assert reason is None
    assert [(f.package, f.advisory, f.fixed_in) for f in findings] == [("lib", "GHSA-aaaa", "2.0")]


def test_ignored_and_withdrawn_advisories_are_not_findings(
    pypi: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(audit.IGNORED, "CVE-2099-1", "does not apply: reason")
    pypi["lib"] = record("1.0", ADVISORY, {**ADVISORY, "id": "GHSA-bbbb", "aliases": [], "withdrawn": "2099"})

    assert audit.fallback("lib", "1.0") == ([], None)


def test_an_older_installed_release_is_reported_as_not_audited(pypi: dict[str, dict[str, Any]]) -> None:
    pypi["lib"] = record("2.0", ADVISORY)

    findings, reason = audit.fallback("lib", "1.0")

    assert findings == []
    assert reason == "PyPI's record holds advisories for 2.0 only"


def test_a_finding_fails_the_audit_and_a_clean_report_passes(
    pypi: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    skipped = {
        "name": "lib",
        "skip_reason": "Dependency not found on PyPI and could not be audited: lib (1.0)",
    }
    editable = {"name": "kommune-boligsocial", "skip_reason": "distribution marked as editable"}
    monkeypatch.setattr(audit, "run_pip_audit", lambda: {"dependencies": [skipped, editable]})
    monkeypatch.setattr(audit, "installed_versions", lambda: {"lib": "1.0"})
    monkeypatch.setattr(audit, "audit_npm", list)

    pypi["lib"] = record("1.0", ADVISORY)
    with pytest.raises(SystemExit) as failed:
        audit.main()
    assert failed.value.code == 1
    assert "VULNERABLE lib 1.0: GHSA-aaaa (fixed in 2.0)" in capsys.readouterr().out

    pypi["lib"] = record("1.0")
    audit.main()
    assert "no known vulnerabilities" in capsys.readouterr().out
