"""Tests for normalizers.encodings: TCVN3 (ABC) and VNI legacy Vietnamese text."""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalizers.encodings import (
    LEGACY_ENCODINGS,
    convert_legacy,
    decode_vietnamese_bytes,
    detect_legacy_encoding,
    encode_legacy,
    is_vietnamese_syllable,
)

from ...conftest import RAW_DIR as RAW
from ...conftest import ROOT

DATA = ROOT / "normalizers" / "data"
ALL_FILES = sorted(p.name for p in RAW.glob("*.txt"))

LOWER = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
VIETNAMESE_LOWER = "".join(c for c in LOWER if not c.isascii())
VIETNAMESE_UPPER = VIETNAMESE_LOWER.upper()
VN3_CAPITALS = "ĂÂÊÔƠƯĐ"


@cache
def _text(name: str) -> str:
    return (RAW / name).read_text(encoding="utf-8")


def _rows(name: str) -> tuple[str, list[dict[str, str]]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return lines[0], list(csv.DictReader(line for line in lines if not line.startswith("#")))


# ------------------------------------------------------------------- tables


def test_tcvn3_table_is_the_vn3_level_of_tcvn_5712() -> None:
    header, rows = _rows("tcvn3.csv")
    assert header.startswith("# Source: TCVN 5712:1993")
    for row in rows:
        assert bytes.fromhex(row["byte"]).decode("latin-1") == row["legacy"]
    vn3 = [row for row in rows if row["level"] == "vn3"]
    assert sorted(row["unicode"] for row in vn3) == sorted(VIETNAMESE_LOWER + VN3_CAPITALS)
    assert len({row["byte"] for row in rows}) == len(rows)
    assert all(0xA1 <= int(row["byte"], 16) <= 0xFF for row in rows)
    vn1 = [row for row in rows if row["level"] == "vn1"]
    assert all(row["unicode"] in VIETNAMESE_UPPER for row in vn1)


def test_vni_table_covers_every_vietnamese_letter_in_both_cases() -> None:
    header, rows = _rows("vni.csv")
    assert header.startswith("# Source: VNI")
    for row in rows:
        assert bytes.fromhex(row["bytes"]).decode("latin-1") == row["legacy"]
    assert sorted(row["unicode"] for row in rows) == sorted(VIETNAMESE_LOWER + VIETNAMESE_UPPER)
    assert len({row["legacy"] for row in rows}) == len(rows)
    table = {row["legacy"]: row["unicode"] for row in rows}
    for legacy, letter in table.items():  # capitals are the upper-case bytes of the small letters
        assert table[legacy.upper()] == letter.upper()


# Code points checked by hand against the published charts.
TCVN3_CODES = [
    (b"\xb8", "á"), (b"\xb5", "à"), (b"\xb6", "ả"), (b"\xb7", "ã"), (b"\xb9", "ạ"),
    (b"\xa8", "ă"), (b"\xbe", "ắ"), (b"\xc6", "ặ"), (b"\xa9", "â"), (b"\xca", "ấ"),
    (b"\xcb", "ậ"), (b"\xd0", "é"), (b"\xaa", "ê"), (b"\xd5", "ế"), (b"\xd6", "ệ"),
    (b"\xdd", "í"), (b"\xde", "ị"), (b"\xe3", "ó"), (b"\xab", "ô"), (b"\xe8", "ố"),
    (b"\xac", "ơ"), (b"\xed", "ớ"), (b"\xf3", "ú"), (b"\xad", "ư"), (b"\xf8", "ứ"),
    (b"\xfd", "ý"), (b"\xfe", "ỵ"), (b"\xae", "đ"), (b"\xa7", "Đ"), (b"\xa1", "Ă"),
    (b"\xa2", "Â"), (b"\xa3", "Ê"), (b"\xa4", "Ô"), (b"\xa5", "Ơ"), (b"\xa6", "Ư"),
]  # fmt: skip
VNI_CODES = [
    (b"a\xf9", "á"), (b"a\xf8", "à"), (b"a\xfb", "ả"), (b"a\xf5", "ã"), (b"a\xef", "ạ"),
    (b"a\xe2", "â"), (b"a\xe1", "ấ"), (b"a\xe4", "ậ"), (b"a\xea", "ă"), (b"a\xe9", "ắ"),
    (b"a\xeb", "ặ"), (b"e\xe2", "ê"), (b"e\xe1", "ế"), (b"o\xe2", "ô"), (b"\xf4", "ơ"),
    (b"\xf4\xf9", "ớ"), (b"\xf6", "ư"), (b"\xf6\xef", "ự"), (b"\xed", "í"), (b"\xec", "ì"),
    (b"\xe6", "ỉ"), (b"\xf3", "ĩ"), (b"\xf2", "ị"), (b"y\xf9", "ý"), (b"\xee", "ỵ"),
    (b"\xf1", "đ"), (b"\xd1", "Đ"), (b"A\xd9", "Á"), (b"E\xc2", "Ê"), (b"\xd6\xd9", "Ứ"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "letter"), TCVN3_CODES, ids=[c[1] for c in TCVN3_CODES])
def test_tcvn3_code_points(data: bytes, letter: str) -> None:
    assert convert_legacy(data.decode("cp1252"), "tcvn3", restore_case=False) == letter
    assert encode_legacy(letter, "tcvn3").encode("cp1252") == data


@pytest.mark.parametrize(("data", "letter"), VNI_CODES, ids=[c[1] for c in VNI_CODES])
def test_vni_code_points(data: bytes, letter: str) -> None:
    assert convert_legacy(data.decode("cp1252"), "vni") == letter
    assert encode_legacy(letter, "vni").encode("cp1252") == data


# ---------------------------------------------- hand-checked literal bytes

LITERALS = [
    # TCVN3 "QuyÕt ®Þnh": Õ (D5) = ế, ® (AE) = đ, Þ (DE) = ị.
    (b"Quy\xd5t \xae\xdenh", "tcvn3", "Quyết định"),
    # TCVN3 "Uû ban nh©n d©n": û (FB) = ỷ, © (A9) = â; VN3 has no Ủ, so .VnTime files read "Uỷ".
    (b"U\xfb ban nh\xa9n d\xa9n", "tcvn3", "Uỷ ban nhân dân"),
    # TCVN3 heading in the .VnTimeH capital font: the lower-case bytes ñ (F1, ủ) and © (â).
    (b"\xf1Y BAN NH\xa9N D\xa9N", "tcvn3", "ỦY BAN NHÂN DÂN"),
    # TCVN3 "Ch­¬ng tr×nh khuyÕn c«ng": soft hyphen (AD) = ư, ¬ (AC) = ơ, × (D7) = ì, « (AB) = ô.
    (b"Ch\xad\xacng tr\xd7nh khuy\xd5n c\xabng", "tcvn3", "Chương trình khuyến công"),
    # VNI "Quyeát ñònh": e + á (E1) = ế, ñ (F1) = đ, ò (F2) = ị.
    (b"Quye\xe1t \xf1\xf2nh", "vni", "Quyết định"),
    # VNI "UÛY BAN NHAÂN DAÂN": U + Û (DB) = Ủ, A + Â (C2) = Â.
    (b"U\xdbY BAN NHA\xc2N DA\xc2N", "vni", "ỦY BAN NHÂN DÂN"),
    # VNI "Chöông trình khuyeán coâng": ö (F6) = ư, ô (F4) = ơ, ì (EC) = ì, o + â (E2) = ô.
    (b"Ch\xf6\xf4ng tr\xecnh khuye\xe1n co\xe2ng", "vni", "Chương trình khuyến công"),
]


@pytest.mark.parametrize(
    ("data", "encoding", "expected"), LITERALS, ids=[repr(c[0]) for c in LITERALS]
)
def test_literal_legacy_bytes(data: bytes, encoding: str, expected: str) -> None:
    assert convert_legacy(data.decode("cp1252"), encoding) == expected
    assert decode_vietnamese_bytes(data) == (expected, encoding)


def test_text_read_as_latin1_is_converted_like_cp1252() -> None:
    data = "“".encode("cp1252") + b"Quy\xd5t \xae\xdenh" + "”".encode("cp1252")
    assert convert_legacy(data.decode("latin-1"), "tcvn3") == "“Quyết định”"


def test_unknown_encoding_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        convert_legacy("abc", "viscii")


# ------------------------------------------ real sentences of the samples

SAMPLE_SENTENCES = [
    "Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công;",
    "Xét đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 1318/TTr-SCT ngày 18/8/2017,",
    "Điều 1. Phê duyệt Chương trình khuyến công địa phương tỉnh Hưng Yên đến năm 2020"
    " (Chương trình kèm theo).",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG",
    "PHÊ DUYỆT CHƯƠNG TRÌNH KHUYẾN CÔNG TỈNH AN GIANG GIAI ĐOẠN 2016",
    "Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CAO BẰNG",
    "Khuyến công tỉnh Đồng Nai năm 2018",
    "Tổ chức đào tạo nghề, truyền nghề và phát triển nghề",
]


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
@pytest.mark.parametrize("sentence", SAMPLE_SENTENCES, ids=SAMPLE_SENTENCES)
def test_sample_sentence_round_trip(sentence: str, encoding: str) -> None:
    assert any(sentence in _text(name) for name in ALL_FILES)
    data = encode_legacy(sentence, encoding).encode("cp1252")
    assert convert_legacy(data.decode("cp1252"), encoding) == sentence
    assert detect_legacy_encoding(data.decode("cp1252")) == encoding
    assert decode_vietnamese_bytes(data) == (sentence, encoding)


@pytest.mark.parametrize("name", ALL_FILES)
def test_whole_sample_file_in_vni(name: str) -> None:
    text = unicodedata.normalize("NFC", _text(name))
    data = encode_legacy(text, "vni").encode("cp1252")
    assert decode_vietnamese_bytes(data) == (text, "vni")


# A toned capital opening a title-case word has no VN3 byte ("Ủy", "Ứng"): TCVN3 files typed it
# with the lower-case byte, and it reads back in lower case. Everything else comes back as is.
_UNRECOVERABLE = re.compile(
    r"\b[ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ](?=[^\W\d_]*[a-z])"
)


@pytest.mark.parametrize("name", ALL_FILES)
def test_whole_sample_file_in_tcvn3(name: str) -> None:
    text = unicodedata.normalize("NFC", _text(name))
    data = encode_legacy(text, "tcvn3").encode("cp1252")
    decoded, encoding = decode_vietnamese_bytes(data)
    assert encoding == "tcvn3"
    expected = _UNRECOVERABLE.sub(lambda m: m.group().lower(), text)
    assert decoded == expected


def test_tcvn3_title_case_toned_capital_reads_back_in_lower_case() -> None:
    data = encode_legacy("Ủy ban nhân dân", "tcvn3").encode("cp1252")
    assert data == b"\xf1y ban nh\xa9n d\xa9n"
    assert decode_vietnamese_bytes(data) == ("ủy ban nhân dân", "tcvn3")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("KÕ HO¹CH", "KẾ HOẠCH"),  # "Kế" alone could be title case; the line is a heading
        ("KÕ ho¹ch", "Kế hoạch"),
        ("Sè: 270/Q§-UBND", "Số: 270/QĐ-UBND"),  # plain ASCII capitals do not make a heading
        ("Uû ban", "Uỷ ban"),
        ("TØNH CAO B»NG\nUû ban", "TỈNH CAO BẰNG\nUỷ ban"),
    ],
)
def test_tcvn3_capital_font_restoration(line: str, expected: str) -> None:
    assert convert_legacy(line, "tcvn3") == expected


