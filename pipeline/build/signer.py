"""The signer: the person who signed the document, their post and on whose behalf they sign.

A signature block is the authority line (``TM. ỦY BAN NHÂN DÂN``, ``KT. CHỦ TỊCH``), the post
(``PHÓ CHỦ TỊCH``) and then the person's name. The lines of the block are the rows of
``signer_titles.csv`` (Nghị định 30/2020/NĐ-CP, Phụ lục I), read by
:mod:`normalizers.documents`.

Copies lay the block out in many ways, and the reader takes them all alike:

- one line a part (gazette PDFs, most web copies), a line wrapped inside a part ("TM. ỦY BAN
  NHÂN" / "DÂN") or a name wrapped over two lines ("**Bùi" / "Xuân Cường**");
- a table cell: the cells of a pipe table, tab-separated cells (a Word table, a PDF's columns)
  and ``<br>``-joined lines are pieces of their own; a Word cell's paragraphs joined by spaces
  ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hồng Hải") are split where the upper-case posts end;
- a block after other text on its line ("Hà Nội, ngày 10 tháng 02 năm 2025 KT. BỘ TRƯỞNG"),
  from its signing mark on;
- what copies print where the signature is ("(Đã ký)", "[daky]") and a rank before the name
  ("Đại tướng Lương Tam Quang"), skipped;
- a letter-spaced name ("Tr ần V ăn Hùng", "Đặ ng Văn Minh"), re-joined where a lower-case
  fragment and the one before it make one Vietnamese syllable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from extractors.model import Document
from normalizers.documents import SignerLine, SignerTitle, signer_titles, signing_marks
from normalizers.text import collapse_spaces, fold_for_matching
from pipeline.build.findings import Finding, Sourced
from pipeline.build.lines import clean_line, join_spaced_letters
from pipeline.kinds import Check

_NAME_WORD = r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]+"
_PERSON_NAME = re.compile(rf"^{_NAME_WORD}(?: {_NAME_WORD}){{1,4}}$")
_CELL_SEPARATOR = re.compile(r"<br\s*/?>|\||\t", re.IGNORECASE)
_DECORATION = "*_# "  # what clean_line strips around a piece
_MAX_PIECES = 10  # pieces of a block after its first: authority, post, marks, name
_MAX_HEAD_WORDS = 20


@dataclass(frozen=True, slots=True)
class Signer:
    name: Sourced[str]
    title: str | None
    authority: str | None


@dataclass(frozen=True, slots=True)
class _Piece:
    """A line, or a cell of a line, without its decoration, and where it is."""

    text: str
    start: int  # in Document.text
    line: int  # index of its line
    opens_line: bool  # nothing but decoration before it on its line
    closes_line: bool  # nothing but decoration after it on its line


@dataclass(frozen=True, slots=True)
class _Block:
    heads: list[str]  # the authority and post parts, as printed
    name: Sourced[str]


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    rows: dict[str, SignerTitle]  # folded printed form → row
    marks: re.Pattern[str]  # a signing mark opening a word: "KT.", "T/M"
    longest: int  # words in the longest printed form


@cache
def _vocabulary() -> _Vocabulary:
    rows = signer_titles()
    marks = "|".join(re.escape(mark) for mark in signing_marks())
    return _Vocabulary(
        rows=rows,
        marks=re.compile(rf"(?<!\S)(?:{marks})\s*[A-ZĐÀ-Ỹ]"),
        longest=max(len(_key(printed).split()) for printed in rows),
    )


def _key(text: str) -> str:
    """A block part as the table is matched: folded, a mark spaced from its word ("KT.CHỦ")."""
    return collapse_spaces(re.sub(r"(?<=\.)(?=\w)", " ", fold_for_matching(text)))


def _pieces(doc: Document) -> list[_Piece]:
    pieces = []
    for index, line in enumerate(doc.lines):
        if not line.text:
            continue
        if "|" not in line.text and "\t" not in line.text and "<" not in line.text:
            # no cell separator (most lines): the line is one piece, alone on its line
            cleaned_line = clean_line(line.text)
            if cleaned_line:
                start = line.start + len(line.text) - len(line.text.lstrip(_DECORATION))
                pieces.append(_Piece(cleaned_line, start, index, True, True))
            continue
        parts = _CELL_SEPARATOR.split(line.text)
        # A part is decoration alone when clean_line leaves nothing of it, that is when all
        # its characters are decoration; so are the parts before (after) a piece together
        # exactly when each of them is: one look at each part, not at all those around it.
        cleaned = [clean_line(part) for part in parts]
        first = next((k for k, text in enumerate(cleaned) if text), len(parts))
        last = max((k for k, text in enumerate(cleaned) if text), default=-1)
        offset = 0
        for position, part in enumerate(parts):
            at = line.text.index(part, offset)
            offset = at + len(part)
            if not cleaned[position]:
                continue
            pieces.append(
                _Piece(
                    text=cleaned[position],
                    start=line.start + at + len(part) - len(part.lstrip(_DECORATION)),
                    line=index,
                    opens_line=position == first,
                    closes_line=position == last,
                )
            )
    return pieces


def _split_upper(text: str) -> tuple[str, str]:
    """The upper-case words a piece opens with (the block's parts) and the rest (the name)."""
    words = text.split(" ")
    n = 0
    while n < len(words) and _is_upper_word(words[n]):
        n += 1
    return " ".join(words[:n]).strip(), " ".join(words[n:]).strip()


def _is_upper_word(word: str) -> bool:
    """A word of a block's parts: in capitals, or without a letter ("KT.", "-", "1.")."""
    return word.isupper() or not any(map(str.isalpha, word))


def _may_open(head: str) -> bool:
    """Whether ``head`` opens with a word of a block's parts: else it opens no block, as its
    upper-case words (:func:`_split_upper`) are none."""
    return _is_upper_word(head.split(" ", 1)[0])


def _parse_heads(text: str) -> list[tuple[str, SignerTitle | None]]:
    """The parts of a block's upper-case text, longest table row first; words no row names
    are kept together as one unknown part ("T/M BAN CHẤP HÀNH" before "BÍ THƯ")."""
    vocabulary = _vocabulary()
    printed = text.split()
    keys = _key(text).split()
    if len(keys) != len(printed):  # a mark spaced out by _key: match on the keys alone
        printed = keys
    parts: list[tuple[str, SignerTitle | None]] = []
    unknown: list[str] = []
    i = 0
    while i < len(keys):
        for n in range(min(vocabulary.longest, len(keys) - i), 0, -1):
            row = vocabulary.rows.get(" ".join(keys[i : i + n]))
            if row is not None:
                if unknown:
                    parts.append((" ".join(unknown), None))
                    unknown = []
                parts.append((" ".join(printed[i : i + n]), row))
                i += n
                break
        else:
            unknown.append(printed[i])
            i += 1
    if unknown:
        parts.append((" ".join(unknown), None))
    return parts


# Cached: what a line opens with in capitals is mostly a bullet or a clause's number ("-", "1.",
# "+", "UBND"): in the corpus's 189 web copies, 4,000 distinct texts of 22,000 asked about.
@lru_cache(maxsize=1 << 12)
def _opens_block(text: str) -> bool:
    """Whether a block's upper-case text starts with a signing mark or a row of the table."""
    parts = _parse_heads(text)
    return bool(parts) and (parts[0][1] is not None or bool(_vocabulary().marks.match(text)))


def _person_name(text: str) -> str | None:
    """The person's name a piece prints, after a rank; None if it prints none."""
    words = join_spaced_letters(text[_rank_length(text) :]).split()
    name = " ".join(words)
    return name if _PERSON_NAME.match(name) else None


def _rank_length(text: str) -> int:
    """How many characters of ``text`` a rank before the name takes ("Đại tướng "), or 0."""
    words = text.split(" ")
    for n in (2, 1):
        row = _vocabulary().rows.get(fold_for_matching(" ".join(words[:n])))
        if row is not None and row.kind is SignerLine.RANK and len(words) > n:
            return len(" ".join(words[:n])) + 1
    return 0


def _is_signed_mark(text: str) -> bool:
    row = _vocabulary().rows.get(_key(text))
    return row is not None and row.kind is SignerLine.SIGNED


def _read_block(pieces: list[_Piece], i: int, head: str) -> tuple[_Block | None, int]:
    """The block whose upper-case text opens with ``head`` (in piece ``i``): its parts and the
    name, and the index of the piece after it. No block if no name follows its parts."""
    heads_text, rest = _split_upper(head)
    base = pieces[i]
    rest_start = base.start + base.text.rindex(rest) if rest else base.start
    j = i + 1
    while True:
        if len(heads_text.split()) > _MAX_HEAD_WORDS:
            return None, i + 1
        if rest and not _is_signed_mark(rest):
            name, end, j = _name_from(pieces, rest, rest_start, j - 1)
            if name is None:
                return None, i + 1
            start = rest_start + _rank_length(rest)
            return _Block(_heads(heads_text), Sourced(name, start, end)), j
        if j >= len(pieces) or j > i + _MAX_PIECES:
            return None, i + 1
        upper, rest = _split_upper(pieces[j].text)
        heads_text = f"{heads_text} {upper}".strip()
        rest_start = pieces[j].start + pieces[j].text.rindex(rest) if rest else pieces[j].start
        j += 1


def _name_from(pieces: list[_Piece], text: str, start: int, at: int) -> tuple[str | None, int, int]:
    """The name printed from ``text`` on (the end of piece ``at``), wrapped onto the next line
    when one of the two lines holds a single word ("Bùi" / "Xuân Cường"): the name, its end and
    the index of the next piece."""
    piece = pieces[at]
    end = piece.start + len(piece.text)
    name = _person_name(text)
    nxt = pieces[at + 1] if at + 1 < len(pieces) else None
    if (
        nxt is not None
        and piece.closes_line
        and nxt.opens_line
        and nxt.line == piece.line + 1
        and (len(text.split()) == 1 or len(nxt.text.split()) == 1)
    ):
        wrapped = _person_name(f"{text} {nxt.text}")
        if wrapped is not None:
            return wrapped, nxt.start + len(nxt.text), at + 2
    return name, end, at + 1


def _heads(text: str) -> list[str]:
    return [part for part, _ in _parse_heads(text)]


def _signature_blocks(doc: Document) -> list[_Block]:
    """Signature blocks: the parts (authority, post) above or before a person's name."""
    pieces = _pieces(doc)
    blocks = []
    i = 0
    while i < len(pieces):
        text = pieces[i].text
        starts = [0]
        if _vocabulary().marks.search(text, 1) is not None:  # a mark after other text
            starts += [m.start() for m in _vocabulary().marks.finditer(text) if m.start() > 0]
        found = None
        for at in starts:
            head = text[at:]
            if not _may_open(head):
                continue
            upper = _split_upper(head)[0]
            if upper and _opens_block(upper):
                found, after = _read_block(pieces, i, head)
                if found is not None:
                    blocks.append(found)
                    i = after
                    break
        if found is None:
            i += 1
    return blocks


def extract_signer(doc: Document) -> tuple[Signer | None, list[Finding]]:
    """The first signature block's signer, with a finding when its post is unreadable."""
    blocks = _signature_blocks(doc)
    if not blocks:
        return None, []
    titles = signer_titles()
    heads, name = blocks[0].heads, blocks[0].name
    authorities: list[str] = []
    title = implied = None
    unknown: list[str] = []
    for head in heads:
        known = titles.get(_key(head))
        if known is None:
            unknown.append(head)
        elif known.kind is SignerLine.AUTHORITY:
            authorities.append(known.canonical)
            implied = known.implied_title or implied
        elif known.kind is SignerLine.TITLE:
            # the first post is the one signed as: "TRƯỞNG BAN / PHÓ THỦ TƯỚNG"
            title = title or known.canonical
    findings = []
    if title is None:
        # Another block signed by the same person (the annex often repeats it) may print it right.
        for other in blocks[1:]:
            if other.name.value == name.value:
                for head in other.heads:
                    known = titles.get(_key(head))
                    if known is not None and known.kind is SignerLine.TITLE:
                        title = known.canonical
        title = title or implied
        if unknown:
            findings.append(
                Finding(
                    check=Check.SIGNER_TITLE_UNREADABLE,
                    severity=Check.SIGNER_TITLE_UNREADABLE.severity,
                    message=(
                        f"the signature block prints {' / '.join(unknown)!r} where the signer's "
                        f"post belongs; read as {title!r}"
                    ),
                    expected=title,
                    actual=" / ".join(unknown),
                    start=name.start,
                    end=name.end,
                )
            )
    authority = " / ".join(authorities) or None
    return Signer(name=name, title=title, authority=authority), findings
