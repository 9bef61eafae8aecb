"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC) and VNI.

Older government files were typed with font-based encodings. Read as cp1252 they turn into
gibberish: "QuyÕt ®Þnh" is TCVN3 and "Quyeát ñònh" is VNI for "Quyết định".

Sources (the tables in ``normalizers/data`` name them in their first line):

* ``tcvn3.csv`` — TCVN 5712:1993, level VN3 (ABC fonts .VnTime/.VnTimeH): one byte per
  letter, toned vowels in lower case only, separate capitals only for Ă Â Ê Ô Ơ Ư Đ. Capitals
  typed with the .VnTimeH font reuse the lower-case bytes; :func:`convert_legacy` restores them
  in words that are otherwise upper case ("NH©N" → "NHÂN").
* ``vni.csv`` — the VNI Software table for VNI-Windows fonts (VNI-Times): a base letter followed
  by a diacritic byte ("aù" = á, "eâ" = ê), single bytes for ơ ư đ and the toned i.

Legacy text is handled as the characters its bytes give under cp1252 (identical to Latin-1 on
0xA0-0xFF, where every legacy letter lies).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from typing import Literal

from normalizers.tables import load_rows, rule_table

LegacyEncoding = Literal["tcvn3", "vni"]
LEGACY_ENCODINGS: tuple[LegacyEncoding, ...] = ("tcvn3", "vni")


class _Level(StrEnum):
    VN3 = "vn3"  # decoded and produced
    VN1 = "vn1"  # the VN1 capitals in 0xA1-0xFF: decoded, never produced


@rule_table("tcvn3.csv")
@dataclass(frozen=True, slots=True)
class _Tcvn3Row:
    byte: str  # the byte in hex
    legacy: str  # the character it gives under cp1252, for the reader
    unicode: str
    level: _Level


@rule_table("vni.csv")
@dataclass(frozen=True, slots=True)
class _VniRow:
    bytes: str  # one or two bytes in hex
    legacy: str
    unicode: str


class _SyllablePart(StrEnum):
    ONSET = "onset"
    NUCLEUS = "nucleus"
    CODA = "coda"


@rule_table("vietnamese_syllables.csv")
@dataclass(frozen=True, slots=True)
class _SyllableRow:
    part: _SyllablePart
    value: str


@dataclass(frozen=True, slots=True)
class _Letter:
    """One row of either encoding's table: the legacy character(s) and the Unicode letter."""

    legacy: str  # from the bytes, decoded as Latin-1
    unicode: str
    produced: bool  # TCVN3 rows of level vn1 are decoded but never produced; VNI has no levels


@dataclass(frozen=True, slots=True)
class _Table:
    decode: dict[str, str]  # legacy character or sequence → Unicode letter
    encode: dict[str, str]  # Unicode letter → legacy character or sequence (produced form)
    pattern: re.Pattern[str]  # legacy sequences, longest first


@cache
def _letters(encoding: str) -> tuple[_Letter, ...]:
    if encoding == "tcvn3":
        return tuple(
            _Letter(_latin1(r.byte), r.unicode, r.level is _Level.VN3) for r in load_rows(_Tcvn3Row)
        )
    if encoding == "vni":
        return tuple(_Letter(_latin1(r.bytes), r.unicode, True) for r in load_rows(_VniRow))
    raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {LEGACY_ENCODINGS}")


def _latin1(hex_bytes: str) -> str:
    return bytes.fromhex(hex_bytes).decode("latin-1")


@cache
def _table(encoding: str) -> _Table:
    letters = _letters(encoding)
    decode = {letter.legacy: letter.unicode for letter in letters}
    encode = {letter.unicode: letter.legacy for letter in letters if letter.produced}
    if encoding == "tcvn3":
        # .VnTimeH capitals: a capital without its own byte is typed with the lower-case byte.
        for letter, legacy in list(encode.items()):
            encode.setdefault(letter.upper(), legacy)
    else:
        # Tolerate a capital base with a lower-case diacritic byte and the reverse ("Aù" = Á).
        for legacy, letter in list(decode.items()):
            if len(legacy) == 2:
                decode.setdefault(legacy[0] + legacy[1].swapcase(), letter)
    keys = sorted(decode, key=len, reverse=True)
    return _Table(decode, encode, re.compile("|".join(map(re.escape, keys))))


