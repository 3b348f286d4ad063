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


class Municipality(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    slug: str
    code: int = Field(ge=101, le=860, description="kommunekode")
    name: str = Field(min_length=1)
    region_code: int = Field(ge=1081, le=1085)
    sections: dict[str, dict[str, Any]]

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
    identity = data.pop("municipality", {})
    try:
        return Municipality(slug=settings.municipality, sections=data, **identity)
    except ValidationError as exc:
        raise MunicipalityConfigError(f"[municipality] in {path} is invalid:\n{exc}") from exc
