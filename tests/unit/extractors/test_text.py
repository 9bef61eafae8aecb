"""The plain-text extractor: encodings, line ends, odd spaces, and offsets into both texts."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from extractors.model import ExtractionError, SourceFormat
from extractors.text import build_lines, decode_text, extract_text_file

SAMPLE = "Số: 270/QĐ - UBND\nCao Bằng, ngày 26 tháng 02 năm 2015"

ENCODINGS = [
    ("utf-8", SAMPLE.encode("utf-8"), "utf-8"),
    ("utf-8-bom", codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
    ("utf-16-le-bom", SAMPLE.encode("utf-16"), "utf-16"),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
    ("utf-16-le-no-bom", SAMPLE.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be-no-bom", SAMPLE.encode("utf-16-be"), "utf-16-be"),
]


@pytest.mark.parametrize(("name", "data", "encoding"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_decodes(name: str, data: bytes, encoding: str) -> None:
    assert decode_text(data) == (SAMPLE, encoding)


def test_crlf_nbsp_and_decomposed_text_normalised(tmp_path: Path) -> None:
    raw = "Quye\u0302\u0301t đi\u0323nh\r\nUỶ\u00a0BAN NHÂN DÂN\r\n"
    path = tmp_path / "d.txt"
    path.write_bytes(raw.encode("utf-8"))
    doc = extract_text_file(path)
    assert doc.source_format == SourceFormat.TXT
    assert doc.raw_text == raw
    assert doc.text == "Quyết định\nỦY BAN NHÂN DÂN\n"
    first, second = doc.lines[:2]
    assert doc.raw_text[first.raw_start : first.raw_end] == "Quye\u0302\u0301t đi\u0323nh"
    assert doc.text[second.start : second.end] == "ỦY BAN NHÂN DÂN"
    assert doc.line_at(second.start + 3) == second
    assert doc.page_at(0) is None


def test_every_line_span_points_at_its_text() -> None:
    text, lines = build_lines("a\r\n\r\nb\tc\rd\n")
    assert text == "a\n\nb\tc\nd\n"
    for line in lines:
        assert text[line.start : line.end] == line.text


LINE_ENDS = [
    ("", "", []),
    ("\n", "\n", [("", 0, 0, 0, 0), ("", 1, 1, 1, 1)]),
    ("a\r\n", "a\n", [("a", 0, 1, 0, 1), ("", 2, 2, 3, 3)]),
    ("x\r", "x\n", [("x", 0, 1, 0, 1), ("", 2, 2, 2, 2)]),
    (
        "a\rb\n\r\nc",
        "a\nb\n\nc",
        [("a", 0, 1, 0, 1), ("b", 2, 3, 2, 3), ("", 4, 4, 4, 4), ("c", 5, 6, 6, 7)],
    ),
    ("Hoà\u200b Bình\r\nSố", "Hòa Bình\nSố", [("Hòa Bình", 0, 8, 0, 9), ("Số", 9, 11, 11, 13)]),
]


@pytest.mark.parametrize(("raw", "text", "spans"), LINE_ENDS, ids=[repr(c[0]) for c in LINE_ENDS])
def test_line_ends_and_offsets(raw: str, text: str, spans: list[tuple]) -> None:
    """Empty text has no line; a final line end is followed by an empty last line."""
    built, lines = build_lines(raw)
    assert built == text
    assert [(x.text, x.start, x.end, x.raw_start, x.raw_end) for x in lines] == spans


def test_sample_file_offsets(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[3]
    doc = extract_text_file(root / "data" / "raw" / "001_9789b1cfca0ebaa2.txt")
    assert doc.encoding == "utf-8"
    assert len(doc.source_sha256) == 64
    for line in doc.lines:
        assert doc.text[line.start : line.end] == line.text


BAD = [
    ("empty", b"", "empty file"),
    ("only-blanks", b" \r\n\t\n", "empty file"),
    ("nul-bytes", b"abc\x00\x01\x02def" * 3, "binary data"),
    ("invalid-utf8", "Số".encode() + b"\xc3\x28", "not UTF-8 or UTF-16 text"),
    ("control-chars", b"abc\x01\x0b\x1fdef" * 3, "mostly control characters"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_bytes_raise_extraction_error(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ExtractionError, match=message):
        decode_text(data)


def test_tabs_form_feeds_and_line_ends_are_not_control_characters() -> None:
    data = b"a\tb\x0cc\r\n" * 10
    assert decode_text(data) == (data.decode(), "utf-8")


LEGACY = [
    # "Quyết định phê duyệt Chương trình khuyến công" typed with .VnTime (TCVN3) fonts.
    (
        "tcvn3",
        b"Quy\xd5t \xae\xdenh ph\xaa duy\xd6t Ch\xad\xacng tr\xd7nh khuy\xd5n c\xabng",
        "tcvn3",
    ),
    # The same words typed with VNI-Times fonts.
    ("vni", "Quyeát ñònh pheâ duyeät Chöông trình khuyeán coâng".encode("cp1252"), "vni"),
    # A web copy of a .VnTime file: valid UTF-8 that still carries TCVN3 letters.
    ("utf-8+tcvn3", "QuyÕt ®Þnh phª duyÖt Ch­¬ng tr×nh khuyÕn c«ng".encode(), "utf-8+tcvn3"),
]


@pytest.mark.parametrize(("name", "data", "encoding"), LEGACY, ids=[e[0] for e in LEGACY])
def test_legacy_vietnamese_encodings(name: str, data: bytes, encoding: str) -> None:
    text, found = decode_text(data)
    assert found == encoding
    assert text == "Quyết định phê duyệt Chương trình khuyến công"
