"""The issues ledger on small texts shaped like the samples: errors found, no false alarms."""

from __future__ import annotations

from decimal import Decimal

from pipeline.build.budget_model import BudgetFigure
from pipeline.build.budget_prose import extract_prose_budget
from pipeline.build.checks import (
    check_amounts_in_words,
    check_appendix_references,
    check_executed_parts,
    check_prose_budget,
    tolerance_vnd,
)
from pipeline.build.extract import extract
from pipeline.build.segment import segment
from pipeline.kinds import Check, FundingSource, Measure, Severity
from pipeline.records import IssueRecord

from ...conftest import RAW_DIR, SAMPLES, text_document


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


def test_years_that_miss_within_the_rounding_of_their_parts_are_a_warning() -> None:
    # Hưng Yên's lines (data/raw/000_…, Phần IV.2) with 2020 = 3.647: the years add up to 8.375
    # against 8.374; three parts printed to the million may be off by 1,5 million together.
    doc = text_document(
        "IV. KINH PHÍ\n2. Tổng kinh phí dự kiến là 8.374 triệu đồng. Trong đó:\n"
        "- Kinh phí sử dụng năm 2018: 1.514 triệu đồng.\n"
        "- Kinh phí sử dụng năm 2019: 3.214 triệu đồng.\n"
        "- Kinh phí sử dụng năm 2020: 3.646 triệu đồng.\n".replace("3.646", "3.647")
    )
    sections = segment(doc, None)
    [finding] = check_prose_budget(extract_prose_budget(doc, sections), sections)
    assert (finding.check, finding.severity) == (Check.PROSE_YEARS_SUM, Severity.WARNING)
    assert (finding.expected, finding.actual) == ("8374000000", "8375000000")
    assert "within the rounding of the 3 printed parts" in finding.message


# An Giang (data/raw/001_9789b1cfca0ebaa2.txt), Phần I.2, the review of 2013-2015, as printed.
AN_GIANG_EXECUTION = (
    "- Kinh phí thực hiện Chương trình\n"
    "giai đoạn 2013-2015 thực hiện đạt thấp (32%/KH: 44.993/138.529 triệu đồng).\n"
    "Trong đó kinh phí Trung ương đạt 7,7%/KH (800/10.335 triệu đồng), ngân sách tỉnh\n"
    "đạt 82% (11.305/13.863 triệu đồng), nguồn khác chỉ đạt 28,7% (32.887/114.331\n"
    "triệu đồng).\n"
    "3) Nguyên nhân những tồn tại, hạn\nchế:\n"
)


def test_an_giang_executed_parts_miss_by_one_million_within_rounding() -> None:
    doc = text_document(AN_GIANG_EXECUTION)
    # Executed: 800 + 11.305 + 32.887 = 44.992, printed 44.993: a miss of 1 million, within the
    # rounding of four figures printed to the million (2 million). Planned: 10.335 + 13.863 +
    # 114.331 = 138.529, as printed: no finding.
    [finding] = check_executed_parts(doc)
    assert (finding.check, finding.severity) == (Check.EXECUTED_PARTS_SUM, Severity.WARNING)
    assert (finding.expected, finding.actual) == ("44993000000", "44992000000")
    assert doc.text[finding.start : finding.end] == "44.993/138.529 triệu đồng"
    assert "800 + 11.305 + 32.887" in finding.message


def test_executed_parts_that_miss_beyond_rounding_are_an_error() -> None:
    # The same lines with the national part 700 instead of 800, the planned 10.435 for 10.335.
    doc = text_document(AN_GIANG_EXECUTION.replace("(800/", "(700/").replace("/10.335", "/10.435"))
    executed, planned = check_executed_parts(doc)
    assert (executed.severity, executed.expected, executed.actual) == (
        Severity.ERROR,
        "44993000000",
        "44892000000",
    )
    assert (planned.severity, planned.expected, planned.actual) == (
        Severity.ERROR,
        "138529000000",
        "138629000000",
    )


def test_executed_pairs_without_trong_do_are_not_parts() -> None:
    # The pairs of An Giang's lines, listed without "Trong đó": no total is stated for them.
    doc = text_document(AN_GIANG_EXECUTION.replace("Trong đó", "Ngoài ra,"))
    assert check_executed_parts(doc) == []


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


def _issues(sample: str, check: Check) -> list[IssueRecord]:
    records = extract(RAW_DIR / SAMPLES[sample]).records["issues"]
    return [r for r in records if isinstance(r, IssueRecord) and r.check == check]


def test_cao_bang_targets_against_bieu_01() -> None:
    # data/raw/003_…: Nội dung 2 "- Tổ chức 05 hội nghị tập huấn nghiệp vụ, với 90 đại biểu/05
    # năm;" against Biểu 01 row II.3 "Số hội thảo, tập huấn kỹ thuật, nghiệp vụ mới tổ chức được
    # | Hội nghị | 1 | | 1 | | 1 | 3" (under "II. Nội dung 2: Nâng cao năng lực quản lý"), and
    # Nội dung 3 "Dự kiến 05 năm xây dựng 06 mô hình" against row III.1 "Số mô hình trình diễn
    # kỹ thuật hỗ trợ xây dựng được | Mô hình | 1 | 1 | 1 | 1 | 1 | 5".
    found = {
        (r.actual, r.expected, r.severity) for r in _issues("cao_bang", Check.TARGET_TABLE_MISMATCH)
    }
    assert found == {("05 hội nghị", "3", "warning"), ("06 mô hình", "5", "warning")}
    # Not found, as the match is not certain: "05 doanh nghiệp" of Nội dung 4 (thương hiệu)
    # against row II.5's 30 Doanh nghiệp (another area); "02 nội dung, hình thức khác" of Nội
    # dung 5 against row VII.4 "Nội dung khác" (another area); "khoảng 5 hội nghị" (not exact).


def test_targets_that_agree_with_their_table_give_nothing() -> None:
    # Hưng Yên (data/raw/000_…) states its targets per content line without a table row of the
    # same area and unit that disagrees ("21 cơ sở CNNT" is not the table's "Cơ sở").
    assert _issues("hung_yen", Check.TARGET_TABLE_MISMATCH) == []
