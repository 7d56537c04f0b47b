# BackCoach: the two commands that set everything up on a fresh machine.
#   make run   - create .venv if needed, install, migrate, start the bot (local mode without a token)
#   make test  - create or update .venv, lint, type-check the core, run the whole test suite
#   make pictures - draw every exercise picture (through the cache) and the review sheet under data/pictures/
#   make messages - extract every user-facing string into locales/messages.pot and update each language's .po
#   make lock  - rewrite requirements.lock (exact versions with their hashes) from pyproject.toml's ranges
# Both run and test install from requirements.lock (pip --require-hashes): the versions that were tested.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench pictures messages lock clean

LOCK := requirements.lock

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# exec: the shell hands its process over to the bot, so a signal to it reaches the bot alone
run: $(STAMP)
	exec $(BIN)/python -m bot

lint: $(STAMP)
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench

pictures: $(STAMP)
	$(BIN)/python -m pictures

messages: $(STAMP)
	$(BIN)/python -m locales.extract --update

lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'pip-tools>=7.4,<8'
	$(BIN)/pip-compile --quiet --generate-hashes --extra dev --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o $(LOCK) pyproject.toml

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
