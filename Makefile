# Thin targets: each calls one tool or script. Python 3.11+, git, make and npm are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: install run test check bench i18n clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## run: migrate, load demo data once, start all four processes (Ctrl-C stops them)
run: install
	$(BIN)/python -m ops prepare
	$(BIN)/honcho start -f Procfile

## test: the whole suite (TEST_DATABASE_URL adds PostgreSQL; REQUIRE_POSTGRES/REQUIRE_BROWSER make them mandatory)
test: install
	$(BIN)/python -m pytest

## check: lint, types, architecture contracts, models against migrations, known-vulnerable dependencies
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m ops check-migrations
	$(BIN)/python -m ops.audit

## bench: every benchmark, figures against targets side by side (BENCH="gateway pages" picks some; TEST_DATABASE_URL adds PostgreSQL)
bench: install
	$(BIN)/python -m bench $(BENCH)

## i18n: after changing user-facing text: the message template, and each new message added to its part's catalogue
i18n: install
	$(BIN)/python -m ops i18n

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
