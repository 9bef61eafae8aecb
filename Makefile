# The two commands of the README: `make run` and `make test`. Both create the environment
# (.venv) when it is missing or older than its lock file: `make run` installs the runtime
# dependencies only (requirements-run.lock), `make test` the runtime and the dev ones
# (requirements.lock, a superset at the same versions), adding to a runtime .venv what it lacks.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip install --disable-pip-version-check --progress-bar off

.PHONY: run test test-fast lint lock clean bench docs corpus

run: $(RUN_STAMP)
	$(BIN)/qdx ingest data/raw --out data/processed

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy pipeline extractors normalizers flows
	$(BIN)/pytest -q

# The same checks without the slow tests (Prefect, Dask, S3, the temporary server): for the edit
# loop. `make test` stays the full suite, and it is what CI runs.
test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy pipeline extractors normalizers flows
	$(BIN)/pytest -q -m "not slow"

$(RUN_STAMP): requirements-run.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing qdx's runtime dependencies into $(VENV): $$(grep -c '==' requirements-run.lock) pinned packages from requirements-run.lock (a few minutes on a fresh .venv)"
	$(PIP) -r requirements-run.lock
	$(PIP) --no-deps -e .
	touch $(RUN_STAMP)

# The dev environment holds the runtime one: its stamp stands for both.
$(STAMP): requirements.lock requirements-run.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing qdx's runtime and dev dependencies into $(VENV): $$(grep -c '==' requirements.lock) pinned packages from requirements.lock (those already there are kept)"
	$(PIP) -r requirements.lock
	$(PIP) --no-deps -e .
	touch $(RUN_STAMP) $(STAMP)

# Throughput, memory and growth by format (10, 100, 1,000 documents; PDF capped at 100, about
# 0.4 s a PDF), the libraries' own cost on the same files, the flow at 100 documents (bench/run.py),
# then the flow's overhead at 1,000 documents (bench/flow_bench.py, embedded as a section) and the
# per-file PDF comparison on half the samples' and half the corpus's gazette PDFs, beside
# pdfplumber, pypdfium2 and PyMuPDF (bench/pdf_bench.py, docs/benchmarks-pdf.md). Needs
# LibreOffice (soffice) for the PDF corpus. Writes docs/benchmarks.md. Last, the DOCX reader's
# seconds per file (bench/docx_bench.py) on tests/fixtures/formats, or on DOCX_BENCH_DIRS, next to
# another checkout's reader when DOCX_BENCH_AGAINST names one (e.g. a worktree of main). Then the
# real web copies of ../shared/corpus/text against a floor (read + NFC + numbers + one Parquet
# file) and the CLI's start-up (bench/text_bench.py, docs/benchmarks-text.md; issue 15). Then one
# core against two: the library path with --workers 1 and 2 on the same files, medians of three
# alternating runs each (bench/cores_bench.py, docs/benchmarks-cores.md; issue 15). Then an
# analyst's DuckDB/polars query over the datasets as `qdx ingest` writes them against one file
# and one file a partition (bench/query_bench.py, docs/benchmarks-query.md), at QUERY_BENCH_DOCS
# generated documents, beside another checkout's layout when QUERY_BENCH_BEFORE names one. The
# whole of it took 68 minutes on an idle 2-core machine (2026-12-03), 27 of them the ingest of
# 10,000 documents.
BENCH_SIZES ?= 10,100,1000
DOCX_BENCH_DIRS ?=
DOCX_BENCH_AGAINST ?=
BENCH_MAX_PDF ?= 100
QUERY_BENCH_DOCS ?= 1000,10000
QUERY_BENCH_BEFORE ?=
# The PDF comparison: every PDF_BENCH_EVERY-th PDF by name of the samples' and of the corpus's
# gazette PDFs (2: 3 of 5 and 30 of 60, 867 pages; pdfplumber's text and tables about 0.18 s a
# page), beside PyMuPDF, installed for the benchmark alone under bench/.libs (no dependency of
# qdx; --no-deps: its pymupdf-layout is not on this registry, and plain text needs none).
PDF_BENCH_CORPUS ?= ../shared/corpus/pdf
PDF_BENCH_EVERY ?= 2
PYMUPDF_VERSION ?= 2.1
bench: $(STAMP)
	$(BIN)/python bench/flow_bench.py --docs 1000 --output bench/.flow-section.md
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES) --max-pdf $(BENCH_MAX_PDF) --flow-section bench/.flow-section.md
	rm -f bench/.flow-section.md
	test -d bench/.libs/pymupdf || $(PIP) --quiet --no-deps --target bench/.libs pymupdf==$(PYMUPDF_VERSION) \
		|| echo "PyMuPDF not installable here: compared without it"
	PYTHONPATH=bench/.libs $(BIN)/python bench/pdf_bench.py --repeat 1 --no-warm-up --dir tests/fixtures/formats --dir $(PDF_BENCH_CORPUS) --every $(PDF_BENCH_EVERY) --runs ours,pdfplumber,pypdfium2,PyMuPDF
	$(BIN)/python bench/docx_bench.py $(addprefix --dir ,$(DOCX_BENCH_DIRS)) $(if $(DOCX_BENCH_AGAINST),--against $(DOCX_BENCH_AGAINST))
	$(BIN)/python bench/text_bench.py
	$(BIN)/python bench/cores_bench.py
	$(BIN)/python bench/query_bench.py --docs $(QUERY_BENCH_DOCS) $(if $(QUERY_BENCH_BEFORE),--before $(QUERY_BENCH_BEFORE))

# Regenerate docs/datasets.md from the record classes (pipeline/records.py) and the registry of
# checks (pipeline.kinds.Check); tests/unit/pipeline/test_docgen.py fails while it is stale.
docs: $(STAMP)
	$(BIN)/python -m pipeline.docgen

# Measure qdx on the development corpus (issue 13): ingest CORPUS into a fresh .corpus-out/ and
# write docs/corpus.md (files read and failed, fill rates, agreement with labels.csv, time per
# document, tracebacks, error findings) with bench/corpus_report.py. A few minutes.
CORPUS ?= ../shared/corpus
corpus: $(STAMP)
	@test -d "$(CORPUS)" || { echo "make corpus: corpus folder not found: $(CORPUS) (set CORPUS=...)" >&2; exit 2; }
	$(BIN)/python bench/corpus_report.py --corpus "$(CORPUS)" --out .corpus-out --output docs/corpus.md

# Re-resolve the lock files after changing dependencies in pyproject.toml (needs uv, e.g.
# `python3.11 -m venv /tmp/uv && /tmp/uv/bin/pip install uv`; UV=/tmp/uv/bin/uv make lock): the dev
# lock first, then the runtime lock constrained by it, so that the runtime lock is a subset of the
# dev lock at the same versions (tests/unit/test_locks.py checks it).
UV ?= uv
lock:
	$(UV) pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock
	$(UV) pip compile pyproject.toml --python-version 3.11 -c requirements.lock -o requirements-run.lock

clean:
	rm -rf $(VENV) data/processed/*/ data/processed/_manifest.json
