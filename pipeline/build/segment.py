"""Segmentation of a document into its legal structure: a tree of sections with spans.

A decision is a header, legal bases (``Căn cứ …``), articles (``Điều 1…n``), the list of
recipients (``Nơi nhận``) and a signature block; then the annexed programme or plan with parts
(``Phần``), chapters (``Chương``), sections (``Mục``), articles, roman sections (``I.``),
numbered clauses (``1.``, ``1)``, ``2/``, ``1.1``), lettered points (``a)``, ``đ)``), bullets
(``-``, ``+``) and appendices (``Phụ lục``, ``Biểu``). The markers and their nesting are the
table ``normalizers/data/structure_markers.csv`` (read by :mod:`normalizers.documents`); the
phrases that open the legal bases and the proposal are ``decision_parts.csv``.

Web copies break lines mid-phrase; a line that continues the one before (it starts with a
lowercase letter, the line before ends with a word that cannot end a phrase such as ``của`` or
inside a name, or a dash stands at the break: ``kinh tế`` / ``- xã hội``; see :func:`_continues`)
is joined to it before markers are read. Joining never changes the text: sections are spans of
``Document.text``. Table rows (lines with tabs, ``|`` rows) are never section markers.

Every character of the text belongs to exactly one section's own region: from its start to its
first child's start, or to its end when it has no children.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from extractors.model import Document
from normalizers.documents import (
    DecisionPart,
    decision_part_phrases,
    signing_marks,
    structure_markers,
    structure_words,
)
from normalizers.provinces import name_breaks
from normalizers.tables import load_rows, rule_table
from normalizers.text import collapse_spaces
from pipeline.kinds import Level


@dataclass(frozen=True, slots=True)
class Section:
    index: int
    parent: int | None
    level: Level
    label: str | None
    heading: str
    start: int  # the section's whole extent in Document.text, children included
    end: int
    body_start: int  # where the text after the heading starts
    own_end: int  # where the first child starts (or ``end``)

    def own_text(self, text: str) -> str:
        """The section's own text after its heading, children left out, on one line."""
        return collapse_spaces(text[self.body_start : self.own_end])


@dataclass(frozen=True, slots=True)
class _Marker:
    level: Level
    rank: int
    pattern: re.Pattern[str]


@cache
def _markers() -> tuple[_Marker, ...]:
    """The structure markers (:func:`normalizers.documents.structure_markers`) with their level
    as the records' enum."""
    return tuple(_Marker(Level(m.level), m.rank, m.pattern) for m in structure_markers())


@rule_table("open_endings.csv")
@dataclass(frozen=True, slots=True)
class _OpenEnding:
    word: str
    name_head: bool  # ends no phrase only printed with its capital: "Sở", "Bộ", "Luật"


@cache
def _open_endings() -> frozenset[str]:
    """Words a phrase does not end on, in lower case: a line ending with one continues on the
    next line."""
    return frozenset(row.word for row in load_rows(_OpenEnding) if not row.name_head)


@cache
def _name_heads() -> frozenset[str]:
    """Heads of a name, as printed ("Sở", "Bộ"): a line ending with one continues with the
    name (``Sở`` / ``Khoa học và Công nghệ``)."""
    return frozenset(row.word for row in load_rows(_OpenEnding) if row.name_head)


# A dash closing a line after a word or a number: a phrase does not end on it ("05 -" before
# "06%/năm", "kinh tế -" before "xã hội"); a rule line ("--------") is no phrase.
_ENDS_ON_DASH = re.compile(r"[^\s\-–—]\s+[-–]$")
# A line opening with a dash before a number ("– 2020", "-10 tấn") or a lower-case word
# ("- xã hội"); what follows the dash is read again for a marker ("- g)" is a point).
_DASH_NUMBER = re.compile(r"^[-–]\s*(?=\d)")
# The number before such a dash follows a word ("giai đoạn 2026", "công suất 5"), not another
# number (a gazette's running header "Ngày 08-4-2022 11" ends on its page number).
_ENDS_ON_NUMBER = re.compile(r"(?:^|\s)[^\W\d_]+\s+\d+$")
_DASH_WORD = re.compile(r"^[-–]\s+(?=[^\W\d_])")


_TERMINAL = tuple(".;:!?")  # a line ending with one of these ends its phrase
_RANK_VAN_BAN = 0
_RANK_BODY_PART = 50  # Căn cứ, Nơi nhận, signature: siblings of the articles (Điều)


@dataclass(frozen=True, slots=True)
class LogicalLine:
    """A line as the author wrote it: one or more physical lines joined (see the module doc)."""

    start: int
    end: int
    first_line_end: int

    def text(self, doc: Document) -> str:
        return doc.text[self.start : self.end]


