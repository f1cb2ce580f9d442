# schemac: `make demo` runs the main job, `make test` runs every test (what CI runs).
# Both set up .venv on first use: everything comes from this repository's own files.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: setup demo test lint typecheck unit goldens bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/.installed

demo: setup
	$(BIN)/schemac check examples/*
	$(BIN)/schemac fmt --check examples
	@mkdir -p build/demo
	$(BIN)/schemac compile examples/blog.schema -o build/demo/blog.sql
	$(BIN)/schemac compile examples/saas --schema tenant_acme -o build/demo/saas.sql
	$(BIN)/schemac compile examples/analytics -o build/demo/analytics.sql
	@echo "compiled the examples into build/demo/; the blog's SQL:"
	@cat build/demo/blog.sql

test: setup lint typecheck unit

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -q

# Rewrite every golden file from the current output (review the diff before committing).
goldens: setup
	$(BIN)/pytest -q --update-goldens tests/golden

bench: setup
	$(BIN)/python bench/check_bench.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
