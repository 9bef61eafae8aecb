# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Budgets of khuyến công programmes: three questions on the bundled sample
#
# The analyst's recipe of [docs/datasets.md](../docs/datasets.md#the-analysts-recipe), run on
# the five sample decisions of `data/raw`. Each question is answered with pandas and with DuckDB
# (and the first one with polars too); the three give the same numbers.
#
# 1. The planned budget by province, year and funding source.
# 2. The budget by content area.
# 3. Which documents have source errors: what the source itself gets wrong.
#
# Run it after `make run` (or `qdx ingest data/raw --out DIR` with `QDX_OUT_DIR=DIR`), from the
# repository root: `.venv/bin/python notebooks/budget.py` prints its tables;
# `.venv/bin/jupytext --to ipynb notebooks/budget.py && .venv/bin/jupyter-execute --inplace
# notebooks/budget.ipynb` makes a notebook with its outputs. `make test` executes it on a fresh
# ingest (`tests/integration/test_notebook.py`), so it cannot go stale.
#
# **What the answers sum.** `budget` holds, for each document, its own figure for each cell
# (year or whole period × funding source × content area where the document splits by content),
# read from the best source (the appendix table where there is one, else the prose). The rows of
# one document partition its budget, so a plain `sum(amount_vnd)` is right: no total beside its
# parts, no review period, no duplicate document. `budget_lines` is every figure as printed
# (totals beside their parts, the same figure in the prose and in two tables, review periods):
# never sum it; read it for where a figure came from.

# %%
import os
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
from IPython.display import display

from pipeline import read_dataset

pd.set_option("display.max_colwidth", 100)
pd.set_option("display.width", 160)

# %% tags=["parameters"]
# Where `qdx ingest` wrote the datasets (QDX_OUT_DIR), a path from the repository root; opened
# from notebooks/ in Jupyter, the folder one level up is used.
OUT_DIR = Path(os.environ.get("QDX_OUT_DIR", "data/processed"))
if not OUT_DIR.is_absolute() and not OUT_DIR.exists() and (".." / OUT_DIR).exists():
    OUT_DIR = ".." / OUT_DIR

# %%
BN = 1_000_000_000  # amounts are integers of VND; shown in billions (tỷ đồng)


def parquet(name: str) -> str:
    """The glob of one dataset's files, for DuckDB and polars."""
    return f"{OUT_DIR}/{name}/**/*.parquet"


# %% [markdown]
# ## Reading the datasets
#
# pandas through `pipeline.read_dataset`: the partition columns `province` and `period` as
# plain strings, integer columns with nulls as `Int64` (amounts never become floats), an empty
# dataset as zero rows with its columns, and a consistent view while a run is writing.
# DuckDB and polars read the Parquet files themselves, with `hive_partitioning` for `province`
# and `period`.

# %%
documents = read_dataset("documents", OUT_DIR)
issues = read_dataset("issues", OUT_DIR)
budget_lines = read_dataset("budget_lines", OUT_DIR)

con = duckdb.connect()
for name in ("documents", "issues", "budget_lines"):
    con.execute(
        f"create view {name} as "
        f"select * from read_parquet('{parquet(name)}', hive_partitioning = true)"
    )

# %%
budget = read_dataset("budget", OUT_DIR)
budget_pl = pl.scan_parquet(parquet("budget"), hive_partitioning=True)
con.execute(
    "create view budget as "
    f"select * from read_parquet('{parquet('budget')}', hive_partitioning = true)"
)

# %% [markdown]
# The documents of the sample, and the one rule for every dataset but `budget`: leave
# duplicates out (`documents.duplicate_of` is the original's `doc_id`; `budget` already has no
# rows for them).

# %%
originals = documents[documents["duplicate_of"].isna()]
display(
    originals[
        ["province", "period", "doc_id", "decision_number", "province_current", "total_budget_vnd"]
    ]
)

# %% [markdown]
# ## 1. Planned budget by province, year and source
#
# A null `year` is a figure over the whole period: a document that gives its budget by source
# but not by year (Bình Phước) has rows with no year. pandas drops null keys in `groupby` unless
# told `dropna=False`: without it those figures vanish from the sums.

# %%
planned = (
    budget.groupby(["province", "year", "funding_source"], dropna=False, as_index=False)[
        "amount_vnd"
    ]
    .sum()
    .sort_values(["province", "year", "funding_source"], na_position="first")
    .reset_index(drop=True)
)
by_province = budget.groupby("province", as_index=False)["amount_vnd"].sum().sort_values("province")
display(
    planned.assign(
        year=planned["year"].astype("string").fillna("whole period"),
        amount_bn=planned["amount_vnd"] / BN,
    ).pivot_table(index=["province", "year"], columns="funding_source", values="amount_bn")
)
display(by_province.assign(amount_bn=by_province["amount_vnd"] / BN))

