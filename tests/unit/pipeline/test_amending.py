"""Amending decisions (qdx issue 14): what they amend, and the old figures they quote.

The development corpus (../shared/corpus) has amending and repealing decisions (their titles
and articles are tested in tests/unit/normalizers/test_ref_amending.py and here on whole files)
but none that quotes an old amount beside a new one ("từ … lên … đồng"): those tests are named
``test_issue_14_…`` and use lines modelled on the issue's words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normalizers.changes import previous_figures
from normalizers.refs import Relation
from pipeline.build.budget_prose import extract_prose_budget
from pipeline.build.extract import extract
from pipeline.build.segment import segment
from pipeline.kinds import BudgetRole, FundingSource

from ...conftest import text_document

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"


def _relations(path: Path) -> list[tuple[str | None, Relation]]:
    extraction = extract(path)
    return [
        (r.ref_number, r.relation)
        for r in extraction.records["legal_refs"]
        if r.relation in (Relation.sua_doi, Relation.bai_bo)
    ]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the development corpus is not here")
def test_title_and_articles_amend_0beedb7bdb363a85() -> None:
    # "QUYẾT ĐỊNH SỬA ĐỔI, BỔ SUNG QUYẾT ĐỊNH SỐ 3470/QĐ-UBND …": the title amends 3470; the
    # legal basis "Căn cứ Quyết định số 3659/QĐ-BKHCN … về việc sửa đổi, bổ sung Quyết định số
    # 3212/QĐ-BKHCN" and Điều 1's "ban hành kèm theo Quyết định số 3470/QĐ-UBND" do not.
    assert _relations(CORPUS / "text" / "0beedb7bdb363a85.txt") == [
        ("3470/QĐ-UBND", Relation.sua_doi)
    ]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the development corpus is not here")
def test_a_programme_task_amends_nothing_nghi_quyet_175() -> None:
    # Nghị quyết 175/NQ-CP holds its action programme in Điều 1; the task "b) Sửa đổi, bổ sung
    # Nghị định số 01/2018/NĐ-CP" (Điều 1 › V › 1 › b) is work to be done, not an amendment
    (path,) = (CORPUS / "pdf").glob("nghi-quyet-so-175-nq-cp-*.pdf")
    assert _relations(path) == []


# ------------------------------------------------------------------ old figures in prose

AMENDING_ARTICLE = (
    "Điều 1. Sửa đổi, bổ sung Điều 1 Quyết định số 1500/QĐ-UBND ngày 20/9/2016 như sau:\n"
    "1. Điều chỉnh tổng kinh phí thực hiện Chương trình từ 500 triệu đồng lên 700 triệu đồng.\n"
    "2. Kinh phí khuyến công địa phương năm 2019: điều chỉnh từ 1.200 triệu đồng thành "
    "1.500 triệu đồng.\n"
    "3. Kinh phí khuyến công quốc gia giảm từ 300 triệu đồng xuống còn 250 triệu đồng.\n"
)


def test_issue_14_old_figure_is_previous_new_keeps_its_reading() -> None:
    doc = text_document(AMENDING_ARTICLE)
    figures = extract_prose_budget(doc, segment(doc, None))
    old, local, national = BudgetRole.PREVIOUS, FundingSource.LOCAL, FundingSource.NATIONAL
    read = [(f.raw, f.amount_vnd, f.role, f.is_total, f.funding_source, f.year) for f in figures]
    assert read == [
        ("từ 500 triệu đồng", 500_000_000, old, True, FundingSource.TOTAL, None),
        ("700 triệu đồng", 700_000_000, None, True, FundingSource.TOTAL, None),
        ("từ 1.200 triệu đồng", 1_200_000_000, old, False, local, 2019),
        ("1.500 triệu đồng", 1_500_000_000, None, False, local, 2019),
        ("từ 300 triệu đồng", 300_000_000, old, False, national, None),
        ("250 triệu đồng", 250_000_000, None, False, national, None),
    ]  # fmt: skip


def test_issue_14_a_range_and_a_plain_list_have_no_old_figure() -> None:
    # "từ 3 đến 5 tỷ đồng" is a range; "500 triệu đồng, 700 triệu đồng" two figures
    text = "Mức hỗ trợ từ 3 đến 5 tỷ đồng; năm 2018: 500 triệu đồng, năm 2019: 700 triệu đồng"
    doc = text_document(f"II. KINH PHÍ THỰC HIỆN\n- {text}")
    figures = extract_prose_budget(doc, segment(doc, None))
    assert figures and all(f.role is None for f in figures)


def test_issue_14_the_new_figure_is_the_total(tmp_path: Path) -> None:
    # the old total is neither the document's total nor checked against the parts
    path = tmp_path / "amending.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG\nSố: 100/QĐ-UBND\nCao Bằng, ngày 10 tháng 3 năm 2019\n"
        "QUYẾT ĐỊNH\nSửa đổi, bổ sung Quyết định số 1500/QĐ-UBND ngày 20/9/2016 của Ủy ban nhân"
        " dân tỉnh phê duyệt Chương trình khuyến công tỉnh Cao Bằng giai đoạn 2016-2020\n"
        "QUYẾT ĐỊNH:\n" + AMENDING_ARTICLE + "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n",
        encoding="utf-8",
    )
    extraction = extract(path)
    (document,) = extraction.records["documents"]
    assert document.total_budget_vnd == 700_000_000
    lines = extraction.records["budget_lines"]
    assert [(b.amount_vnd, b.role) for b in lines][:2] == [
        (500_000_000, BudgetRole.PREVIOUS),
        (700_000_000, None),
    ]
    assert [(r.ref_number, r.relation) for r in extraction.records["legal_refs"]] == [
        ("1500/QĐ-UBND", Relation.sua_doi),
        ("1500/QĐ-UBND", Relation.sua_doi),
    ]


def test_issue_14_previous_figures_spans() -> None:
    text = "tăng từ 500 triệu đồng lên 700 triệu đồng"
    assert previous_figures(text, [(5, 22), (27, 41)], ["từ 500 triệu đồng", "700 triệu đồng"]) == {
        0
    }
