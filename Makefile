# Two commands for a newcomer: `make run` opens the reader on corpus/, `make test` passes the tests.
# Both create .venv when missing and reinstall only when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed
CORPUS ?= corpus
PYTEST_ARGS ?=

.PHONY: run test check lint typecheck pytest bench clean system-tools

run: $(RUN_STAMP)
	$(BIN)/broadsheet $(CORPUS)

test: $(TEST_STAMP) system-tools lint typecheck pytest

# Tests spend much of their time waiting (for the app to settle, for a child process), so
# four test processes keep the two cores busy: 1,169 tests took 4 min on -n 4, 6-10 on -n 2.
WORKERS ?= 4
# Tests sharing a built fixture (a module's index, the 50 MB article) run on one worker, and
# the slow layers start first (tests/conftest.py).
XDIST := -n $(WORKERS) --dist loadgroup --no-loadscope-reorder

# Keep compiled modules and pytest's rewritten test modules between runs (a second run then
# skips recompiling them in every test process), even where the environment says not to.
unexport PYTHONDONTWRITEBYTECODE

# The fast layers for the edit-test loop: lint, import contracts, types, unit, CLI and Pilot tests.
check: $(TEST_STAMP) lint typecheck
	$(BIN)/pytest -q $(XDIST) tests/core tests/cli tests/app $(PYTEST_ARGS)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,spacy,bench]'
	touch $(RUN_STAMP) $@

# tmux and sshd for the end-to-end tests; installed only when missing (needs root, as on CI).
system-tools:
	@bash scripts/ensure-system-tools

lint: $(TEST_STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check tui tests benchmarks
	$(BIN)/ruff format --check tui tests benchmarks

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

# Unit, CLI, Pilot and hardening tests on both cores; then the end-to-end tests (tmux, sshd,
# a browser) one at a time, as they time what a real terminal shows. (Beside the others, on
# one worker, `pytest $(XDIST)` alone, they passed once under load, after tests/e2e/terminal.py
# stopped passing xdist's COLUMNS/LINES on; kept apart until more runs prove it.)
pytest: $(TEST_STAMP)
	$(BIN)/pytest -q $(XDIST) -m "not e2e" $(PYTEST_ARGS)
	$(BIN)/pytest -q -m e2e $(PYTEST_ARGS)

bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks $(if $(TIERS),--tiers $(TIERS),) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
