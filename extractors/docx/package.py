"""The parts of a DOCX package that the reader needs: the main document, its numbering and its
styles, found through the package relationships (or by their usual names)."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

from extractors.docx.safety import optional_part, parse_xml, read_part
from extractors.model import ExtractionError

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def relationships(archive: zipfile.ZipFile, rels_name: str, base: str) -> dict[str, str]:
    """Relationship type suffix (``officeDocument``, ``numbering``, ``styles``) → part name."""
    data = read_part(archive, rels_name)
    if data is None:
        return {}
    try:
        root = parse_xml(data, rels_name)
    except ExtractionError as exc:
        if "DOCTYPE" in str(exc):
            raise
        return {}  # unreadable relationships: fall back to the usual part names
    targets: dict[str, str] = {}
    for rel in root.iter(f"{{{REL_NS}}}Relationship"):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        targets.setdefault(kind, posixpath.normpath(name))
    return targets


@dataclass(frozen=True, slots=True)
class Parts:
    """The parsed parts the reader walks; numbering and styles None when absent or unreadable."""

    main: str  # the main document's part name, for messages
    document: etree._Element
    numbering: etree._Element | None
    styles: etree._Element | None


def read_parts(archive: zipfile.ZipFile) -> Parts:
    """The main document, numbering and styles, found through the relationships or by name."""
    package = relationships(archive, "_rels/.rels", "")
    main = package.get("officeDocument", "word/document.xml")
    document_xml = read_part(archive, main)
    if document_xml is None and main != "word/document.xml":
        main = "word/document.xml"
        document_xml = read_part(archive, main)
    if document_xml is None:
        raise ExtractionError(
            f"not a DOCX file: {main} is missing (a zip archive, but not a Word document)"
        )
    root = parse_xml(document_xml, main)
    parts = relationships(
        archive,
        posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels"),
        posixpath.dirname(main),
    )
    numbering = optional_part(archive, parts.get("numbering", "word/numbering.xml"))
    styles = optional_part(archive, parts.get("styles", "word/styles.xml"))
    return Parts(main, root, numbering, styles)
