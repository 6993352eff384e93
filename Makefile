# Set-up and entry points. `make demo` and `make test` work on a fresh machine
# with Python 3.11: they create .venv, pre-install the CPU build of torch that
# this machine keeps on disk (when it is there), then install skdfs itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
TORCH_CPU := torch==2.13.0

.PHONY: demo test install install-test bench docs lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The CPU torch build first: the package's own broad `torch>=2.1` range is then
# already satisfied and pip does not pull a multi-GB CUDA build.
$(VENV)/.torch: | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(TORCH_CPU) || \
		echo "note: $(TORCH_CPU) not available here; pip will resolve torch>=2.1"
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.torch
	$(BIN)/python -m pip install --quiet -e ".[table,plot,progress]"
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.torch
	$(BIN)/python -m pip install --quiet -e ".[test,docs,plot,progress]"
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.torch
	$(BIN)/python -m pip install --quiet -e ".[test,bench,plot,progress]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: $(VENV)/.installed
	$(BIN)/skdfs demo

# The whole check, as CI runs it (.ci/run calls this and nothing else): the
# test suite, then lint, then the documentation built with warnings as errors
# (which runs the gallery examples).
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n 2 --dist loadfile -q
	$(BIN)/python -m ruff check skdfs tests benchmarks examples
	$(BIN)/python -m ruff format --check skdfs tests benchmarks examples
	$(BIN)/python -m sphinx -W -q -b html docs docs/_build/html

# Speed of member-batched training, then the quick slice of the quality
# comparison (Boruta and LassoNet come with the bench extra). Run on a quiet
# machine; the full commands are in docs/benchmarks.md.
bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/bench_ensemble.py
	$(BIN)/python benchmarks/bench_quality.py --quick

docs: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	$(BIN)/python -m sphinx -W -b html docs docs/_build/html

lint: $(VENV)/.installed-test
	$(BIN)/python -m ruff check skdfs tests benchmarks examples
	$(BIN)/python -m ruff format --check skdfs tests benchmarks examples

clean:
	rm -rf $(VENV) build dist *.egg-info docs/_build
