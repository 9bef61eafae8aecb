"""Web copies of the development corpus read whole: the site's furniture and the markup are out
of Document.text, kept in its raw text, and every extracted value's span slices back to the value
in the cleaned text. The files are copied from ../shared/corpus/text (SOURCES.md there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.build.extract import Extraction, extract

from ..conftest import FIXTURES_DIR

WEB_DIR = FIXTURES_DIR / "web"
TVPL = WEB_DIR / "020bddd030400bd2.txt"  # thuvienphapluat.vn: preamble, summary table, footer
CONGBOT = WEB_DIR / "congbot_252_2013_KH_BCDQG1237.txt"  # CongBot: another document's page title


@pytest.fixture(scope="module")
def extractions() -> dict[Path, Extraction]:
    return {path: extract(path) for path in (TVPL, CONGBOT)}


def test_the_sites_text_is_in_the_raw_text_only_020bddd0(
    extractions: dict[Path, Extraction],
) -> None:
    doc = extractions[TVPL].document
    assert doc is not None
    site = ("THƯ VIỆN PHÁP LUẬT", "Đang tải văn bản", "Văn bản liên quan", "**", "Đăng xuất")
    for furniture in site:
        assert furniture in doc.raw_text
        assert furniture not in doc.text
    assert doc.text.lstrip("\n|").startswith("ỦY BAN NHÂN\nDÂN\nTỈNH HÀ TĨNH")
    assert doc.text.rstrip("\n|").endswith("PHÓ CHỦ TỊCH\nTrần Báu Hà")
    for line in doc.lines:  # each line keeps its span in the raw text
        raw = doc.raw_text[line.raw_start : line.raw_end]
        assert line.text in ("", raw) or "*" in raw or "#" in raw


def test_the_records_of_a_cleaned_copy_020bddd0(extractions: dict[Path, Extraction]) -> None:
    records = extractions[TVPL].records
    [document] = records["documents"]
    assert document.decision_number == "84/2025/QĐ-UBND"
    assert document.issue_place == "Hà Tĩnh"  # "*Hà Tĩnh, ngày": the italics hid it
    assert document.signer_name == "Trần Báu Hà"
    numbers = [ref.ref_number for ref in records["legal_refs"]]
    assert "13/2023/NĐ-CP" not in numbers  # the site's footer notice
    assert "84/2025/QĐ-UBND" not in numbers  # the page title naming the document itself
    [first] = [ref for ref in records["legal_refs"] if "16/6/2025" in ref.raw]
    assert first.relation == "can_cu"  # "*Căn cứ Luật Tổ chức chính quyền địa phương"


@pytest.mark.parametrize("path", [TVPL, CONGBOT], ids=lambda p: p.stem)
def test_every_span_slices_back_to_its_value(
    extractions: dict[Path, Extraction], path: Path
) -> None:
    extraction = extractions[path]
    assert extraction.document is not None
    text = extraction.document.text
    [document] = extraction.records["documents"]
    spans = {p.field: text[p.char_start : p.char_end] for p in document.provenance}
    assert spans["decision_number"].replace(" ", "") == document.decision_number
    if document.signer_name:
        assert spans["signer_name"] == document.signer_name
    for ref in extraction.records["legal_refs"]:
        assert text[ref.char_start : ref.char_end] == ref.raw
    for line in extraction.records["budget_lines"]:
        assert line.raw in text[line.char_start : line.char_end]
    for target in extraction.records["targets"]:
        assert text[target.char_start : target.char_end] == target.text
    assert extraction.records["legal_refs"], "the copy cites documents"


def test_the_page_title_of_another_document_is_out_congbot_252_2013(
    extractions: dict[Path, Extraction],
) -> None:
    extraction = extractions[CONGBOT]
    assert extraction.document is not None
    assert extraction.document.text.lstrip("\n").startswith("| BAN CHỈ ĐẠO QUỐC GIA")
    [document] = extraction.records["documents"]
    assert document.doc_kind == "ke_hoach"
    assert document.title is not None
    assert "TRIỂN KHAI THỰC HIỆN QUYẾT ĐỊNH SỐ 1237" in document.title
    assert "Ngoại giao" in extraction.document.text  # "Ng o ại giao" in the recipients' cell
