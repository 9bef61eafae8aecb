"""The parts of a DOCX package that the reader needs: the main document, its numbering and its
styles.

python-docx opens the package (``docx.Document``): it follows the relationships, checks that the
main part is a Word document, and parses the parts with its own parser, which resolves no entity
and loads no DTD (``docx.oxml.parser.oxml_parser``); the reader walks the trees it made. What
python-docx does not open is read by name with zipfile and lxml, as Word's usual names say, so that
such a package reads as it always did:

- a package python-docx refuses (no ``[Content_Types].xml``, a main part of another content type
  such as a macro-enabled ``.docm``, Strict Open XML relationships, a related part missing or
  not well-formed): every part is read by name (:func:`read_parts_by_name`), with the errors of
  the reader by name (``word/document.xml is missing``, ``is not well-formed XML``);
- a numbering or styles part the main document does not relate (hand-made packages): read as
  ``word/numbering.xml`` or ``word/styles.xml``.

The zip-bomb and entity checks (:mod:`extractors.docx.safety`) run before python-docx opens the
package; a DOCTYPE past the first bytes of a part is refused from the trees python-docx parsed.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.part import Part, XmlPart
from lxml import etree

from extractors.docx.safety import check_members, check_tree, optional_part, parse_xml, read_part
from extractors.model import ExtractionError

# What python-docx raises on a package it cannot open; the reader by name then says why, or reads
# it as before.
_PYTHON_DOCX_REFUSES = (
    OpcError,
    KeyError,
    ValueError,
    etree.LxmlError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_NUMBERING = "word/numbering.xml"
_STYLES = "word/styles.xml"


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


def read_parts(archive: zipfile.ZipFile, data: bytes) -> Parts:
    """The main document, numbering and styles of the package ``data`` (open as ``archive``)."""
    check_members(archive, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except _PYTHON_DOCX_REFUSES:
        return read_parts_by_name(archive)
    part = document.part
    for parsed in part.package.iter_parts():
        if isinstance(parsed, XmlPart):
            check_tree(parsed.element, parsed.partname.lstrip("/"))
    return Parts(
        main=part.partname.lstrip("/"),
        document=part.element,
        numbering=_related(archive, part, RT.NUMBERING, _NUMBERING),
        styles=_related(archive, part, RT.STYLES, _STYLES),
    )


def _related(
    archive: zipfile.ZipFile, part: Part, reltype: str, usual_name: str
) -> etree._Element | None:
    """The tree of the first part that ``part`` relates by ``reltype`` (python-docx's
    ``part_related_by`` refuses a second one; the reader by name takes the first). A part
    python-docx did not parse (another content type), or no such relationship: read by name."""
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            target = rel.target_part
            if isinstance(target, XmlPart):
                return target.element
            return optional_part(archive, target.partname.lstrip("/"))
    return optional_part(archive, usual_name)


def read_parts_by_name(archive: zipfile.ZipFile) -> Parts:
    """The main document, numbering and styles found through the relationships read with lxml,
    or by their usual names."""
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
    numbering = optional_part(archive, parts.get("numbering", _NUMBERING))
    styles = optional_part(archive, parts.get("styles", _STYLES))
    return Parts(main, root, numbering, styles)
