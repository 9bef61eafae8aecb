"""Reading the datasets back: the partition columns as plain strings, every column typed.

``pandas.read_parquet`` turns hive partition columns into categoricals; :func:`read_dataset`
gives them as strings and works on an empty or missing dataset (zero rows, full schema).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from pipeline.records import DATASETS
from pipeline.schema import arrow_schema

_NULLABLE_INTS = {pa.int64(): pd.Int64Dtype()}
PARTITIONING = ds.partitioning(
    pa.schema([("province", pa.string()), ("period", pa.string())]), flavor="hive"
)


def read_table(name: str, out_dir: str | Path = "data/processed") -> pa.Table:
    """One dataset as an Arrow table, with ``province`` and ``period`` string columns."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r} (known: {', '.join(DATASETS)})")
    schema = arrow_schema(DATASETS[name])
    for field in PARTITIONING.schema:
        schema = schema.append(field)
    folder = Path(out_dir) / name
    if not folder.is_dir():
        return schema.empty_table()
    dataset = ds.dataset(folder, format="parquet", partitioning=PARTITIONING, schema=schema)
    return dataset.to_table()


def read_dataset(name: str, out_dir: str | Path = "data/processed") -> pd.DataFrame:
    """One dataset as a pandas DataFrame (see :func:`read_table`).

    Integer columns stay integers when they hold nulls (pandas ``Int64``), so amounts in VND are
    never turned into floats.
    """
    return read_table(name, out_dir).to_pandas(types_mapper=_NULLABLE_INTS.get)
