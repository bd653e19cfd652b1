# chipwatch: every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test lint bench eval browser clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/chipwatch entities data/raw --format table

# The report's browser test needs Debian's chromium + chromium-driver. `make test` never
# installs them: without them that one test is reported as skipped, with the reason.
# `make browser` installs them (as root, through apt-get) and says so first.
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then \
	  echo "make: chromium and chromedriver are already installed"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "make: installing the Debian packages chromium and chromium-driver (apt-get, about 300 MB)"; \
	  echo "make: they are only needed by the report's headless-browser test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else \
	  echo "make: chromium is not installed; as root, run: apt-get install chromium chromium-driver"; \
	fi

test: install
	$(BIN)/python -m pytest -rs

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: install
	$(BIN)/python benchmarks/bench.py

eval: install
	$(BIN)/python benchmarks/eval.py

clean-venv:
	rm -rf $(VENV)
