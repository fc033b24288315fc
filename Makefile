# ipanalysis — every target sets up its own virtual environment from the lock file.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help setup nbstripout-filter test reports reproduce-check bench lab lint data clean-venv publish explore

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

SYSTEM_CHECK := $(PYTHON) setup/system_packages.py

$(STAMP): requirements.lock pyproject.toml
	@$(SYSTEM_CHECK) reports
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name ipanalysis --display-name "Python (ipanalysis)" >/dev/null
	@touch $(STAMP)

setup: $(STAMP) nbstripout-filter ## Check system packages, create .venv and install the locked versions (done by every other target)

# notebooks/*.ipynb carry filter=nbstripout in .gitattributes: outputs and execution counts never
# reach git (cell ids and tags stay). Relative paths: git runs filters from the worktree's root.
nbstripout-filter: $(STAMP) ## Configure git's nbstripout filter (done by setup and test)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  keys="$$($(BIN)/python -c 'from ipanalysis.reports.notebook import GIT_EXTRA_KEYS as k; print(" ".join(k))')" && \
	  git config filter.nbstripout.clean "$(BIN)/nbstripout --keep-id --extra-keys '$$keys'" && \
	  git config filter.nbstripout.smudge cat && \
	  git config diff.ipynb.textconv "$(BIN)/nbstripout --keep-id --extra-keys '$$keys' --textconv"; fi

data: $(STAMP) ## Validate data/raw/ and write data/processed/
	$(BIN)/ipanalysis process

test: $(STAMP) nbstripout-filter ## Run the whole test suite (lint, unit, property, notebooks)
	@$(SYSTEM_CHECK) test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest --durations=10
	$(BIN)/python -m pytest --nbval-lax -p no:cacheprovider -q notebooks

reports: $(STAMP) ## Build the reports that are out of date into reports/ (runs the data step when data/raw/ or code changed)
	$(BIN)/ipanalysis build
	@$(MAKE) --no-print-directory publish

publish: data ## Write reports/claims.html, data/datapackage.json and data/ipanalysis.db
	$(BIN)/ipanalysis publish

explore: publish ## Browse data/ipanalysis.db in Datasette on 127.0.0.1 (port: DATASETTE_PORT, 8001)
	$(BIN)/ipanalysis explore

reproduce-check: $(STAMP) ## Rebuild every report from scratch in a temporary folder and diff it with reports/
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BIN)/ipanalysis build --force --output-dir "$$tmp" && \
	$(BIN)/ipanalysis publish --reports-dir "$$tmp" >/dev/null && \
	diff -r --exclude='.build*' --exclude=.failed --exclude=.lock "$$tmp" reports && \
	echo "reproduce-check: reports/ is byte-for-byte what the current code and data build"

bench: data ## Benchmark the build against plain papermill/nbconvert and at scale (several minutes)
	$(BIN)/python benchmarks/bench.py

# As root (a container) Jupyter needs --allow-root; with no display (and no $$BROWSER) it prints the
# address instead of opening a browser; JUPYTER_PORT picks the port.
lab: $(STAMP) ## Open JupyterLab with the project's kernel (port: JUPYTER_PORT, default 8888)
	$(BIN)/jupyter lab --notebook-dir=notebooks --port=$(or $(JUPYTER_PORT),8888) \
	  $(if $(filter 0,$(shell id -u)),--allow-root) \
	  $(if $(DISPLAY)$(WAYLAND_DISPLAY)$(BROWSER)$(filter Darwin,$(shell uname -s)),,--no-browser)

lint: $(STAMP) ## ruff over the code
	$(BIN)/ruff check src tests benchmarks

clean-venv: ## Remove .venv (the next target re-creates it)
	rm -rf $(VENV)
