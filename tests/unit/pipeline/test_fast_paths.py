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

from ...conftest import RAW_DIR, text_document

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


def _blocks_in_full(doc: Document) -> list[signer._Block]:
    """The signature blocks as first read: every mark of every piece tried, each head split."""
    pieces = signer._pieces(doc)
    blocks = []
    i = 0
    while i < len(pieces):
        text = pieces[i].text
        marks = signer._vocabulary().marks.finditer(text)
        starts = [0] + [m.start() for m in marks if m.start() > 0]
        found = None
        for at in starts:
            head = text[at:]
            upper = signer._split_upper(head)[0]
            if upper and signer._opens_block.__wrapped__(upper):
                found, after = signer._read_block(pieces, i, head)
                if found is not None:
                    blocks.append(found)
                    i = after
                    break
        if found is None:
            i += 1
    return blocks


def test_the_signature_blocks_are_those_every_piece_tried_gives() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(RAW_DIR.glob("*.txt"))]
    for text in [*texts, "\n".join(LINES)]:
        doc = text_document(text)
        assert signer._signature_blocks(doc) == _blocks_in_full(doc)
    assert [b.name.value for b in signer._signature_blocks(text_document(texts[0]))]
