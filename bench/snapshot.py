"""Every record qdx builds for a set of files, as JSON lines, and the difference of two such dumps.

``python bench/snapshot.py dump OUT.jsonl [DIR ...] [--jobs 2]``
    extract every supported file under the DIRs (default ``data/raw`` and ``../shared/corpus``)
    and write one JSON line a record: ``{"file", "dataset", "record"}``, files in sorted order.
    The time of extraction is fixed, so two dumps of the same code are byte-identical.

``python bench/snapshot.py diff BEFORE.jsonl AFTER.jsonl [--dataset D] [--show 20]``
    rows per dataset before and after, and for each dataset the files whose rows changed, with
    up to ``--show`` removed (``-``) and added (``+``) rows.

A change of a rule is read on the whole corpus this way before it is merged: what it adds, what
it removes, and nothing else moved.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
# The checkout this script is in, not the one the venv installed: a worktree measures its own code.
sys.path.insert(0, str(ROOT))
DEFAULT_DIRS = (ROOT / "data" / "raw", ROOT.parent / "shared" / "corpus")
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
# Columns that differ between two runs of the same code, or say nothing of the reading.
VOLATILE = frozenset({"extracted_at", "extractor_version", "source_path"})


def _files(dirs: list[Path]) -> list[tuple[Path, str]]:
    """Each file and its name in the dump: its path below its folder, under the folder's name
    (``raw/000_….txt``, ``corpus/text/….txt``), the same from any checkout."""
    from pipeline.build.extract import supported_suffixes

    suffixes = supported_suffixes()
    found = {
        p: f"{d.resolve().name}/{p.relative_to(d).as_posix()}"
        for d in dirs
        for p in d.rglob("*")
        if p.suffix.lower() in suffixes
    }
    return sorted(found.items(), key=lambda item: item[1])


def _plain(value: object) -> object:
    if isinstance(value, BaseModel):
        return {k: v for k, v in value.model_dump(mode="json").items() if k not in VOLATILE}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items() if k not in VOLATILE}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def _records(item: tuple[Path, str]) -> list[str]:
    from pipeline.build.extract import extract

    path, name = item
    extraction = extract(path, path.name, extracted_at=STAMP)
    lines = []
    for dataset, rows in extraction.records.items():
        for row in rows:
            record = {"file": name, "dataset": dataset, "record": _plain(row)}
            lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    if extraction.error:
        lines.append(json.dumps({"file": name, "dataset": "_error", "record": extraction.error}))
    return lines


def dump(out: Path, dirs: list[Path], jobs: int) -> None:
    files = _files(dirs)
    with out.open("w", encoding="utf-8") as f, ProcessPoolExecutor(jobs) as pool:
        for lines in pool.map(_records, files, chunksize=4):
            f.writelines(line + "\n" for line in lines)
    print(f"{len(files)} files → {out}", file=sys.stderr)


def _load(path: Path) -> dict[str, dict[str, Counter[str]]]:
    """dataset → file → rows (as JSON text, counted)."""
    out: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        out[item["dataset"]][item["file"]][json.dumps(item["record"], ensure_ascii=False)] += 1
    return out


def _elements(counter: Counter[str]) -> Iterator[str]:
    for row, n in sorted(counter.items()):
        for _ in range(n):
            yield row


def diff(before: Path, after: Path, dataset: str | None, show: int) -> None:
    old, new = _load(before), _load(after)
    names = sorted(set(old) | set(new))
    print("| dataset | before | after |\n| --- | --- | --- |")
    for name in names:
        n_old = sum(sum(c.values()) for c in old.get(name, {}).values())
        n_new = sum(sum(c.values()) for c in new.get(name, {}).values())
        print(f"| {name} | {n_old} | {n_new} |")
    for name in names if dataset is None else [dataset]:
        files = sorted(set(old.get(name, {})) | set(new.get(name, {})))
        changed = [
            f for f in files if old.get(name, {}).get(f, Counter()) != new.get(name, {}).get(f)
        ]
        if not changed:
            continue
        print(f"\n## {name}: {len(changed)} files changed")
        for f in changed:
            a, b = old.get(name, {}).get(f, Counter()), new.get(name, {}).get(f, Counter())
            removed, added = a - b, b - a
            print(f"\n### {f}: -{sum(removed.values())} +{sum(added.values())}")
            for sign, rows in (("-", removed), ("+", added)):
                for row in list(_elements(rows))[:show]:
                    print(f"{sign} {row}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("dirs", type=Path, nargs="*")
    d.add_argument("--jobs", type=int, default=2)
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--dataset")
    c.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.dirs or list(DEFAULT_DIRS), args.jobs)
    else:
        diff(args.before, args.after, args.dataset, args.show)


if __name__ == "__main__":
    main()
