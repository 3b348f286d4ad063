"""python -m ops.audit: known vulnerabilities in the installed third-party packages (`make check`).

Python: pip-audit against PyPI's advisory data (`-s pypi`), skipping this project (installed editable, not
on PyPI). pip-audit asks PyPI about each installed version (`/pypi/<name>/<version>/json`); a PyPI mirror
that serves only project records (`/pypi/<name>/json`) answers that with 404, and pip-audit then skips the
package. For those, this falls back to the project record, whose `vulnerabilities` are its newest
release's: that answers the same question for a package installed at its newest release, and anything
older is listed as not audited. Front end: `npm audit --omit=dev`, when the registry answers it.

Exit 1 when a package has a known vulnerability that is not on the reasoned ignore list below.
"""

import json
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import distributions
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROJECT_RECORD = "https://pypi.org/pypi/{name}/json"

# Each ignore names the advisory, why it does not apply here, and when to look again (docs/security.md).
IGNORED = {
    # ecdsa (pulled in by python-jose) is open to the Minerva timing attack when it *signs* with P-256
    # (CVE-2024-23342; no fix planned upstream). We sign and verify only RS256, through python-jose's
    # cryptography backend (services/kit/auth.py ALGORITHMS); no ECDSA key is ever made or used.
    # Drop these when python-jose stops depending on ecdsa or we move to another JOSE library.
    "GHSA-wj6h-64fc-37mp": "ecdsa Minerva timing attack on P-256 signing; we never sign with ECDSA",
    "PYSEC-2026-1325": "same advisory as GHSA-wj6h-64fc-37mp",
}


@dataclass
class Finding:
    package: str
    version: str
    advisory: str
    fixed_in: str


def run_pip_audit() -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--vulnerability-service",
        "pypi",
        "--skip-editable",
        "--progress-spinner",
        "off",
        "--format",
        "json",
        "--aliases",
        "on",
        "--desc",
        "off",
    ]
    for advisory in IGNORED:
        command += ["--ignore-vuln", advisory]
    # pip-audit exits 1 when it finds something; the JSON on stdout says what either way.
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        report: dict[str, Any] = json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        sys.stderr.write(result.stderr)
        raise SystemExit("pip-audit gave no report") from exc
    return report


def project_record(name: str) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(PROJECT_RECORD.format(name=name), timeout=30) as response:  # noqa: S310
            record: dict[str, Any] = json.load(response)
            return record
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError):
        return None


def ignored(advisory: dict[str, Any]) -> bool:
    return any(name in IGNORED for name in [advisory.get("id", ""), *advisory.get("aliases", [])])


def installed_versions() -> dict[str, str]:
    """Every installed distribution by its normalised name (PEP 503), as pip-audit names them."""
    return {re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower(): dist.version for dist in distributions()}


def fallback(name: str, version: str) -> tuple[list[Finding], str | None]:
    """Findings from the project record; or the reason the installed version could not be audited."""
    record = project_record(name)
    if record is None:
        return [], "PyPI has no record of it"
    newest = record.get("info", {}).get("version")
    if newest != version:
        return [], f"PyPI's record holds advisories for {newest} only"
    findings = [
        Finding(name, version, advisory["id"], ", ".join(advisory.get("fixed_in") or []) or "no fix")
        for advisory in record.get("vulnerabilities", [])
        if not advisory.get("withdrawn") and not ignored(advisory)
    ]
    return findings, None


def audit_python() -> tuple[list[Finding], list[str]]:
    report = run_pip_audit()
    findings: list[Finding] = []
    unaudited: list[str] = []
    versions = installed_versions()
    skipped: list[tuple[str, str]] = []
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            if "editable" not in dependency["skip_reason"]:
                skipped.append((dependency["name"], versions.get(dependency["name"], "?")))
            continue
        for vuln in dependency.get("vulns", []):
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix"
            findings.append(Finding(dependency["name"], dependency["version"], vuln["id"], fixed))
    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = pool.map(lambda dependency: fallback(*dependency), skipped)
        for (name, version), (found, reason) in zip(skipped, outcomes, strict=True):
            findings += found
            if reason:
                unaudited.append(f"{name} {version}: {reason}")
    print(f"python: {len(report.get('dependencies', []))} installed packages checked")
    return findings, unaudited


def audit_npm() -> list[Finding]:
    npm = shutil.which("npm")
    if npm is None or not (ROOT / "package-lock.json").exists():
        print("npm: not audited (npm or package-lock.json missing)")
        return []
    result = subprocess.run(  # noqa: S603
        [npm, "audit", "--omit=dev", "--json"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    try:
        report = json.loads(result.stdout or "{}")
    except json.JSONDecodeError:
        report = {}
    if "vulnerabilities" not in report:
        # The registry may not offer the advisory endpoint (a mirror answers 405): say so, do not fail.
        print(f"npm: not audited ({report.get('message') or 'the registry gave no audit report'})")
        return []
    findings = [
        Finding(name, str(entry.get("range", "")), str(entry.get("severity", "")), "see npm audit")
        for name, entry in report["vulnerabilities"].items()
    ]
    print(f"npm: {len(findings)} vulnerable packages")
    return findings


def main() -> None:
    findings, unaudited = audit_python()
    findings += audit_npm()
    for line in unaudited:
        print(f"not audited: {line}")
    for finding in findings:
        fixed = f"fixed in {finding.fixed_in}"
        print(f"VULNERABLE {finding.package} {finding.version}: {finding.advisory} ({fixed})")
    if findings:
        raise SystemExit(1)
    print(f"no known vulnerabilities ({len(IGNORED)} advisories ignored with reasons in ops/audit.py)")


if __name__ == "__main__":
    main()