def _is_table_row(text: str) -> bool:
    return "\t" in text or text.lstrip().startswith("|")


def _strip_decoration(text: str) -> str:
    return text.replace("**", "").strip()


@dataclass(frozen=True, slots=True)
class _Tail:
    """What joining reads of the logical line being built, kept as lines are joined so that a
    logical line of many physical lines is not read again for each one (that was quadratic).

    ``_strip_decoration`` of the logical line's text is a table row when it starts with ``|`` or
    holds a tab anywhere; it ends as its last physical line ends.
    """

    pipe: bool  # the text starts with "|"
    tab_before: bool  # a tab before the last physical line's stripped text
    last: str  # the last physical line, "**" removed, stripped
    trailing_tab: bool  # a tab in the space stripped off the end of ``last``
    last_end: int  # where the last physical line ends in Document.text

    @classmethod
    def first(cls, text: str, end: int) -> _Tail:
        """The tail of a logical line that starts with ``text``, ending at ``end``."""
        undecorated = text.replace("**", "")
        last = undecorated.strip()
        trailing_tab = "\t" in undecorated[len(undecorated.rstrip()) :]
        return cls(last.startswith("|"), False, last, trailing_tab, end)

    def joined(self, gap: str, text: str, end: int) -> _Tail:
        """The tail once the physical line ``text`` is joined, ``gap`` (line ends and blank
        lines) before it."""
        undecorated = text.replace("**", "")
        last = undecorated.strip()
        leading = undecorated[: len(undecorated) - len(undecorated.lstrip())]
        tab_before = self.tab_before or self.trailing_tab or "\t" in gap or "\t" in leading
        trailing_tab = "\t" in undecorated[len(undecorated.rstrip()) :]
        return _Tail(self.pipe, tab_before, last, trailing_tab, end)

    def is_table_row(self) -> bool:
        return self.pipe or self.tab_before or "\t" in self.last


def logical_lines(doc: Document) -> list[LogicalLine]:
    """Physical lines joined where a web copy broke a phrase.

    :func:`segment` and :func:`pipeline.build.budget_prose.extract_prose_budget` both read these: a
    caller that runs both computes them once and passes them to each.
    """
    result: list[LogicalLine] = []
    tail: _Tail | None = None
    for line in doc.lines:
        stripped = _strip_decoration(line.text)
        if not stripped:
            continue
        start = (
            line.start + line.text.index(stripped[0]) if stripped[0] in line.text else line.start
        )
        if tail is not None and _continues(tail, stripped):
            prev = result[-1]
            result[-1] = LogicalLine(prev.start, line.end, prev.first_line_end)
            gap = doc.text[tail.last_end : line.start]
            tail = tail.joined(gap, doc.text[line.start : line.end], line.end)
        else:
            result.append(LogicalLine(start, line.end, line.end))
            tail = _Tail.first(doc.text[start : line.end], line.end)
    return result


def _continues(prev: _Tail, line: str) -> bool:
    """Whether ``line`` (stripped) continues the logical line ending in ``prev``.

    It does not when either is a table row, when ``prev`` ends a phrase, or when ``line`` starts
    with a section marker; it does when it starts in lowercase or with an opening bracket or
    quote, when ``prev`` ends with a word that cannot end a phrase (``của``; a name's head
    printed with its capital, ``Sở``) or inside a province's name (``tỉnh Bắc`` / ``Ninh``).
    A dash joins too: ``prev`` ending on one (``05 -`` / ``06%/năm``), or ``line`` opening with
    one before a number after a number (``GIAI ĐOẠN 2016`` / ``– 2020``) or before a lower-case
    word (``kinh tế`` / ``- xã hội``), unless what follows the dash is a marker (``- g)``). The
    marker test is the costly one, so it is made last, only for a line that would otherwise be
    joined.
    """
    if _is_table_row(line):
        return False
    if prev.is_table_row() or prev.last.endswith(_TERMINAL):
        return False
    if _ENDS_ON_DASH.search(prev.last):
        return _match_marker(line) is None
    dash = _DASH_NUMBER.match(line) if _ENDS_ON_NUMBER.search(prev.last) else None
    dash = dash or (None if prev.last[-1].isdigit() else _DASH_WORD.match(line))
    if dash is not None:
        rest = line[dash.end() :]
        return (rest[0].isdigit() or rest[0].islower()) and _match_marker(rest) is None
    first = line[0]
    last_word = prev.last.rsplit(maxsplit=1)[-1]
    joins = (
        first.islower()
        or first in '(“"'
        or last_word.lower() in _open_endings()
        or last_word in _name_heads()
        or (last_word, line.split(maxsplit=1)[0].rstrip(",;.:)")) in name_breaks()
    )
    return joins and _match_marker(line) is None


