"""The pure parts of ``bench/corpus_report.py`` (``make corpus``): how labels are compared with
qdx's values, how kinds are mapped, how fill rates are counted."""

from __future__ import annotations

import doctest
from pathlib import Path

import pandas as pd
import pytest

from ..conftest import bench_module

report = bench_module("corpus_report")


def test_doctests() -> None:
    assert doctest.testmod(report).failed == 0


# (label as in labels.csv, qdx's decision_number) pairs that are the same number.
SAME_NUMBER = [
    ("02/2025/TT-BLĐTBXH", "02/2025/TT-BLĐTBXH"),
    ("45/2012/NĐ-CP", "45/2012/nđ–cp"),
    ("270/QĐ-UBND", "270/QĐ - UBND"),
    (" 26/2026/TT-BNNMT ", "26/2026/TT-BNNMT"),
]


@pytest.mark.parametrize(("label", "qdx"), SAME_NUMBER, ids=[f"{a}={b}" for a, b in SAME_NUMBER])
def test_numbers_that_agree_after_normalisation(label: str, qdx: str) -> None:
    assert report.normalize_number(label) == report.normalize_number(qdx)


def test_numbers_that_differ_exactly_but_agree_loosely() -> None:
    """Đ read as D, or a code in lower case the normaliser does not know: the exact count calls
    them different, the loose one the same."""
    assert report.normalize_number("02/2025/TT-BLĐTBXH") != report.normalize_number(
        "02/2025/TT-BLDTBXH"
    )
    assert report.loose_number("02/2025/TT-BLĐTBXH") == report.loose_number("02/2025/TT-BLDTBXH")


def test_a_gazette_page_marker_is_not_the_number() -> None:
    assert report.normalize_number("02/2025/TT-BLĐTBXH") != report.normalize_number("1523/2024")
    assert report.normalize_number(None) is None
    assert report.normalize_number("  ") is None


LABEL_KINDS = [
    ("Thông tư", "thong_tu"),
    ("Thông tư liên tịch", "thong_tu_lien_tich"),
    ("Nghị quyết", "nghi_quyet"),
    ("NQ", "nghi_quyet"),
    ("Quyết định", "quyet_dinh"),
    ("QĐ", "quyet_dinh"),
    ("Nghị định", "nghi_dinh"),
    ("Văn bản hợp nhất", "van_ban_hop_nhat"),
    ("VB HN", "van_ban_hop_nhat"),
    ("  thông  TƯ ", "thong_tu"),
]


@pytest.mark.parametrize(("loai", "kind"), LABEL_KINDS, ids=[k for k, _ in LABEL_KINDS])
def test_label_kinds_map_to_doc_kinds(loai: str, kind: str) -> None:
    assert report.kind_of_label(loai) == kind


def test_an_unknown_label_kind_is_unmapped() -> None:
    assert report.kind_of_label("Sắc lệnh") is None


def test_the_kinds_qdx_has_are_spelled_as_qdx_spells_them() -> None:
    """Every kind qdx already knows (but `other`) is a label's kind under the same value."""
    from pipeline.kinds import DocKind

    known = {k.value for k in DocKind} - {"other"}
    assert known <= set(report.KIND_OF_LABEL.values())


def test_fill_rates_count_null_and_blank_as_empty() -> None:
    frame = pd.DataFrame(
        {
            "decision_number": ["1/QĐ-UBND", None, "", "2/KH-UBND"],
            "period_start": pd.array([2021, None, 2026, None], dtype="Int64"),
            "issue_date": [pd.Timestamp("2021-01-01"), pd.NaT, pd.NaT, pd.NaT],
        }
    )
    rates = report.fill_rates(
        frame,
        [
            ("decision number", "decision_number"),
            ("period", "period_start"),
            ("issue date", "issue_date"),
            ("topic", "topic"),
        ],
    )
    assert rates == {"decision number": 0.5, "period": 0.5, "issue date": 0.25, "topic": None}


