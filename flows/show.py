"""What ``qdx show FILE`` prints: every record of one extraction, for a person to read, or as
JSON (``--json``) for a program.

The document's fields, the section tree, then a table per dataset: objectives, content lines,
targets, budget lines, budget, legal references, issues. Nothing is cut: a long text is folded
on a terminal and left whole elsewhere. Every row that has a position shows it (``where``): the
page of a paged format and the span of the normalised text (``p.3 chars 1234–1301``, as in
``extract(path).document.text``), so two issues that read alike are told apart and found in
the source.

On a terminal the tables are rich's; on a pipe or a file (``qdx show f.pdf | less``, a test)
they are plain lines: a title, a header, then one row a line with its short columns aligned and
its long text last and whole, never wrapped at 80 columns. A column that no row of a table
fills is left out of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

if TYPE_CHECKING:
    from pipeline.build.extract import Extraction
    from pipeline.records import Record


@dataclass(frozen=True, slots=True)
class _View:
    """How one dataset is shown: its short columns, the true booleans as one ``flags`` column
    (``total``, ``derived``), and its long text last."""

    dataset: str
    title: str
    columns: tuple[str, ...]
    text: str
    flags: tuple[str, ...] = ()


_VIEWS = (
    _View("objectives", "objectives", ("objective_id", "kind", "label"), "text"),
    _View("content_lines", "content lines", ("line_id", "label", "category"), "heading"),
    _View(
        "targets",
        "targets",
        ("target_id", "ref_id", "qualifier", "value", "value_max", "unit", "per", "amount_vnd"),
        "text",
        ("per_year",),
    ),
    _View(
        "budget_lines",
        "budget lines",
        (
            "budget_line_id",
            "table_id",
            "row_label",
            "scope",
            "year",
            "funding_source",
            "measure",
            "raw",
            "unit_of_measure",
            "per",
            "amount_vnd",
            "role",
        ),
        "item",
        ("is_total", "is_group", "is_derived"),
    ),
    _View(
        "budget",
        "budget",
        ("budget_id", "year", "funding_source", "content_area", "amount_vnd", "basis"),
        "item",
        ("sources_disagree",),
    ),
    _View(
        "legal_refs",
        "legal references",
        ("ref_id", "relation", "ref_type", "ref_number", "ref_date"),
        "raw",
        ("is_incomplete",),
    ),
    _View("issues", "issues", ("severity", "check"), "message"),
)


def extraction_json(extraction: Extraction) -> dict[str, object]:
    """Every record of an extraction as plain JSON, by dataset."""
    return {
        "doc_id": extraction.doc_id,
        "province": extraction.province,
        "period": extraction.period,
        "error": extraction.error,
        **{
            name: [row.model_dump(mode="json") for row in rows]
            for name, rows in extraction.records.items()
        },
    }


def print_extraction(console: Console, extraction: Extraction) -> None:
    """Every record of a successful extraction: rich tables on a terminal, plain lines else."""
    records = extraction.records
    plain = not console.is_terminal
    _print_table(
        console,
        f"document {extraction.doc_id}",
        ("field", "where", "value"),
        document_rows(records["documents"][0]),
        plain=plain,
    )
    _print_sections(console, records.get("sections", ()), plain=plain)
    for view in _VIEWS:
        rows = records.get(view.dataset, ())
        if rows:
            header = (*view.columns, *(("flags",) if view.flags else ()), "where", view.text)
            cells = [_row_cells(view, row.model_dump()) for row in rows]
            # a column no row fills (value_max where no target is a range) is left out
            kept = [i for i in range(len(header) - 1) if any(r[i] for r in cells)]
            kept.append(len(header) - 1)
            _print_table(
                console,
                f"{view.title} ({len(rows)})",
                [header[i] for i in kept],
                [[r[i] for i in kept] for r in cells],
                plain=plain,
            )


def where(values: Mapping[str, Any]) -> str:
    """A row's position: its page, for paged formats, and its span of the normalised text.

    >>> where({"page": 3, "char_start": 1234, "char_end": 1301})
    'p.3 chars 1234–1301'
    >>> where({"page": None, "char_start": 0, "char_end": 1642})
    'chars 0–1642'
    >>> where({"page": None, "char_start": None, "char_end": None})
    ''
    """
    parts = []
    if values.get("page") is not None:
        parts.append(f"p.{values['page']}")
    start, end = values.get("char_start"), values.get("char_end")
    if start is not None and end is not None:
        parts.append(f"chars {start}–{end}")
    return " ".join(parts)


def document_rows(document: Record) -> list[tuple[str, str, str]]:
    """The document's fields as (field, where, value): where a value was read, from the
    document's provenance, and the phrase its topic was read from."""
    values = document.model_dump()
    read_at = {p["field"]: where(p) for p in values.pop("provenance")}
    rows = []
    for name, value in values.items():
        if name == "topic_evidence" and value is not None:
            found = f"{value['phrase']} ({_text(value['found_in'])})"
            rows.append((name, where(value), _text(found)))
        else:
            rows.append((name, read_at.get(name, ""), _text(value)))
    return rows


