"""Segmentation into the legal structure, on the samples and on shapes they show."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.model import Document
from extractors.text import extract_text_file
from pipeline.build.metadata import extract_metadata
from pipeline.build.segment import Section, logical_lines, segment
from pipeline.kinds import Level

from ...conftest import RAW_DIR, SAMPLES, text_document


def _segment_file(name: str) -> tuple[Document, list[Section]]:
    doc = extract_text_file(RAW_DIR / SAMPLES[name])
    plan = extract_metadata(doc).plan_title
    return doc, segment(doc, plan.start if plan else None)


def _labels(sections: list[Section], level: Level, parent_heading: str | None = None) -> list:
    by_index = {s.index: s for s in sections}
    return [
        s.label
        for s in sections
        if s.level == level
        and (parent_heading is None or by_index[s.parent].heading.startswith(parent_heading))
    ]


SAMPLE_DIEU = [
    ("hung_yen", [f"Điều {i}" for i in range(1, 4)]),
    ("an_giang", [f"Điều {i}" for i in range(1, 4)]),
    ("binh_phuoc", [f"Điều {i}" for i in range(1, 8)]),
    ("cao_bang", ["Điều 1", "Điều 2"]),
    ("dong_nai", []),
]


@pytest.mark.parametrize(("sample", "labels"), SAMPLE_DIEU)
def test_dieu(sample: str, labels: list[str]) -> None:
    _, sections = _segment_file(sample)
    assert _labels(sections, Level.DIEU) == labels


def test_hung_yen_objectives_and_content_areas() -> None:
    _, sections = _segment_file("hung_yen")
    assert _labels(sections, Level.DIEM, "Mục tiêu chung") == ["a", "b", "c"]
    assert _labels(sections, Level.DIEM, "Mục tiêu cụ thể") == ["a", "b", "c", "d"]
    assert _labels(sections, Level.KHOAN, "NỘI DUNG") == [str(i) for i in range(1, 9)]
    assert _labels(sections, Level.ROMAN) == ["I", "II", "III", "IV", "V", "VI"]


def test_an_giang_parts_and_broken_headings() -> None:
    _, sections = _segment_file("an_giang")
    parts = [s for s in sections if s.level == Level.PHAN]
    assert [p.label for p in parts] == ["Phần I", "Phần II"]
    assert parts[1].heading == "CHƯƠNG TRÌNH KHUYẾN CÔNG TỈNH AN GIANG GIAI ĐOẠN 2016 - 2020"
    [objectives] = [s for s in sections if s.heading.startswith("Mục tiêu của")]
    # "I. Mục tiêu của\nChương trình:" is one heading: "của" cannot end a phrase.
    assert objectives.heading == "Mục tiêu của Chương trình:"


def test_decision_body_parts() -> None:
    _, sections = _segment_file("cao_bang")
    levels = [s.level for s in sections if s.parent == 0]
    assert levels == [Level.CAN_CU, Level.DIEU, Level.DIEU, Level.NOI_NHAN, Level.CHU_KY]
    roots = [s for s in sections if s.parent is None]
    assert [r.label for r in roots] == ["Quyết định", "KẾ HOẠCH"]


def test_appendices() -> None:
    _, sections = _segment_file("cao_bang")
    appendices = [(s.label, s.heading[:25]) for s in sections if s.level == Level.PHU_LUC]
    assert appendices == [
        ("Biểu", "QUẢN LÝ KẾ HOẠCH KHUYẾN C"),
        ("Biểu 02", "TỔNG HỢP KINH PHÍ THỰC HI"),
    ]


def test_a_number_is_not_a_clause() -> None:
    doc = text_document(
        "I. KINH PHÍ\n1.234 triệu đồng cho năm 2018.\n2016 - 2020 là giai đoạn.\n1. Tổng"
    )
    sections = segment(doc, None)
    assert [(s.level, s.label) for s in sections[1:]] == [
        (Level.ROMAN, "I"),
        (Level.KHOAN, "1"),
    ]


def test_nested_clause_numbers() -> None:
    doc = text_document("1. Mục tiêu\n1.1. Chung\n1.2 Cụ thể\n2. Nội dung")
    sections = segment(doc, None)
    parents = {s.label: sections[s.parent].label for s in sections[1:]}  # type: ignore[index]
    assert parents == {"1": None, "1.1": "1", "1.2": "1", "2": None}


def test_table_rows_are_not_sections() -> None:
    doc = text_document("II. NỘI DUNG\nVII.\tNội dung 7\t\t30\n| 1 | Đào tạo |\n1. Đào tạo")
    assert [s.label for s in segment(doc, None)[1:]] == ["II", "1"]


# How physical lines join into logical lines, one rule a case: (text, the logical lines' texts).
LINE_JOINS = [
    ("Mục tiêu của\nChương trình:", ["Mục tiêu của\nChương trình:"]),  # "của" cannot end
    ("Hỗ trợ đào tạo\nnghề cho 420 lao động", ["Hỗ trợ đào tạo\nnghề cho 420 lao động"]),
    ("Tổng kinh phí 500 triệu đồng.\nnăm 2018", ["Tổng kinh phí 500 triệu đồng.", "năm 2018"]),
    ("Hỗ trợ đào tạo\nb) điểm", ["Hỗ trợ đào tạo", "b) điểm"]),  # a marker starts a line
    ("Kinh phí\t30\nkhác", ["Kinh phí\t30", "khác"]),  # nothing joins a table row
    ("Hỗ trợ\n| a | b |", ["Hỗ trợ", "| a | b |"]),
    ("**Điều 1.** Phê duyệt\n\n(kèm theo)", ["Điều 1. Phê duyệt\n\n(kèm theo)"]),  # markup out
]


# Web copies of the corpus (../shared/corpus/text) break lines at a dash, before a capital that
# goes on a name, inside a province's name: (file the lines came from, text, logical lines).
WEB_LINE_JOINS = [
    (  # a dash opens the line before a lower-case word: "kinh tế - xã hội"
        "ef57df9384270c6e",
        "riêng) phải căn cứ vào điều kiện tự nhiên, kinh tế\n- xã hội và môi trường cụ thể",
        ["riêng) phải căn cứ vào điều kiện tự nhiên, kinh tế\n- xã hội và môi trường cụ thể"],
    ),
    (
        "01bf9d04a5b9e2c8",
        "doanh nghiệp, tổ chức chính trị\n- xã hội, hội quần chúng phải gương mẫu",
        ["doanh nghiệp, tổ chức chính trị\n- xã hội, hội quần chúng phải gương mẫu"],
    ),
    (  # a dash closes the line: a range goes on
        "ac0f18a2d1b4fb56",
        "công suất 100 -\n500 tấn/ngày đêm;",
        ["công suất 100 -\n500 tấn/ngày đêm;"],
    ),
    (
        "001c610b2efdcf0c",
        "tích hợp vào Hệ thống quốc gia (2025 -\n2030).",
        ["tích hợp vào Hệ thống quốc gia (2025 -\n2030)."],
    ),
    (  # a dash before a number after a number: "giai đoạn 2026 - 2030"
        "f004d93b21e7fc5f",
        "Make in Viet Nam cho giai đoạn 2026\n- 2030, tập trung vào các doanh nghiệp",
        ["Make in Viet Nam cho giai đoạn 2026\n- 2030, tập trung vào các doanh nghiệp"],
    ),
    ("ac0f18a2d1b4fb56", "công suất 5\n-10 tấn/ngày đêm;", ["công suất 5\n-10 tấn/ngày đêm;"]),
    (  # the head of a name printed with its capital
        "77de0148105d5008",
        "Theo đề nghị của Giám đốc Sở\nCông Thương tại Tờ trình số 1689/TTr-SCT",
        ["Theo đề nghị của Giám đốc Sở\nCông Thương tại Tờ trình số 1689/TTr-SCT"],
    ),
    (
        "ac0f18a2d1b4fb56",
        "quy định chi tiết thi hành một số điều của Luật\nBảo vệ môi trường.",
        ["quy định chi tiết thi hành một số điều của Luật\nBảo vệ môi trường."],
    ),
    (  # a province's name broken
        "ea34a356cafcb1aa",
        "kết cấu hạ tầng đường bộ trên địa bàn tỉnh Bắc\nNinh",
        ["kết cấu hạ tầng đường bộ trên địa bàn tỉnh Bắc\nNinh"],
    ),
    (
        "31ea3f5a8224b092",
        "các xã, phường trên địa bàn tỉnh Nghệ\nAn;",
        ["các xã, phường trên địa bàn tỉnh Nghệ\nAn;"],
    ),
    (  # real bullets after a line with no full stop stay bullets
        "0beedb7bdb363a85",
        "- Tên thủ tục\n- Trình tự thực hiện\n- Thời hạn giải quyết",
        ["- Tên thủ tục", "- Trình tự thực hiện", "- Thời hạn giải quyết"],
    ),
    (
        "02b9be7711f88c70",
        "Chi hỗ trợ thành lập mới\n- Đối tượng áp dụng cho Đảng ủy",
        ["Chi hỗ trợ thành lập mới", "- Đối tượng áp dụng cho Đảng ủy"],
    ),
    (  # a rule line under the header is no dash closing a phrase
        "020bddd030400bd2",
        "TỈNH HÀ TĨNH\n--------\n|",
        ["TỈNH HÀ TĨNH", "--------", "|"],
    ),
    (  # a gazette's running header ends on its page number: the bullet below stays a bullet
        "thong-tu-so-29-2021-tt-bldtbxh-36958",
        "CÔNG BÁO/Số 287 + 288/Ngày 08-4-2022 11\n- 2,22 < X ≤ 3,37: Điều kiện lao động loại III;",
        [
            "CÔNG BÁO/Số 287 + 288/Ngày 08-4-2022 11",
            "- 2,22 < X ≤ 3,37: Điều kiện lao động loại III;",
        ],
    ),
    (  # "- g)" is a point: it does not go on the line above
        "003_8c7e4977db864976",
        "hàng xuất khẩu sử dụng chủ yếu nguyên liệu tại chỗ\n- g) Sản xuất hàng tiêu thụ",
        ["hàng xuất khẩu sử dụng chủ yếu nguyên liệu tại chỗ", "- g) Sản xuất hàng tiêu thụ"],
    ),
]


@pytest.mark.parametrize(
    ("source", "text", "joined"), WEB_LINE_JOINS, ids=[f"{s}:{t}" for s, t, _ in WEB_LINE_JOINS]
)
def test_web_copy_line_joins(source: str, text: str, joined: list[str]) -> None:
    doc = text_document(text)
    assert [line.text(doc) for line in logical_lines(doc)] == joined


def test_an_appendix_heading_broken_at_a_dash_thong_tu_02_2025_tt_bldtbxh() -> None:
    doc = text_document(
        "Phụ lục III\nQUY ĐỊNH CHẾ ĐỘ BÁO CÁO THỐNG KÊ\nNGÀNH LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI -\n"
        "PHẦN HƯỚNG DẪN CÁCH GHI BIỂU BÁO CÁO\n(Ban hành kèm theo Thông tư số 02/2025/TT-BLĐTBXH)\n"
        "PHẦN A. MẪU BIỂU BÁO CÁO"
    )
    [appendix] = [s for s in segment(doc, None) if s.level == Level.PHU_LUC]
    assert appendix.heading == (
        "QUY ĐỊNH CHẾ ĐỘ BÁO CÁO THỐNG KÊ NGÀNH LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI - "
        "PHẦN HƯỚNG DẪN CÁCH GHI BIỂU BÁO CÁO"
    )


def test_a_point_after_a_dash_is_a_point_cao_bang() -> None:
    _, sections = _segment_file("cao_bang")
    points = [
        s for s in sections if s.level == Level.DIEM and s.heading.startswith("Sản xuất hàng")
    ]
    assert ("g", "Sản xuất hàng tiêu thụ công nghiệp;") in [(p.label, p.heading) for p in points]
    assert _labels(sections, Level.DIEM, "Điều kiện được hưởng") == ["a", "b", "c", "d"]


def test_a_period_broken_at_its_dash_is_one_title_line_an_giang() -> None:
    _, sections = _segment_file("an_giang")
    assert not [s for s in sections if s.level == Level.BULLET and s.heading == "2020"]


@pytest.mark.parametrize(("text", "joined"), LINE_JOINS, ids=[t for t, _ in LINE_JOINS])
def test_logical_lines(text: str, joined: list[str]) -> None:
    doc = text_document(text)
    assert [line.text(doc) for line in logical_lines(doc)] == joined


def test_segment_reads_the_logical_lines_it_is_given() -> None:
    doc, sections = _segment_file("an_giang")
    plan = extract_metadata(doc).plan_title
    assert segment(doc, plan.start if plan else None, logical_lines(doc)) == sections


def _assert_covers_once(doc: Document, sections: list[Section]) -> None:
    covered: Counter[int] = Counter()
    for s in sections:
        assert s.start <= s.body_start <= s.own_end <= s.end
        for i in range(s.start, s.own_end):
            covered[i] += 1
    assert set(covered) == set(range(len(doc.text)))
    assert set(covered.values()) <= {1}
    for s in sections:
        if s.parent is not None:
            parent = sections[s.parent]
            assert parent.start <= s.start and s.end <= parent.end


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_samples_covered_once(sample: str) -> None:
    _assert_covers_once(*_segment_file(sample))


LINES = st.sampled_from(
    [
        "Điều 1. Phạm vi",
        "I. MỤC TIÊU",
        "1. Chung",
        "a) điểm",
        "- gạch",
        "+ cộng",
        "Phần I",
        "Chương II",
        "Phụ lục",
        "văn bản thường",
        "1.234 đồng",
        "\tô\tbảng",
        "",
        "của",
        "QUYẾT ĐỊNH:",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES | st.text(max_size=30), max_size=30), st.booleans())
def test_any_text_is_covered_once(lines: list[str], with_plan: bool) -> None:
    doc = text_document("\n".join(lines))
    plan_start = len(doc.text) // 2 if with_plan and doc.text else None
    _assert_covers_once(doc, segment(doc, plan_start))
