"""Text normalisation for Vietnamese administrative documents.

Sources copy Vietnamese text in many shapes: decomposed or precomposed Unicode, old-style tone
placement (``hoà``, ``UỶ``) next to the new style (``hòa``, ``ỦY``), non-breaking and other odd
spaces, CRLF line ends, and OCR-like slips such as a digit zero inside a word (``GIAI Đ0ẠN``).
The functions here are pure and never raise on odd input. The raw text is always kept by the
caller; these functions normalise a copy.

- :func:`normalize_text` gives the canonical text that every offset in the pipeline points into
  (NFC, LF line ends, plain spaces, new-style tone placement by underthesea's rule table, kept
  as ``normalizers/data/tone_tokens.csv``).
- :func:`fold_for_matching` gives a case-folded key for keyword matching only.
- :func:`strip_diacritics` and :func:`slugify` give ASCII forms for partition values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from normalizers.tables import load_rows, rule_table

# Characters that are spaces in print but not U+0020. Zero-width ones are dropped.
# Source: Unicode General Category Zs plus the zero-width characters web copies carry.
_SPACE_CHARS = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACE_TABLE = {ord(c): " " for c in _SPACE_CHARS} | {ord(c): None for c in _ZERO_WIDTH}
# str.translate looks up every character of a non-ASCII line; few lines have any to replace.
_HAS_ODD_SPACE = re.compile(f"[{re.escape(_SPACE_CHARS + _ZERO_WIDTH)}]")
# Split on words, keeping them: the words of a line are at the odd indices of the split.
_WORDS_SPLIT = re.compile(r"(\w+)")
# A digit zero standing between two letters is a typed letter O (``Đ0ẠN``).
_ZERO_IN_WORD = re.compile(r"(?<=[^\W\d_])0(?=[^\W\d_])")


class _ToneRule(StrEnum):
    CHARACTER = "character"  # replaced inside a word
    TOKEN = "token"  # a whole word mapped


@rule_table("tone_tokens.csv")
@dataclass(frozen=True, slots=True)
class _ToneRow:
    rule: _ToneRule
    old: str
    new: str


# underthesea's normaliser leaves a longer word as it is.
_TONE_WORD_CHARS = 6


@cache
def _tone_rules() -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    """The characters replaced in a word and the words mapped whole (tone_tokens.csv)."""
    rows = load_rows(_ToneRow)
    characters = tuple((r.old, r.new) for r in rows if r.rule is _ToneRule.CHARACTER)
    return characters, {r.old: r.new for r in rows if r.rule is _ToneRule.TOKEN}


def _token_normalize(token: str) -> str:
    """underthesea's ``token_normalize`` over its own table (tone_tokens.csv), without loading
    the package (with numpy and joblib, a second of every run's start)."""
    if len(token) > _TONE_WORD_CHARS:
        return token
    characters, tokens = _tone_rules()
    token = unicodedata.normalize("NFC", token)
    for old, new in characters:
        token = token.replace(old, new)
    return tokens.get(token, token)


@lru_cache(maxsize=1 << 13)  # about 5 MiB when full
def normalize_line(line: str) -> str:
    """Normalise one line of text (no newline inside).

    Tabs are kept because text tables use them as cell separators. Cached: headers, formulas
    ("Căn cứ Luật …", "QUYẾT ĐỊNH:") and blank lines repeat within and across documents.

    >>> normalize_line("UỶ BAN NHÂN\\u00a0DÂN  tỉnh hoà bình\\r")
    'ỦY BAN NHÂN DÂN  tỉnh hòa bình'
    """
    text = unicodedata.normalize("NFC", line)
    if _HAS_ODD_SPACE.search(text):
        text = text.translate(_SPACE_TABLE)
    text = text.rstrip("\r\n")
    # Each word goes through the cached _fix_token; mapping the split's words (rather than a
    # re.sub callback per word) keeps the loop in C, as a line has tens of words.
    parts = _WORDS_SPLIT.split(text)
    parts[1::2] = map(_fix_token, parts[1::2])
    return "".join(parts)


@lru_cache(maxsize=1 << 16)
def _fix_token(token: str) -> str:
    """New-style tone placement for one word; a word of the text's vocabulary is done once."""
    fixed = _token_normalize(token)
    # Keep the token when the rule table would change its length: offsets stay meaningful.
    return fixed if len(fixed) == len(token) else token


def normalize_text(text: str) -> str:
    """Normalise a whole text: CRLF and CR to LF, then :func:`normalize_line` on every line.

    >>> normalize_text("Quyết định\\r\\nsố 270/QĐ - UBND\\r\\n")
    'Quyết định\\nsố 270/QĐ - UBND\\n'
    >>> normalize_text(normalize_text("Thuỷ lợi\\u202f")) == normalize_text("Thuỷ lợi\\u202f")
    True
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(normalize_line(line) for line in lines)


@lru_cache(maxsize=1 << 14)
def fold_for_matching(text: str) -> str:
    """A key for keyword matching: normalised, case-folded, ``0`` inside a word read as ``o``.

    >>> fold_for_matching("GIAI Đ0ẠN 2016")
    'giai đoạn 2016'
    """
    return _ZERO_IN_WORD.sub("o", normalize_text(text)).casefold()


def strip_diacritics(text: str) -> str:
    """Vietnamese letters without tone and vowel marks; ``đ`` becomes ``d``.

    >>> strip_diacritics("Bình Phước, Đồng Nai")
    'Binh Phuoc, Dong Nai'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """An ASCII slug of lowercase letters, digits and single hyphens.

    >>> slugify("Hưng Yên")
    'hung-yen'
    >>> slugify(" ../Bà Rịa - Vũng Tàu/.. ")
    'ba-ria-vung-tau'
    """
    ascii_text = strip_diacritics(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def collapse_spaces(text: str) -> str:
    """Runs of white space (newlines included) become one space; ends are stripped.

    >>> collapse_spaces("GIAI ĐOẠN 2016\\n– 2020 ")
    'GIAI ĐOẠN 2016 – 2020'
    """
    return " ".join(text.split())


def literal_alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` as printed, escaped, the longest first so that a word
    is not matched by its own beginning (``units.alternation`` lets any space stand between
    the words of a phrase instead).

    >>> literal_alternation(["KH", "KHUYẾN", "V/v"])
    'KHUYẾN|V/v|KH'
    """
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
