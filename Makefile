# pkobs — one command to run it, one to test it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck unit bench system-deps clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

system-deps:
	bash .ci/system-deps

run: install
	bash scripts/run.sh "$(HOST)" "$(PORT)"

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

typecheck: install
	$(BIN)/mypy

unit: install system-deps
	$(BIN)/pytest -n 2

test: lint typecheck unit

bench: install
	bash .ci/system-deps bench
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/indicators.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/serve.py --quick
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
