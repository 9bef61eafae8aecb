"""What a consistent read costs: :func:`pipeline.store.datasets.read_table` against pyarrow's
discovery of the whole folder (what ``read_table`` did before it kept one file per document).

Ingests the five bundled samples once, copies a dataset's five files under new keys (in their
own partitions) until it holds ``--files`` files, checks that both readers give the same rows,
and prints the median of ``--repeat`` reads of each, taking turns, and of the listing alone.

    .venv/bin/python bench/read_bench.py [--files 1000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
from shared import median_seconds  # bench/shared.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import ingest  # noqa: E402
from pipeline.records import DATASETS  # noqa: E402
from pipeline.schema import arrow_schema  # noqa: E402
from pipeline.store.datasets import PARTITIONING, list_files, read_table  # noqa: E402

DATASETS_TIMED = ("documents", "sections", "budget_lines")


def discover_folder(name: str, out: Path) -> pa.Table:
    """The reader before: pyarrow lists and reads every file under the folder."""
    schema = arrow_schema(DATASETS[name])
    for field in PARTITIONING.schema:
        schema = schema.append(field)
    dataset = ds.dataset(out / name, format="parquet", partitioning=PARTITIONING, schema=schema)
    return dataset.to_table()


def grow(out: Path, name: str, n_files: int) -> None:
    """Copies of the dataset's files under new keys until it holds ``n_files``."""
    originals = sorted((out / name).rglob("*.parquet"))
    for i in range(n_files - len(originals)):
        source = originals[i % len(originals)]
        target = source.parent / f"copy{i:05d}.parquet"
        shutil.copyfile(source, target)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "out"
        shutil.copytree(ROOT / "data" / "raw", raw)
        ingest(raw, out)
        print(f"{args.files} files per dataset, median of {args.repeat} reads")
        print(f"{'dataset':14} {'rows':>8} {'before':>9} {'now':>9} {'listing':>9}")
        for name in DATASETS_TIMED:
            grow(out, name, args.files)
            before = discover_folder(name, out)
            now = read_table(name, out)
            sort = [("doc_id", "ascending"), ("province", "ascending")]
            assert now.sort_by(sort).equals(before.sort_by(sort)), name
            calls = [
                partial(discover_folder, name, out),
                partial(read_table, name, out),
                partial(list_files, str(out / name)),
            ]
            t_before, t_now, t_list = median_seconds(calls, args.repeat)
            print(
                f"{name:14} {now.num_rows:>8} {t_before * 1000:>7.1f}ms {t_now * 1000:>7.1f}ms"
                f" {t_list * 1000:>7.1f}ms"
            )


if __name__ == "__main__":
    main()
