# The two set-up commands of the README: `make lab` and `make test`. Everything else is a helper of those.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: lab test lint bench install install-test chromium node clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# pip builds the JupyterLab extension (labextension/) with Node.js during the install.
node:
	@if command -v node >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	else echo "Node.js >= 20 is needed to build the JupyterLab extension: install it, then run make again"; exit 1; fi

# Runtime install (editable): what a student or teacher needs to run the tutor.
install: $(BIN)/python node
	$(BIN)/python -m pip install -q -e .

# The main job: JupyterLab on the quickstart notebook. Offline by default (SymPy step tutor) until an R1 host is set.
lab: install
	$(BIN)/jupyter lab notebooks/quickstart.ipynb $$([ "$$(id -u)" = 0 ] && echo --allow-root)

install-test: $(BIN)/python node
	$(BIN)/python -m pip install -q -e '.[test]'

# Browser tests drive Debian's Chromium with Playwright (no browser download).
chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Chromium is missing: run 'sudo apt-get install chromium' (browser tests need it)"; fi

lint: install-test
	$(BIN)/ruff check tutor tests
	$(BIN)/mypy tutor

test: install-test chromium lint
	$(BIN)/python -m pytest

# Speed, measured side by side against a baseline (see tests/benchmarks/README.md). Not part of `make test`.
bench: install-test
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	$(BIN)/python -m pytest tests/benchmarks -p no:cacheprovider -s -o addopts="" -o testpaths=tests/benchmarks

clean:
	rm -rf $(VENV) build dist *.egg-info tests/artifacts