@cache
def _c1_to_cp1252() -> dict[int, str]:
    """C1 controls (text decoded as Latin-1) → the cp1252 characters of the same bytes."""
    table: dict[int, str] = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_WORD = re.compile(r"[^\W\d_]+")
_WordCase = Literal["lower", "upper", "ambiguous", "neutral"]


def _word_case(word: str) -> _WordCase:
    """Case of a TCVN3 word whose legacy letters all came back lower case.

    "lower": it has an ASCII lower-case letter; "upper": two ASCII capitals or one after its
    first letter ("NHâN", "ủY"); "ambiguous": at most a leading ASCII capital before legacy
    letters ("Kế" may be "KẾ", "ở" may be "Ở"); "neutral": a lone ASCII letter or no cased letter.
    """
    if any(c.isascii() and c.islower() for c in word):
        return "lower"
    capitals = [i for i, c in enumerate(word) if c.isascii() and c.isupper()]
    if len(capitals) >= 2 or any(capitals):
        return "upper"
    if any(c.islower() for c in word):
        return "ambiguous"
    return "neutral"


def _restore_line(line: str) -> str:
    """Upper-case the words of one line typed in a .VnTimeH capital font.

    Words that are plainly capitals ("NHâN" → "NHÂN") are upper-cased; ambiguous ones ("Kế")
    only in a line without lower-case words where the capital font shows in a word with a
    legacy letter ("Kế HOạCH" → "KẾ HOẠCH"; "Số: 270/QĐ-UBND" stays).
    """
    words = [(m.group(), _word_case(m.group())) for m in _WORD.finditer(line)]
    capital_font = any(case == "upper" and not word.isascii() for word, case in words)
    heading = capital_font and all(case != "lower" for _, case in words)
    upper: set[_WordCase] = {"upper", "ambiguous"} if heading else {"upper"}
    return _WORD.sub(
        lambda m: m.group().upper() if _word_case(m.group()) in upper else m.group(), line
    )


def _restore_capitals(text: str) -> str:
    """Restore words typed with a .VnTimeH capital font, line by line; title case ("Uỷ") is kept."""
    return "".join(_restore_line(line) for line in text.splitlines(keepends=True))


def convert_legacy(text: str, encoding: str, *, restore_case: bool = True) -> str:
    """Convert text read as cp1252 from a TCVN3 or VNI file into NFC Unicode.

    ``restore_case`` (TCVN3 only) upper-cases words typed with a capital font.
    Raises ValueError for an unknown encoding name.

    >>> convert_legacy("QuyÕt ®Þnh", "tcvn3")
    'Quyết định'
    >>> convert_legacy("Uû ban nh©n d©n", "tcvn3")
    'Uỷ ban nhân dân'
    >>> convert_legacy("ñY BAN NH©N D©N", "tcvn3")
    'ỦY BAN NHÂN DÂN'
    >>> convert_legacy("Quyeát ñònh", "vni")
    'Quyết định'
    >>> convert_legacy("UÛY BAN NHAÂN DAÂN", "vni")
    'ỦY BAN NHÂN DÂN'
    """
    table = _table(encoding)
    text = text.translate(_c1_to_cp1252())
    converted = table.pattern.sub(lambda m: table.decode[m.group()], text)
    if encoding == "tcvn3" and restore_case:
        converted = _restore_capitals(converted)
    return unicodedata.normalize("NFC", converted)


def encode_legacy(text: str, encoding: str) -> str:
    """Inverse of :func:`convert_legacy`: the cp1252 characters of the legacy bytes.

    Characters the encoding cannot hold are kept. In TCVN3 a capital without its own byte gets
    the lower-case byte, as the .VnTimeH font does. ``.encode("cp1252")`` gives the file bytes.

    >>> encode_legacy("Quyết định", "tcvn3").encode("cp1252")
    b'Quy\\xd5t \\xae\\xdenh'
    >>> encode_legacy("Quyết định", "vni").encode("cp1252")
    b'Quye\\xe1t \\xf1\\xf2nh'
    """
    table = _table(encoding)
    return "".join(table.encode.get(c, c) for c in unicodedata.normalize("NFC", text))


