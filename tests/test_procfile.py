"""The Procfile `make run` hands to honcho starts exactly the processes the end-to-end tests start."""

from tests.processes import PROCESSES, ROOT


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    entries = [line.split(":", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {name.strip(): command.strip() for name, command in entries}


def test_make_run_starts_the_modules_the_end_to_end_tests_prove() -> None:
    # The e2e stack runs `python -m <module>` for each process and checks it answers; a Procfile line
    # that drifted from it would leave `make run` untested.
    assert procfile() == {name: f"python -m {module}" for name, module in PROCESSES.items()}
