# prevent-docs: `make demo` ingests the bundled corpus and serves it; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := data/prevent.db
PORT ?= 8001

.PHONY: demo test install install-test ingest serve bench lint clean

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

bench: install-test
	$(BIN)/python benchmarks/run.py

lint: install-test
	$(BIN)/python -m compileall -q prevent_docs extractors schemas tests

clean:
	rm -rf $(VENV) data *.egg-info
