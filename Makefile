# ChipWar Lens — two commands to set up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
RAW    := data/raw
OUT    := data/processed

INSTALLED      := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

PIPELINE_FILES := $(shell find dashboard/pipeline -name "*.py" 2>/dev/null) $(wildcard data/lexicon/*) $(shell find $(RAW) -type f 2>/dev/null)

.PHONY: run test data lint browser clean-venv bench bench-profile bench-browser eval

run: $(INSTALLED) $(OUT)/meta.json  ## serve the dashboard on http://localhost:$(PORT)
	$(BIN)/streamlit run dashboard/app.py --server.port $(PORT) --server.headless true

# A fresh temp root per run: pytest's own clean-up of old numbered temp folders recurses per level
# and can trip over a deep leftover folder from an interrupted run.
test: $(TEST_INSTALLED) browser  ## run the whole suite (unit, app and real-browser tests)
	$(BIN)/python -m pytest -q --basetemp="$$(mktemp -d "$${TMPDIR:-/tmp}/chipwar-tests.XXXXXX")"

data: $(INSTALLED)  ## rebuild data/processed from data/raw
	$(BIN)/python -m dashboard.pipeline build --input $(RAW) --output $(OUT)

bench: $(INSTALLED)  ## benchmark the build (BENCH_SIZE=100000 make bench for the full run; see docs/benchmarks.md)
	$(BIN)/python -m dashboard.bench --json data/bench/results.json

# Where a build's time goes: one workers=0 build of PROFILE_SIZE articles under pyinstrument, and
# bare rjieba on the same text (docs/benchmarks.md, "Profile"); HTML and text trees in data/bench/.
PROFILE_SIZE ?= 2000
bench-profile: $(INSTALLED)  ## per-stage and per-function profile of a build (PROFILE_SIZE=2000)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python -m dashboard.bench.profile --size $(PROFILE_SIZE) --json data/bench/profile-$(PROFILE_SIZE).json

# The real-browser checks on a benchmark output (run `BENCH_SIZE=100000 make bench` first).
SCALE_SIZE ?= 100000
bench-browser: $(TEST_INSTALLED) browser  ## browser latency on the seed corpus, then browser tests against data/bench/out-$(SCALE_SIZE)
	$(BIN)/python -m dashboard.bench.latency --json data/bench/latency.json
	CHIPWAR_SCALE_DATA=data/bench/out-$(SCALE_SIZE) $(BIN)/python -m pytest -q -p no:cacheprovider tests/browser/test_browser_scale.py

# Real articles annotated by a careful reader (third-party text, kept outside the repository).
REALTEXT ?= ../shared/realtext
eval: $(INSTALLED)  ## build the annotated real articles and score figures, outlets, language and metadata
	$(BIN)/python -m dashboard.bench.evaluate --input $(REALTEXT)

lint: $(TEST_INSTALLED)  ## ruff, and the architecture contracts (import-linter, see pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check dashboard tests
	$(BIN)/lint-imports

# Build the tables only when they are missing or older than the raw data, lexicons or pipeline.
$(OUT)/meta.json: $(PIPELINE_FILES) | $(INSTALLED)
	$(BIN)/python -m dashboard.pipeline build --input $(RAW) --output $(OUT)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(TEST_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# Browser tests drive Debian's chromium through Playwright; never `playwright install` (no downloads here).
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'noto.*cjk'; then \
		echo "installing Debian chromium and CJK fonts for the browser tests"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

clean-venv:
	rm -rf $(VENV)
