"""``bench/corpus.py``'s generated text corpus: every copy another decision, so that a benchmark
run measures extraction and writing, not the marking of duplicates."""

from __future__ import annotations

import re
from pathlib import Path

from ..conftest import bench_module

corpus = bench_module("corpus")

_NUMBER = re.compile(r"Số:?\s*(\d+)/QĐ")


def _header_number(path: Path) -> str:
    found = _NUMBER.search(path.read_text(encoding="utf-8")[:3000])
    assert found is not None, path.name
    return found.group(1)


def test_copies_a_cycle_apart_are_other_decisions(tmp_path: Path) -> None:
    # Copies 0 and 315 (63 provinces × 5 samples later) are the same sample in the same province
    # with the same year shift: only the raised number tells them apart.
    corpus.write_txt(tmp_path, 631)
    first = tmp_path / "00000_000_3a0caad79bab0308.txt"
    assert _header_number(first) == "3355"
    assert _header_number(tmp_path / "00315_000_3a0caad79bab0308.txt") == "13355"
    assert _header_number(tmp_path / "00630_000_3a0caad79bab0308.txt") == "23355"
    # Cao Bằng prints its number with spaces ("270/QĐ - UBND"); every mention is raised alike.
    cao_bang = (tmp_path / "00318_003_8c7e4977db864976.txt").read_text(encoding="utf-8")
    assert "Số: 10270/QĐ - UBND" in cao_bang
    assert not re.search(r"\b270/QĐ", cao_bang)
    # Other decisions cited keep their numbers.
    assert "1288/QĐ-TTg" in (tmp_path / "00315_000_3a0caad79bab0308.txt").read_text("utf-8")
