"""``docs/datasets.md``, generated from the record classes and the registry of checks.

``python -m pipeline.docgen`` (``make docs``) writes the page; ``--check`` only says whether it is
stale, and a test fails when it is. What a row of each dataset is and what each column means are
the docstrings of :mod:`pipeline.records` (class and fields), the column types are
:func:`pipeline.schema.arrow_schema`'s, the list of checks is :class:`pipeline.kinds.Check`. Only
the prose that belongs to no record (where the files are, the analyst's recipe, how to read them
while a run writes) is kept here, as fixed sections.

This module shapes no record: it is not digested into the extractor version.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

import pyarrow as pa
from pydantic import BaseModel

from pipeline.kinds import Check
from pipeline.records import DATASETS, IssueRecord
from pipeline.schema import arrow_schema

DATASETS_MD = Path(__file__).resolve().parent.parent / "docs" / "datasets.md"
COMMAND = "make docs"  # or python -m pipeline.docgen

_INTRO = """\
Written by `qdx ingest` under `OUT_DIR` (default `data/processed`) as hive-partitioned Parquet:
`<dataset>/province=<slug>/period=<start>-<end>/part-<NNNN>.parquet`, a partition's rows in a
few part files, each document's rows of a dataset in exactly one of them ([How files are laid
out](#how-files-are-laid-out)). The partition columns `province` and `period` are strings and
live only in the paths. The column types below are the Arrow types of the files; they are
derived from the record classes in `pipeline/records.py` (`pipeline/schema.py`), which also
validate every row before it is written. A type ending in `?` is nullable.
"""

# The analyst's recipe: which dataset answers which question (question, dataset, how), then
# what not to do and the code (_ANALYSTS_RECIPE).
_RECIPE_QUESTIONS = (
    (
        "how much, from which source, in which year, for which content area, in which province",
        "`budget`",
        "`sum(amount_vnd)` grouped by what you ask: the rows of one document partition its "
        "budget (no total beside its parts, no review period, no duplicate document); a null "
        "`year` is a figure over the whole period, a null `content_area` a budget not split by "
        "content",
    ),
    (
        "where a figure was printed, and as what",
        "`budget_lines`",
        "every figure as printed, with its raw text, span and page; `budget.budget_line_ids` "
        "names those a `budget` row was chosen from. Never sum it",
    ),
    (
        "what the source itself gets wrong",
        "`issues`",
        "`severity = 'error'`, with its `message`, `expected` and `actual`; and the `budget` "
        "rows with `sources_disagree`",
    ),
    (
        "which decision, when, by whom, in which province now",
        "`documents`",
        "one row per file; `province_current` is the province after the 2025 merger; leave out "
        "the rows with a `duplicate_of`",
    ),
    (
        "what a programme sets out to do",
        "`objectives`, `content_lines`, `targets`",
        "`content_lines.category` is the content area of Nghị định 45/2012/NĐ-CP Điều 4",
    ),
    ("what it cites, replaces or amends", "`legal_refs`", "by `relation`"),
    ("what a run changed", "`runs`", "by `run_id` and `change`"),
)

_ANALYSTS_RECIPE = """\
What not to do:

* **Do not sum `budget_lines`.** It is every figure as printed: a stated total beside its parts
  (`is_total`), the same figure in the prose and in one or two tables, a table's group rows
  beside their children. Summed, Cao Bằng's 2016 comes to several times its 1.8 bn (its
  summary table, its detail table and its prose repeat the same figures) and Bình Phước's
  sources to twice its 20.56 bn. Sum `budget`.
