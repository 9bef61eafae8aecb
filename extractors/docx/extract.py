"""The DOCX extractor's entry point: a ``.docx`` file read into a :class:`Document`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from lxml import etree

from extractors.docx.body import BodyReader
from extractors.docx.names import W_NS, W_STRICT_NS, Names
from extractors.docx.numbering import read_numbering
from extractors.docx.package import Parts, read_parts, read_parts_by_name
from extractors.docx.safety import open_zip
from extractors.docx.tables import place_tables
from extractors.model import Document, ExtractionError, SourceFormat
from extractors.text import build_lines


def extract_docx_file(path: Path, data: bytes | None = None) -> Document:
    """Read a ``.docx`` file into a :class:`Document` (tables as :class:`Table` grids)."""
    data = path.read_bytes() if data is None else data
    with open_zip(data) as archive:
        reader = _read_body(read_parts(archive, data))
        if reader.markup_in_text:  # see BodyReader.markup_in_text
            reader = _read_body(read_parts_by_name(archive))
    raw_text = "\n".join(reader.lines)
    text, lines = build_lines(raw_text)
    if not text.strip():
        raise ExtractionError("empty document: no text to extract")
    return Document(
        source_path=str(path),
        source_sha256=hashlib.sha256(data).hexdigest(),
        source_format=SourceFormat.DOCX,
        raw_text=raw_text,
        text=text,
        lines=lines,
        tables=tuple(place_tables(text, lines, reader.tables)),
        n_pages=None,
        encoding=None,
    )


def _read_body(parts: Parts) -> BodyReader:
    root, main = parts.document, parts.main
    ns = etree.QName(root).namespace or W_NS
    if ns not in (W_NS, W_STRICT_NS):
        raise ExtractionError(f"not a DOCX file: {main} is not WordprocessingML ({ns})")
    w = Names(ns)
    body = root.find(w("body"))
    if body is None:
        raise ExtractionError(f"corrupt DOCX file: {main} has no document body")
    reader = BodyReader(w, read_numbering(parts.numbering, parts.styles))
    reader.body(body)
    return reader
