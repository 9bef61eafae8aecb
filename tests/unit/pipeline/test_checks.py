"""The issues ledger on small texts shaped like the samples: errors found, no false alarms."""

from __future__ import annotations

from decimal import Decimal

from pipeline.build.budget_model import BudgetFigure
from pipeline.build.budget_prose import extract_prose_budget
from pipeline.build.checks import (
    check_amounts_in_words,
    check_appendix_references,
    check_prose_budget,
    tolerance_vnd,
)
from pipeline.build.segment import segment
from pipeline.kinds import FundingSource, Measure

from ...conftest import text_document


def _budget_findings(text: str) -> list[str]:
    doc = text_document(text)
    sections = segment(doc, None)
    return [f.check for f in check_prose_budget(extract_prose_budget(doc, sections), sections)]


def test_sources_that_add_up_within_rounding_are_fine() -> None:
    text = (
        "V. Kinh phí\n"
        "Tổng kinh phí dự kiến 73,44 tỷ đồng, trong đó nguồn khuyến công quốc gia 6 tỷ đồng, "
        "vốn đối ứng của tổ chức, cá nhân 38,09 tỷ đồng, ngân sách địa phương 29,35 tỷ đồng."
    )
    assert _budget_findings(text) == []


def test_years_that_do_not_add_up_are_reported() -> None:
    text = (
        "IV. KINH PHÍ\n2. Tổng kinh phí dự kiến là 8.374 triệu đồng. Trong đó:\n"
        "- Kinh phí sử dụng năm 2018: 1.514 triệu đồng.\n"
        "- Kinh phí sử dụng năm 2019: 3.214 triệu đồng.\n"
        "- Kinh phí sử dụng năm 2020: 3.696 triệu đồng.\n"
    )
    assert _budget_findings(text) == ["prose_years_sum"]


def test_tolerance_is_half_the_last_printed_digit() -> None:
    figure = BudgetFigure(
        None,
        None,
        None,
        None,
        "tỷ đồng",
        None,
        Measure.AMOUNT,
        FundingSource.TOTAL,
        Decimal("73.44"),
        73_440_000_000,
        True,
        "73,44 tỷ đồng",
        0,
        13,
    )
    assert tolerance_vnd(figure) == 5_000_000


def test_amount_in_words_that_disagrees() -> None:
    doc = text_document(
        "Kinh phí đối ứng là 4.149.000.000 đồng (Bốn tỷ một trăm bốn mươi tám triệu đồng)."
    )
    [finding] = check_amounts_in_words(doc)
    assert (finding.check, finding.expected, finding.actual) == (
        "digits_words_mismatch",
        "4149000000",
        "4148000000",
    )


def test_referenced_appendix_present_or_missing() -> None:
    present = text_document("Chi tiết như Biểu 01 kèm theo.\nBIỂU QUẢN LÝ KẾ HOẠCH\nTT\tNội dung")
    assert check_appendix_references(present, segment(present, None)) == []
    missing = text_document("(Chi tiết tại Phụ\nlục số 02 kèm theo).\nVI. Tổ chức thực hiện")
    [finding] = check_appendix_references(missing, segment(missing, None))
    assert finding.actual == "Phụ lục số 02"
    # "tiêu biểu" is a word, not an appendix.
    prose = text_document("Sản phẩm tiêu biểu kèm theo danh sách.")
    assert check_appendix_references(prose, segment(prose, None)) == []


def test_an_appendix_number_of_any_length_is_compared_as_digits() -> None:
    """int() refuses more than 4 300 digits: such a number failed the whole document."""
    long = "9" * 5000
    doc = text_document(f"Chi tiết tại Phụ lục số {long} kèm theo.\nPhụ lục 02\nTT\tNội dung")
    [finding] = check_appendix_references(doc, segment(doc, None))
    assert finding.check == "appendix_missing"
    numbered = text_document("Chi tiết tại Phụ lục số 002 kèm theo.\nPhụ lục 2\nTT\tNội dung")
    assert check_appendix_references(numbered, segment(numbered, None)) == []


def test_a_report_form_whose_heading_is_there_is_no_missing_appendix_thong_tu_02_2025() -> None:
    """Thông tư 02/2025/TT-BLĐTBXH (corpus ``pdf/thong-tu-so-02-2025-tt-bldtbxh-43964.pdf``)
    prints each form it issues under its own heading, "Biểu số 104/LĐVL-Sở / Ban hành kèm theo
    TT số …": 16 of them were reported as attachments the file does not hold."""
    doc = text_document(
        "Điều 1. Ban hành kèm theo Thông tư này Chế độ báo cáo thống kê.\n"
        "CÔNG BÁO/Số 233 + 234/Ngày 02-02-2025 15\n"
        "Đơn vị báo cáo:\t\nSở LĐTBXH tỉnh/thành phố...\t\n"
        "Biểu số 104/LĐVL-Sở\nBan hành kèm theo TT số\n02/2025/TT-BLĐTBXH\n"
        "ngày 10/01/2025 của Bộ trưởng\nTỶ LỆ NGƯỜI LAO ĐỘNG TÌM ĐƯỢC VIỆC LÀM\n"
        "Chỉ tiêu\tMã số\tTổng số\n"
    )
    assert check_appendix_references(doc, segment(doc, None)) == []


def test_a_form_referred_to_in_prose_and_not_held_is_still_missing() -> None:
    doc = text_document(
        "Số liệu báo cáo theo Biểu số 105 ban hành kèm theo Thông tư này.\nĐiều 2. Hiệu lực\n"
    )
    [finding] = check_appendix_references(doc, segment(doc, None))
    assert finding.actual == "Biểu số 105"
