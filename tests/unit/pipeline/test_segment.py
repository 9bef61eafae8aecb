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