# %% [markdown]
# DuckDB, with the province as it is after the 2025 merger (Bình Phước is now part of Đồng
# Nai) from `documents`:

# %%
planned_sql = con.sql(
    """
    select province, year, funding_source, sum(amount_vnd)::bigint as amount_vnd
    from budget
    group by all
    order by province, year nulls first, funding_source
    """
).df()
planned_current = con.sql(
    """
    select d.province_current, b.year, b.funding_source,
           sum(b.amount_vnd) / 1e9 as amount_bn
    from budget b join documents d using (doc_id)
    group by all
    order by all
    """
).df()
display(planned_current)

# %% [markdown]
# polars:

# %%
planned_pl = (
    budget_pl.group_by("province", "year", "funding_source")
    .agg(pl.col("amount_vnd").sum())
    .sort("province", "year", "funding_source", nulls_last=False)
    .collect()
)
display(planned_pl)

# %% [markdown]
# ## 2. Budget by content area
#
# `content_area` is the content area of Nghị định 45/2012/NĐ-CP Điều 4 (the vocabulary of
# `content_lines.category`), null where the document does not split its budget by content:
# such a document's money is "not split", not missing.

# %%
by_content = (
    budget.assign(content_area=budget["content_area"].fillna("(not split)"))
    .groupby(["province", "content_area"], as_index=False)["amount_vnd"]
    .sum()
    .sort_values(["province", "amount_vnd"], ascending=[True, False])
    .reset_index(drop=True)
)
display(by_content.assign(amount_bn=by_content["amount_vnd"] / BN))

# %%
by_content_sql = con.sql(
    """
    select coalesce(content_area, '(not split)') as content_area,
           count(distinct doc_id) as documents,
           sum(amount_vnd)::bigint as amount_vnd,
           sum(amount_vnd) / 1e9 as amount_bn
    from budget
    group by all
    order by amount_vnd desc
    """
).df()
display(by_content_sql)

# %% [markdown]
# ## 3. Which documents have source errors
#
# An `issues` row of severity `error` is something the source itself gets wrong, where the
# arithmetic or the text is certain (years that do not add up to the stated total, an annex
# citing another decision); `warning` is what qdx could not read with certainty. The figures
# stay as printed: qdx reports, it does not repair. Duplicates repeat their original's issues.

# %%
errors = (
    issues[issues["severity"] == "error"]
    .merge(originals[["doc_id", "decision_number"]], on="doc_id")
    .loc[:, ["province", "doc_id", "decision_number", "check", "message"]]
    .sort_values(["province", "check"])
    .reset_index(drop=True)
)
display(errors)
display(errors.groupby(["province", "doc_id"], as_index=False).size())

# %%
errors_sql = con.sql(
    """
    select i.province, i.doc_id, d.decision_number, i."check", i.message
    from issues i join documents d using (doc_id)
    where i.severity = 'error' and d.duplicate_of is null
    order by i.province, i."check"
    """
).df()

# %% [markdown]
# The `budget` rows whose sources disagree (the prose against the table, a table against its own
# total): the figure kept is the best source's, and the printed figures it was chosen from are
# the `budget_lines` named in `budget_line_ids`, each with its raw text and place in the
# document.

# %%
disagree = budget[budget["sources_disagree"]].reset_index(drop=True)
display(disagree[["province", "doc_id", "year", "funding_source", "item", "amount_vnd", "basis"]])
printed = (
    disagree[["doc_id", "budget_id", "budget_line_ids"]]
    .explode("budget_line_ids")
    .rename(columns={"budget_line_ids": "budget_line_id"})
    .merge(budget_lines, on=["doc_id", "budget_line_id"])
    .loc[:, ["doc_id", "budget_id", "budget_line_id", "table_id", "raw", "amount_vnd", "page"]]
)
display(printed)

# %%
disagree_sql = con.sql(
    """
    with flagged as (
        select doc_id, budget_id, year, funding_source, amount_vnd,
               unnest(budget_line_ids) as budget_line_id
        from budget
        where sources_disagree
    )
    select f.doc_id, f.budget_id, f.year, f.funding_source, f.amount_vnd as kept_vnd,
           l.budget_line_id, l.table_id, l.raw, l.amount_vnd as printed_vnd
    from flagged f join budget_lines l using (doc_id, budget_line_id)
    order by all
    """
).df()
display(disagree_sql)