def test_fill_rates_of_no_documents_are_zero() -> None:
    assert report.fill_rates(pd.DataFrame({"issuer": []}), [("issuer", "issuer")]) == {
        "issuer": 0.0
    }


def test_kind_share_leaves_out_other() -> None:
    frame = pd.DataFrame({"doc_kind": ["quyet_dinh", "other", "ke_hoach", "other"]})
    assert report.kind_share(frame) == 0.5


def test_failures_are_grouped_without_the_file_name() -> None:
    assert report.failure_group("a.doc: reading .doc needs LibreOffice (soffice)", "a.doc") == (
        ".doc needs LibreOffice"
    )
    assert report.failure_group("x.pdf: the file is encrypted", "x.pdf") == "the file is encrypted"


def test_label_rows_pair_labels_with_documents_by_file_name() -> None:
    documents = pd.DataFrame(
        {
            "doc_id": ["pdf/b.pdf", "pdf/a.pdf"],
            "decision_number": ["45/2012/NĐ-CP", "1523/2024"],
            "doc_kind": ["nghi_dinh", "other"],
        }
    )
    labels = [
        {"name": "a.pdf", "so_hieu": "02/2025/TT-BLĐTBXH", "loai": "Thông tư"},
        {"name": "b.pdf", "so_hieu": "45/2012/NĐ-CP", "loai": "Nghị định"},
        {"name": "c.pdf", "so_hieu": "1/2020/NQ-HĐND", "loai": "NQ"},
    ]
    rows = report.label_rows(labels, documents)
    assert [(r.name, r.number_agrees, r.kind_agrees, r.read) for r in rows] == [
        ("a.pdf", False, False, True),
        ("b.pdf", True, True, True),
        ("c.pdf", False, False, False),
    ]


def test_markdown_cells_stay_on_one_line() -> None:
    assert report.cell("a | b\nc") == "a \\| b c"
    assert report.cell(None) == "—"


def test_the_page_says_what_is_not_extracted_yet_and_leaves_judgement_to_a_person() -> None:
    """A column the datasets lack (``topic`` before issue 13) is shown, not a crash; the
    corpus's own files (labels.csv) are not counted as documents."""
    from pipeline.ingest import Outcome
    from pipeline.kinds import Change

    outcomes = [
        (Outcome("pdf/a.pdf", "/c/pdf/a.pdf", Change.ADDED), 0.5),
        (
            Outcome("docx/b.doc", "/c/docx/b.doc", Change.FAILED, error="b.doc: needs LibreOffice"),
            0.1,
        ),
        (Outcome("labels.csv", "/c/labels.csv", Change.FAILED, error="unsupported file type"), 0.0),
    ]
    documents = pd.DataFrame(
        {
            "doc_id": ["pdf/a.pdf"],
            "doc_kind": ["quyet_dinh"],
            "decision_number": ["1/QĐ-UBND"],
            "issue_date": [pd.Timestamp("2021-01-01")],
            "issuer": [None],
            "province_name": ["Hưng Yên"],
            "period_start": pd.array([None], dtype="Int64"),
            "signer_name": ["Trần Văn A"],
        }
    )
    issues = pd.DataFrame(
        {
            "doc_id": ["pdf/a.pdf", "docx/b.doc"],
            "check": ["row_sum", "extract_failed"],
            "severity": ["error", "error"],
            "message": ["a row | does not add up", "needs LibreOffice"],
        }
    )
    labels = [{"name": "a.pdf", "so_hieu": "1/QĐ-UBND", "loai": "QĐ"}]
    timed = report.Timed(outcomes=outcomes, wall_seconds=0.6)
    page = report.render("corpus", timed, documents, issues, labels)
    assert "| topic | not extracted yet | not extracted yet |" in page
    assert "1 files read, 1 failed" in page
    assert "| .doc needs LibreOffice | 1 |" in page
    assert "| number and kind | 1 | 1 | 100.0% |" in page
    assert "| pdf/a.pdf | row_sum | a row \\| does not add up | to review |" in page
    assert page == report.render("corpus", timed, documents, issues, labels)


