# BackCoach: the two commands that set everything up on a fresh machine.
#   make run   - create .venv if needed, install, migrate, start the bot (local mode without a token)
#   make test  - create or update .venv, lint, type-check the core, run the whole test suite
#   make pictures - draw every exercise picture (through the cache) and the review sheet under data/pictures/
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench pictures clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot

lint: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench

pictures: $(STAMP)
	$(BIN)/python -m pictures

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
