"""Approving a year: a frozen snapshot from which the same result is reproduced exactly."""

import hashlib
import json
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation import versions
from services.categorisation.config import CategorisationConfig
from services.categorisation.exceptions import ApprovalNotFound, NotReadyForApproval, RevisionNeedsReason
from services.categorisation.housing import inputs_from_json, inputs_to_json
from services.categorisation.models import Approval
from services.categorisation.overrides import current_overrides
from services.categorisation.parameters import THRESHOLD_FIELDS, as_rule_thresholds, get_parameters
from services.categorisation.rules.engine import Engine
from services.categorisation.rules.model import PUBLISHED_LISTS
from services.categorisation.rules.rulesets import rule_set_by_version, rule_set_for
from services.categorisation.schemas import (
    ApprovalRead,
    CategorisationStatus,
    DecidedBy,
    LocalThresholdsBase,
    ReproductionRead,
)
from services.categorisation.years import CATEGORIES, SharedCriteria, compute, latest_approval, to_read

# What a reproduction compares: the computed part of each result (overrides are recorded decisions).
COMPUTED_FIELDS = (
    "designations",
    "computed_category",
    "criteria",
    "provisional",
    "rule_version",
    "met_counts",
    # Recorded since the published list decides (DOMAIN § 3); compared when the snapshot has them.
    "computed_designations",
    "decided_by",
    "disagreements",
)


def _sha256(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def approval_counts(results: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(item["category"] for item in results)
    return {c.value: counts.get(c.value, 0) for c in CATEGORIES}


def to_read_approval(approval: Approval) -> ApprovalRead:
    return ApprovalRead(
        year=approval.year,
        revision=approval.revision,
        note=approval.note,
        rule_version=approval.rule_version,
        input_sha256=approval.input_sha256,
        thresholds=approval.thresholds,
        parameters=approval.parameters,
        approved_by=approval.approved_by,
        approved_at=approval.approved_at,
        counts=approval_counts(approval.results),
    )


async def approve(
    session: AsyncSession,
    *,
    year: int,
    note: str,
    actor: str,
    config: CategorisationConfig,
    cache: versions.Results | None = None,
) -> ApprovalRead:
    """Freeze the year's proposed categorisation as a new revision; earlier revisions stay untouched."""
    previous = await latest_approval(session, year=year)
    if previous is not None and len(note.strip()) < 10:
        raise RevisionNeedsReason(
            f"{year} is already approved (revision {previous.revision}); "
            "say why in a note of at least 10 characters.",
            errors=[{"loc": ["body", "note"], "msg": "a revision needs a reason of at least 10 characters"}],
        )
    if await get_parameters(session, year=year) is None:
        raise NotReadyForApproval(f"Set the national average share convicted for {year} before approving.")
    # What the year shows now: computed once per version of the data, as the pages showed it.
    inputs, results, thresholds = await compute(session, year=year, config=config, cache=cache)
    if not results:
        raise NotReadyForApproval(
            f"There is nothing to approve for {year}: no figures or official designations."
        )
    overrides = await current_overrides(session, year=year)
    shared = SharedCriteria()
    # Exactly the rows the results depend on (housing.load_year_inputs), so a reproduction needs no more.
    frozen_inputs = inputs_to_json(inputs)
    rule_versions = {str(y): rule_set_for(y).version for y in sorted(inputs.rows) if _has_rules(y)}
    approval = Approval(
        year=year,
        revision=(previous.revision + 1) if previous else 1,
        note=note.strip(),
        rule_version=results[0].rule_version,
        thresholds={
            **{name: getattr(thresholds, name) for name in THRESHOLD_FIELDS},
            "version": getattr(thresholds, "version", None),
        },
        parameters={
            "national_convicted_pct": frozen_inputs["national_convicted_pct"],
            "rule_versions": rule_versions,
            # Which source decided the year's designations, per published list (DOMAIN § 3: the
            # published list where it is loaded, else the computation); each result records it too.
            "decided_by": decided_by(frozen_inputs, year),
        },
        input_sha256=_sha256(frozen_inputs),
        inputs=frozen_inputs,
        results=[
            to_read(r, overrides.get(r.area_code), CategorisationStatus.APPROVED, shared).model_dump(
                mode="json"
            )
            for r in results
        ],
        approved_by=actor,
    )
    session.add(approval)
    await session.flush()
    await versions.changed(session)
    await session.refresh(approval)
    return to_read_approval(approval)


def decided_by(frozen_inputs: dict[str, Any], year: int) -> dict[str, DecidedBy]:
    loaded = set(frozen_inputs.get("official_lists", {}).get(str(year), ()))
    return {name: DecidedBy.OFFICIAL_LIST if name in loaded else DecidedBy.DATA for name in PUBLISHED_LISTS}


def _has_rules(year: int) -> bool:
    try:
        rule_set_for(year)
    except LookupError:
        return False
    return True


async def list_approvals(session: AsyncSession, *, year: int) -> list[ApprovalRead]:
    approvals = await session.scalars(
        select(Approval).where(Approval.year == year).order_by(Approval.revision)
    )
    return [to_read_approval(a) for a in approvals]


async def get_approval(session: AsyncSession, *, year: int, revision: int) -> Approval:
    approval = await session.scalar(
        select(Approval).where(Approval.year == year, Approval.revision == revision)
    )
    if approval is None:
        raise ApprovalNotFound(f"{year} has no approval revision {revision}.")
    return approval


def reproduce(approval: Approval) -> ReproductionRead:
    """Re-run the frozen inputs under the frozen rules and thresholds; report any difference."""
    differences: list[str] = []
    if _sha256(approval.inputs) != approval.input_sha256:
        differences.append("the frozen inputs no longer match their hash")
    versions = approval.parameters.get("rule_versions", {})

    def rules_for(year: int):  # type: ignore[no-untyped-def]
        return rule_set_by_version(versions[str(year)]) if str(year) in versions else rule_set_for(year)

    thresholds = LocalThresholdsBase(**{name: approval.thresholds[name] for name in THRESHOLD_FIELDS})
    engine = Engine(inputs_from_json(approval.inputs), rules_for=rules_for)
    shared = SharedCriteria()
    rerun = {
        r.area_code: to_read(r, None, CategorisationStatus.APPROVED, shared).model_dump(mode="json")
        for r in engine.categorise(approval.year, as_rule_thresholds(thresholds))
    }
    frozen = {item["area_code"]: item for item in approval.results}
    for code in sorted(set(frozen) | set(rerun)):
        if code not in rerun or code not in frozen:
            differences.append(f"{code}: present in only one of the two")
            continue
        for field in COMPUTED_FIELDS:
            if field in frozen[code] and frozen[code][field] != rerun[code][field]:
                differences.append(f"{code}: {field} differs")
    return ReproductionRead(
        year=approval.year, revision=approval.revision, identical=not differences, differences=differences
    )
