"""The municipality file: identity, every process's section, and refusal to start on a bad or unknown file."""

import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

from gateway.config import GatewayConfig
from services.allocation.config import AllocationConfig
from services.categorisation.config import CategorisationConfig
from services.kit.municipality import DEFAULT_DIR, MunicipalityConfigError, load_municipality
from services.kit.settings import CommonSettings
from services.referrals.config import ReferralsConfig
from tests.kit.service_contract import SERVICES, Service, app_without_database
from tests.support import KeyPair

SECTIONS: dict[str, type[BaseModel]] = {
    "gateway": GatewayConfig,
    "categorisation": CategorisationConfig,
    "allocation": AllocationConfig,
    "referrals": ReferralsConfig,
}
IDENTITIES = {
    "gladsaxe": (159, "Gladsaxe Kommune", 1084),
    "gentofte": (157, "Gentofte Kommune", 1084),
}


def settings_for(monkeypatch: pytest.MonkeyPatch, slug: str, directory: Path | None = None) -> CommonSettings:
    monkeypatch.setenv("MUNICIPALITY", slug)
    if directory is None:
        monkeypatch.delenv("MUNICIPALITY_DIR", raising=False)
    else:
        monkeypatch.setenv("MUNICIPALITY_DIR", str(directory))
    return CommonSettings()


@pytest.mark.parametrize("slug", sorted(IDENTITIES))
def test_shipped_municipalities_have_their_official_codes(monkeypatch: pytest.MonkeyPatch, slug: str) -> None:
    municipality = load_municipality(settings_for(monkeypatch, slug))
    assert (municipality.code, municipality.name, municipality.region_code) == IDENTITIES[slug]
    assert municipality.slug == slug


@pytest.mark.parametrize("section", sorted(SECTIONS))
@pytest.mark.parametrize("slug", sorted(IDENTITIES))
def test_shipped_municipalities_configure_every_process(
    monkeypatch: pytest.MonkeyPatch, slug: str, section: str
) -> None:
    municipality = load_municipality(settings_for(monkeypatch, slug))
    # Present, not defaulted: a process must never run on an empty section by accident.
    assert section in municipality.sections
    assert isinstance(municipality.section(section, SECTIONS[section]), SECTIONS[section])


def test_municipalities_differ_where_they_decide_for_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    # Proof that the values come from the file, not from code: Gentofte's differ from Gladsaxe's.
    gladsaxe = load_municipality(settings_for(monkeypatch, "gladsaxe")).section(
        "allocation", AllocationConfig
    )
    gentofte = load_municipality(settings_for(monkeypatch, "gentofte")).section(
        "allocation", AllocationConfig
    )
    assert (gladsaxe.vacancy_deadline_days, gentofte.vacancy_deadline_days) == (14, 21)


# --- refusals ----------------------------------------------------------------------------------------


def write(directory: Path, slug: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{slug}.toml"
    path.write_text(text, encoding="utf-8")
    return path


IDENTITY = '[municipality]\ncode = 159\nname = "Testkommune"\nregion_code = 1084\n'
BAD_FILES = {
    "not-toml": "[municipality\ncode = 159\n",
    "no-identity": "[allocation]\nvacancy_deadline_days = 14\n",
    "code-out-of-range": IDENTITY.replace("code = 159", "code = 999"),
    "region-out-of-range": IDENTITY.replace("region_code = 1084", "region_code = 1090"),
    "unknown-identity-key": IDENTITY + 'mayor = "Someone"\n',
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, case: str) -> None:
    write(tmp_path, "testkommune", BAD_FILES[case])
    with pytest.raises(MunicipalityConfigError):
        load_municipality(settings_for(monkeypatch, "testkommune", tmp_path))


def test_a_good_file_in_another_directory_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The control for the refusals above: the same directory with a valid identity loads.
    write(tmp_path, "testkommune", IDENTITY)
    municipality = load_municipality(settings_for(monkeypatch, "testkommune", tmp_path))
    assert (municipality.code, municipality.name) == (159, "Testkommune")


def test_an_invalid_section_is_refused_naming_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    write(tmp_path, "testkommune", IDENTITY + '[referrals]\nsingle_entry_name = ""\n')
    municipality = load_municipality(settings_for(monkeypatch, "testkommune", tmp_path))
    with pytest.raises(MunicipalityConfigError, match=r"\[referrals\]"):
        municipality.section("referrals", ReferralsConfig)
    # A missing section is as bad as an invalid one for a process whose section has required keys.
    with pytest.raises(MunicipalityConfigError, match=r"\[allocation\]"):
        municipality.section("allocation", AllocationConfig)


@pytest.mark.parametrize("slug", ["atlantis", ""])
def test_an_unknown_municipality_is_refused(monkeypatch: pytest.MonkeyPatch, slug: str) -> None:
    with pytest.raises(MunicipalityConfigError, match="no configuration"):
        load_municipality(settings_for(monkeypatch, slug))


def test_the_name_cannot_leave_the_configuration_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A valid file one level up must still be out of reach of MUNICIPALITY="../outside".
    write(tmp_path, "outside", IDENTITY)
    (tmp_path / "config").mkdir()
    with pytest.raises(MunicipalityConfigError):
        load_municipality(settings_for(monkeypatch, "../outside", tmp_path / "config"))


# A rule each service's section enforces, broken in an otherwise complete copy of Gladsaxe's file.
BREAKAGES = {
    "categorisation": ("criteria_needed = 2", "criteria_needed = 9"),
    "allocation": ("vacancy_deadline_days = 14", "vacancy_deadline_days = 0"),
    "referrals": ("first_contact_days = 5", "first_contact_days = 0"),
}


@pytest.mark.parametrize("service", SERVICES, ids=str)
def test_a_service_refuses_to_build_with_a_bad_section(
    service: Service, keys: KeyPair, var_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    good, bad = BREAKAGES[service.name]
    text = (DEFAULT_DIR / "gladsaxe.toml").read_text(encoding="utf-8")
    assert text.count(good) == 1
    write(tmp_path / "config", "gladsaxe", text.replace(good, bad))
    monkeypatch.setenv("MUNICIPALITY", "gladsaxe")
    monkeypatch.setenv("MUNICIPALITY_DIR", str(tmp_path / "config"))
    with pytest.raises(MunicipalityConfigError, match=rf"\[{service.name}\]"):
        app_without_database(service, keys, monkeypatch)


@pytest.mark.parametrize("service", SERVICES, ids=str)
def test_a_service_builds_from_an_unchanged_copy(
    service: Service, keys: KeyPair, var_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The control: the copy itself is fine, so the refusal above is the broken rule's doing.
    (tmp_path / "config").mkdir()
    shutil.copy(DEFAULT_DIR / "gladsaxe.toml", tmp_path / "config" / "gladsaxe.toml")
    monkeypatch.setenv("MUNICIPALITY", "gladsaxe")
    monkeypatch.setenv("MUNICIPALITY_DIR", str(tmp_path / "config"))
    app = app_without_database(service, keys, monkeypatch)
    assert app.state.municipality.code == 159
