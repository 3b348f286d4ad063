"""The municipality file: identity, every process's section, and refusal to start on a bad or unknown file."""

import shutil
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel

from gateway.config import GatewayConfig
from services.allocation.config import AllocationConfig
from services.categorisation.config import CategorisationConfig
from services.kit.municipality import DEFAULT_DIR, MunicipalityConfigError, load_municipality, value_paths
from services.kit.settings import CommonSettings
from services.kit.state import process_of
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
    assert process_of(app).municipality.code == 159


# --- provenance: what the seeds state, and what is an example the municipality must set ------------------

# What Gentofte's own material (the seed, DOMAIN §§ 2, 6.3, 7) gives for the file: its identity, the
# Capital Region's and the national emergency numbers, and the four guiding principles it
# names. Everything else in the file is an example.
GENTOFTE_STATED = {
    "municipality.code",
    "municipality.name",
    "municipality.region_code",
    "referrals.emergency_contacts",
    "categorisation.principles",
}


def file_paths(slug: str) -> list[str]:
    with (DEFAULT_DIR / f"{slug}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    data.pop("provenance", None)
    return value_paths(data)


def test_every_gentofte_value_the_seed_does_not_give_is_marked_an_example(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gentofte = load_municipality(settings_for(monkeypatch, "gentofte"))
    paths = file_paths("gentofte")
    assert set(paths) >= GENTOFTE_STATED
    not_from_the_seed = [path for path in paths if path not in GENTOFTE_STATED]
    assert len(not_from_the_seed) > 30
    assert [path for path in not_from_the_seed if not gentofte.is_example(path)] == []
    assert [path for path in GENTOFTE_STATED if gentofte.is_example(path)] == []
    # The numbers that differ from Gladsaxe's only to prove the file is read, and the contacts.
    for path in (
        "categorisation.local_criteria.outside_labour_market_pct_above",
        "categorisation.municipal_share_pct.yellow",
        "allocation.vacancy_deadline_days",
        "allocation.category_defaults.yellow.flexible_share_pct",
        "allocation.acute_criteria",
        "gateway.contact_phone",
        "referrals.single_entry_phone",
        "referrals.first_contact_days",
    ):
        assert gentofte.is_example(path), path


def test_gladsaxes_only_examples_are_its_decision_letters_signature_and_complaint_guidance(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Gladsaxe's legal office must confirm the complaint guidance before production (DOMAIN § 6.7).
    gladsaxe = load_municipality(settings_for(monkeypatch, "gladsaxe"))
    examples = {path for path in file_paths("gladsaxe") if gladsaxe.is_example(path)}
    assert examples == {
        "allocation.letters.channel",
        "allocation.letters.unit",
        *(
            f"allocation.complaint_guidance.{kind}.{key}"
            for kind in ("acute_housing", "municipal_offer", "offer_withdrawal", "dispensation")
            for key in ("legal_basis", "deadline_weeks", "text_da", "text_en")
        ),
    }


@pytest.mark.parametrize(
    ("provenance", "complaint"),
    [
        ('stated = ["municipality"]\nexample = ["referrals"]\n', "neither: gateway.contact_name"),
        (
            'stated = ["municipality", "gateway"]\nexample = ["gateway.contact_name"]\n',
            "both: gateway.contact_name",
        ),
        ('stated = ["municipality"]\nexample = ["gateway"]\nsource = "x"\n', "invalid"),
    ],
)
def test_a_provenance_that_leaves_a_value_unplaced_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, provenance: str, complaint: str
) -> None:
    body = IDENTITY + '[gateway]\ncontact_name = "Borgerservice"\n'
    write(tmp_path, "testkommune", "[provenance]\n" + provenance + body)
    with pytest.raises(MunicipalityConfigError, match=complaint):
        load_municipality(settings_for(monkeypatch, "testkommune", tmp_path))


def test_a_complete_provenance_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    body = IDENTITY + '[gateway]\ncontact_name = "Borgerservice"\ncontact_phone = "11 22 33 44"\n'
    provenance = "[provenance]\n" + 'stated = ["municipality", "gateway.contact_name"]\n'
    provenance += 'example = ["gateway.contact_phone"]\n'
    write(tmp_path, "testkommune", provenance + body)
    municipality = load_municipality(settings_for(monkeypatch, "testkommune", tmp_path))
    assert municipality.is_example("gateway.contact_phone")
    assert not municipality.is_example("gateway.contact_name")
    assert not municipality.is_example("gateway.contact_phone_extra")  # a prefix ends at a dot
    assert "provenance" not in municipality.sections
