"""Record building: where an offset sits (section, scope) for the rows that point into the text."""

from __future__ import annotations

import datetime as dt

from pipeline.build.assemble import _Locator, build_records
from pipeline.build.segment import segment

from ...conftest import text_document

REVIEW_AND_PLAN = (
    "I. KẾT QUẢ THỰC HIỆN\n"
    "1. Đào tạo nghề\n"
    "II. GIAI ĐOẠN 2011 - 2015\n"
    "1. Hỗ trợ\n"
    "III. NỘI DUNG GIAI ĐOẠN 2016 - 2020\n"
    "1. Đào tạo nghề"
)


def test_scope_of_each_part_and_what_lies_below() -> None:
    doc = text_document(REVIEW_AND_PLAN)
    locate = _Locator(doc, segment(doc, None), period_start=2016)
    offsets = [line.start for line in doc.lines]
    expected = ["review", "review", "review", "review", "plan", "plan"]
    assert [locate.scope(o) for o in offsets] == expected
    assert [locate.scope(o) for o in reversed(offsets)] == expected[::-1]  # worked out once
    assert locate.scope(None) == "plan"
    assert [locate.section_id(o) for o in offsets[:2]] == ["s0001", "s0002"]


def test_a_past_range_is_a_review_only_against_the_plan_period() -> None:
    doc = text_document(REVIEW_AND_PLAN)
    locate = _Locator(doc, segment(doc, None), period_start=None)
    assert locate.scope(doc.text.index("II.")) == "plan"
    assert locate.scope(doc.text.index("I.")) == "review"


# Two state budget figures that each fit an int64 of đồng and together do not.
STATE_BEYOND_INT64 = (
    "IV. KINH PHÍ THỰC HIỆN\n"
    "- Nguồn kinh phí khuyến công quốc gia: 5.000.000.000.000.000.000 đồng\n"
    "- Nguồn kinh phí khuyến công địa phương: 5.000.000.000.000.000.000 đồng\n"
    "- Kinh phí đối ứng: 45.547.000.000.000.000.000 đồng\n"
)


def test_figures_and_a_total_beyond_int64_are_warnings_not_values() -> None:
    doc = text_document(STATE_BEYOND_INT64)
    built = build_records(doc, "memory.txt", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    rows = {name: [r.model_dump() for r in records] for name, records in built.records.items()}
    assert rows["documents"][0]["total_budget_vnd"] is None  # 10¹⁹ đồng does not fit
    assert [(b["budget_line_id"], b["amount_vnd"]) for b in rows["budget_lines"]] == [
        ("b0000", 5 * 10**18),
        ("b0001", 5 * 10**18),
    ]
    warnings = [i for i in rows["issues"] if i["check"] == "figure_out_of_range"]
    assert [(w["severity"], w["actual"], w["char_start"] is None) for w in warnings] == [
        ("warning", "45.547.000.000.000.000.000 đồng", False),
        ("warning", "10000000000000000000", True),
    ]
    giant = warnings[0]
    assert doc.text[giant["char_start"] : giant["char_end"]] == giant["actual"]
    assert "amount_vnd = 45547000000000000000 does not fit int64" in giant["message"]