# ---------------------------------------------------------------- detection


@pytest.mark.parametrize("name", ALL_FILES)
def test_unicode_sample_files_are_not_legacy(name: str) -> None:
    text = _text(name)
    assert detect_legacy_encoding(text) is None
    assert all(detect_legacy_encoding(line) is None for line in text.splitlines())
    assert decode_vietnamese_bytes(text.encode("utf-8")) == (
        unicodedata.normalize("NFC", text),
        "utf-8",
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Plain ASCII text with numbers 45/2012 and codes QĐ-UBND.",
        "The café serves crème brûlée and naïve Noël cookies.",
        "Ärger über Öl: Müller fährt nach Köln, schön!",
        "Le ministère a publié un décret à propos de l’économie française et de la sécurité.",
        "¿Dónde está el niño? Mañana será otro día, señor.",
        "Price: 25° ± 2, © 2015 Company®, § 4 «quoted»",
        "“Smart quotes” – and — dashes… ‘fine’",
        "Tài chính",  # Unicode Vietnamese made only of Latin-1 letters
        "hoà",  # "oà" is also a VNI pair
    ],
)
def test_not_legacy(text: str) -> None:
    assert detect_legacy_encoding(text) is None


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("QuyÕt ®Þnh", "tcvn3"),
        ("Sè: 270/Q§-UBND", "tcvn3"),
        ("coâng", "vni"),
        ("Quyeát ñònh", "vni"),
    ],
)
def test_short_legacy_texts(text: str, encoding: str) -> None:
    assert detect_legacy_encoding(text) == encoding


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Quyết", True), ("NGHĨA", True), ("khuỷu", True), ("giữa", True), ("xoong", True),
     ("QuyÕt", False), ("Quyeỏt", False), ("ủũnh", False), ("café", False), ("45/2012", False),
     ("", False), ("hÔm", False)],
)  # fmt: skip
def test_is_vietnamese_syllable(word: str, expected: bool) -> None:
    assert is_vietnamese_syllable(word) is expected


