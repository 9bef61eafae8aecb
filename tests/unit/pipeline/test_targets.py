"""Targets (pipeline.build.targets) on the lines of the samples that showed each rule (issue 13):
durations and frequencies are no targets, yearly figures say so, ranges are `range`, units stop
at the noun phrase. Each test is named after the sample the line comes from."""

from __future__ import annotations

from decimal import Decimal

from normalizers.units import Qualifier
from pipeline.build.programme import Item
from pipeline.build.segment import Section
from pipeline.build.targets import Target, extract_targets
from pipeline.kinds import Level, ObjectiveKind


def _targets(line: str) -> list[Target]:
    """The targets of ``line`` read as one objective item."""
    section = Section(0, None, Level.BULLET, "-", "", 0, len(line), 0, len(line))
    return extract_targets(Item(section, ObjectiveKind.SPECIFIC, "-", line), line)


def _texts(line: str) -> list[str]:
    return [t.text for t in _targets(line)]


# ------------------------------------------------------------ durations and frequencies


def test_duration_range_is_no_target_cao_bang() -> None:
    line = (
        "cho 650 lao động, mỗi năm đào tạo 130 lao động, chủ yếu là đào tạo ngắn hạn tại chỗ "
        "(01 - 03 tháng) gắn với phát triển nghề của các cơ sở CNNT"
    )
    assert _texts(line) == ["650 lao động", "130 lao động"]


def test_length_of_a_course_is_no_target_dong_nai() -> None:
    line = (
        "cho 400 học viên là chủ, cán bộ quản lý cơ sở sản xuất công nghiệp nông thôn, doanh "
        "nghiệp tiềm năng. Thời gian học 02 ngày, giảng viên là các chuyên gia cao cấp của VCCI"
    )
    assert _texts(line) == ["400 học viên"]


def test_years_of_the_period_are_no_target_cao_bang() -> None:
    line = "Dự kiến 05 năm xây dựng 06 mô hình (mỗi năm hỗ trợ xây dựng được từ 01 đến 02 mô hình)."
    assert _texts(line) == ["06 mô hình", "từ 01 đến 02 mô hình"]


def test_frequency_is_no_target_cao_bang() -> None:
    line = (
        "- Vào mỗi năm lẻ, 02 năm/một lần tổ chức bình chọn sản phẩm công nghiệp nông thôn "
        "tiêu biểu cấp tỉnh"
    )
    assert _targets(line) == []


# ------------------------------------------------------------ per year


def test_per_year_in_parentheses_cao_bang() -> None:
    line = (
        "- Tổ chức các khóa đào tạo, tập huấn về khởi sự, quản trị doanh nghiệp cho 100 người "
        "(mỗi năm 20 học viên);"
    )
    assert [(t.text, t.per_year) for t in _targets(line)] == [
        ("100 người", False),
        ("20 học viên", True),
    ]


def test_per_year_opening_the_clause_an_giang() -> None:
    [target] = _targets("- Hàng năm xây dựng và duy trì 01 bộ cơ sở dữ liệu")
    assert (target.unit, target.per_year) == ("bộ cơ sở dữ liệu", True)


def test_rate_per_year_binh_phuoc() -> None:
    line = "giai đoạn 2011-2015 dự kiến là: 20,560 tỷ đồng, bình quân 4,112 tỷ đồng/năm. Bao gồm:"
    assert [(t.text, t.unit, t.per, t.per_year) for t in _targets(line)] == [
        ("20,560 tỷ đồng", "tỷ đồng", None, False),
        ("4,112 tỷ đồng/năm", "tỷ đồng", "năm", True),
    ]


# ------------------------------------------------------------ ranges


def test_range_without_a_qualifier_word_dong_nai() -> None:
    line = (
        "Hỗ trợ lãi suất vốn vay cho 01 - 02 cơ sở công nghiệp nông thôn gây ô nhiễm môi "
        "trường di dời vào khu, cụm công nghiệp."
    )
    [target] = _targets(line)
    assert (target.value, target.value_max, target.qualifier) == (
        Decimal(1),
        Decimal(2),
        Qualifier.RANGE,
    )


def test_tu_den_is_a_range_and_khoang_stays_about_cao_bang() -> None:
    line = (
        "(mỗi năm hỗ trợ cho khoảng 06 - 08 cơ sở sản xuất và làng nghề tham gia 2 đợt hội chợ "
        "trong và ngoài tỉnh."
    )
    assert [(t.text, t.qualifier, t.per_year) for t in _targets(line)] == [
        ("khoảng 06 - 08 cơ sở sản xuất", Qualifier.ABOUT, True),
        ("2 đợt hội chợ", Qualifier.EXACT, True),
    ]
    [target] = _targets("mỗi năm hỗ trợ xây dựng được từ 01 đến 02 mô hình")
    assert target.qualifier is Qualifier.RANGE


# ------------------------------------------------------------ units


def test_unit_stops_before_the_rate_cao_bang() -> None:
    line = "- Tổ chức 05 hội nghị tập huấn nghiệp vụ, với 90 đại biểu/05 năm;"
    assert [(t.text, t.unit, t.per, t.per_year) for t in _targets(line)] == [
        ("05 hội nghị", "hội nghị", None, False),
        ("90 đại biểu/05 năm", "đại biểu", "05 năm", False),
    ]


def test_monthly_rate_dong_nai() -> None:
    line = "Truyền hình Đồng Nai, định kỳ 02 chuyên đề/tháng."
    [target] = _targets(line)
    assert (target.unit, target.per, target.per_year) == ("chuyên đề", "tháng", False)


def test_unit_ends_before_tro_len_4c6ac60a4ebc43d6() -> None:
    [target] = _targets("nhiên nằm ở độ cao từ 200 mét trở lên so với mực nước biển;")
    assert (target.text, target.unit, target.qualifier) == (
        "từ 200 mét trở lên",
        "mét",
        Qualifier.AT_LEAST,
    )


def test_no_noun_after_the_number_is_no_unit_4c6ac60a4ebc43d6() -> None:
    """ "mức độ 1 dưới 50%": the level's number counts nothing; the share is the target."""
    line = "đạt tiêu chuẩn cơ sở vật chất theo quy định mức\nđộ 1 dưới 50%;"
    assert [(t.text, t.unit, t.qualifier) for t in _targets(line)] == [
        ("dưới 50%", "%", Qualifier.UP_TO)
    ]


def test_numbers_in_names_count_nothing_nghi_quyet_175_nq_cp() -> None:
    """Two lines of the resolution: a standard's number, a centre's number."""
    assert _targets("Trung tâm dữ liệu ANSI/TIA-942 tối thiểu Tier 3 hoặc tương đương") == []
    assert _targets("đối với Trung tâm dữ liệu quốc gia số 1 hoàn thành trong năm 2025.") == []
