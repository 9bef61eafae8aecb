# The two commands of the README: `make run` and `make test`. Both create the environment
# (.venv, from the lock file) when it is missing or older than the lock file.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint lock clean bench

run: $(STAMP)
	$(BIN)/qdx ingest data/raw --out data/processed

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy pipeline extractors normalizers flows
	$(BIN)/pytest -q

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# The flow's overhead over the library on a generated corpus of 1,000 documents (several minutes);
# writes docs/benchmarks.md.
bench: $(STAMP)
	$(BIN)/python bench/flow_bench.py --docs 1000

# Re-resolve the lock file after changing dependencies in pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) data/processed/*/ data/processed/_manifest.json
