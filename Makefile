# appeal: build, test and measure.
#
#   make demo    install what is missing, draft translations, build the sample publications
#   make test    run the test suite (pytest, doctests), ruff and mypy
#   make test-minimum  the test suite again on the oldest dependencies appeal supports
#   make lint    ruff and mypy only
#   make bench   compare speed with po4a (see benchmarks/README.md)
#   make system  install the Debian packages (as root; apt runs only if needed)
#   make venv    create .venv and install appeal with its test tools
#   make clean   remove built files (keeps .venv and the catalogs)
#
# On a fresh Debian machine without make, run `sh scripts/setup-system.sh` first.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
# Extra pytest options, e.g. PYTEST_ARGS='-p randomly --randomly-seed=1234' to
# replay the order of an earlier run (the suite runs in random order).
PYTEST_ARGS ?=
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MIN_VENV := .venv-min
MIN_STAMP := $(MIN_VENV)/.installed

.PHONY: help system venv bytecode demo test test-minimum lint bench clean

help:
	@sed -n 's/^#   //p' Makefile

system:
	@sh scripts/setup-system.sh

venv: $(STAMP)

# Reinstall only when the package metadata changes; the install is editable,
# so source edits need no reinstall.
$(STAMP): pyproject.toml | system
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python scripts/package-catalogs.py --compile
	touch $@

# Byte-compile the package: with PYTHONDONTWRITEBYTECODE set, as on some
# machines, every run would otherwise compile it from source again.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q appeal

# Languages no offline engine reaches are left for translators (translate says
# which); the others get fuzzy machine drafts, shown in the draft build.
demo: bytecode
	$(BIN)/appeal translate
	$(BIN)/appeal build --drafts
	@echo
	@echo "Publications built. Open: file://$(CURDIR)/dist/index.html"
	@echo "Coordinators' dashboard (not published): file://$(CURDIR)/review/status.html"
	@echo "Run appeal yourself: $(BIN)/appeal --help, or 'source $(VENV)/bin/activate' first."

# pytest exits 5 when it collects nothing; a run where every test is skipped
# exits 0, so the summary must also report at least one passed test.
test: $(STAMP)
	log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	$(BIN)/pytest -q --doctest-modules $(PYTEST_ARGS) appeal tests | tee "$$log"; \
	grep -Eq '[0-9]+ passed' "$$log" || { echo "make test: no test passed" >&2; exit 1; }
	$(BIN)/ruff check appeal tests benchmarks scripts
	$(BIN)/mypy

# The lower bounds in pyproject.toml, tested: constraints/minimum.txt pins each
# direct dependency to its oldest supported release.
$(MIN_STAMP): pyproject.toml constraints/minimum.txt | system
	test -x $(MIN_VENV)/bin/python || $(PYTHON) -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		-c constraints/minimum.txt -e '.[test]'
	touch $@

test-minimum: $(MIN_STAMP)
	log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	$(MIN_VENV)/bin/pytest -q -p no:cacheprovider --doctest-modules $(PYTEST_ARGS) appeal tests \
		| tee "$$log"; \
	grep -Eq '[0-9]+ passed' "$$log" || { echo "make test-minimum: no test passed" >&2; exit 1; }

lint: $(STAMP)
	$(BIN)/ruff check appeal tests benchmarks scripts
	$(BIN)/mypy

bench: bytecode
	$(BIN)/python benchmarks/bench_po4a.py

clean:
	rm -rf dist review benchmarks/.work .pytest_cache .ruff_cache .mypy_cache .hypothesis
	find locales -name '*.mo' -delete 2>/dev/null || true
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
