"""DOCX extractor: Word files (Office Open XML, ``.docx``) read into a :class:`Document`.

The package is read directly (zip + lxml), not through python-docx, so that the body is walked in
document order, merged table cells are seen once, and nothing is parsed that could hurt:

- **Safety.** The bytes must be a zip archive; the declared uncompressed size of every part read
  and of the whole archive is checked before anything is inflated (:data:`MAX_PART_BYTES`,
  :data:`MAX_ARCHIVE_BYTES`), and reading stops at the limit whatever the archive declares. XML
  is parsed with entities left unresolved, no DTD loading and no network, and a part that
  declares a DOCTYPE is refused: Word never writes one, so it can only be an entity trick (XXE,
  billion laughs). A table keeps at most :data:`MAX_TABLE_COLS` grid columns, so that a hostile
  ``gridSpan`` cannot blow up the laid-out text.
- **Order.** The children of ``w:body`` are walked in order (``w:p``, ``w:tbl``, and the
  paragraphs and tables inside content controls ``w:sdt``). Page headers, footers, footnotes,
  comments and text boxes are not part of the body and are left out; so are deleted revisions,
  field instructions and hidden (``w:vanish``) runs.
- **Numbering.** Word shows automatic clause numbers that are not in the paragraph text. They are
  rebuilt from ``word/numbering.xml`` (numFmt decimal, decimalZero, lower/upperLetter,
  lower/upperRoman, bullet; lvlText ``%1.``, ``%1)``, ``%1.%2.``; start, startOverride,
  lvlRestart, isLgl; numbering given by the paragraph or by its style), counting as Word does:
  lists that share a definition continue each other unless a ``w:num`` restarts a level.
  A bullet is written ``- ``; a number is followed by a space (Word's tab would make the line look
  like a table row).
- **Tables.** A table becomes a :class:`~extractors.model.Table` whose merged cells (gridSpan,
  vMerge) are one :class:`~extractors.model.Cell` with their ``col_span``/``row_span``. It is laid
  out in the text as tab-separated rows, one line a row and one field a grid column: a cell's
  paragraphs are joined by a space, and a position covered by a merge is an empty field, so that
  columns stay aligned and the text rules read the table as they read a pasted one. Every cell's
  ``start``/``end`` slice exactly its text out of ``Document.text``. The decision header (issuer |
  motto over number | place and date, a borderless table) is a table like any other.

``Document.raw_text`` for a DOCX is the laid-out text before normalisation (paragraph text with the
rebuilt numbers, table rows as above); ``Document.text`` is it normalised line by line with
:func:`extractors.text.build_lines`. A ``.doc`` file is not read here: :func:`convert_doc_to_docx`
turns one into a DOCX with LibreOffice.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from extractors.model import Cell, Document, ExtractionError, Line, SourceFormat, Table
from extractors.text import build_lines

MAX_PART_BYTES = 200 * 1024 * 1024  # uncompressed size of one XML part that is read
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024  # uncompressed size of the whole archive
MAX_TABLE_COLS = 256  # grid columns kept (Word allows 63): a hostile gridSpan stays cheap
SOFFICE_TIMEOUT_S = 180

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_DOCTYPE_UTF16 = ("<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))
# Characters that end a line for str.splitlines but not for build_lines: a paragraph's text
# must not carry them, or the lines of the pipeline and of the Document would disagree.
_LINE_BREAKS = str.maketrans({c: "\n" for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})
_PARSER = etree.XMLParser(
    resolve_entities=False,
    load_dtd=False,
    no_network=True,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)
_NO_DOC_MESSAGE = (
    "a .doc file needs LibreOffice to convert it: install libreoffice-writer, or save it as .docx"
)


# --- the package --------------------------------------------------------------------------------


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if not data:
        raise ExtractionError("empty file: a DOCX file cannot be 0 bytes")
    if data.startswith(_OLE2_MAGIC):
        raise ExtractionError(
            "not a DOCX file: this is a legacy Word .doc file (or a password-protected Office "
            "file); convert it to .docx (LibreOffice, or Save As .docx in Word)"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(b"PK"):
            raise ExtractionError(
                "corrupt DOCX file: the zip archive is damaged or truncated (no central "
                "directory); the file may be incomplete"
            ) from None
        raise ExtractionError("not a DOCX file (not a zip archive)") from None
    except (OSError, ValueError, EOFError) as exc:
        raise ExtractionError(
            f"corrupt DOCX file: the zip archive cannot be read ({exc})"
        ) from None
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_ARCHIVE_BYTES:
        raise ExtractionError(
            f"DOCX refused: its parts would inflate to {_mb(total)} (limit {_mb(MAX_ARCHIVE_BYTES)}"
            "); a zip bomb, or not a document"
        )
    return archive


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """The bytes of one part, None when absent; refuses parts larger than the limit."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise ExtractionError(
            f"DOCX refused: {name} would inflate to {_mb(info.file_size)} "
            f"(limit {_mb(MAX_PART_BYTES)}); a zip bomb, or not a document"
        )
    if info.flag_bits & 0x1:
        raise ExtractionError(f"DOCX refused: {name} is encrypted inside the zip archive")
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(1 << 20):
                size += len(chunk)
                if size > MAX_PART_BYTES:  # whatever the archive declares
                    raise ExtractionError(
                        f"DOCX refused: {name} inflates beyond {_mb(MAX_PART_BYTES)}; a zip bomb"
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise ExtractionError(
            f"corrupt DOCX file: {name} cannot be read from the zip archive ({exc})"
        ) from None
    return b"".join(chunks)


def _parse_xml(data: bytes, name: str) -> etree._Element:
    head = data[:4096]
    if _DOCTYPE.search(head) or any(d in head for d in _DOCTYPE_UTF16):
        raise _doctype_error(name)
    try:
        tree = etree.parse(io.BytesIO(data), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(f"corrupt DOCX file: {name} is not well-formed XML ({exc})") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _doctype_error(name)
    return tree.getroot()


def _doctype_error(name: str) -> ExtractionError:
    return ExtractionError(
        f"DOCX refused: {name} declares a DOCTYPE (XML entities); Word never writes one"
    )


def _relationships(archive: zipfile.ZipFile, rels_name: str, base: str) -> dict[str, str]:
    """Relationship type suffix (``officeDocument``, ``numbering``, ``styles``) → part name."""
    data = _read_part(archive, rels_name)
    if data is None:
        return {}
    try:
        root = _parse_xml(data, rels_name)
    except ExtractionError as exc:
        if "DOCTYPE" in str(exc):
            raise
        return {}  # unreadable relationships: fall back to the usual part names
    targets: dict[str, str] = {}
    for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        targets.setdefault(kind, posixpath.normpath(name))
    return targets


# --- numbering ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: None = after any higher level, 0 = never
    legal: bool = False  # isLgl: numbers of the higher levels shown as decimal
    suffix: str = "tab"


@dataclass(slots=True)
class _Num:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    levels: dict[int, _Level] = field(default_factory=dict)  # lvlOverride/lvl


@dataclass(slots=True)
class _Numbering:
    """Word's list counters: one set per abstract definition, shared by the lists that use it."""

    abstract: dict[str, dict[int, _Level]]
    style_links: dict[str, str]  # abstractNumId → numbering style id (numStyleLink)
    nums: dict[str, _Num]
    style_num: dict[str, tuple[str | None, int | None]]  # paragraph style → (numId, ilvl)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def resolve(self, num_id: str) -> tuple[str, _Num] | None:
        num = self.nums.get(num_id)
        if num is None:
            return None
        abstract_id = num.abstract_id
        linked = self.style_links.get(abstract_id)
        if linked is not None:  # numStyleLink: the definition is that of the style's list
            target = self.nums.get(self.style_num.get(linked, (None, None))[0] or "")
            if target is not None:
                abstract_id = target.abstract_id
        return (abstract_id, num) if abstract_id in self.abstract else None

    def level(self, abstract_id: str, num: _Num, ilvl: int) -> _Level:
        return num.levels.get(ilvl) or self.abstract[abstract_id].get(ilvl) or _Level()

    def prefix(self, num_id: str, ilvl: int) -> str:
        """The number (or bullet) Word shows before a paragraph of list ``num_id``, level ``ilvl``;
        advances the counters."""
        found = self.resolve(num_id)
        if found is None:
            return ""
        abstract_id, num = found
        counters = self.counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in num.start_overrides.items():
                if 0 <= lvl < 9:
                    counters[lvl] = start - 1
        ilvl = min(max(ilvl, 0), 8)
        level = self.level(abstract_id, num, ilvl)
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            restart = self.level(abstract_id, num, deeper).restart
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        if level.fmt == "bullet":
            return "- " if level.text else ""
        if level.fmt == "none" and "%" not in level.text:
            shown = level.text
        else:

            def number(m: re.Match[str]) -> str:
                lvl = int(m.group(1)) - 1
                other = self.level(abstract_id, num, lvl)
                value = counters[lvl]
                value = other.start if value is None else value
                fmt = "decimal" if level.legal and lvl != ilvl else other.fmt
                return format_number(value, fmt)

            shown = re.sub(r"%([1-9])", number, level.text)
        if not shown.strip():
            return ""
        return shown if level.suffix == "nothing" else shown.rstrip() + " "


def format_number(value: int, fmt: str) -> str:
    """A list number in a Word number format.

    >>> [format_number(4, f) for f in ("decimal", "decimalZero", "lowerLetter", "upperRoman")]
    ['4', '04', 'd', 'IV']
    >>> format_number(28, "lowerLetter"), format_number(1999, "lowerRoman")
    ('bb', 'mcmxcix')
    """
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter") and value > 0:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "none":
        return ""
    return str(value)


def _roman(value: int) -> str:
    out = []
    for amount, numeral in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Names:
    """Qualified names of one WordprocessingML namespace (transitional or strict)."""

    def __init__(self, ns: str):
        self.ns = ns
        self._names: dict[str, str] = {}  # made once each: the walk asks for them per element

    def __call__(self, local: str) -> str:
        name = self._names.get(local)
        if name is None:
            name = self._names[local] = f"{{{self.ns}}}{local}"
        return name

    def val(self, el: etree._Element | None, local: str = "val") -> str | None:
        if el is None:
            return None
        value = el.get(self(local))
        return str(value) if value is not None else None


def _read_level(w: _Names, lvl: etree._Element) -> _Level:
    restart = w.val(lvl.find(w("lvlRestart")))
    legal = lvl.find(w("isLgl"))
    return _Level(
        start=_int(w.val(lvl.find(w("start"))), 1),
        fmt=w.val(lvl.find(w("numFmt"))) or "decimal",
        text=w.val(lvl.find(w("lvlText"))) or "",
        restart=_int(restart, 1) if restart is not None else None,
        legal=legal is not None and w.val(legal) not in ("0", "false", "off"),
        suffix=w.val(lvl.find(w("suff"))) or "tab",
    )


def _read_numbering(numbering: etree._Element | None, styles: etree._Element | None) -> _Numbering:
    abstract: dict[str, dict[int, _Level]] = {}
    style_links: dict[str, str] = {}
    nums: dict[str, _Num] = {}
    if numbering is not None:
        w = _Names(etree.QName(numbering).namespace or _W_NS)
        for definition in numbering.iter(w("abstractNum")):
            abstract_id = w.val(definition, "abstractNumId") or ""
            abstract[abstract_id] = {
                _int(w.val(lvl, "ilvl"), 0): _read_level(w, lvl)
                for lvl in definition.iter(w("lvl"))
            }
            link = w.val(definition.find(w("numStyleLink")))
            if link:
                style_links[abstract_id] = link
        for num_el in numbering.iter(w("num")):
            num = _Num(w.val(num_el.find(w("abstractNumId"))) or "")
            for override in num_el.iter(w("lvlOverride")):
                ilvl = _int(w.val(override, "ilvl"), 0)
                start = w.val(override.find(w("startOverride")))
                if start is not None:
                    num.start_overrides[ilvl] = _int(start, 1)
                lvl = override.find(w("lvl"))
                if lvl is not None:
                    num.levels[ilvl] = _read_level(w, lvl)
            nums[w.val(num_el, "numId") or ""] = num
    return _Numbering(abstract, style_links, nums, _style_numbering(styles))


def _style_numbering(styles: etree._Element | None) -> dict[str, tuple[str | None, int | None]]:
    """The list of each paragraph style (from its own numPr or the style it is based on)."""
    if styles is None:
        return {}
    w = _Names(etree.QName(styles).namespace or _W_NS)
    own: dict[str, tuple[str | None, int | None]] = {}
    based_on: dict[str, str] = {}
    for style in styles.iter(w("style")):
        style_id = w.val(style, "styleId") or ""
        parent = w.val(style.find(w("basedOn")))
        if parent:
            based_on[style_id] = parent
        num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is not None:
            own_lvl = w.val(num_pr.find(w("ilvl")))
            own[style_id] = (
                w.val(num_pr.find(w("numId"))),
                _int(own_lvl, 0) if own_lvl is not None else None,
            )
    resolved: dict[str, tuple[str | None, int | None]] = {}
    for style_id in {*own, *based_on}:
        num_id: str | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current not in seen:
            seen.add(current)
            found_num, found_lvl = own.get(current, (None, None))
            num_id = num_id if num_id is not None else found_num
            ilvl = ilvl if ilvl is not None else found_lvl
            current = based_on.get(current)
        if num_id is not None:
            resolved[style_id] = (num_id, ilvl)
    return resolved


# --- the body -----------------------------------------------------------------------------------

# Elements whose children are runs or run-like content shown in the paragraph.
_RUN_CONTAINERS = frozenset(
    {"r", "hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "dir", "bdo", "sdt"}
)


class _Reader:
    """Walks a document body into lines (raw text) and tables."""

    def __init__(self, w: _Names, numbering: _Numbering):
        self.w = w
        self.numbering = numbering
        self.lines: list[str] = []
        self.tables: list[_RawTable] = []
        # qualified names looked up for every block, paragraph and run
        self._p_tag = w("p")
        self._tbl_tag = w("tbl")
        self._p_pr_tag = w("pPr")
        self._num_pr_tag = w("numPr")
        self._p_style_tag = w("pStyle")
        # run-level elements: what each adds to the text, or that the walk goes into it
        self._text_tag = w("t")
        self._literals = {
            w("tab"): "\t",
            w("ptab"): "\t",
            w("br"): "\n",
            w("cr"): "\n",
            w("noBreakHyphen"): "-",
        }
        self._run_tag = w("r")
        self._sdt_tag = w("sdt")
        self._containers = frozenset(w(local) for local in _RUN_CONTAINERS - {"r", "sdt"})
        self._vanish_path = f"{w('rPr')}/{w('vanish')}"

    # blocks

    def body(self, body: etree._Element) -> None:
        for kind, el in self._blocks(body):
            if kind == "p":
                text = self.paragraph(el).translate(_LINE_BREAKS)
                self.lines.extend(text.split("\n"))
            else:
                self.table(el)

    def _blocks(self, parent: etree._Element) -> Iterator[tuple[str, etree._Element]]:
        w = self.w
        for child in parent:
            tag = child.tag
            if tag == self._p_tag:
                yield "p", child
            elif tag == self._tbl_tag:
                yield "tbl", child
            elif tag == self._sdt_tag:
                content = child.find(w("sdtContent"))
                if content is not None:
                    yield from self._blocks(content)
            elif tag in (w("customXml"), w("ins"), w("moveTo")):
                yield from self._blocks(child)
            elif tag == f"{{{_MC_NS}}}AlternateContent":
                choice = child.find(f"{{{_MC_NS}}}Choice")
                if choice is not None:
                    yield from self._blocks(choice)

    # paragraphs

    def paragraph(self, p: etree._Element) -> str:
        prefix = ""
        num = self._num_pr(p)
        if num is not None:
            prefix = self.numbering.prefix(*num)
        parts: list[str] = []
        self._runs(p, parts)
        return prefix + "".join(parts)

    def _num_pr(self, p: etree._Element) -> tuple[str, int] | None:
        w = self.w
        p_pr = p.find(self._p_pr_tag)
        num_id: str | None = None
        ilvl: int | None = None
        if p_pr is not None:
            num_pr = p_pr.find(self._num_pr_tag)
            if num_pr is not None:
                num_id = w.val(num_pr.find(w("numId")))
                lvl = w.val(num_pr.find(w("ilvl")))
                ilvl = _int(lvl, 0) if lvl is not None else None
            style = w.val(p_pr.find(self._p_style_tag))
            if style is not None and (num_id is None or ilvl is None):
                style_num, style_lvl = self.numbering.style_num.get(style, (None, None))
                num_id = num_id if num_id is not None else style_num
                ilvl = ilvl if ilvl is not None else style_lvl
        if num_id is None or num_id == "0":
            return None
        return num_id, ilvl or 0

    def _runs(self, parent: etree._Element, parts: list[str]) -> None:
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # an unresolved entity reference, or a comment
            if tag == self._text_tag:
                parts.append(child.text or "")
            elif tag in self._literals:
                parts.append(self._literals[tag])
            elif tag == self._run_tag:
                if not self._hidden(child):
                    self._runs(child, parts)
            elif tag == self._sdt_tag:
                content = child.find(self.w("sdtContent"))
                if content is not None:
                    self._runs(content, parts)
            elif tag in self._containers:
                self._runs(child, parts)

    def _hidden(self, run: etree._Element) -> bool:
        vanish = run.find(self._vanish_path)
        return vanish is not None and self.w.val(vanish) not in ("0", "false", "off")

    # tables

    def table(self, tbl: etree._Element) -> None:
        w = self.w
        grid_cols = min(len(tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")), MAX_TABLE_COLS)
        cells: list[_RawCell] = []
        open_down: dict[int, _RawCell] = {}  # grid column → the cell a vMerge continues
        n_rows = 0
        width = grid_cols
        for tr in self._rows(tbl):
            r = n_rows
            n_rows += 1
            tr_pr = tr.find(w("trPr"))
            col = _int(w.val(tr_pr.find(w("gridBefore"))), 0) if tr_pr is not None else 0
            col = min(max(col, 0), MAX_TABLE_COLS)
            last: _RawCell | None = None
            for tc in self._cells(tr):
                if col >= MAX_TABLE_COLS:
                    break
                tc_pr = tc.find(w("tcPr"))
                span = 1
                v_merge = h_merge = None
                if tc_pr is not None:
                    span = max(_int(w.val(tc_pr.find(w("gridSpan"))), 1), 1)
                    span = min(span, MAX_TABLE_COLS - col)
                    v_el = tc_pr.find(w("vMerge"))
                    if v_el is not None:
                        v_merge = w.val(v_el) or "continue"
                    h_el = tc_pr.find(w("hMerge"))
                    if h_el is not None:
                        h_merge = w.val(h_el) or "continue"
                if h_merge == "continue" and last is not None:
                    last.col_span += span  # a legacy horizontal merge
                    col += span
                    continue
                origin = open_down.get(col)
                if v_merge == "continue" and origin is not None and origin.col_span == span:
                    origin.row_span = r - origin.row + 1
                    col += span
                    last = None
                    continue
                cell = _RawCell(r, col, self.cell_text(tc), col_span=span)
                cells.append(cell)
                for c in range(col, col + span):
                    open_down.pop(c, None)
                if v_merge == "restart":
                    open_down[col] = cell
                last = cell
                col += span
            width = max(width, col)
        if n_rows and width:
            self.tables.append(_RawTable(cells, n_rows, width, len(self.lines)))
            self.lines.extend(_layout_rows(cells, n_rows, width))

    def _rows(self, tbl: etree._Element) -> Iterator[etree._Element]:
        w = self.w
        for child in tbl:
            if child.tag == w("tr"):
                yield child
            elif child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
                if content is not None:
                    yield from self._rows(content)

    def _cells(self, tr: etree._Element) -> Iterator[etree._Element]:
        w = self.w
        for child in tr:
            if child.tag == w("tc"):
                yield child
            elif child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
                if content is not None:
                    yield from self._cells(content)

    def cell_text(self, tc: etree._Element) -> str:
        """A cell's paragraphs (and nested tables) joined by a space, on one line."""
        texts: list[str] = []
        for kind, el in self._blocks(tc):
            if kind == "p":
                texts.append(self.paragraph(el))
            else:
                nested = _Reader(self.w, self.numbering)
                nested.table(el)
                texts.extend(nested.lines)
        return " ".join(" ".join(texts).split())


@dataclass(slots=True)
class _RawCell:
    row: int
    col: int
    text: str  # one line, no tab
    col_span: int = 1
    row_span: int = 1


@dataclass(frozen=True, slots=True)
class _RawTable:
    cells: list[_RawCell]
    n_rows: int
    n_cols: int
    first_line: int  # index of its first row in the laid-out lines


def _layout_rows(cells: list[_RawCell], n_rows: int, n_cols: int) -> list[str]:
    """One tab-separated line a row, one field a grid column (empty where a merge covers it)."""
    fields = [[""] * n_cols for _ in range(n_rows)]
    for cell in cells:
        fields[cell.row][cell.col] = cell.text
    return ["\t".join(row) for row in fields]


def _place_tables(text: str, lines: tuple[Line, ...], raw_tables: list[_RawTable]) -> list[Table]:
    """Tables with the spans of their cells in the normalised text."""
    tables = []
    for raw in raw_tables:
        row_fields: list[list[tuple[int, int]]] = []
        for r in range(raw.n_rows):
            line = lines[raw.first_line + r]
            spans = []
            pos = line.start
            for part in line.text.split("\t"):
                lead = len(part) - len(part.lstrip())
                body = part.strip()
                spans.append((pos + lead, pos + lead + len(body)))
                pos += len(part) + 1
            row_fields.append(spans)
        cells = []
        for raw_cell in raw.cells:
            spans = row_fields[raw_cell.row]
            if raw_cell.col < len(spans):
                start, end = spans[raw_cell.col]
            else:  # cannot happen with the layout above; kept safe
                start = end = lines[raw.first_line + raw_cell.row].end
            cells.append(
                Cell(
                    row=raw_cell.row,
                    col=raw_cell.col,
                    text=text[start:end],
                    row_span=raw_cell.row_span,
                    col_span=raw_cell.col_span,
                    start=start,
                    end=end,
                )
            )
        first = lines[raw.first_line]
        last = lines[raw.first_line + raw.n_rows - 1]
        tables.append(
            Table(
                cells=tuple(cells),
                n_rows=raw.n_rows,
                n_cols=raw.n_cols,
                start=first.start,
                end=last.end,
            )
        )
    return tables


# --- the extractor ------------------------------------------------------------------------------


def extract_docx_file(path: Path, data: bytes | None = None) -> Document:
    """Read a ``.docx`` file into a :class:`Document` (tables as :class:`Table` grids)."""
    data = path.read_bytes() if data is None else data
    with _open_zip(data) as archive:
        package = _relationships(archive, "_rels/.rels", "")
        main = package.get("officeDocument", "word/document.xml")
        document_xml = _read_part(archive, main)
        if document_xml is None and main != "word/document.xml":
            main = "word/document.xml"
            document_xml = _read_part(archive, main)
        if document_xml is None:
            raise ExtractionError(
                f"not a DOCX file: {main} is missing (a zip archive, but not a Word document)"
            )
        root = _parse_xml(document_xml, main)
        parts = _relationships(
            archive,
            posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels"),
            posixpath.dirname(main),
        )
        numbering = _optional_part(archive, parts.get("numbering", "word/numbering.xml"))
        styles = _optional_part(archive, parts.get("styles", "word/styles.xml"))
    ns = etree.QName(root).namespace or _W_NS
    if ns not in (_W_NS, _W_STRICT_NS):
        raise ExtractionError(f"not a DOCX file: {main} is not WordprocessingML ({ns})")
    w = _Names(ns)
    body = root.find(w("body"))
    if body is None:
        raise ExtractionError(f"corrupt DOCX file: {main} has no document body")
    reader = _Reader(w, _read_numbering(numbering, styles))
    reader.body(body)
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
        tables=tuple(_place_tables(text, lines, reader.tables)),
        n_pages=None,
        encoding=None,
    )


def _optional_part(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    """numbering.xml or styles.xml: None when absent or unreadable (a DOCTYPE still refuses)."""
    data = _read_part(archive, name)
    if data is None:
        return None
    try:
        return _parse_xml(data, name)
    except ExtractionError as exc:
        if "DOCTYPE" in str(exc):
            raise
        return None


def convert_doc_to_docx(path: Path, out_dir: Path) -> Path:
    """Convert a legacy Word ``.doc`` file to ``.docx`` in ``out_dir`` with LibreOffice.

    Raises :class:`ExtractionError` when LibreOffice is not installed or the conversion fails.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ExtractionError(_NO_DOC_MESSAGE)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{path.stem}.docx"
    # A profile of its own: LibreOffice does nothing when another instance holds the default one.
    with tempfile.TemporaryDirectory(prefix="qdx-lo-") as profile:
        try:
            result = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={Path(profile).as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "docx:MS Word 2007 XML",
                    "--outdir",
                    str(out_dir),
                    str(path),
                ],
                capture_output=True,
                timeout=SOFFICE_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ExtractionError(
                f"LibreOffice did not convert {path.name} within {SOFFICE_TIMEOUT_S} s"
            ) from None
        except OSError as exc:
            raise ExtractionError(f"LibreOffice could not be started ({exc})") from None
    if result.returncode != 0 or not target.exists():
        detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
        raise ExtractionError(
            f"LibreOffice could not convert {path.name} to .docx"
            + (f": {detail.splitlines()[-1]}" if detail else "")
        )
    return target


def extract_doc_file(path: Path, data: bytes | None = None) -> Document:
    """Read a legacy Word ``.doc`` file: converted to DOCX with LibreOffice, then read as one.

    The Document keeps the ``.doc`` file's path and digest.
    """
    data = path.read_bytes() if data is None else data
    if not data:
        raise ExtractionError("empty file: no text to extract")
    with tempfile.TemporaryDirectory(prefix="qdx-doc-") as tmp:
        source = Path(tmp) / f"source{path.suffix.lower()}"
        source.write_bytes(data)
        converted = convert_doc_to_docx(source, Path(tmp) / "out")
        document = extract_docx_file(converted)
    return replace(
        document,
        source_path=str(path),
        source_sha256=hashlib.sha256(data).hexdigest(),
        source_format=SourceFormat.DOC,
    )
