"""Database models of the categorisation service; its tables live in the `categorisation` schema."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.kit.db import TYPE_ANNOTATION_MAP, make_metadata, utcnow


class Base(DeclarativeBase):
    metadata = make_metadata(schema="categorisation")
    type_annotation_map = TYPE_ANNOTATION_MAP


class Area(Base):
    """A housing area (boligområde): stable code, latest name and place."""

    __tablename__ = "areas"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    municipality_code: Mapped[int] = mapped_column(Integer)
    region_code: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ImportKind(StrEnum):
    HOUSING_DATA = "housing_data"
    OFFICIAL_LIST = "official_list"


class DataImport(Base):
    """One accepted file: who loaded what, when; the figures point back to it."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # an ImportKind
    filename: Mapped[str] = mapped_column(String(255))
    content_sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    years: Mapped[list[int]] = mapped_column(JSON)
    areas: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HousingFigures(Base):
    """One row of boligdata: an area's figures for one list year."""

    __tablename__ = "housing_figures"
    # The unique (year, area_code) index also serves every query by year: a separate index on year
    # only made each import maintain one more.
    __table_args__ = (UniqueConstraint("year", "area_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    area_code: Mapped[str] = mapped_column(ForeignKey("areas.code"))
    area_name: Mapped[str] = mapped_column(String(200))
    municipality_code: Mapped[int] = mapped_column(Integer)
    region_code: Mapped[int] = mapped_column(Integer)
    residents: Mapped[int] = mapped_column(Integer)
    outside_labour_market_pct: Mapped[float] = mapped_column(Float)
    convicted_pct: Mapped[float] = mapped_column(Float)
    basic_education_pct: Mapped[float] = mapped_column(Float)
    income_pct_of_region: Mapped[float] = mapped_column(Float)
    non_western_pct: Mapped[float] = mapped_column(Float)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id"))


class OfficialDesignation(Base):
    """A designation on the ministry's published list (1 December), as imported."""

    __tablename__ = "official_designations"
    __table_args__ = (UniqueConstraint("year", "area_code", "designation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    area_code: Mapped[str] = mapped_column(String(32))
    designation: Mapped[str] = mapped_column(String(32))
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id"))


class YearParameters(Base):
    """The year's national figures the criteria compare against."""

    __tablename__ = "year_parameters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    national_convicted_pct: Mapped[float] = mapped_column(Float)
    updated_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LocalThresholdVersion(Base):
    """The local (yellow) thresholds of a year; every change is a new version, never an update."""

    __tablename__ = "local_threshold_versions"
    __table_args__ = (UniqueConstraint("year", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    outside_labour_market_pct_above: Mapped[float] = mapped_column(Float)
    convicted_multiple_at_least: Mapped[float] = mapped_column(Float)
    basic_education_pct_above: Mapped[float] = mapped_column(Float)
    income_pct_of_region_below: Mapped[float] = mapped_column(Float)
    criteria_needed: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CategoryOverride(Base):
    """The analyst's category after the dialogue; a new row each time, `category` None withdraws it."""

    __tablename__ = "category_overrides"
    __table_args__ = (Index("ix_category_overrides_year_area", "year", "area_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    area_code: Mapped[str] = mapped_column(String(32))
    category: Mapped[str | None] = mapped_column(String(16))
    justification: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Approval(Base):
    """A frozen snapshot of a year's categorisation: inputs, rules, thresholds and every result."""

    __tablename__ = "approvals"
    __table_args__ = (UniqueConstraint("year", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    rule_version: Mapped[str] = mapped_column(String(64))
    thresholds: Mapped[dict[str, Any]] = mapped_column(JSON)
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    input_sha256: Mapped[str] = mapped_column(String(64))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    approved_by: Mapped[str] = mapped_column(String(128))
    approved_at: Mapped[datetime] = mapped_column(default=utcnow)


class DataVersion(Base):
    """The version of the stored inputs of the categorisation: one row, a new stamp with every write.

    Every write of what a year's results are computed from (a housing file, an official list, a year's
    national figures, local thresholds, an override, an approval) sets a new random stamp in its own
    transaction; results computed from the data are kept per stamp (services.categorisation.versions).
    """

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    stamp: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- area plans, initiatives and dialogues (DOMAIN § 7) ----------------------------------------------
# A municipality has tens of plans, initiatives and dialogues, not thousands: the lists of areas,
# principles and partners are JSON beside the row, and filters over them run on the loaded rows.


class AreaPlan(Base):
    """A plan for an area or a group of areas over a period of years: visions, requirements, community."""

    __tablename__ = "area_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    area_codes: Mapped[list[str]] = mapped_column(JSON)
    # The housing organisations the plan is agreed with: each one's client may read it.
    organisation_codes: Mapped[list[str]] = mapped_column(JSON)
    period_from: Mapped[int] = mapped_column(Integer)
    period_to: Mapped[int] = mapped_column(Integer)
    visions: Mapped[str] = mapped_column(Text)
    requirements: Mapped[str] = mapped_column(Text)
    community: Mapped[str] = mapped_column(Text)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PlanTarget(Base):
    """A measurable target of a plan on one of an area's four criteria (rules.targets)."""

    __tablename__ = "plan_targets"
    __table_args__ = (Index("ix_plan_targets_area_plan_id", "area_plan_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_plan_id: Mapped[int] = mapped_column(ForeignKey("area_plans.id"))
    area_code: Mapped[str] = mapped_column(String(32))
    indicator: Mapped[str] = mapped_column(String(32))  # a column of rules.targets.TARGET_INDICATORS
    comparator: Mapped[str] = mapped_column(String(2))  # a rules.targets.TargetComparator
    value: Mapped[float] = mapped_column(Float)
    by_year: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Initiative(Base):
    """A boligsocial initiative (tiltag): what, for which areas and principles, with whom, and how it went."""

    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    principles: Mapped[list[str]] = mapped_column(JSON)
    area_codes: Mapped[list[str]] = mapped_column(JSON)
    area_plan_id: Mapped[int | None] = mapped_column(ForeignKey("area_plans.id"))
    partners: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    responsible_unit: Mapped[str] = mapped_column(String(200))
    period_from: Mapped[date] = mapped_column()
    period_to: Mapped[date | None] = mapped_column()
    budget_dkk: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # a plans.schemas.InitiativeStatus
    milestones: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    evaluation_notes: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Dialogue(Base):
    """A co-creation meeting or the year's steering dialogue with a housing organisation."""

    __tablename__ = "dialogues"
    __table_args__ = (Index("ix_dialogues_year_organisation", "year", "organisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    organisation: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # a plans.schemas.DialogueKind
    held_on: Mapped[date] = mapped_column()
    # Organisations and roles only: never a resident's personal data (DOMAIN § 7).
    participants: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    agenda: Mapped[str] = mapped_column(Text)
    minutes: Mapped[str] = mapped_column(Text)
    decisions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    follow_ups: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
