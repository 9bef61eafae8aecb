"""The shortcuts record building takes for speed give what the full work gives (issue 15).

Each shortcut skips work that cannot change the result, or keeps an answer that repeats: these
tests pin the result on inputs on both sides of each shortcut, against the work done in full.
"""

from __future__ import annotations

import pytest

from extractors.model import Document, SourceFormat
from extractors.text import build_lines
from pipeline.build import signer
from pipeline.build.lines import clean_line

# Lines of signature blocks and tables as the corpus prints them: cells split by "|", tabs and
# "<br>", cells of decoration only ("**", "| |", "__"), on either side of the text.
LINES = [
    "KT. CHỦ TỊCH",
    "| **TM. ỦY BAN NHÂN DÂN** | |",
    "| | KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH<br><br>**Nguyễn Văn A** |",
    "**Nơi nhận:**\t\tKT. CHỦ TỊCH",
    "\t__\t**\tPHÓ CHỦ TỊCH\t \t",
    "| 1 | Đào tạo nghề | 120 | |",
    "** | ** | **",
    "",
    "   ",
    "Hà Nội, ngày 10 tháng 02 năm 2025 KT. BỘ TRƯỞNG",
]


def _pieces_in_full(doc: Document) -> list[tuple[str, int, int, bool, bool]]:
    """The pieces as first written: every cell split off, and what stands before and after it
    on its line looked at whole."""
    pieces = []
    for index, line in enumerate(doc.lines):
        parts = signer._CELL_SEPARATOR.split(line.text)
        offset = 0
        for position, part in enumerate(parts):
            at = line.text.index(part, offset)
            offset = at + len(part)
            cleaned = clean_line(part)
            if not cleaned:
                continue
            start = line.start + at + len(part) - len(part.lstrip(signer._DECORATION))
            before = clean_line("".join(parts[:position]))
            after = clean_line("".join(parts[position + 1 :]))
            pieces.append((cleaned, start, index, not before, not after))
    return pieces


def test_the_pieces_of_a_signature_are_those_of_the_full_split() -> None:
    text = "\n".join(LINES)
    normalised, lines = build_lines(text)
    doc = Document("memory.txt", "0" * 64, SourceFormat.TXT, text, normalised, lines)
    got = [(p.text, p.start, p.line, p.opens_line, p.closes_line) for p in signer._pieces(doc)]
    assert got == _pieces_in_full(doc)
    # the third line: empty cells before the first piece, text after it; a piece between two
    cells = [(p[0], p[3], p[4]) for p in got if p[2] == 2]
    assert cells == [
        ("KT. CHỦ TỊCH", True, False),
        ("PHÓ CHỦ TỊCH", False, False),
        ("Nguyễn Văn A", False, True),
    ]
    assert all(normalised[start : start + len(piece)] == piece for piece, start, *_ in got)


@pytest.mark.parametrize(
    "text", ["-", "1.", "UBND", "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "QUYẾT ĐỊNH"]
)
def test_the_cached_answer_to_whether_a_block_opens_is_the_answer(text: str) -> None:
    assert signer._opens_block(text) == signer._opens_block.__wrapped__(text)
    assert signer._opens_block(text) == signer._opens_block.__wrapped__(text)
