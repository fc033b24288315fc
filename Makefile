# ipanalysis — every target sets up its own virtual environment from the lock file.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help setup test reports reproduce-check bench lab lint data clean-venv

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name ipanalysis --display-name "Python (ipanalysis)" >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the locked versions (done by every other target)

PROCESSED := data/processed/figures.csv data/processed/reference_rates.csv data/processed/checks.csv data/processed/relations.csv data/processed/sources.csv

$(PROCESSED) &: $(wildcard data/raw/*.csv) $(wildcard src/ipanalysis/*.py src/ipanalysis/*/*.py) $(STAMP)
	$(BIN)/ipanalysis process

data: $(PROCESSED) ## Validate data/raw/ and write data/processed/ (when raw data or code changed)

test: $(STAMP) ## Run the whole test suite (lint, unit, property, notebooks)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval-lax -p no:cacheprovider -q notebooks

reports: data ## Build the reports that are out of date into reports/ (HTML, PDF, notebooks, index)
	$(BIN)/ipanalysis build

reproduce-check: data ## Rebuild every report from scratch in a temporary folder and diff it with reports/
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BIN)/ipanalysis build --force --fresh-kernels --output-dir "$$tmp" && \
	diff -r --exclude=.build.lock --exclude=.failed "$$tmp" reports && \
	echo "reproduce-check: reports/ is byte-for-byte what the current code and data build"

bench: data ## Benchmark the build against plain papermill/nbconvert and at scale (several minutes)
	$(BIN)/python benchmarks/bench.py

lab: $(STAMP) ## Open JupyterLab with the project's kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks

lint: $(STAMP) ## ruff over the code
	$(BIN)/ruff check src tests benchmarks

clean-venv: ## Remove .venv (the next target re-creates it)
	rm -rf $(VENV)