def test_the_page_counts_the_topics() -> None:
    """Issue 13: `topic` is filled on every document (`other` is a topic); the page counts
    each, overall and by format."""
    from pipeline.ingest import Outcome
    from pipeline.kinds import Change

    outcomes = [
        (Outcome("pdf/a.pdf", "/c/pdf/a.pdf", Change.ADDED), 0.5),
        (Outcome("text/b.txt", "/c/text/b.txt", Change.ADDED), 0.5),
        (Outcome("text/c.txt", "/c/text/c.txt", Change.ADDED), 0.5),
    ]
    documents = pd.DataFrame(
        {
            "doc_id": ["pdf/a.pdf", "text/b.txt", "text/c.txt"],
            "doc_kind": ["quyet_dinh", "ke_hoach", "quyet_dinh"],
            "topic": ["other", "khuyen_cong", "other"],
        }
    )
    issues = pd.DataFrame({"doc_id": [], "check": [], "severity": [], "message": []})
    timed = report.Timed(outcomes=outcomes, wall_seconds=1.5)
    page = report.render("corpus", timed, documents, issues, [])
    assert "| topic | 100.0% | 100.0% | 100.0% |" in page
    assert "Topics (`topic`):" in page
    assert "| other | 2 | 1 | 1 |" in page
    assert "| khuyen_cong | 1 | 0 | 1 |" in page


def _judged_page(judgements: list) -> str:
    from pipeline.ingest import Outcome
    from pipeline.kinds import Change

    outcomes = [(Outcome("pdf/a.pdf", "/c/pdf/a.pdf", Change.ADDED), 0.5)]
    documents = pd.DataFrame({"doc_id": ["pdf/a.pdf"], "doc_kind": ["thong_tu"]})
    issues = pd.DataFrame(
        {
            "doc_id": ["pdf/a.pdf", "pdf/a.pdf"],
            "check": ["column_sum", "row_sum"],
            "severity": ["error", "error"],
            "message": [
                "row 'Tổng cộng', column 'Kinh phí': the rows it totals add up to 350, it says 360",
                "row 2 (Hội chợ): its parts add up to 30, its 'Tổng cộng' column says 40",
            ],
        }
    )
    timed = report.Timed(outcomes=outcomes, wall_seconds=0.5)
    return report.render("corpus", timed, documents, issues, [], judgements)


def test_a_judged_finding_shows_the_judgement_and_the_others_stay_to_review() -> None:
    judged = report.Judgement(
        "pdf/a.pdf", "column_sum", "add up to 350, it says 360", "real source error: 100 + 250"
    )
    page = _judged_page([judged])
    assert "2 findings of severity `error` on corpus documents" in page
    assert "1 to review" in page
    assert "it says 360 | real source error: 100 + 250 |" in page
    assert "column says 40 | to review |" in page
    assert "match no finding" not in page


def test_a_judgement_whose_finding_is_gone_is_listed() -> None:
    """The document and the fragment must both match: a judgement of another check is stale."""
    stale = report.Judgement("pdf/a.pdf", "children_sum", "it says 360", "false alarm: codes")
    page = _judged_page([stale])
    assert "2 to review" in page
    assert "Judgements that match no finding any more" in page
    assert "| pdf/a.pdf | children_sum | it says 360 | false alarm: codes |" in page


