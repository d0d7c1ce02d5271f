# The README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# One stamp per set of packages: the demo needs align's own dependencies
# only; the tests add their extras (PyTorch, Ray, Selenium: 2.6 GB more).
CORE   := $(VENV)/.installed-core
TESTX  := $(VENV)/.installed-test

.PHONY: demo test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(CORE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

# '.[test]' installs the core too: its stamp is renewed with this one, so a
# later `make demo` installs nothing.
$(TESTX): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(CORE)

demo: $(CORE)
	$(BIN)/align qa data/seeds -o report.csv

test: $(TESTX)
	$(BIN)/python -m pytest

bench: $(CORE)
	$(BIN)/python benchmarks/qa_speed.py

clean:
	rm -rf $(VENV) report.csv .pytest_cache
