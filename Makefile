# schemac: `make demo` runs the main job, `make test` runs every test (what CI runs).
# Both set up .venv on first use: everything comes from this repository's own files.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
VSCODE  = editors/vscode
VSIX   ?= build/schemac-schema.vsix

.PHONY: setup editors demo test lint typecheck unit editors-test vsix goldens bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/.installed

# The VS Code extension's tools (vscode-tmgrammar-test, vscode-textmate, vsce, TypeScript,
# esbuild) and its language client (vscode-languageclient), from the committed lock file;
# installed again only when the lock file changes.
$(VSCODE)/node_modules/.installed: $(VSCODE)/package-lock.json
	cd $(VSCODE) && npm ci --ignore-scripts --no-audit --no-fund --prefer-offline
	touch $@

editors: $(VSCODE)/node_modules/.installed

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

# SCHEMAC_EDITOR_TESTS=require: a missing editor tool (node, vim) fails the editor tests
# instead of skipping them. The scale tests (12,000 tables: mostly PostgreSQL's work) run
# in a second pytest beside the rest (mostly Python's), which halves the wall time on two
# cores; their output follows the rest's, and either failing fails the target.
SCALE_TESTS = tests/integration/test_scale.py

unit: setup editors
	@mkdir -p build
	@$(BIN)/pytest -q -p no:cacheprovider $(SCALE_TESTS) >build/scale-tests.log 2>&1 & scale=$$!; \
	SCHEMAC_EDITOR_TESTS=require $(BIN)/pytest -q --ignore=$(SCALE_TESTS); rest=$$?; \
	echo "waiting for the scale tests ($(SCALE_TESTS))..."; wait $$scale; status=$$?; \
	cat build/scale-tests.log; test $$rest -eq 0 && test $$status -eq 0

# The editor tests alone: TextMate grammar (unit assertions, snapshots, the corpus), Vim
# syntax and indentation, the Pygments lexer, the language client, the .vsix.
editors-test: setup editors
	SCHEMAC_EDITOR_TESTS=require $(BIN)/pytest -q tests/editors

# The VS Code extension, packaged (about 120 KB): code --install-extension $(VSIX)
# vsce runs the manifest's vscode:prepublish first: tsc type-checks the language client and
# esbuild bundles it, with vscode-languageclient, into out/extension.js.
vsix: editors
	@mkdir -p $(dir $(VSIX))
	cd $(VSCODE) && node_modules/.bin/vsce package --no-dependencies \
		--allow-missing-repository --out $(abspath $(VSIX)) </dev/null

# Rewrite every golden file from the current output (review the diff before committing).
goldens: setup
	$(BIN)/pytest -q --update-goldens tests/golden tests/integration/test_diff_goldens.py \
		tests/unit/plan

bench: setup
	$(BIN)/python bench/check_bench.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
	rm -rf $(VSCODE)/node_modules $(VSCODE)/out