* **Do not mix in review periods.** A programme often reports on the period before it
  (An Giang's Phần I: 2013–2015); those figures are `budget_lines` with `scope = 'review'`,
  never in `budget`. Reading `budget_lines`, filter `scope = 'plan'`.
* **Do not count duplicates.** The same decision twice (a copy, `x.txt` beside `x.docx`) is one
  document: the others carry `documents.duplicate_of`. `budget` has no rows for them; for every
  other dataset, join `documents` on `doc_id` and keep `duplicate_of is null`.
* **Do not add `documents.total_budget_vnd` to `budget`.** It is the programme's stated total,
  which may leave out what `budget` holds (Đồng Nai's is its state budget, without the
  beneficiaries' counterpart funds): compare the two, do not add them.
* **Do not let pandas drop the whole period.** `groupby` drops null keys unless given
  `dropna=False`: a document that gives its budget by source and not by year (Bình Phước) has
  a null `year`. DuckDB and polars keep null keys.

Planned budget by province, year and source, with pandas:

```python
from pipeline import read_dataset

budget = read_dataset("budget", "data/processed")
planned = budget.groupby(["province", "year", "funding_source"], dropna=False)["amount_vnd"].sum()
issues = read_dataset("issues", "data/processed")
errors = issues[issues["severity"] == "error"][["province", "doc_id", "check", "message"]]
```

polars:

```python
import polars as pl

budget = pl.scan_parquet("data/processed/budget/**/*.parquet", hive_partitioning=True)
planned = budget.group_by("province", "year", "funding_source").agg(pl.col("amount_vnd").sum())
planned.sort("province", "year", "funding_source").collect()
```

DuckDB (the province after the 2025 merger from `documents`; a sum is a `hugeint`, cast back to
`bigint` for pandas to keep integers; `check` is an SQL keyword):

```sql
select d.province_current, b.year, b.funding_source, sum(b.amount_vnd)::bigint as amount_vnd
from read_parquet('data/processed/budget/**/*.parquet', hive_partitioning = true) b
join read_parquet('data/processed/documents/**/*.parquet', hive_partitioning = true) d
  using (doc_id)
group by all
order by all;

select province, doc_id, "check", message
from read_parquet('data/processed/issues/**/*.parquet', hive_partitioning = true)
where severity = 'error';
```

The example notebook `notebooks/budget.py` (a jupytext percent script) answers three questions
on the bundled sample with pandas, DuckDB and polars: the planned budget by province, year and
source; the budget by content area; which documents have source errors, with the printed
figures behind each `budget` row whose sources disagree. `make test` executes it
(`tests/integration/test_notebook.py`), so it cannot go stale. After `make run`,
`.venv/bin/python notebooks/budget.py` prints its tables, and `.venv/bin/jupytext --to ipynb
notebooks/budget.py && .venv/bin/jupyter-execute --inplace notebooks/budget.ipynb` makes a
notebook with its outputs (`QDX_OUT_DIR` names another output folder).
"""

# Each dataset's row key and how it joins the others (dataset, key, joins): `_joins`.
_JOIN_KEYS = (
    ("documents", "`doc_id`", "every other dataset, on `doc_id`"),
    ("sections", "`doc_id`, `section_id`", "itself on `doc_id`, `parent_id` = `section_id`"),
    ("objectives", "`doc_id`, `objective_id`", "`sections` on `doc_id`, `section_id`"),
    ("content_lines", "`doc_id`, `line_id`", "`sections` on `doc_id`, `section_id`"),
    ("targets", "`doc_id`, `target_id`", "`documents` on `doc_id`"),
    (
        "budget_lines",
        "`doc_id`, `budget_line_id`",
        "`sections` on `doc_id`, `section_id`; itself on `doc_id`, `parent_row_id` = `row_id`",
    ),
    (
        "budget",
        "`doc_id`, `budget_id`",
        "`budget_lines` on `doc_id` and each of `budget_line_ids` = `budget_line_id`",
    ),
    ("legal_refs", "`doc_id`, `ref_id`", "`sections` on `doc_id`, `section_id`"),
    ("issues", "none (several rows a document and check)", "`documents` on `doc_id`"),
    ("runs", "`run_id`, `doc_id`", "`documents` on `doc_id` (a removed document has none)"),
)

_JOINING = """\
Every row carries its document's `doc_id` and, except in `runs`, its partition columns
`province` and `period`, so a plain `merge` of two datasets on `doc_id` gives `province_x` and
`province_y`: join on the keys below, and take `province` and `period` from one side only (or
join on `doc_id`, `province`, `period`, which a document shares across its datasets).
`read_dataset` does that for columns of `documents`:

```python
from pipeline import read_dataset

lines = read_dataset("budget_lines", "data/processed", with_documents=["title", "issue_date"])
```

gives each budget line with its document's title and issue date beside it, one row per line.

pandas types: `read_dataset` gives strings as `str`, integers as `Int64` (nullable, so amounts
in VND stay whole đồng), dates (`issue_date`, `ref_date`) and timestamps as `datetime64` (UTC for
timestamps), and the decimals `value` and `value_max` (a number in its printed unit: 4.112 for
"4,112 tỷ đồng") as `Float64`; the exact amount is `amount_vnd`. `exact=True` keeps the Parquet's
values: `datetime.date` and `decimal.Decimal` objects, as `pd.read_parquet` gives them.
"""


def _joins() -> str:
    lines = [
        "## Joining datasets",
        "",
        _JOINING,
        "| dataset | a row's key | joins |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{d}` | {key} | {joins} |" for d, key, joins in _JOIN_KEYS]
    return "\n".join(lines) + "\n"


_LAYOUT = """\
## How files are laid out

Within each partition folder a dataset's rows are in part files, `part-0000.parquet`,
`part-0001.parquet`, … A run writes its documents in batches (`--batch-size`, 20 files by
default) and writes a batch's rows together: for each dataset and partition the batch touches,
the partition's last part is rewritten whole with its rows and the batch's (a temporary file
renamed over it), or, once that part is over 4 MiB (`pipeline.store.writer.PART_BYTES`), a new
part is started. A full ingest therefore writes each row a bounded number of times (it is linear
in the corpus, not quadratic), and a partition holds one part until it passes 4 MiB of one
dataset's rows. A document re-extracted with other rows, removed, or moving to another province
or period is first taken out of the part that held it (that part rewritten without its rows,
or removed when none are left), and only then written to its new part: its rows are never in
two files, neither after a run nor after a killed one, so a glob over the files never counts a
figure twice. Which part holds a document's rows is read from the parts' `doc_id` columns (one
listing of OUT_DIR a batch; a file's ids are read once per process). A batch's files are made
durable together: written under temporary names, one `syncfs(2)` (an `fsync` of each file where
there is none), renamed, one more `syncfs` for the renames, and only then does the manifest
record the batch.

Why so: the contract wants the `province=`/`period=` folders, and an analyst's query costs about
a file open and a footer read per file. With one file per document and dataset (the layout before,
version 1 of the manifest's `schema_version`), an ingest of the 1,000 generated bench documents
left 1,000 `budget_lines` files (8,252 files in all) and DuckDB's `GROUP BY` over them took 556 ms
against 12 ms over the same rows in one file (47×; polars 36×); in part files it leaves 315 (2,772
in all) and takes 339 ms (32×; polars 22×), 669 s of ingest against 781 s on the same loaded
machine ([benchmarks-query.md](benchmarks-query.md)). 315 is the number of partitions: the bench
corpus spreads 1,000 documents over 315 province × period folders, 3.2 a partition, and even the
same rows written as exactly one file a partition take 256 ms (24×), about 0.8 ms a file. The
fewest files the contract allows is one a partition, so at this size the "within 3× of one file"
target is out of reach without leaving the contract's folders; the files as written are at that
floor (one part a partition until a partition passes 4 MiB of a dataset's rows). On an idle
machine (`make bench`, 2026-12-03) the same query over the files as written was 14.2× one file
at 1,000 documents (floor 13.2×) and 4.0× at 10,000 (floor 3.7×; DuckDB 109.5 ms against
27.2 ms; polars 4.0×, floor 3.5×): the corpus keeps its 315 partitions, now 32 documents each, so
the files stay 315 while the one file grows, and the ratio falls as partitions fill. Reaching 3×
at those sizes needs fewer files than partitions, a change of the contract's folders
([benchmarks.md](benchmarks.md#where-a-target-is-not-met-what-the-profile-shows-and-what-it-would-take)).

An output written by an older qdx (manifest `schema_version` 1, a file `<key>.parquet` per
document) is read as it is (`read_dataset` and globs alike: each of those files is one
document's rows), and the next run converts it before its own work, 200 documents at a time:
each document's rows moved into the parts like any rewritten document (pending in the manifest
meanwhile, so that a run killed during the conversion redoes them), without extracting anything
again. The manifest is then saved as version 2, which an older qdx refuses.
"""


_READING_WHILE_A_RUN_WRITES = """\
## Reading while a run writes

A run never leaves a half-written file: each file is written under a hidden temporary name
(`.qdx-<32 hex>.tmp`, which readers skip), made durable and renamed into place, and a document's
rows are in one file at every instant (taken out of their old file before they are written to
their new one). But a reader lists a folder before it opens the files listed, and reads them
one after the other. So a reader that lists the files itself
(`pd.read_parquet("data/processed/documents")`, DuckDB's
`read_parquet('data/processed/documents/*/*/*.parquet', hive_partitioning = true)`, polars'
`scan_parquet`, pyarrow's `ds.dataset(folder)`) can, while a run is writing, see

* an error: a part listed and removed before it was opened (its last document gone or moved),
  `FileNotFoundError` from pandas and pyarrow, `IOException` from DuckDB;
* a document twice: a document that moves to another part (another province or period, or a
  new part of its partition) when the reader read its old part before the run rewrote it and its
  new part after the run wrote it;
* a document missed: the same move, the reader reading the new part before and the old part
  after.

`pipeline.read_dataset` and `pipeline.read_table` (`pipeline/store/datasets.py`) list the dataset
once, note which version of each file is there (inode, modification time, size), read exactly
those files, and take what they read only when every file is still the version listed; else
(a file replaced or removed meanwhile) they list and read again
(`pipeline.store.datasets.READ_ATTEMPTS` listings, then `pipeline.store.datasets.DatasetChanging`).
What they return is each file as it was at one instant, in which no document is in two files: in
`tests/integration/test_concurrent_readers.py` (a document moved by every one of 30 runs, a reader
looping meanwhile) they saw no error and no document twice. What they still do not give is a
snapshot of the whole output: two datasets read one after the other may each hold a document as
a different run left it, and a part started after the listing is not read (a document moving
into it is missed by that read).

So, while a run may be writing: read with `read_dataset` or `read_table`; or, with another
reader, retry a read that fails and read again when a `doc_id` comes from two files; or read
after the run (`qdx ingest` has returned, or the flow run has completed). `read_dataset` reads a
local folder; on an object store, where there is no rename, objects are put whole, but a reader
listing a prefix can see the same things for the same reasons.
"""


def render_datasets() -> str:
    """The text of ``docs/datasets.md``."""
    parts = [
        "# Datasets\n",
        f"<!-- Generated by `{COMMAND}` (pipeline/docgen.py) from pipeline/records.py and "
        "pipeline.kinds.Check: edit those, not this page. -->\n",
        _INTRO,
        _recipe(),
        _joins(),
        _LAYOUT,
        _READING_WHILE_A_RUN_WRITES,
    ]
    for name, model in DATASETS.items():
        parts.append(_dataset(name, model))
        if model is IssueRecord:
            parts.append(_checks())
    return "\n".join(parts)


def _recipe() -> str:
    lines = [
        "## The analyst's recipe",
        "",
        "Which dataset answers which question:",
        "",
        "| question | dataset | how |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {q} | {d} | {_cell(how)} |" for q, d, how in _RECIPE_QUESTIONS]
    return "\n".join(lines) + "\n\n" + _ANALYSTS_RECIPE


def _dataset(name: str, model: type[BaseModel]) -> str:
    summary, body = _docstring(model)
    lines = [f"## {name} — {summary[:1].lower()}{summary[1:].rstrip('.')}", ""]
    if body:
        lines += [body, ""]
    lines += ["| column | type | meaning |", "| --- | --- | --- |"]
    schema = arrow_schema(model)
    nested: list[str] = []
    for field_name, info in model.model_fields.items():
        field = schema.field(field_name)
        lines.append(
            f"| {field_name} | {_type(field)} | {_cell(_description(model, field_name))} |"
        )
        item = _struct_model(info.annotation)
        if item is not None:
            described = "; ".join(f"`{n}` {_description(item, n)}" for n in item.model_fields)
            nested.append(f"Each `{field_name}` item: {described}.")
    if nested:
        lines += ["", *nested]
    return "\n".join(lines) + "\n"


def _checks() -> str:
    lines = [
        "### Checks",
        "",
        "The values of `issues.check` (`pipeline.kinds.Check`), with the severity each is "
        "reported at.",
        "",
        "| check | severity | meaning |",
        "| --- | --- | --- |",
    ]
    for check in Check:
        severities = ", ".join(check.severities)
        lines.append(f"| `{check.value}` | {severities} | {_cell(check.meaning)} |")
    return "\n".join(lines) + "\n"


def _docstring(model: type[BaseModel]) -> tuple[str, str]:
    """A record class's docstring: its first paragraph on one line, and the rest."""
    text = inspect.cleandoc(model.__doc__ or "")
    if not text:
        raise ValueError(f"{model.__name__} has no docstring to say what a row is")
    first, _, rest = text.partition("\n\n")
    return " ".join(first.split()), rest.strip()


def _description(model: type[BaseModel], field_name: str) -> str:
    description = model.model_fields[field_name].description
    if not description:
        raise ValueError(f"{model.__name__}.{field_name} has no description (a docstring below)")
    return " ".join(description.split())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _struct_model(annotation: object) -> type[BaseModel] | None:
    """The record class of a tuple-of-records column."""
    args = getattr(annotation, "__args__", ())
    if args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return args[0]
    return None


def _type(field: pa.Field) -> str:
    return _type_name(field.type) + ("?" if field.nullable else "")


def _type_name(arrow_type: pa.DataType) -> str:
    """The Arrow type as the page writes it: `date`, `decimal(38, 9)`, `list<struct<a, b>>`."""
    if pa.types.is_date32(arrow_type):
        return "date"
    if pa.types.is_timestamp(arrow_type):
        return f"timestamp[{arrow_type.unit}, {arrow_type.tz}]"
    if pa.types.is_decimal(arrow_type):
        return f"decimal({arrow_type.precision}, {arrow_type.scale})"
    if pa.types.is_list(arrow_type):
        return f"list<{_type_name(arrow_type.value_type)}>"
    if pa.types.is_struct(arrow_type):
        return f"struct<{', '.join(f.name for f in arrow_type)}>"
    return str(arrow_type)


def main(argv: list[str] | None = None) -> int:
    """Write ``docs/datasets.md``, or with ``--check`` say whether it is stale (exit code 1)."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.docgen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    parser.add_argument("--output", type=Path, default=DATASETS_MD)
    args = parser.parse_args(argv)
    text = render_datasets()
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            print(f"{args.output} is stale: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