# ------------------------------------------------------------------ detection

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _alternation(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


@cache
def _syllable_pattern() -> re.Pattern[str]:
    """Onset? nucleus coda? of a toneless lower-case syllable, from vietnamese_syllables.csv."""
    parts: dict[_SyllablePart, list[str]] = {part: [] for part in _SyllablePart}
    for row in load_rows(_SyllableRow):
        parts[row.part].append(row.value)
    onset, nucleus, coda = (_alternation(parts[p]) for p in _SyllablePart)
    return re.compile(rf"(?:{onset})?(?:{nucleus})(?:{coda})?")


_EDGE_PUNCTUATION = "\"'()[]{}.,;:!?-–—…“”‘’«»*/"
# Letters that exist only in Unicode Vietnamese, never in text read as cp1252.
_UNICODE_VIETNAMESE = re.compile(r"[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
_LATIN1_SUPPLEMENT = re.compile(r"[\u00a1-\u00ff]")
_MAX_TOKENS = 2000
_MIN_SHARE = 0.5
_MIN_GAIN = 0.25


# Cached: the words of Vietnamese text are its syllables, a closed set of some 7,000 (each in
# three cases at most); the 189 web copies of the corpus hold 3,500 distinct words in 530,000,
# and cleaning a web copy asks about every word of it (normalizers.web.rejoin_letter_spaced).
@lru_cache(maxsize=1 << 15)
def is_vietnamese_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable: letters, one case pattern, at most one tone.

    >>> [is_vietnamese_syllable(w) for w in ["Quyết", "định", "NGHĨA", "QuyÕt", "café"]]
    [True, True, True, False, False]
    """
    if not word or not word.isalpha():
        return False
    if not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in decomposed) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _syllable_pattern().fullmatch(toneless) is not None


def _scored_tokens(text: str) -> list[str]:
    """Whitespace tokens holding a non-ASCII character, edge punctuation stripped."""
    tokens = (t.strip(_EDGE_PUNCTUATION) for t in text.split())
    return [t for t in tokens if t and not t.isascii()][:_MAX_TOKENS]


def _share(tokens: list[str]) -> float:
    return sum(map(is_vietnamese_syllable, tokens)) / len(tokens) if tokens else 0.0


def _legacy_scores(text: str) -> tuple[float, dict[LegacyEncoding, float]]:
    """Share of Vietnamese syllables among non-ASCII tokens: as read, and after each conversion."""
    tokens = _scored_tokens(text.translate(_c1_to_cp1252()))
    converted = {enc: [convert_legacy(t, enc) for t in tokens] for enc in LEGACY_ENCODINGS}
    return _share(tokens), {enc: _share(words) for enc, words in converted.items()}


@cache
def _evidence_pattern(encoding: LegacyEncoding) -> re.Pattern[str]:
    """Tell-tale sequences of an encoding, from its table.

    TCVN3: a legacy symbol (¡-¿ range) next to a letter, or a legacy letter that reads as a
    Latin-1 capital right after an ASCII lower-case letter ("QuyÕt"). VNI: a base letter followed
    by a diacritic byte of the same case ("eá", "AÙ").
    """
    legacy = [letter.legacy for letter in _letters(encoding) if letter.produced]
    if encoding == "tcvn3":
        symbols = re.escape("".join(c for c in legacy if "\u00a1" <= c <= "\u00bf"))
        capitals = re.escape("".join(c for c in legacy if c.isupper() and c >= "\u00c0"))
        return re.compile(
            rf"[{symbols}](?=[^\W\d_])|(?<=[^\W\d_])[{symbols}]|(?<=[a-z])[{capitals}]"
        )
    pairs = [seq for seq in legacy if len(seq) == 2]
    return re.compile("|".join(map(re.escape, sorted(pairs))))


def _detect_by_evidence(
    text: str, baseline: float, scores: dict[LegacyEncoding, float]
) -> LegacyEncoding | None:
    """Short texts, where both conversions may read well: the one encoding whose tell-tale
    sequences occur, if its conversion reads well and no worse than the text as read (strictly
    better for VNI, whose pairs such as "oà" also occur in Unicode Vietnamese)."""
    found = [enc for enc in LEGACY_ENCODINGS if _evidence_pattern(enc).search(text)]
    if len(found) != 1:
        return None
    [encoding] = found
    share = scores[encoding]
    better = share >= baseline if encoding == "tcvn3" else share > baseline
    return encoding if share >= _MIN_SHARE and better else None


def detect_legacy_encoding(text: str) -> LegacyEncoding | None:
    """Legacy encoding of text read as cp1252/Latin-1; None for Unicode or non-Vietnamese text.

    Legacy characters (Latin-1 letters and symbols) must outnumber letters that exist only in
    Unicode Vietnamese; then the conversion that turns the most non-ASCII words into
    well-formed Vietnamese syllables wins, if it clearly beats the text as read. Texts too
    short to tell that way are decided by each encoding's tell-tale sequences.

    >>> detect_legacy_encoding("QuyÕt ®Þnh phª duyÖt Ch­¬ng tr×nh khuyÕn c«ng")
    'tcvn3'
    >>> detect_legacy_encoding("Quyeát ñònh pheâ duyeät Chöông trình khuyeán coâng")
    'vni'
    >>> detect_legacy_encoding("coâng")
    'vni'
    >>> detect_legacy_encoding("Quyết định phê duyệt Chương trình khuyến công") is None
    True
    >>> detect_legacy_encoding("The café serves crème brûlée.") is None
    True
    """
    legacy_chars = len(_LATIN1_SUPPLEMENT.findall(text))
    if legacy_chars == 0 or len(_UNICODE_VIETNAMESE.findall(text)) >= legacy_chars:
        return None
    baseline, scores = _legacy_scores(text)
    best, runner_up = sorted(LEGACY_ENCODINGS, key=lambda enc: scores[enc], reverse=True)
    if scores[best] > scores[runner_up] and scores[best] >= max(_MIN_SHARE, baseline + _MIN_GAIN):
        return best
    return _detect_by_evidence(text.translate(_c1_to_cp1252()), baseline, scores)


# ------------------------------------------------------------------- decoding


@cache
def _windows_table(codec: str) -> dict[int, str]:
    """Byte → character of a Windows code page; undefined bytes keep their Latin-1 value."""
    table: dict[int, str] = {}
    for byte in range(0x80, 0x100):
        try:
            table[byte] = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            continue
    return table


def _decode_windows(data: bytes, codec: str) -> str:
    return data.decode("latin-1").translate(_windows_table(codec))


def decode_vietnamese_bytes(data: bytes) -> tuple[str, str]:
    """Decode a Vietnamese document's bytes: (NFC text, name of the encoding found).

    Tries UTF-8 (name ``utf-8-sig`` with a BOM), UTF-16 with a BOM, then cp1252 with TCVN3/VNI
    detection (``tcvn3``/``vni``), else ``cp1258`` when it yields Vietnamese, else ``cp1252``.
    Unicode text that still carries legacy gibberish (a web copy of a .VnTime file) is converted
    too and named e.g. ``utf-8+tcvn3``.

    >>> decode_vietnamese_bytes("Quyết định".encode())
    ('Quyết định', 'utf-8')
    >>> decode_vietnamese_bytes(b"Quy\\xd5t \\xae\\xdenh ph\\xaa duy\\xd6t")
    ('Quyết định phê duyệt', 'tcvn3')
    >>> decode_vietnamese_bytes(b"Quye\\xe1t \\xf1\\xf2nh")
    ('Quyết định', 'vni')
    >>> decode_vietnamese_bytes(b"Quy\\xea\\xect \\xf0i\\xf2nh")  # cp1258: base + tone byte
    ('Quyết định', 'cp1258')
    """
    text: str | None = None
    if data.startswith(codecs.BOM_UTF8):
        text, name = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, name = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        try:
            text, name = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = None
    if text is not None:
        legacy = detect_legacy_encoding(text)
        if legacy is not None:
            return convert_legacy(text, legacy), f"{name}+{legacy}"
        return unicodedata.normalize("NFC", text), name

    windows = _decode_windows(data, "cp1252")
    legacy = detect_legacy_encoding(windows)
    if legacy is not None:
        return convert_legacy(windows, legacy), legacy
    vietnamese = unicodedata.normalize("NFC", _decode_windows(data, "cp1258"))
    vietnamese_share = _share(_scored_tokens(vietnamese))
    if vietnamese_share >= _MIN_SHARE and vietnamese_share >= (
        _share(_scored_tokens(windows)) + _MIN_GAIN
    ):
        return vietnamese, "cp1258"
    return unicodedata.normalize("NFC", windows), "cp1252"
