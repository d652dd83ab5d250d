# The two set-up commands of README.md: `make demo` and `make test`.
# Each creates its own virtual environment with Python >= 3.12 and installs the project.

PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3.13 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "make: no Python >= 3.12 found (set PYTHON=/path/to/python3.12)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The planner's main job: the 2009 programme and each of its interventions alone against no
# programme, 20 seeds each, on the built-in ten villages; ends by naming the report.
demo: $(STAMP)
	$(BIN)/povsim compare scenarios/no-programme.toml scenarios/liaoning-2009.toml \
		scenarios/village-advancement-only.toml scenarios/livestock-rolling-only.toml \
		scenarios/labour-training-only.toml --replications 20 --out out/demo

test: $(STAMP)
	$(BIN)/ruff check sim tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check sim tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/compare_speed.py
	$(BIN)/python benchmarks/sweep_speed.py

clean:
	rm -rf $(VENV) out
