# onrecord: the two commands are `make demo` and `make test` (see README.md).
# Both create .venv when it is missing and are safe to run again.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
DEMO_PASSWORD ?= onrecord-demo

.DEFAULT_GOAL := help
.PHONY: help demo test lint typecheck pytest pytest-sqlite pytest-postgres install install-dev clean bench-extract

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "onrecord needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps make the installs re-run only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[postgres]'
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed  ## Create .venv and install onrecord

install-dev: $(VENV)/.installed-dev  ## Create .venv and install onrecord with the dev tools

demo: install  ## Migrate, load seeds/, create demo users and serve on http://127.0.0.1:5000
	$(BIN)/onrecord db upgrade
	$(BIN)/onrecord seed --force --demo-users --demo-password '$(DEMO_PASSWORD)'
	@echo ""
	@echo "  onrecord demo: open http://$(HOST):$(PORT)/ and log in as"
	@echo "    user: checker   password: $(DEMO_PASSWORD)   (fact-checker)"
	@echo "    (also admin, editor, checker2, viewer with the same password)"
	@echo ""
	$(BIN)/onrecord serve --host $(HOST) --port $(PORT)

lint: install-dev  ## ruff lint and format check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install-dev  ## mypy (strict on pipeline/, models/, config.py)
	$(BIN)/mypy

pytest: pytest-sqlite pytest-postgres  ## The test suite on SQLite, then on PostgreSQL if configured

pytest-sqlite: install-dev  ## The test suite on SQLite (PYTEST_ARGS=... passes options)
	$(BIN)/pytest $(PYTEST_ARGS)

# The PostgreSQL run needs a server to create a throw-away database on.
pytest-postgres: install-dev  ## The test suite on PostgreSQL (needs ONRECORD_TEST_POSTGRES_URL)
	@if [ -n "$$ONRECORD_TEST_POSTGRES_URL" ]; then \
		echo "== the test suite on PostgreSQL"; \
		$(BIN)/pytest --db=postgres $(PYTEST_ARGS); \
	else \
		echo "skipping the PostgreSQL run: ONRECORD_TEST_POSTGRES_URL is not set"; \
	fi

test: lint typecheck pytest  ## Lint, type-check, the suite on SQLite and then on PostgreSQL

bench-extract: install  ## Extraction accuracy and speed on PolNeAR dev (needs ../shared)
	$(BIN)/python benchmarks/extract_polnear.py --split dev

clean:  ## Remove .venv, caches and the local instance folder
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis instance
