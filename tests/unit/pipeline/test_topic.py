"""Issue 13: a document's topic with its evidence."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.build.assemble import build_records
from pipeline.build.extract import Extraction
from pipeline.build.metadata import extract_metadata
from pipeline.build.segment import segment
from pipeline.build.topic import read_topic
from pipeline.kinds import Topic, TopicPlace
from pipeline.records import DocumentRecord

from ...conftest import text_document

_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _document(extraction: Extraction) -> DocumentRecord:
    [row] = extraction.records["documents"]
    assert isinstance(row, DocumentRecord)
    return row


@pytest.mark.parametrize(
    ("sample", "phrase", "found_in"),
    [
        # "Phê duyệt Chương trình khuyến công địa phương tỉnh Hưng Yên đến năm 2020"
        ("hung_yen", "khuyến công", TopicPlace.TITLE),
        # "PHÊ DUYỆT CHƯƠNG TRÌNH KHUYẾN CÔNG TỈNH AN GIANG GIAI ĐOẠN 2016 – 2020"
        ("an_giang", "KHUYẾN CÔNG", TopicPlace.TITLE),
        # a programme alone: its title is the document's
        ("binh_phuoc", "KHUYẾN CÔNG", TopicPlace.TITLE),
        ("cao_bang", "khuyến công", TopicPlace.TITLE),
        ("dong_nai", "Khuyến công", TopicPlace.TITLE),
    ],
)
def test_the_samples_are_khuyen_cong_from_their_titles(
    sample_extractions: dict[str, Extraction], sample: str, phrase: str, found_in: TopicPlace
) -> None:
    extraction = sample_extractions[sample]
    row = _document(extraction)
    assert row.topic == Topic.KHUYEN_CONG
    evidence = row.topic_evidence
    assert evidence is not None
    assert (evidence.phrase, evidence.found_in) == (phrase, found_in)
    assert extraction.document is not None
    assert extraction.document.text[evidence.char_start : evidence.char_end] == phrase


def test_a_decision_whose_titles_do_not_say_it_is_read_from_its_first_article_cao_bang(
    sample_extractions: dict[str, Extraction],
) -> None:
    """A decision allocating or amending khuyến công funds may say so only in Điều 1: Cao Bằng's
    "Điều 1. Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020", read with its
    titles left out."""
    document = sample_extractions["cao_bang"].document
    assert document is not None
    metadata = extract_metadata(document)
    assert metadata.plan_title is not None
    sections = segment(document, metadata.plan_title.start)
    reading = read_topic(document, None, None, sections)
    assert reading.topic == Topic.KHUYEN_CONG
    assert reading.evidence is not None
    assert (reading.evidence.phrase, reading.evidence.found_in) == (
        "Kế hoạch khuyến công",
        TopicPlace.BODY,
    )
    start = reading.evidence.start
    assert document.text[document.text.rindex("Điều 1", 0, start) : start].startswith(
        "Điều 1. Phê duyệt"
    )


# The web copy of Bắc Ninh's 1521/QĐ-UBND (corpus text/ea34a356cafcb1aa.txt): a catalogue of
# administrative procedures whose annexed table has a row "Hỗ trợ kinh phí khuyến công".
_CATALOGUE_EA34A356 = """\
ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
Số: 1521/QĐ-UBND
Bắc Ninh, ngày 22 tháng 11 năm 2025
QUYẾT ĐỊNH
VỀ VIỆC CHUẨN HÓA DANH MỤC THỦ TỤC HÀNH CHÍNH ĐẶC THÙ THỰC HIỆN
TRÊN ĐỊA BÀN TỈNH BẮC NINH
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH
QUYẾT ĐỊNH:
Điều 1. Chuẩn hóa Danh mục thủ tục hành chính đặc thù thực hiện trên địa bàn tỉnh Bắc Ninh.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
DANH MỤC THỦ TỤC HÀNH CHÍNH
| 64 | Hỗ trợ kinh phí khuyến công | Khuyến công |
"""


def test_khuyen_cong_in_an_annexed_table_is_no_topic_ea34a356cafcb1aa() -> None:
    built = build_records(text_document(_CATALOGUE_EA34A356), "ea34.txt", _AT)
    [row] = built.records["documents"]
    assert isinstance(row, DocumentRecord)
    assert (row.topic, row.topic_evidence) == (Topic.OTHER, None)
