"""The municipality's configuration file: identity here, each process validates its own section."""

import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from services.kit.settings import CommonSettings

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "config" / "municipalities"
SectionT = TypeVar("SectionT", bound=BaseModel)


class MunicipalityConfigError(RuntimeError):
    """The configuration file is missing or invalid; the process refuses to start."""


class Provenance(BaseModel):
    """Where the file's values come from: `stated` by the municipality's own material (the seeds), or an
    `example` that the municipality must set before the value can be presented as its own.

    Each entry is a dotted path (`referrals.single_entry_phone`) or the prefix of some (`allocation`). A
    file that has a [provenance] table must place every value it holds under one of the two, so nothing
    invented passes as the municipality's own by being forgotten.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    stated: tuple[str, ...] = ()
    example: tuple[str, ...] = ()


def _covers(prefixes: tuple[str, ...], path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + ".") for prefix in prefixes)


def value_paths(data: dict[str, Any], prefix: str = "") -> list[str]:
    """The dotted path of every value in a TOML document; a list (of tables) is one value."""
    paths = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        paths.extend(value_paths(value, path + ".") if isinstance(value, dict) else [path])
    return paths


def _at(document: dict[str, Any], path: str) -> Any:
    value: Any = document
    for key in path.split("."):
        value = value[key]
    return value


class Municipality(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    slug: str
    code: int = Field(ge=101, le=860, description="kommunekode")
    name: str = Field(min_length=1)
    region_code: int = Field(ge=1081, le=1085)
    sections: dict[str, dict[str, Any]]
    provenance: Provenance | None = None

    def values(self) -> list[tuple[str, Any]]:
        """Every value of the file by dotted path (a list of tables is one value), identity first."""
        identity = {"municipality": {"code": self.code, "name": self.name, "region_code": self.region_code}}
        document = identity | self.sections
        return [(path, _at(document, path)) for path in value_paths(document)]

    def is_example(self, path: str) -> bool:
        """Whether the value at `path` is an example to be set by the municipality, not its own."""
        return self.provenance is not None and _covers(self.provenance.example, path)

    def section(self, name: str, model: type[SectionT]) -> SectionT:
        """Validate one process's section; a bad or missing section stops that process at start."""
        try:
            return model.model_validate(self.sections.get(name, {}))
        except ValidationError as exc:
            raise MunicipalityConfigError(
                f"[{name}] in the {self.slug} configuration is invalid:\n{exc}"
            ) from exc


def load_municipality(settings: CommonSettings) -> Municipality:
    """Read and validate `<MUNICIPALITY_DIR>/<MUNICIPALITY>.toml`."""
    directory = settings.municipality_dir or DEFAULT_DIR
    path = directory / f"{settings.municipality}.toml"
    if not settings.municipality.replace("-", "").isalnum() or not path.is_file():
        raise MunicipalityConfigError(
            f"no configuration for municipality {settings.municipality!r} in {directory}"
        )
    with path.open("rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise MunicipalityConfigError(f"{path} is not valid TOML: {exc}") from exc
    provenance_table = data.pop("provenance", None)
    paths = value_paths(data)
    identity = data.pop("municipality", {})
    try:
        provenance = None if provenance_table is None else Provenance.model_validate(provenance_table)
        municipality = Municipality(
            slug=settings.municipality, sections=data, provenance=provenance, **identity
        )
    except ValidationError as exc:
        raise MunicipalityConfigError(f"[municipality] or [provenance] in {path} is invalid:\n{exc}") from exc
    if provenance is not None:
        unplaced = [p for p in paths if not _covers(provenance.stated + provenance.example, p)]
        both = [p for p in paths if _covers(provenance.stated, p) and _covers(provenance.example, p)]
        if unplaced or both:
            raise MunicipalityConfigError(
                f"[provenance] in {path} must call every value either stated or an example; "
                f"neither: {', '.join(unplaced) or '-'}; both: {', '.join(both) or '-'}"
            )
    return municipality
