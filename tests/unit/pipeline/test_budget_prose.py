"""Budget figures in prose: which lines are read, and what each figure is for."""

from __future__ import annotations

from pipeline.build.budget_prose import extract_prose_budget
from pipeline.build.segment import logical_lines, segment
from pipeline.kinds import FundingSource

from ...conftest import text_document

# An amount on a line with no budget word is a budget figure only inside a part headed as one,
# at any depth below it.
BUDGET_PART = (
    "I. NỘI DUNG\n"
    "1. Đào tạo nghề\n"
    "- Năm 2018: 500 triệu đồng\n"
    "II. KINH PHÍ THỰC HIỆN\n"
    "1. Theo năm\n"
    "- Năm 2018: 600 triệu đồng\n"
    "- Năm 2019: 700 triệu đồng\n"
    "III. TỔ CHỨC THỰC HIỆN\n"
    "Nguồn vốn khuyến công quốc gia: 200 triệu đồng"
)


def test_only_budget_parts_and_budget_lines_are_read() -> None:
    doc = text_document(BUDGET_PART)
    figures = extract_prose_budget(doc, segment(doc, None))
    assert [(f.raw, f.year, f.amount_vnd, f.row_label, f.item) for f in figures] == [
        ("600 triệu đồng", 2018, 600_000_000, "1", "Theo năm"),
        ("700 triệu đồng", 2019, 700_000_000, "1", "Theo năm"),
        ("200 triệu đồng", None, 200_000_000, "III", "TỔ CHỨC THỰC HIỆN"),
    ]
    assert figures[2].funding_source == FundingSource.NATIONAL
    assert [doc.text[f.start : f.end] for f in figures] == [f.raw for f in figures]


def test_logical_lines_given_or_not() -> None:
    doc = text_document(BUDGET_PART)
    lines = logical_lines(doc)
    sections = segment(doc, None, lines)
    assert extract_prose_budget(doc, sections, lines) == extract_prose_budget(doc, sections)


def test_a_ratio_numerator_is_exact_at_any_size() -> None:
    """ "done/planned triệu đồng": the numerator was multiplied out in the default 28-digit
    context, so a figure of more digits lost its last ones."""
    done = "12.345.678.901.234.567.890.123.456.789"
    doc = text_document(
        f"II. KINH PHÍ THỰC HIỆN\n- Kinh phí đã thực hiện: {done}/138.529 triệu đồng"
    )
    figures = extract_prose_budget(doc, segment(doc, None))
    assert [(f.raw, f.amount_vnd) for f in figures] == [
        (done, 12_345_678_901_234_567_890_123_456_789 * 10**6),
        ("138.529 triệu đồng", 138_529 * 10**6),
    ]