def test_the_judgements_file_loads_and_every_row_says_what_a_person_judged(tmp_path: Path) -> None:
    """``bench/corpus_judgements.csv``: a document of the corpus (by format folder), a check, a
    fragment, and a judgement that says which it is and why."""
    judgements = report.read_judgements(report.JUDGEMENTS)
    for j in judgements:
        assert j.doc.split("/")[0] in {"text", "pdf", "docx"}, j
        assert j.check and j.message.strip(), j
        assert j.judgement.startswith(("real source error: ", "false alarm: ")), j
    file = tmp_path / "j.csv"
    file.write_text(
        "# a comment\ndoc,check,message,judgement\n"
        'pdf/a.pdf,row_sum,"row 2, a comma",real source error: 20 + 30 is not 40\n',
        encoding="utf-8",
    )
    assert report.read_judgements(file) == [
        report.Judgement(
            "pdf/a.pdf", "row_sum", "row 2, a comma", "real source error: 20 + 30 is not 40"
        )
    ]


def test_a_national_document_counts_as_province_or_national() -> None:
    """A gazette PDF of a ministry has no province (its rows go under `province=national`):
    the province row says it is not filled, the row beside it counts it."""
    from pipeline.ingest import Outcome
    from pipeline.kinds import Change

    outcomes = [
        (Outcome("pdf/a.pdf", "/c/pdf/a.pdf", Change.ADDED), 0.5),
        (Outcome("text/b.txt", "/c/text/b.txt", Change.ADDED), 0.5),
    ]
    documents = pd.DataFrame(
        {
            "doc_id": ["pdf/a.pdf", "text/b.txt"],
            "doc_kind": ["thong_tu", "quyet_dinh"],
            "province_name": [None, None],
            "province": ["national", "unknown"],
        }
    )
    issues = pd.DataFrame({"doc_id": [], "check": [], "severity": [], "message": []})
    page = report.render("corpus", report.Timed(outcomes, 1.0), documents, issues, [])
    assert "| province | 0.0% | 0.0% | 0.0% |" in page
    assert "| province or national | 50.0% | 100.0% | 0.0% |" in page


def test_the_page_counts_budget_figures() -> None:
    """Issue 14: documents with budget lines and `budget` rows, rates (`per`), foreign money,
    and the budget checks' findings by severity."""
    from pipeline.ingest import Outcome
    from pipeline.kinds import Change

    outcomes = [
        (Outcome(name, f"/c/{name}", Change.ADDED), 0.1)
        for name in ("pdf/a.pdf", "text/b.txt", "text/c.txt")
    ]
    documents = pd.DataFrame(
        {
            "doc_id": ["pdf/a.pdf", "text/b.txt", "text/c.txt"],
            "doc_kind": ["quyet_dinh", "quyet_dinh", "other"],
        }
    )
    lines = pd.DataFrame(
        {
            "doc_id": ["pdf/a.pdf", "pdf/a.pdf", "text/b.txt", "text/b.txt"],
            "scope": ["plan", "review", "plan", "plan"],
            "per": [None, None, "hộ", None],
            "currency": ["VND", "VND", "VND", "USD"],
        }
    )
    budget = pd.DataFrame({"doc_id": ["pdf/a.pdf"]})
    issues = pd.DataFrame(
        {
            "doc_id": ["pdf/a.pdf", "pdf/a.pdf", "text/b.txt"],
            "check": ["row_sum", "cells_derived", "prose_years_sum"],
            "severity": ["error", "warning", "warning"],
            "message": ["row 3 does not add up", "derived", "years"],
        }
    )
    timed = report.Timed(outcomes=outcomes, wall_seconds=0.3)
    page = report.render("corpus", timed, documents, issues, [], (), lines, budget)
    assert "4 budget lines (3 of a plan" in page
    assert "in 2 documents; 1 rows of `budget` in 1 documents" in page
    assert "| pdf | 1 | 1 | 1 |" in page
    assert "| txt | 2 | 1 | 0 |" in page
    assert "`per` unit (a rate or price, never a total nor in `budget`): 1 in 1" in page
    assert "foreign currency (no `amount_vnd`): 1." in page
    assert "1 errors, 1 warnings, 0 info" in page  # cells_derived is no budget check
    assert "| pdf/a.pdf | 2 | 0 | 1 |" in page
    # without the budget datasets the page has no budget section
    assert "## Budget figures" not in report.render("corpus", timed, documents, issues, [])
