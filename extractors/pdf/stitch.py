"""A ruled table that ends its page and goes on at the top of the next one, made one table.

The two parts are one table when both are ruled and have columns of the same widths (within
3 × ``GRID_TOL``). A header repeated on the new page is dropped, and a row cut by the page break
(no label, text only under text of the row above, and going on in lower case or, without a
number, under text with no final punctuation) is joined to the row above, so that one row of the
source is one row here.
"""

from __future__ import annotations

import re
from itertools import pairwise

from extractors.pdf.grids import GRID_TOL, Grid, GridCell
from extractors.pdf.lines import NUMBER_CHARS, join_parts

_HAS_DIGIT = re.compile(r"\d")


def continues(grid: Grid, nxt: Grid) -> bool:
    """Whether ``nxt`` may be the rest of ``grid``: both ruled, columns of the same widths."""
    if grid.layout or nxt.layout or grid.n_cols != nxt.n_cols:
        return False
    widths = [b - a for a, b in pairwise(grid.col_edges)]
    others = [b - a for a, b in pairwise(nxt.col_edges)]
    return all(abs(p - q) <= 3 * GRID_TOL for p, q in zip(widths, others, strict=True))


def stitch(grid: Grid, nxt: Grid) -> None:
    """Append the rows of ``nxt`` (the same table on the next page) to ``grid``."""
    rows = nxt.rows
    # a header repeated on the new page
    skip = 0
    while skip < len(rows) and skip < len(grid.rows) - 1:
        if [t for t in nxt.row_texts(skip)] != grid.row_texts(skip):
            break
        skip += 1
    rows = rows[skip:]
    if rows and grid.rows and _broken_row(grid.rows[-1], rows[0]):
        above = {cell.col: cell for cell in grid.rows[-1]}
        for cell in rows[0]:
            if cell.text:
                target = above[cell.col]
                target.text = join_parts([target.text, cell.text])
        rows = rows[1:]
    for k, row in enumerate(rows, start=len(grid.rows)):
        for cell in row:
            cell.row = k
    grid.rows.extend(rows)
    grid.bottom = nxt.bottom
    grid.last_page = nxt.last_page


def _broken_row(above: list[GridCell], row: list[GridCell]) -> bool:
    """Whether ``row``, first on its page, is the rest of the row ``above`` cut by the break:
    no label, text only where the row above has text too, and its first text goes on in lower
    case (or, with no number in it, the text above has no final punctuation)."""
    cols_above = {cell.col: cell for cell in above}
    filled = [cell for cell in row if cell.text]
    if not filled or any(cell.col == 0 for cell in filled):
        return False
    for cell in filled:
        target = cols_above.get(cell.col)
        if target is None or not target.text or target.col_span != cell.col_span:
            return False
    first = filled[0].text
    if first[:1].islower():
        return True
    numbers = any(_HAS_DIGIT.search(c.text) and NUMBER_CHARS.match(c.text) for c in filled)
    return not numbers and cols_above[filled[0].col].text[-1:] not in ".:;!?)"
