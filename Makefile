# Kabar Desa. Every target installs what it needs first (Python venv, packages).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# The second engine, ProperDocs 1.6.7, in its own venv (the build tests run on both).
PD_VENV  := .venv-properdocs
PD_BIN   := $(PD_VENV)/bin
PD_STAMP := $(PD_VENV)/.installed
# Build tests that also run on ProperDocs; test_dirty_rebuild drives MkDocs' Python API directly.
PROPERDOCS_TESTS := -m "build and not browser" --ignore=tests/test_dirty_rebuild.py tests
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build check lint lint-baseline test test-fast test-properdocs bench bench-web browser-deps clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(PD_STAMP): requirements-properdocs.txt requirements-dev.txt requirements.txt pyproject.toml
	test -x $(PD_BIN)/python || $(PYTHON) -m venv $(PD_VENV)
	$(PD_BIN)/pip install -q --disable-pip-version-check -r requirements-properdocs.txt
	$(PD_BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

PORT ?= 8000
# The web form's local backend (decap-server, from `npm ci`; see tools/local_form.py) writes stories
# straight into stories/; it runs beside the preview and is stopped with it.
# The web form's local backend (decap-server) for the preview; skipped, with one line, without npm.
FORM_SERVER := node_modules/decap-server/dist/index.js
$(FORM_SERVER): package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent \
	  || echo "peringatan: npm ci gagal; formulir /kirim/ di pratinjau belum bisa menyimpan"; \
	else echo "catatan: Node.js/npm tidak ada; pratinjau berjalan, tetapi formulir /kirim/ belum bisa menyimpan"; fi

serve: $(STAMP) $(FORM_SERVER)  ## preview at http://127.0.0.1:8000, the web form at /kirim/ (another port: make serve PORT=8001; drafts shown, marked; only changed pages rebuilt)
	@$(BIN)/python tools/local_form.py & form=$$!; trap 'kill $$form 2>/dev/null' EXIT INT TERM; \
	$(BIN)/mkdocs serve --dirty -a 127.0.0.1:$(PORT)

build: $(STAMP)  ## the public site into site/ (the hook builds beside it and swaps it in whole, only on success)
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## validate registries and stories
	$(BIN)/kabardesa check

browser-deps:  ## Chromium (apt, as root) and the Node checkers, when missing
	bash tools/install-browser-deps.sh

lint: $(DEV_STAMP)  ## ruff and mypy (older findings are tolerated by the baseline in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/mypy

lint-baseline: $(DEV_STAMP)  ## rewrite the lint baseline from today's findings and list them per file
	$(BIN)/python tools/lint_baseline.py --write

test: lint browser-deps $(PD_STAMP)  ## lint, every test on MkDocs (unit, build, browser), the build tests on ProperDocs
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory test-properdocs

test-properdocs: $(PD_STAMP)  ## the build tests on ProperDocs 1.6.7
	KD_ENGINE=properdocs $(PD_BIN)/python -m pytest -q $(PROPERDOCS_TESTS)

test-fast: $(DEV_STAMP)  ## unit tests only
	$(BIN)/python -m pytest -q -m "not build and not browser"

bench: $(DEV_STAMP)  ## scale benchmark (BENCH_N=1000,3000,10000)
	$(BIN)/python -m bench

bench-web: $(DEV_STAMP) browser-deps  ## Lighthouse performance of five pages, median of three (BENCH_WEB_RUNS)
	$(BIN)/python bench/web.py

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache bench/work
