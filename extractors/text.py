"""Plain-text extractor: decisions copied from the web or saved as ``.txt``.

Decodes UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when the byte pattern
shows it) and the legacy Vietnamese encodings TCVN3, VNI and Windows-1258; splits the text into
lines with their offsets in the raw and in the normalised text, and normalises each line with
:func:`normalizers.text.normalize_line`; markdown, the site's furniture and letter-spaced words
are cleaned out of the normalised text, never out of the raw text
(:func:`normalizers.web.clean_web_lines`). Tables in the text (tab-separated blocks, pipe tables)
are left to the pipeline.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from extractors.model import (
    Document,
    ExtractionError,
    Line,
    SourceFormat,
    limit_from_env,
    refuse_if_too_large,
)
from normalizers.encodings import convert_legacy, decode_vietnamese_bytes, detect_legacy_encoding
from normalizers.text import normalize_line
from normalizers.web import clean_web_lines

_LINE_END = re.compile(r"(\r\n|\r|\n)")  # captured: the split keeps it
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file; returns ``(text, encoding)``.

    Unicode first (a BOM decides; UTF-16 without one is told by its NUL bytes; else UTF-8).
    Bytes that are not UTF-8 are tried as the legacy Vietnamese encodings TCVN3, VNI and
    Windows-1258 (:mod:`normalizers.encodings`); Unicode text that still carries TCVN3 or VNI
    letters is converted too (``utf-8+tcvn3``). Raises :class:`ExtractionError` when the bytes
    are none of these.

    >>> decode_text("Quyết định".encode("utf-16"))
    ('Quyết định', 'utf-16')
    >>> decode_text(b"\\xef\\xbb\\xbfS\\xe1\\xbb\\x91: 270")
    ('Số: 270', 'utf-8-sig')
    >>> decode_text(b"Quy\\xd5t \\xae\\xdenh ph\\xaa duy\\xd6t")
    ('Quyết định phê duyệt', 'tcvn3')
    """
    if not data.strip():
        raise ExtractionError("empty file: no text to extract")
    text, encoding = _decode_unicode(data)
    if text is None:
        text, encoding = decode_vietnamese_bytes(data)
        if encoding not in _LEGACY:
            raise ExtractionError(
                "not UTF-8 or UTF-16 text, nor a legacy Vietnamese encoding "
                "(TCVN3, VNI, Windows-1258)"
            )
        return text, encoding
    legacy = detect_legacy_encoding(text)
    if legacy is not None:
        return convert_legacy(text, legacy), f"{encoding}+{legacy}"
    return text, encoding


_LEGACY = frozenset({"tcvn3", "vni", "cp1258"})


def _decode_unicode(data: bytes) -> tuple[str | None, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, encoding), encoding
    if _looks_utf16_without_bom(data):
        even_nuls = data[0::2].count(0)
        encoding = "utf-16-be" if even_nuls > data[1::2].count(0) else "utf-16-le"
        return _decode(data, encoding), encoding
    if b"\x00" in data:
        raise ExtractionError("binary data, not text (NUL bytes in a .txt file)")
    try:
        return _decode(data, "utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None, "utf-8"


def _looks_utf16_without_bom(data: bytes) -> bool:
    """ASCII-heavy UTF-16 has a NUL in every other byte."""
    sample = data[:4096]
    half = max(len(sample) // 2, 1)
    return max(sample[0::2].count(0), sample[1::2].count(0)) > 0.3 * half


def _decode(data: bytes, encoding: str) -> str:
    """Strict decoding; UTF-8 errors propagate (the caller tries legacy encodings next)."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":
            raise
        sample = data[exc.start : exc.start + 4]
        raise ExtractionError(
            f"not valid {encoding.upper()} text (byte {exc.start}: {sample!r})"
        ) from None
    if _control_ratio(text) > 0.05:
        raise ExtractionError("binary data, not text (mostly control characters)")
    return text


# Control characters a text file has no business holding: all below U+0020 but the tab (09),
# the line feed (0A), the form feed (0C) and the carriage return (0D).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    return controls / max(len(sample), 1)


def build_lines(raw_text: str, *, web: bool = False) -> tuple[str, tuple[Line, ...]]:
    """Split ``raw_text`` into lines and normalise each; returns the normalised text and lines.

    With ``web`` (a text file: a web copy) the lines are also cleaned of markup and of the
    site's furniture (:func:`normalizers.web.clean_web_lines`): a line of the site's is empty
    in the text and keeps its span in ``raw_text``, so the raw text still holds all of it.

    >>> text, lines = build_lines("Số: 270\\r\\nHoà\\u00a0Bình")
    >>> text, [(l.text, l.start, l.end, l.raw_start, l.raw_end) for l in lines]
    ('Số: 270\\nHòa Bình', [('Số: 270', 0, 7, 0, 7), ('Hòa Bình', 8, 16, 9, 17)])
    """
    if not raw_text:
        return "", ()
    # The split keeps the line ends: bodies at the even indices, the end after each at the odd
    # ones. A final line end is followed by an empty last line.
    pieces = _LINE_END.split(raw_text)
    bodies, line_ends = pieces[0::2], [*pieces[1::2], ""]
    norms = list(map(normalize_line, bodies))
    if web:
        norms = clean_web_lines(norms)
    lines: list[Line] = []
    offset = raw_offset = 0
    for body, norm, line_end in zip(bodies, norms, line_ends, strict=True):
        lines.append(Line(norm, offset, offset + len(norm), raw_offset, raw_offset + len(body)))
        offset += len(norm) + 1
        raw_offset += len(body) + len(line_end)
    return "\n".join(norms), tuple(lines)


# A decision is tens of kilobytes of text; a file far larger is a dump or a mistake, and one
# document is held whole in memory with its records (about 45 bytes a byte of text): refusing
# it keeps every run's memory bounded. QDX_MAX_TEXT_MB raises the limit.
DEFAULT_MAX_TEXT_MB = 20


def max_text_bytes() -> int:
    """The largest ``.txt`` file read, in bytes (``QDX_MAX_TEXT_MB``, default 20 MB)."""
    return int(limit_from_env("QDX_MAX_TEXT_MB", DEFAULT_MAX_TEXT_MB) * 2**20)


def extract_text_file(path: Path, data: bytes | None = None) -> Document:
    """Read a ``.txt`` file into a :class:`Document`."""
    size = len(data) if data is not None else path.stat().st_size
    refuse_if_too_large(size, max_text_bytes(), "of text", "QDX_MAX_TEXT_MB")
    data = path.read_bytes() if data is None else data
    raw_text, encoding = decode_text(data)
    if raw_text.startswith("\ufeff"):
        raw_text = raw_text[1:]
    text, lines = build_lines(raw_text, web=True)
    if not text.strip():
        raise ExtractionError("empty file: no text to extract")
    return Document(
        source_path=str(path),
        source_sha256=hashlib.sha256(data).hexdigest(),
        source_format=SourceFormat.TXT,
        raw_text=raw_text,
        text=text,
        lines=lines,
        encoding=encoding,
    )
