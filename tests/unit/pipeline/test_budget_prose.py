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


# --- issue 14: what is budget money ---------------------------------------------------------


def _figures(text: str) -> list[tuple[str, int | None, bool, str | None, str]]:
    doc = text_document(text)
    return [
        (f.raw, f.amount_vnd, f.is_total, f.per, f.currency)
        for f in extract_prose_budget(doc, segment(doc, None))
    ]


def test_registered_capital_is_no_budget_1f9faa032326f975() -> None:
    """../shared/corpus/text/1f9faa032326f975.txt, Điều 10 "Nguồn vốn hoạt động": the fund's
    registered capital, under a heading that speaks of capital."""
    assert (
        _figures(
            "Điều 10. Nguồn vốn hoạt động\n"
            "1. Vốn điều lệ tối thiểu của Quỹ là 30.000.000.000 đồng (Ba mươi tỷ đồng). Vốn điều "
            "lệ của Quỹ được hình thành từ các nguồn sau"
        )
        == []
    )


def test_thresholds_are_no_budget_879553949728a7dc() -> None:
    """../shared/corpus/text/879553949728a7dc.txt (a decision on public assets) and
    1f9faa032326f975.txt: brackets of value that a rule applies to."""
    text = (
        "II. KINH PHÍ\n"
        "1. Điều chuyển tài sản công có nguyên giá theo sổ kế toán dưới 01 tỷ đồng/01 đơn vị "
        "tài sản\n"
        "2. Đối với mức tài trợ từ 100 triệu đồng trở lên, Giám đốc Quỹ báo cáo Hội đồng\n"
        "3. Dự án có tổng mức đầu tư 300 tỷ đồng do Ủy ban nhân dân tỉnh quyết định\n"
        "4. Kinh phí năm 2021: 500 triệu đồng"
    )
    assert _figures(text) == [("500 triệu đồng", 500_000_000, False, None, "VND")]


def test_issue_14_an_economic_indicator_is_no_budget() -> None:
    line = (
        "Huy động tổng vốn đầu tư toàn xã hội đạt khoảng 150.000 tỷ đồng; tổng kinh phí "
        "khuyến công 4,1 tỷ đồng"
    )
    assert _figures(line) == [("4,1 tỷ đồng", 4_100_000_000, True, None, "VND")]


def test_a_rate_is_a_figure_with_per_never_a_total_0abcf1a5292b31ec() -> None:
    """../shared/corpus/text/0abcf1a5292b31ec.txt: "2. Mức hỗ trợ: 500.000 đồng/hộ/tháng;"."""
    text = "III. KINH PHÍ THỰC HIỆN\n2. Mức hỗ trợ: 500.000 đồng/hộ/tháng;"
    assert _figures(text) == [("500.000 đồng/hộ/tháng", 500_000, False, "hộ/tháng", "VND")]
    average = _figures("Tổng kinh phí bình quân 4,112 tỷ đồng/năm")
    assert average == [("4,112 tỷ đồng/năm", 4_112_000_000, False, "năm", "VND")]


def test_issue_14_a_foreign_amount_keeps_its_currency() -> None:
    assert _figures("Nguồn vốn ODA: 35 triệu USD") == [("35 triệu USD", None, False, None, "USD")]


def test_issue_14_a_total_stated_without_tong() -> None:
    text = (
        "Kinh phí thực hiện: 3.000.000.000 đồng + 3.300.000.000 đồng = 6.300.000.000 đồng. "
        "Trong đó:"
    )
    assert [(raw, is_total) for raw, _, is_total, _, _ in _figures(text)] == [
        ("3.000.000.000 đồng", False),
        ("3.300.000.000 đồng", False),
        ("6.300.000.000 đồng", True),
    ]


def test_an_giang_total_followed_by_trong_do_001() -> None:
    """data/raw/001 (An Giang): "… dự kiến 73,44 tỷ đồng, trong đó đề nghị trung ương …"."""
    text = "Tổng nhu cầu kinh phí giai đoạn 2016-2020 dự kiến 73,44 tỷ đồng, trong đó đề nghị"
    assert _figures(text)[0][:3] == ("73,44 tỷ đồng", 73_440_000_000, True)


def test_issue_14_a_compound_amount_is_one_budget_figure() -> None:
    assert _figures("Tổng kinh phí: 2 tỷ 350 triệu đồng") == [
        ("2 tỷ 350 triệu đồng", 2_350_000_000, True, None, "VND")
    ]


def test_list_items_under_a_budget_heading_hung_yen_000() -> None:
    """data/raw/000 (Hưng Yên), "IV. KINH PHÍ": the items of a budget part are read; here they
    say "Kinh phí", and an item that does not is read the same."""
    text = (
        "IV. KINH PHÍ\n"
        "- Kinh phí sử dụng năm 2018: 1.514 triệu đồng.\n"
        "- Năm 2019: 3.214 triệu đồng.\n"
    )
    doc = text_document(text)
    figures = extract_prose_budget(doc, segment(doc, None))
    assert [(f.raw, f.year, f.amount_vnd) for f in figures] == [
        ("1.514 triệu đồng", 2018, 1_514_000_000),
        ("3.214 triệu đồng", 2019, 3_214_000_000),
    ]
