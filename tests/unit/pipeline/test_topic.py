"""Issue 13: a document's topic with its evidence, and programme records only in a khuyến công
programme's own parts."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.build.assemble import build_records
from pipeline.build.extract import Extraction
from pipeline.build.metadata import extract_metadata
from pipeline.build.segment import segment
from pipeline.build.topic import read_topic
from pipeline.kinds import Topic, TopicPlace
from pipeline.records import ContentLineRecord, DocumentRecord, ObjectiveRecord

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


# Quảng Ninh's Quy chế on religious affairs (corpus text/1a3950726cd8511f.txt): its "Điều 3.
# Nội dung phối hợp" gave ten content lines (one `thong_tin`) before issue 13.
_COORDINATION_1A395072 = """\
QUYẾT ĐỊNH
BAN HÀNH QUY CHẾ PHỐI HỢP TRONG CÔNG TÁC QUẢN LÝ NHÀ NƯỚC VỀ TÍN NGƯỠNG, TÔN GIÁO
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.
Điều 3. Nội dung phối hợp
1. Tham mưu xây dựng văn bản quản lý nhà nước về tín ngưỡng, tôn giáo.
2. Tuyên truyền, phổ biến các chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước
về tín ngưỡng, tôn giáo.
"""


def test_a_clause_headed_noi_dung_in_a_decision_is_no_content_1a3950726cd8511f() -> None:
    built = build_records(text_document(_COORDINATION_1A395072), "1a39.txt", _AT)
    assert built.records["content_lines"] == ()
    assert built.records["targets"] == ()


# Thanh Hóa's plan for monitoring aquaculture (corpus text/85ff77cbda28ffbb.txt): a plan with
# its own objectives, of another topic; before issue 13 they gave 5 objectives and 65 targets.
_PLAN_85FF77CB = """\
KẾ HOẠCH
QUAN TRẮC, CẢNH BÁO MÔI TRƯỜNG NUÔI TRỒNG THỦY SẢN TRÊN ĐỊA BÀN TỈNH THANH HÓA NĂM 2026
I. MỤC TIÊU
1. Mục tiêu chung
Quan trắc, cảnh báo môi trường nuôi trồng thủy sản năm 2026 nhằm cung cấp thông tin.
2. Mục tiêu cụ thể
- Thực hiện quan trắc cảnh báo môi trường tại 12 vùng nuôi thủy sản tập trung của tỉnh.
II. NỘI DUNG
1. Quan trắc môi trường tại 12 vùng nuôi.
"""


def test_a_plan_of_another_topic_has_no_programme_records_85ff77cbda28ffbb() -> None:
    built = build_records(text_document(_PLAN_85FF77CB), "85ff.txt", _AT)
    [row] = built.records["documents"]
    assert isinstance(row, DocumentRecord)
    assert row.topic == Topic.OTHER
    assert row.plan_kind is not None  # it is a plan: its topic, not its shape, leaves it out
    assert built.records["objectives"] == ()
    assert built.records["content_lines"] == ()
    assert built.records["targets"] == ()


def test_a_khuyen_cong_decision_keeps_the_programme_records_of_its_programme_only(
    sample_extractions: dict[str, Extraction],
) -> None:
    """Hưng Yên: the decision's own articles give none, the annexed programme all of them."""
    extraction = sample_extractions["hung_yen"]
    assert extraction.document is not None
    plan = extract_metadata(extraction.document).plan_title
    assert plan is not None
    lines = extraction.records["content_lines"]
    objectives = extraction.records["objectives"]
    assert (len(objectives), len(lines)) == (7, 8)
    assert all(
        isinstance(r, ObjectiveRecord | ContentLineRecord) and r.char_start >= plan.start
        for r in (*objectives, *lines)
    )
