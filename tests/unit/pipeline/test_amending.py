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
from pipeline.build.budget_tables import read_budget_table
from pipeline.build.extract import extract
from pipeline.build.segment import segment
from pipeline.build.tables import find_text_tables
from pipeline.kinds import BudgetRole, FundingSource, Severity

from ...conftest import text_document

# Two corpus documents copied under tests/fixtures/amending (its README names their sources).
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "amending"


def _relations(path: Path) -> list[tuple[str | None, Relation]]:
    extraction = extract(path)
    return [
        (r.ref_number, r.relation)
        for r in extraction.records["legal_refs"]
        if r.relation in (Relation.sua_doi, Relation.bai_bo)
    ]


def test_title_and_articles_amend_0beedb7bdb363a85() -> None:
    # "QUYẾT ĐỊNH SỬA ĐỔI, BỔ SUNG QUYẾT ĐỊNH SỐ 3470/QĐ-UBND …": the title amends 3470; the
    # legal basis "Căn cứ Quyết định số 3659/QĐ-BKHCN … về việc sửa đổi, bổ sung Quyết định số
    # 3212/QĐ-BKHCN" and Điều 1's "ban hành kèm theo Quyết định số 3470/QĐ-UBND" do not.
    assert _relations(FIXTURES / "0beedb7bdb363a85.txt") == [("3470/QĐ-UBND", Relation.sua_doi)]


def test_a_programme_task_amends_nothing_nghi_quyet_175() -> None:
    # Nghị quyết 175/NQ-CP holds its action programme in Điều 1; the task "b) Sửa đổi, bổ sung
    # Nghị định số 01/2018/NĐ-CP" (Điều 1 › V › 1 › b) is work to be done, not an amendment
    assert _relations(FIXTURES / "nghi-quyet-so-175-nq-cp-40286.pdf") == []


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
        ("700 triệu đồng", 700_000_000, BudgetRole.PLAN_TOTAL, True, FundingSource.TOTAL, None),
        ("từ 1.200 triệu đồng", 1_200_000_000, old, False, local, 2019),
        ("1.500 triệu đồng", 1_500_000_000, BudgetRole.PER_YEAR, False, local, 2019),
        ("từ 300 triệu đồng", 300_000_000, old, False, national, None),
        ("250 triệu đồng", 250_000_000, BudgetRole.PER_SOURCE, False, national, None),
    ]  # fmt: skip


def test_issue_14_a_range_and_a_plain_list_have_no_old_figure() -> None:
    # "từ 3 đến 5 tỷ đồng" is a range; "500 triệu đồng, 700 triệu đồng" two figures
    text = "Mức hỗ trợ từ 3 đến 5 tỷ đồng; năm 2018: 500 triệu đồng, năm 2019: 700 triệu đồng"
    doc = text_document(f"II. KINH PHÍ THỰC HIỆN\n- {text}")
    figures = extract_prose_budget(doc, segment(doc, None))
    assert figures and all(f.role is not BudgetRole.PREVIOUS for f in figures)


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
        (700_000_000, BudgetRole.PLAN_TOTAL),
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


# ------------------------------------------------------------- old figures in tables

COMPARISON = (
    "ĐVT: triệu đồng\n"
    "\n"
    "| TT | Nội dung | Đã phê duyệt | Điều chỉnh |\n"
    "|---|---|---:|---:|\n"
    "| 1 | Đào tạo nghề | 300 | 400 |\n"
    "| 2 | Hội chợ triển lãm | 200 | 300 |\n"
    "| | Tổng cộng | 500 | 700 |\n"
)


@pytest.mark.parametrize(
    "header",
    ["| TT | Nội dung | Đã phê duyệt | Điều chỉnh |",
     "| TT | Nội dung | Theo QĐ số 1500/QĐ-UBND | Nay sửa đổi |",
     "| TT | Nội dung | Kế hoạch cũ | Kế hoạch mới |"],
)  # fmt: skip
def test_issue_14_comparison_table_old_column_is_previous(header: str) -> None:
    doc = text_document(COMPARISON.replace("| TT | Nội dung | Đã phê duyệt | Điều chỉnh |", header))
    [table] = find_text_tables(doc)
    reading = read_budget_table(doc, table, 0)
    assert reading is not None
    cells = [(f.row_label, f.amount_vnd, f.is_total, f.role) for f in reading.figures]
    old = BudgetRole.PREVIOUS
    assert cells == [
        ("1", 300_000_000, False, old),
        ("1", 400_000_000, False, None),
        ("2", 200_000_000, False, old),
        ("2", 300_000_000, False, None),
        (None, 500_000_000, True, old),
        (None, 700_000_000, True, None),
    ]
    assert not [f for f in reading.findings if f.severity is Severity.ERROR]


def test_issue_14_old_column_is_not_checked_against_the_prose(tmp_path: Path) -> None:
    path = tmp_path / "comparison.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG\nSố: 101/QĐ-UBND\nCao Bằng, ngày 10 tháng 3 năm 2019\n"
        "QUYẾT ĐỊNH\nĐiều chỉnh Kế hoạch khuyến công năm 2019 ban hành kèm theo Quyết định số"
        " 1500/QĐ-UBND ngày 20/9/2018\nQUYẾT ĐỊNH:\n"
        "Điều 1. Điều chỉnh kinh phí thực hiện Kế hoạch như sau:\n"
        # no total row: the checks read a total row only when it has a year; without one they
        # add the rows up, which is what is checked here (old column left out: 400 + 300)
        "Tổng kinh phí: 700 triệu đồng (chi tiết tại biểu kèm theo).\n\n"
        + COMPARISON.replace("| | Tổng cộng | 500 | 700 |\n", ""),
        encoding="utf-8",
    )
    extraction = extract(path)
    (document,) = extraction.records["documents"]
    assert document.total_budget_vnd == 700_000_000
    lines = extraction.records["budget_lines"]
    assert [(b.amount_vnd, b.role) for b in lines if b.table_id is not None] == [
        (300_000_000, BudgetRole.PREVIOUS),
        (400_000_000, None),
        (200_000_000, BudgetRole.PREVIOUS),
        (300_000_000, None),
    ]
    assert [i.check for i in extraction.records["issues"] if i.severity is Severity.ERROR] == []
    assert [(r.ref_number, r.relation) for r in extraction.records["legal_refs"]] == [
        ("1500/QĐ-UBND", Relation.sua_doi)
    ]
