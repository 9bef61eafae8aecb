"""Golden facts of 44 corpus documents (issue 13), as read by hand in
tests/fixtures/corpus/facts.toml: one case per document and fact.

Each document is extracted once per session. A fact qdx does not get today is listed in the
file's ``known_gaps`` with its reason; its case is a strict xfail, so the fix that closes a gap
fails the test until the gap is removed from the list.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline.build.extract import Extraction, extract

from ..conftest import FIXTURES_DIR

CORPUS_DIR = FIXTURES_DIR / "corpus"
FACTS = tomllib.loads((CORPUS_DIR / "facts.toml").read_text(encoding="utf-8"))

# The facts every document has (a key left out of its entry is a null fact), and the
# documents column each is compared with.
SCALAR_FIELDS = {
    "doc_kind": "doc_kind",
    "decision_number": "decision_number",
    "issue_date": "issue_date",
    "issuer": "issuer",
    "issuer_level": "issuer_level",
    "province": "province_name",
    "period_start": "period_start",
    "period_end": "period_end",
    "signer_name": "signer_name",
    "topic": "topic",
}


def _cases() -> list[tuple[str, str, Any]]:
    """(file, field, expected): the scalar facts, then ``amount:<vnd>`` and ``ref:<number or
    title>`` for each amount and legal reference."""
    cases: list[tuple[str, str, Any]] = []
    for doc in FACTS["document"]:
        cases += [(doc["file"], field, doc.get(field)) for field in SCALAR_FIELDS]
        cases += [(doc["file"], f"amount:{a['vnd']}", a) for a in doc.get("amounts", [])]
        cases += [
            (doc["file"], f"ref:{r.get('number') or r['title']}", r) for r in doc.get("refs", [])
        ]
    return cases


CASES = _cases()
GAPS = {(g["file"], g["field"]): g["reason"] for g in FACTS.get("known_gap", [])}


def _params() -> list[Any]:
    params = []
    for file, field, expected in CASES:
        reason = GAPS.get((file, field))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(file, field, expected, marks=marks, id=f"{file}-{field}"))
    return params


@cache
def _extraction(file: str) -> Extraction:
    return extract(CORPUS_DIR / file)


def _actual_ref(extraction: Extraction, fact: dict[str, str]) -> bool:
    """Whether a legal_refs row of the Căn cứ block has the fact's number (or, for a law cited
    by name alone, its title) and kind."""
    for ref in extraction.records["legal_refs"]:
        if ref.relation != "can_cu" or ref.ref_type != fact["kind"]:  # type: ignore[attr-defined]
            continue
        if "number" in fact:
            number = (ref.ref_number or "").replace(" ", "")  # type: ignore[attr-defined]
            if number == fact["number"]:
                return True
        elif fact["title"].lower() in (ref.ref_title or ref.raw).lower():  # type: ignore[attr-defined]
            return True
    return False


def _amounts(extraction: Extraction) -> set[int | None]:
    """Every amount in VND the records carry: the total, budget figures and targets."""
    records = extraction.records
    document = records["documents"][0]
    found: set[int | None] = {document.total_budget_vnd}  # type: ignore[attr-defined]
    found |= {row.amount_vnd for row in records["budget_lines"]}  # type: ignore[attr-defined]
    found |= {row.amount_vnd for row in records["targets"]}  # type: ignore[attr-defined]
    return found


@pytest.mark.parametrize(("file", "field", "expected"), _params())
def test_corpus_fact(file: str, field: str, expected: Any) -> None:
    extraction = _extraction(file)
    assert not extraction.failed, extraction.error
    if field.startswith("amount:"):
        assert expected["vnd"] in _amounts(extraction), expected["where"]
    elif field.startswith("ref:"):
        assert _actual_ref(extraction, expected), expected["where"]
    else:
        document = extraction.records["documents"][0]
        assert getattr(document, SCALAR_FIELDS[field]) == expected


def test_every_known_gap_is_a_case() -> None:
    """A gap whose document or field is gone (a renamed fact) would silently stop marking."""
    cases = {(file, field) for file, field, _ in CASES}
    assert set(GAPS) <= cases


def test_every_fact_says_where_it_stands() -> None:
    """The `where` notes let a reviewer check each fact against the source."""
    for doc in FACTS["document"]:
        where = doc["where"]
        noted = {"period" if f.startswith("period_") else f for f in SCALAR_FIELDS}
        noted -= {"topic", "province", "issuer_level"}
        assert noted <= set(where), (doc["file"], noted - set(where))
        assert all("where" in item for item in [*doc.get("amounts", []), *doc.get("refs", [])])


def test_the_fixtures_are_the_documents_of_the_facts() -> None:
    files = {doc["file"] for doc in FACTS["document"]}
    on_disk = {
        p.relative_to(CORPUS_DIR).as_posix()
        for p in Path(CORPUS_DIR).rglob("*")
        if p.is_file() and p.name not in {"facts.toml", "README.md"}
    }
    assert files == on_disk