def _match_marker(line: str) -> tuple[_Marker, re.Match[str]] | None:
    if _is_table_row(line):
        return None
    for marker in _markers():
        m = marker.pattern.match(line)
        if m is None:
            continue
        if marker.level == Level.PHU_LUC and not _is_appendix_heading(line, m):
            continue
        return marker, m
    return None


def _is_appendix_heading(line: str, m: re.Match[str]) -> bool:
    """``Phụ lục 02``, ``BIỂU 02.``, ``PHỤ LỤC``, a lone ``Phụ lục``; not ``Biểu dương …``."""
    first_line = line.split("\n", 1)[0]
    return bool(m.group("label")) or not first_line[m.end() :].strip() or first_line.isupper()


@cache
def _can_cu() -> re.Pattern[str]:
    """A line that opens a legal basis or the proposal (decision_parts.csv)."""
    phrases = decision_part_phrases(DecisionPart.LEGAL_BASIS, DecisionPart.PROPOSAL)
    return re.compile(rf"^(?:{phrases})")


@cache
def _noi_nhan() -> re.Pattern[str]:
    """The list of recipients (decision_parts.csv)."""
    return re.compile(rf"^(?:{decision_part_phrases(DecisionPart.RECIPIENTS)})", re.IGNORECASE)


@cache
def _signature() -> re.Pattern[str]:
    """The first line of a signature block: a signing mark of signer_titles.csv ("TM.")."""
    marks = "|".join(map(re.escape, signing_marks()))
    return re.compile(rf"^(?:{marks})\s*[A-ZĐỦ]")


_BODY_PART_LABELS = {Level.CAN_CU: "Căn cứ", Level.NOI_NHAN: "Nơi nhận", Level.CHU_KY: "Chữ ký"}


@dataclass(frozen=True, slots=True)
class _Start:
    start: int
    level: Level
    label: str | None
    heading: str
    body_start: int
    rank: float


def segment(
    doc: Document, plan_start: int | None, lines: list[LogicalLine] | None = None
) -> list[Section]:
    """The section tree of ``doc`` in document order; ``plan_start`` is where the annexed
    programme begins (None when the file is only the programme). ``lines`` are
    ``logical_lines(doc)`` when the caller has them already."""
    text = doc.text
    if lines is None:
        lines = logical_lines(doc)
    has_decision = plan_start is not None and plan_start > 0
    root_label = "Quyết định" if has_decision else None
    starts = [_Start(0, Level.VAN_BAN, root_label, "", 0, _RANK_VAN_BAN)]
    in_decision = has_decision
    for i, line in enumerate(lines):
        raw = line.text(doc)
        stripped = _strip_decoration(raw)
        offset = line.start + max(raw.find(stripped), 0)
        if in_decision and plan_start is not None and line.start >= plan_start:
            in_decision = False
            title = collapse_spaces(text[offset : line.first_line_end])
            starts.append(_Start(offset, Level.VAN_BAN, title, title, offset, _RANK_VAN_BAN))
            continue
        if in_decision:
            part = _decision_part(stripped, starts[-1].level)
            if part is not None:
                label = _BODY_PART_LABELS[part]
                starts.append(_Start(offset, part, label, "", offset, _RANK_BODY_PART))
                continue
        found = _match_marker(stripped)
        if found is not None:
            starts.append(_marker_start(doc, lines, i, offset, *found))
    return _build_tree(starts, len(text))


def _marker_start(
    doc: Document,
    lines: list[LogicalLine],
    i: int,
    offset: int,
    marker: _Marker,
    m: re.Match[str],
) -> _Start:
    line = lines[i]
    label = _display_label(m)
    short = marker.level in _SHORT_HEADINGS
    heading_end = line.first_line_end if short else line.end
    heading = collapse_spaces(doc.text[offset + m.end() : heading_end])
    if short and not heading:
        heading, heading_end = _heading_below(doc, lines, i)
    # "1.1" sits under "1": each dot is one step deeper, down to _MAX_CLAUSE_DOTS.
    dots = label.count(".") if marker.level == Level.KHOAN and label else 0
    rank = marker.rank + min(dots, _MAX_CLAUSE_DOTS)
    body_start = heading_end if short else offset + m.end()
    return _Start(offset, marker.level, label, heading, body_start, rank)


# Decisions number clauses three deep at most ("1.1.1"; the corpus has no deeper one); a label
# with more dots than this is a sibling of those this deep, not their child. Without a bound a
# file of "1.1", "1.1.1", "1.1.1.1", … nests as deep as it is long, and each section's path
# (build.py) repeats every label above it: quadratic in the file (1.5 GB for 1,600 lines).
_MAX_CLAUSE_DOTS = 5


