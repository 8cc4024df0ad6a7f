# Quickstart: `make demo` and `make test` set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
EXAMPLE := examples/digital_tokushima.toml
SECOND_EXAMPLE := examples/kanagawa_health.toml

.PHONY: demo test lint typecheck pytest bench fuzz clean images

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kpiplan needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(RUN_STAMP)

# The main job: validate the example plans and export them in every available format
# (the second, Kanagawa's, into build/kanagawa/).
demo: $(RUN_STAMP)
	@mkdir -p build/kanagawa
	$(BIN)/kpiplan check $(EXAMPLE)
	$(BIN)/kpiplan exporters
	$(BIN)/kpiplan export $(EXAMPLE) --format all -o build/
	$(BIN)/kpiplan check $(SECOND_EXAMPLE)
	$(BIN)/kpiplan export $(SECOND_EXAMPLE) --format all -o build/kanagawa/

# lint-imports checks the import rules in pyproject.toml ([tool.importlinter]).
lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests examples benchmarks tools
	$(BIN)/ruff format --check src tests examples benchmarks tools
	$(BIN)/lint-imports --no-cache

typecheck: $(TEST_STAMP)
	$(BIN)/mypy
	$(BIN)/mypy tools

pytest: $(TEST_STAMP)
	$(BIN)/python -m pytest

test: lint typecheck pytest

# Every goal of issue #16 in one run, ending with a table of each goal met or MISSED
# (benchmarks/README.md says what each figure is and how long the run takes).
bench: $(RUN_STAMP)
	$(BIN)/python -u benchmarks/bench.py

# Fuzz every loader (JSON, TOML, xlsx) for FUZZ_SECONDS; crashes are saved in build/.
FUZZ_SECONDS ?= 300
fuzz: $(TEST_STAMP)
	$(BIN)/python -m tests.fuzz --seconds $(FUZZ_SECONDS) --crash-dir build/fuzz-crashes

# Every picture README.md, README.ja.md and docs/*.md show, rendered from the example
# plans by tools/render_images.py (pages found by their text, workbook pages cropped to
# their printed content). Needs pdftoppm and pdftotext, LibreOffice Calc, chromium and
# IPAex Gothic: apt-get install poppler-utils libreoffice-calc-nogui chromium
# fonts-ipaexfont-gothic. It names what is missing and exits non-zero.
images: $(RUN_STAMP)
	$(BIN)/python tools/render_images.py

clean:
	rm -rf build $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis .import_linter_cache
