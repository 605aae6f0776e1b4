# Kabar Desa. Every target installs what it needs first (Python venv, packages).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test test-fast bench browser-deps clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

serve: $(STAMP)  ## preview at http://127.0.0.1:8000 (drafts shown, marked; only changed pages rebuilt)
	$(BIN)/mkdocs serve --dirty

build: $(STAMP)  ## the public site into site/ (swapped in whole, only when the build succeeds)
	rm -rf .site-new
	$(BIN)/mkdocs build --strict -d .site-new
	rm -rf site && mv .site-new site

check: $(STAMP)  ## validate registries and stories
	$(BIN)/kabardesa check

browser-deps:  ## Chromium (apt, as root) and the Node checkers, when missing
	bash tools/install-browser-deps.sh

test: $(DEV_STAMP) browser-deps  ## every test: unit, build, browser
	$(BIN)/python -m pytest -q

test-fast: $(DEV_STAMP)  ## unit tests only
	$(BIN)/python -m pytest -q -m "not build and not browser"

bench: $(DEV_STAMP)  ## scale benchmark (BENCH_N=1000,3000,10000)
	$(BIN)/python -m bench

clean:
	rm -rf site .pytest_cache bench/work
