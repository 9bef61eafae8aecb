"""find_legal_refs tries the citation pattern only where a document-type word starts.

The candidates come from ``text.lower()``; these tests pin that the lower-cased copy sees every
case the IGNORECASE pattern matches, and the results on both sides of the shortcut.
"""

from __future__ import annotations

import sys

import pytest
import regex

from normalizers import refs
from normalizers.refs import find_legal_refs

EVERYTHING = "".join(map(chr, range(sys.maxunicode + 1)))


def test_lower_case_sees_every_case_the_pattern_matches() -> None:
    """Each letter a candidate is read by matches, under the pattern's flags, what lowers to it."""
    letters = set()
    for first, following in refs._first_words().items():
        letters |= set(first) | set(following or ())
    assert {"c", "ô", "đ", "v", "k"} <= letters
    flags = refs._ref_pattern().flags
    for letter in sorted(letters):
        same = regex.compile(regex.escape(letter), flags).findall(EVERYTHING)
        assert {c.lower() for c in same} == {letter}, letter


def test_white_space_is_never_a_letter() -> None:
    """A first word glued to a letter, or a space then a letter, ends the pattern's white space."""
    spaces = regex.findall(r"\s", EVERYTHING)
    assert "\u00a0" in spaces
    assert all(c.lower() == c and not c.isalpha() for c in spaces)


def test_first_words_and_the_letters_after_them() -> None:
    assert refs._first_words() == {
        "bộ": frozenset("l"),
        "chỉ": frozenset("t"),
        "công": frozenset("v"),
        "hướng": frozenset("d"),
        "kết": frozenset("l"),
        "kế": frozenset("h"),
        "luật": None,
        "nghị": frozenset("đq"),
        "quy": frozenset("đ"),
        "quyết": frozenset("đ"),
        "thông": frozenset("tb"),
        "tờ": frozenset("t"),
        "văn": frozenset("b"),
    }


CANDIDATES = [
    ("Công văn số 1/UBND-KT", [0]),
    ("công nghiệp, công\u00a0nghệ, kết quả", [13]),
    ("Bộ Công Thương", []),
    ("CÔNG  VĂN; Luật đất đai", [0, 6, 11]),
    ("Tờ trình", [0]),
    ("İ Công văn", None),  # "İ" lowers to two characters
]


@pytest.mark.parametrize(("text", "expected"), CANDIDATES, ids=[c[0] for c in CANDIDATES])
def test_candidate_starts(text: str, expected: list[int] | None) -> None:
    assert refs._candidate_starts(text) == expected


CITATIONS = [
    "Công văn số 11067/UBND-KT",
    "CÔNG VĂN SỐ 11067/UBND-KT",
    "Công\nvăn số 11067/UBND-KT",
    "Công \u00a0văn số 11067/UBND-KT",
    "KẾ HOẠCH số 11067/UBND-KT",
]


@pytest.mark.parametrize("raw", CITATIONS, ids=repr)
@pytest.mark.parametrize("lead", ["công nghiệp; ", "İ; "], ids=["candidates", "whole scan"])
def test_citations_on_both_sides_of_the_shortcut(lead: str, raw: str) -> None:
    text = lead + raw + "; Luật Đất đai ngày 29/11/2013"
    first, law = find_legal_refs(text)
    assert (first.raw, first.start, first.number, first.issuer) == (
        raw,
        len(lead),
        "11067/UBND-KT",
        "UBND tỉnh",
    )
    assert (law.title, law.start, law.end) == ("Luật Đất đai", len(lead + raw) + 2, len(text))
