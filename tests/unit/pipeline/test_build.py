"""Record building: where an offset sits (section, scope) for the rows that point into the text."""

from __future__ import annotations

from pipeline.build import _Locator
from pipeline.segment import segment

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
