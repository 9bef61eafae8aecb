"""Word's automatic list numbers, rebuilt from ``word/numbering.xml`` and the paragraph styles.

Word shows clause numbers that are not in the paragraph text. The reader counts as Word does:
numFmt decimal, decimalZero, lower/upperLetter, lower/upperRoman, bullet; lvlText ``%1.``,
``%1)``, ``%1.%2.``; start, startOverride, lvlRestart, isLgl; numbering given by the paragraph
or by its style; lists that share a definition continue each other unless a ``w:num`` restarts
a level. A bullet is written ``- ``; a number is followed by a space (Word's tab would make the
line look like a table row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from extractors.docx.names import W_NS, Names, to_int


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
class Numbering:
    """Word's list counters: one set per abstract definition, shared by the lists that use it."""

    w: Names  # the numbering part's namespace
    abstract: dict[str, etree._Element]  # abstractNumId → w:abstractNum (the last of that id)
    style_links: dict[str, str]  # abstractNumId → numbering style id (numStyleLink)
    nums: dict[str, _Num]
    style_num: dict[str, tuple[str | None, int | None]]  # paragraph style → (numId, ilvl)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)
    # The levels of the definitions used so far: read when first used, as a document uses few
    # of the dozens of definitions Word leaves in numbering.xml.
    read_levels: dict[str, dict[int, _Level]] = field(default_factory=dict)

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
        return num.levels.get(ilvl) or self._levels(abstract_id).get(ilvl) or _Level()

    def _levels(self, abstract_id: str) -> dict[int, _Level]:
        levels = self.read_levels.get(abstract_id)
        if levels is None:
            w = self.w
            levels = self.read_levels[abstract_id] = {
                to_int(w.val(lvl, "ilvl"), 0): _read_level(w, lvl)
                for lvl in self.abstract[abstract_id].iter(w("lvl"))
            }
        return levels

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


def _read_level(w: Names, lvl: etree._Element) -> _Level:
    restart = w.val(lvl.find(w("lvlRestart")))
    legal = lvl.find(w("isLgl"))
    return _Level(
        start=to_int(w.val(lvl.find(w("start"))), 1),
        fmt=w.val(lvl.find(w("numFmt"))) or "decimal",
        text=w.val(lvl.find(w("lvlText"))) or "",
        restart=to_int(restart, 1) if restart is not None else None,
        legal=legal is not None and w.val(legal) not in ("0", "false", "off"),
        suffix=w.val(lvl.find(w("suff"))) or "tab",
    )


def read_numbering(numbering: etree._Element | None, styles: etree._Element | None) -> Numbering:
    abstract: dict[str, etree._Element] = {}
    style_links: dict[str, str] = {}
    nums: dict[str, _Num] = {}
    w = Names(W_NS)
    if numbering is not None:
        w = Names(etree.QName(numbering).namespace or W_NS)
        for definition in numbering.iter(w("abstractNum")):
            abstract_id = w.val(definition, "abstractNumId") or ""
            abstract[abstract_id] = definition
            link = w.val(definition.find(w("numStyleLink")))
            if link:
                style_links[abstract_id] = link
        for num_el in numbering.iter(w("num")):
            num = _Num(w.val(num_el.find(w("abstractNumId"))) or "")
            for override in num_el.iter(w("lvlOverride")):
                ilvl = to_int(w.val(override, "ilvl"), 0)
                start = w.val(override.find(w("startOverride")))
                if start is not None:
                    num.start_overrides[ilvl] = to_int(start, 1)
                lvl = override.find(w("lvl"))
                if lvl is not None:
                    num.levels[ilvl] = _read_level(w, lvl)
            nums[w.val(num_el, "numId") or ""] = num
    return Numbering(w, abstract, style_links, nums, _style_numbering(styles))


def _first_grandchild(el: etree._Element, child: str, grandchild: str) -> etree._Element | None:
    """``el.find("child/grandchild")`` without ElementPath's cost, paid here for every style."""
    for middle in el.iterchildren(child):
        found = middle.find(grandchild)
        if found is not None:
            return found
    return None


def _style_numbering(styles: etree._Element | None) -> dict[str, tuple[str | None, int | None]]:
    """The list of each paragraph style (from its own numPr or the style it is based on)."""
    if styles is None:
        return {}
    w = Names(etree.QName(styles).namespace or W_NS)
    # names looked up once: the loop runs for each of the hundreds of styles Word writes
    p_pr_tag, num_pr_tag, based_on_tag = w("pPr"), w("numPr"), w("basedOn")
    style_id_attr, val_attr = w("styleId"), w("val")
    own: dict[str, tuple[str | None, int | None]] = {}
    based_on: dict[str, str] = {}
    for style in styles.iter(w("style")):
        style_id = style.get(style_id_attr) or ""
        based = style.find(based_on_tag)
        parent = based.get(val_attr) if based is not None else None
        if parent:
            based_on[style_id] = parent
        num_pr = _first_grandchild(style, p_pr_tag, num_pr_tag)
        if num_pr is not None:
            own_lvl = w.val(num_pr.find(w("ilvl")))
            own[style_id] = (
                w.val(num_pr.find(w("numId"))),
                to_int(own_lvl, 0) if own_lvl is not None else None,
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