# ----------------------------------------------------------------- decoding


def _cp1258(text: str) -> bytes:
    """cp1258 stores tone marks as combining bytes after precomposed ă â ê ô ơ ư."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def test_decode_utf8_with_and_without_bom() -> None:
    text = "Quyết định phê duyệt"
    assert decode_vietnamese_bytes(text.encode("utf-8")) == (text, "utf-8")
    assert decode_vietnamese_bytes(codecs.BOM_UTF8 + text.encode()) == (text, "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_decode_utf16_with_bom(codec: str) -> None:
    text = "Quyết định phê duyệt"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    assert decode_vietnamese_bytes(bom + text.encode(codec)) == (text, "utf-16")


def test_decode_nfd_utf8_is_returned_nfc() -> None:
    text = unicodedata.normalize("NFD", "Quyết định")
    assert decode_vietnamese_bytes(text.encode()) == ("Quyết định", "utf-8")


def test_decode_cp1258() -> None:
    sentence = SAMPLE_SENTENCES[0]
    assert decode_vietnamese_bytes(_cp1258(sentence)) == (sentence, "cp1258")


def test_decode_cp1252_fallback_keeps_undefined_bytes() -> None:
    data = "“Café” – naïve".encode("cp1252") + b"\x81"
    assert decode_vietnamese_bytes(data) == ("“Café” – naïve\x81", "cp1252")


def test_decode_utf8_copy_of_a_tcvn3_file() -> None:
    data = "QuyÕt ®Þnh phª duyÖt Ch­¬ng tr×nh khuyÕn c«ng".encode()
    assert decode_vietnamese_bytes(data) == (
        "Quyết định phê duyệt Chương trình khuyến công",
        "utf-8+tcvn3",
    )


# --------------------------------------------------------------- properties

VN3_ALPHABET = VIETNAMESE_LOWER + VN3_CAPITALS
ASCII_TEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:/-()\n"


@given(st.text(alphabet=VIETNAMESE_LOWER + VIETNAMESE_UPPER + ASCII_TEXT))
def test_vni_round_trip(text: str) -> None:
    assert convert_legacy(encode_legacy(text, "vni"), "vni") == unicodedata.normalize("NFC", text)


@given(st.text(alphabet=VN3_ALPHABET + ASCII_TEXT))
def test_tcvn3_round_trip_without_case_restoration(text: str) -> None:
    legacy = encode_legacy(text, "tcvn3")
    assert convert_legacy(legacy, "tcvn3", restore_case=False) == text


@given(st.text(alphabet=VIETNAMESE_LOWER + ASCII_TEXT.lower()))
def test_tcvn3_round_trip_of_lower_case_text(text: str) -> None:
    assert convert_legacy(encode_legacy(text, "tcvn3"), "tcvn3") == text


@given(st.text(alphabet=VIETNAMESE_UPPER + ASCII_TEXT.upper()))
def test_tcvn3_upper_case_text_comes_back_upper_case_where_words_show_it(text: str) -> None:
    back = convert_legacy(encode_legacy(text, "tcvn3"), "tcvn3")
    assert back.lower() == text.lower()


@given(st.text())
def test_detection_and_conversion_never_raise(text: str) -> None:
    assert detect_legacy_encoding(text) in {None, *LEGACY_ENCODINGS}
    for encoding in LEGACY_ENCODINGS:
        assert isinstance(convert_legacy(text, encoding), str)


@given(st.binary())
def test_decode_never_raises(data: bytes) -> None:
    text, name = decode_vietnamese_bytes(data)
    assert isinstance(text, str)
    assert (
        name in {"utf-8", "utf-8-sig", "utf-16", "tcvn3", "vni", "cp1258", "cp1252"} or "+" in name
    )