@cache
def _label_words() -> tuple[dict[str, str], re.Pattern[str]]:
    """How a label is shown, by the word the source prints before it (the ``words`` of
    structure_markers.csv): "PHẦN I" → "Phần I", "BIỂU 02" → "Biểu 02", "Điều 4"; roman, clause
    and point labels are shown bare ("III", "2", "a")."""
    shown = {word.lower(): word for word in structure_words()}
    ordered = sorted(shown, key=len, reverse=True)
    return shown, re.compile("|".join(map(re.escape, ordered)), re.IGNORECASE)


def _display_label(m: re.Match[str]) -> str | None:
    label = m.group("label")
    shown, words = _label_words()
    word = words.match(m.group(0))
    if word is None:
        return label
    shown_as = shown[word.group(0).lower()]
    return f"{shown_as} {label}" if label else shown_as


# Levels whose heading is a line of its own; the others run on into their text, which is then
# both their heading and their body.
_SHORT_HEADINGS = frozenset({Level.PHAN, Level.CHUONG, Level.MUC, Level.PHU_LUC})


def _heading_below(doc: Document, lines: list[LogicalLine], i: int) -> tuple[str, int]:
    """``PHẦN I`` alone on its line: the heading is the upper-case line(s) below it, the
    physical lines in capitals of a logical line too (``… XÃ HỘI -`` / ``PHẦN HƯỚNG DẪN …`` /
    ``(Ban hành kèm theo …)`` is one logical line, its first two lines the heading's)."""
    parts, end = [], lines[i].end
    for nxt in lines[i + 1 : i + 4]:
        candidate = _strip_decoration(doc.text[nxt.start : nxt.first_line_end])
        if not candidate.isupper() or _match_marker(candidate) is not None:
            break
        parts.append(candidate)
        end = nxt.first_line_end
        for physical in doc.text[nxt.first_line_end : nxt.end].split("\n")[1:]:
            if physical.strip() and not _strip_decoration(physical).isupper():
                return collapse_spaces(" ".join(parts)), end
            parts.append(_strip_decoration(physical))
            end += 1 + len(physical)
    return collapse_spaces(" ".join(parts)), end


def _decision_part(line: str, previous: Level) -> Level | None:
    """The parts of the decision body that have no number: legal bases, recipients, signature."""
    if _can_cu().match(line):
        return None if previous == Level.CAN_CU else Level.CAN_CU
    if _noi_nhan().match(line):
        return Level.NOI_NHAN
    if _signature().match(line) and previous != Level.CHU_KY:
        return Level.CHU_KY
    return None


def _build_tree(starts: list[_Start], text_end: int) -> list[Section]:
    """Parents from ranks (a section contains what follows until a rank as high as its own);
    own regions run from each start to the next, so they cover the text exactly once."""
    parents: list[int | None] = []
    stack: list[int] = []
    for i, item in enumerate(starts):
        while stack and starts[stack[-1]].rank >= item.rank:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(i)
    ends = [text_end] * len(starts)
    open_: list[int] = []
    for i, item in enumerate(starts):
        while open_ and starts[open_[-1]].rank >= item.rank:
            ends[open_.pop()] = item.start
        open_.append(i)
    sections = []
    for i, item in enumerate(starts):
        own_end = starts[i + 1].start if i + 1 < len(starts) else text_end
        sections.append(
            Section(
                index=i,
                parent=parents[i],
                level=item.level,
                label=item.label,
                heading=item.heading,
                start=item.start,
                end=ends[i],
                body_start=min(max(item.body_start, item.start), own_end),
                own_end=own_end,
            )
        )
    return sections


def section_starts(sections: list[Section]) -> list[int]:
    """The sections' starts, for :func:`innermost` and :func:`enclosing` in a loop."""
    return [s.start for s in sections]


def innermost(
    sections: list[Section], offset: int, starts: list[int] | None = None
) -> Section | None:
    """The section whose own region holds ``offset``: own regions tile the text in order."""
    i = bisect.bisect_right(starts or section_starts(sections), offset) - 1
    return sections[i] if i >= 0 else None


def enclosing(
    sections: list[Section],
    offset: int,
    levels: frozenset[Level],
    starts: list[int] | None = None,
) -> Section | None:
    """The innermost section of one of ``levels`` whose extent holds ``offset``."""
    section = innermost(sections, offset, starts)
    while section is not None and section.level not in levels:
        section = sections[section.parent] if section.parent is not None else None
    return section


def children(sections: list[Section]) -> dict[int, list[Section]]:
    """Each section's direct children, in order."""
    found: dict[int, list[Section]] = {s.index: [] for s in sections}
    for section in sections:
        if section.parent is not None:
            found[section.parent].append(section)
    return found