def section_title(label: str, words: str) -> tuple[str, str]:
    """A section's label and the rest of its title, the label printed once: an unnumbered
    part's text starts with the words of its label (``Căn cứ`` / ``Căn cứ Luật …``), and an
    annexed programme's root is labelled with its own heading (``KẾ HOẠCH`` / ``KẾ HOẠCH``).
    The label is then the text's own first words, as printed. A root with no label (a file
    that is only a decree or a programme) is its text alone.

    >>> section_title("Căn cứ", "Căn cứ Luật Ngân sách nhà nước;")
    ('Căn cứ', ' Luật Ngân sách nhà nước;')
    >>> section_title("Điều 2", "Quyết định này có hiệu lực kể từ ngày ký.")
    ('Điều 2', ' Quyết định này có hiệu lực kể từ ngày ký.')
    """
    if not label:
        return "", words
    n = len(label)
    head = words[:n]
    if head.casefold() == label.casefold() and not words[n : n + 1].isalnum():
        return head, words[n:]
    return label, f" {words}" if words else ""


def _print_sections(console: Console, sections: Sequence[Record], *, plain: bool) -> None:
    """The legal structure as a tree, bullets left out, each heading whole with its span."""
    rows = [s.model_dump() for s in sections]
    shown = [row for row in rows if row["level"] != "bullet"]
    if not shown:
        return
    # A section id → the nearest shown section at or above it (what a bullet's child hangs from).
    anchor: dict[str, str | None] = {}
    for row in rows:
        is_bullet = row["level"] == "bullet"
        up = anchor.get(row["parent_id"]) if row["parent_id"] else None
        anchor[row["section_id"]] = up if is_bullet else row["section_id"]
    title = f"sections ({len(shown)}, bullets left out)"
    depth: dict[str, int] = {}
    nodes: dict[str, Tree] = {}
    tree = Tree(f"[bold]{escape(title)}[/bold]")
    lines = []
    for row in shown:
        label, rest = section_title(row["label"] or "", row["heading"] or row["text"])
        label, rest = _text(label), _text(rest, strip=False)
        parent = anchor.get(row["parent_id"]) if row["parent_id"] else None
        depth[row["section_id"]] = depth[parent] + 1 if parent else 0
        if plain:
            lines.append((where(row), "  " * depth[row["section_id"]] + label + rest))
        else:
            position = escape(f"[{where(row)}]")
            node = f"[bold]{escape(label)}[/bold]{escape(rest)} [dim]{position}[/dim]"
            nodes[row["section_id"]] = (nodes[parent] if parent else tree).add(node)
    if not plain:
        console.print(tree)
        return
    _out(console, title)
    width = max(len(w) for w, _ in lines)
    for position, text in lines:
        _out(console, f"  {position:<{width}}  {text}".rstrip())
    _out(console, "")


def _row_cells(view: _View, values: Mapping[str, Any]) -> list[str]:
    cells = [_text(values[c]) for c in view.columns]
    if view.flags:
        cells.append(",".join(f.removeprefix("is_") for f in view.flags if values[f]))
    return [*cells, where(values), _text(values[view.text])]


def _print_table(
    console: Console,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    plain: bool,
) -> None:
    """A table whose last column is the long one. On a terminal wide enough for its short
    columns and a readable long one, rich's: the short columns on one line each, the long text
    folded in the width left. Else aligned plain lines with the long text whole and last."""
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header) - 1)]
    if plain or sum(w + 3 for w in widths) + _LONG_COLUMN > console.width:
        if plain:
            _out(console, title)
        else:
            console.print(escape(title), style="bold", highlight=False)
        for row in (header, *rows):
            cells = [f"{cell:<{w}}" for cell, w in zip(row, widths, strict=False)]
            _out(console, "  " + "  ".join([*cells, row[-1]]).rstrip())
        _out(console, "")
        return
    table = Table(title=escape(title), title_justify="left", title_style="bold", expand=True)
    for name in header[:-1]:
        table.add_column(escape(name), no_wrap=True)
    table.add_column(escape(header[-1]), overflow="fold", ratio=1)
    for row in rows:
        table.add_row(*map(escape, row))
    console.print(table)


# The least width of a rich table's long column; a terminal narrower than the short columns
# and this gets the plain lines.
_LONG_COLUMN = 40


def _out(console: Console, line: str) -> None:
    """One plain line, as it is: no markup, no highlighting, no wrapping."""
    console.out(line, highlight=False)


_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _text(value: object, *, strip: bool = True) -> str:
    """A value as one line: enums by their value, dates in ISO form, whitespace runs as one
    space, and any other control character escaped (``\\x1b``)."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, dt.date | dt.datetime):
        value = value.isoformat()
    text = _SPACES.sub(" ", str(value))
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)
    return text.strip() if strip else text
