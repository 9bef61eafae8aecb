"""The walk of a document body into laid-out lines and raw tables.

The children of ``w:body`` are walked in order (``w:p``, ``w:tbl``, and the paragraphs and tables
inside content controls ``w:sdt``, ``w:customXml``, tracked insertions and
``mc:AlternateContent``). Page headers, footers, footnotes, comments and text boxes are not part
of the body and are left out; so are deleted revisions, field instructions and hidden
(``w:vanish``) runs. A table's merged cells (gridSpan, vMerge, the legacy hMerge) are read once,
with their spans.

The trees are python-docx's (:mod:`extractors.docx.package`), walked with lxml, because
python-docx's objects give other text than Word shows, and the golden text must not change:

- ``Document.iter_inner_content()`` yields the ``w:p`` and ``w:tbl`` children only: the
  paragraphs inside a content control, a ``w:customXml``, a tracked insertion or an
  ``mc:AlternateContent`` would be lost, so :meth:`BodyReader._blocks` walks the children;
- ``Paragraph.text`` reads ``w:r`` and ``w:hyperlink`` only (not ``w:ins``, ``w:smartTag``,
  ``w:fldSimple``, inline content controls), keeps hidden runs and drops page breaks, and shows
  no list number: :meth:`BodyReader._runs` reads the runs;
- ``Table.rows`` and ``_Row.cells`` repeat a merged cell once a grid column it covers (a hostile
  ``gridSpan`` of two billion would be a list of two billion), ignore ``gridBefore`` and the
  legacy ``hMerge``, and the typed ``w:numPr``, ``gridSpan`` and ``vMerge`` values raise on a
  malformed attribute where Word reads on: :meth:`BodyReader.table` reads the attributes as
  written.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from extractors.docx.names import MC_NS, Names, to_int
from extractors.docx.numbering import Numbering
from extractors.docx.tables import MAX_TABLE_COLS, RawCell, RawTable, layout_rows

# Characters that end a line for str.splitlines but not for build_lines: a paragraph's text
# must not carry them, or the lines of the pipeline and of the Document would disagree.
_LINE_BREAKS = str.maketrans({c: "\n" for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})
# Elements whose children are runs or run-like content shown in the paragraph.
_RUN_CONTAINERS = frozenset(
    {"r", "hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "customXml", "dir", "bdo", "sdt"}
)


class BodyReader:
    """Walks a document body into lines (raw text) and tables."""

    def __init__(self, w: Names, numbering: Numbering):
        self.w = w
        self.numbering = numbering
        self.lines: list[str] = []
        self.tables: list[RawTable] = []
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
        self._r_pr_tag = w("rPr")
        self._vanish_tag = w("vanish")
        # A w:t with a child: a comment or processing instruction that the parser kept (the
        # reader by name drops them, python-docx's parser keeps them and the blank text beside
        # them goes): the caller reads such a document again by name.
        self.markup_in_text = False

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
            elif tag == f"{{{MC_NS}}}AlternateContent":
                choice = child.find(f"{{{MC_NS}}}Choice")
                if choice is not None:
                    yield from self._blocks(choice)

    # paragraphs

    def paragraph(self, p: etree._Element) -> str:
        parts: list[str] = []
        p_pr, _ = self._runs(p, parts)
        num = self._num_pr(p_pr)
        prefix = self.numbering.prefix(*num) if num is not None else ""
        return prefix + "".join(parts)

    def _num_pr(self, p_pr: etree._Element | None) -> tuple[str, int] | None:
        w = self.w
        num_id: str | None = None
        ilvl: int | None = None
        if p_pr is not None:
            num_pr = p_pr.find(self._num_pr_tag)
            if num_pr is not None:
                num_id = w.val(num_pr.find(w("numId")))
                lvl = w.val(num_pr.find(w("ilvl")))
                ilvl = to_int(lvl, 0) if lvl is not None else None
            style = w.val(p_pr.find(self._p_style_tag))
            if style is not None and (num_id is None or ilvl is None):
                style_num, style_lvl = self.numbering.style_num.get(style, (None, None))
                num_id = num_id if num_id is not None else style_num
                ilvl = ilvl if ilvl is not None else style_lvl
        if num_id is None or num_id == "0":
            return None
        return num_id, ilvl or 0

    def _runs(self, parent: etree._Element, parts: list[str]) -> tuple[etree._Element | None, bool]:
        """Append the text of ``parent``'s runs to ``parts``.

        Returns ``parent``'s first ``w:pPr`` child (a paragraph's properties) and whether it is
        hidden: the first ``w:vanish`` of its ``w:rPr`` children is on (a run's properties).
        Both are picked up in the one pass over the children rather than looked up before it:
        every child visited costs a Python proxy, dearer with python-docx's element classes.
        """
        p_pr: etree._Element | None = None
        vanish: etree._Element | None = None
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # an unresolved entity reference, or a comment
            if tag == self._text_tag:
                parts.append(child.text or "")
                if len(child):
                    self.markup_in_text = True
            elif tag in self._literals:
                parts.append(self._literals[tag])
            elif tag == self._run_tag:
                mark = len(parts)
                if self._runs(child, parts)[1]:
                    del parts[mark:]
            elif tag == self._r_pr_tag:
                if vanish is None:
                    vanish = child.find(self._vanish_tag)
            elif tag == self._p_pr_tag:
                if p_pr is None:
                    p_pr = child
            elif tag == self._sdt_tag:
                content = child.find(self.w("sdtContent"))
                if content is not None:
                    self._runs(content, parts)
            elif tag in self._containers:
                self._runs(child, parts)
        hidden = vanish is not None and self.w.val(vanish) not in ("0", "false", "off")
        return p_pr, hidden

    # tables

    def table(self, tbl: etree._Element) -> None:
        w = self.w
        grid_cols = min(len(tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")), MAX_TABLE_COLS)
        cells: list[RawCell] = []
        open_down: dict[int, RawCell] = {}  # grid column → the cell a vMerge continues
        n_rows = 0
        width = grid_cols
        for tr in self._rows(tbl):
            r = n_rows
            n_rows += 1
            tr_pr = tr.find(w("trPr"))
            col = to_int(w.val(tr_pr.find(w("gridBefore"))), 0) if tr_pr is not None else 0
            col = min(max(col, 0), MAX_TABLE_COLS)
            last: RawCell | None = None
            for tc in self._cells(tr):
                if col >= MAX_TABLE_COLS:
                    break
                tc_pr = tc.find(w("tcPr"))
                span = 1
                v_merge = h_merge = None
                if tc_pr is not None:
                    span = max(to_int(w.val(tc_pr.find(w("gridSpan"))), 1), 1)
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
                cell = RawCell(r, col, self.cell_text(tc), col_span=span)
                cells.append(cell)
                for c in range(col, col + span):
                    open_down.pop(c, None)
                if v_merge == "restart":
                    open_down[col] = cell
                last = cell
                col += span
            width = max(width, col)
        if n_rows and width:
            self.tables.append(RawTable(cells, n_rows, width, len(self.lines)))
            self.lines.extend(layout_rows(cells, n_rows, width))

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
                nested = BodyReader(self.w, self.numbering)
                nested.table(el)
                self.markup_in_text |= nested.markup_in_text
                texts.extend(nested.lines)
        return " ".join(" ".join(texts).split())
