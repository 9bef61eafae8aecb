"""How a Vietnamese administrative document shows its form: its kind, the parts of a decision's
preamble, the markers of its structure and the shape of its number.

Rule tables in ``normalizers/data``, each naming its sources:

* ``doc_kinds.csv`` — the kinds qdx reads a document as (Quyết định, Kế hoạch, Nghị định …):
  the word printed as its title, its codes in a document number, whether it is cited;
* ``decision_parts.csv`` — the national motto and the number word of a decision's header
  (``CỘNG HÒA``, ``Độc lập``, ``Số``), the party's name that stands in its place in a party
  document's header (``ĐẢNG CỘNG SẢN VIỆT NAM``), the phrases that open its preamble and body
  (``Căn cứ``, ``Xét``, ``Theo đề nghị``, ``QUYẾT ĐỊNH:``, ``Điều 1``) and the recipients
  (``Nơi nhận``);
* ``signer_titles.csv`` — the lines of a signature block (``TM. Ủy ban nhân dân``, ``KT. Chủ
  tịch``, ``Phó Chủ tịch``);
* ``structure_markers.csv`` — the markers of parts, chapters, articles, clauses, points and
  bullets (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II), with the words that name each level;
* ``gazette_marks.csv`` — what the official gazette (Công báo) prints around a document: its
  running header ``CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024``, the heading of the part of the
  issue (``VĂN BẢN QUY PHẠM PHÁP LUẬT``) and the notes of a document continued from or in
  another issue (``(Tiếp theo Công báo số 201 + 202)``).

Kinds and levels are given as their string values: the enums the records carry
(``pipeline.kinds.DocKind``, ``Level``) sit above this layer, and the pipeline converts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from normalizers.tables import load_rows, rule_table


class KindHeading(StrEnum):
    """Where a kind's word names the document being read."""

    DECISION = "decision"  # a title line of its own under the decision header: "QUYẾT ĐỊNH"
    TITLE = "title"  # the kind line of another document: "NGHỊ ĐỊNH", read for the kind only
    ANNEX = "annex"  # the start of the annexed programme's title: "CHƯƠNG TRÌNH KHUYẾN CÔNG …"


@rule_table("doc_kinds.csv")
@dataclass(frozen=True, slots=True)
class DocKindRow:
    kind: str  # a pipeline.kinds.DocKind value
    word: str  # as printed in running text: "Kế hoạch"; upper-cased, the title line
    codes: tuple[str, ...]  # in a document number: "QĐ" in 270/QĐ-UBND
    heading: KindHeading
    cited: bool  # "<word> số …" is a citation
    source: str


def doc_kinds() -> tuple[DocKindRow, ...]:
    """The rows of ``doc_kinds.csv``, in table order.

    >>> [(row.kind, row.word.upper()) for row in doc_kinds()][:2]
    [('quyet_dinh', 'QUYẾT ĐỊNH'), ('chuong_trinh', 'CHƯƠNG TRÌNH')]
    """
    return load_rows(DocKindRow)


class DecisionPart(StrEnum):
    MOTTO = "motto"  # the national name and motto of the header: "CỘNG HÒA …", "Độc lập - …"
    PARTY_MOTTO = "party_motto"  # the party's name where a party document prints the motto
    NUMBER = "number"  # the word before the document number in the header: "Số: 3355/QĐ-UBND"
    LEGAL_BASIS = "legal_basis"  # "Căn cứ Luật …;"
    PROPOSAL = "proposal"  # "Xét đề nghị của Sở Công Thương …", "Theo đề nghị …"
    ENACTING = "enacting"  # "QUYẾT ĐỊNH:"
    ARTICLE = "article"  # "Điều 1."
    RECIPIENTS = "recipients"  # "Nơi nhận:", after the articles
    ADOPTED = "adopted"  # "Nghị quyết này được …": the closing sentence that dates its adoption
    ADOPTED_ON = "adopted_on"  # "thông qua": the word before that sentence's date


@rule_table("decision_parts.csv")
@dataclass(frozen=True, slots=True)
class DecisionPartRow:
    part: DecisionPart
    phrase: str
    source: str


def decision_part_phrases(*parts: DecisionPart) -> str:
    """A regular expression (for ``re`` and ``regex``) of the phrases that open ``parts`` of a
    decision (every part when none is given), longest first, each as whole words; white space
    may come before a final colon. The caller anchors it and chooses the case rule.

    >>> re.match(decision_part_phrases(DecisionPart.ENACTING), "QUYẾT ĐỊNH :") is not None
    True
    >>> bool(re.match(decision_part_phrases(DecisionPart.LEGAL_BASIS), "Căn cứ vào Luật"))
    True
    """
    chosen = set(parts) or set(DecisionPart)
    phrases = sorted(
        (row.phrase for row in load_rows(DecisionPartRow) if row.part in chosen),
        key=len,
        reverse=True,
    )
    return "|".join(map(_phrase_pattern, phrases))


def decision_part_words(*parts: DecisionPart) -> tuple[str, ...]:
    """The phrases that open ``parts`` of a decision, as printed, in table order: for a reader
    that composes its own pattern around them (a PDF reader telling the header apart).

    >>> decision_part_words(DecisionPart.NUMBER)
    ('Số',)
    """
    return tuple(row.phrase for row in load_rows(DecisionPartRow) if row.part in parts)


#: The parts whose phrase ends a decision's header: the preamble's and the first article's.
OPENING_PARTS = (
    DecisionPart.LEGAL_BASIS,
    DecisionPart.PROPOSAL,
    DecisionPart.ENACTING,
    DecisionPart.ARTICLE,
)


def _phrase_pattern(phrase: str) -> str:
    if phrase.endswith(":"):
        return re.escape(phrase[:-1].rstrip()) + r"\s*:"
    return re.escape(phrase) + (r"(?!\w)" if phrase[-1].isalnum() else "")


class SignerLine(StrEnum):
    AUTHORITY = "authority"  # on whose behalf the signer signs: "TM. Ủy ban nhân dân"
    TITLE = "title"  # the signer's post: "Phó Chủ tịch"
    SIGNED = "signed"  # stands where the signature is: "(Đã ký)", "[daky]"
    RANK = "rank"  # printed before the name, not part of it: "Đại tướng"


@rule_table("signer_titles.csv")
@dataclass(frozen=True, slots=True)
class SignerTitle:
    printed: str  # case-folded
    kind: SignerLine
    canonical: str
    implied_title: str | None  # the post an authority line implies ("KT. Chủ tịch": the deputy)


def signer_titles() -> dict[str, SignerTitle]:
    """The lines of a signature block, by their case-folded printed form."""
    return {row.printed: row for row in load_rows(SignerTitle)}


def signing_marks() -> tuple[str, ...]:
    """The marks an authority line of a signature block opens with, as printed.

    >>> signing_marks()
    ('TM.', 'KT.', 'Q.', 'TL.', 'TUQ.', 'T/M', 'K/T')
    """
    rows = load_rows(SignerTitle)
    marks = [row.canonical.split()[0] for row in rows if row.kind is SignerLine.AUTHORITY]
    return tuple(dict.fromkeys(marks))


@rule_table("structure_markers.csv")
@dataclass(frozen=True, slots=True)
class _MarkerRow:
    level: str
    rank: int
    pattern: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StructureMarker:
    """One row of ``structure_markers.csv``, its pattern compiled."""

    level: str  # a pipeline.kinds.Level value
    rank: int  # lower ranks contain higher ones
    pattern: re.Pattern[str]  # matched at the start of a line; group ``label``
    words: tuple[str, ...]  # the words that name the level before a label


@cache
def structure_markers() -> tuple[StructureMarker, ...]:
    """The structure markers in table order (the order a line is tried in)."""
    return tuple(
        StructureMarker(row.level, row.rank, re.compile(row.pattern), row.words)
        for row in load_rows(_MarkerRow)
    )


def structure_words() -> tuple[str, ...]:
    """The words that name a level before its label, as a label shows them.

    >>> structure_words()
    ('Phụ lục', 'Biểu', 'Phần', 'Chương', 'Mục', 'Điều', 'Khoản', 'Điểm')
    """
    return tuple(word for marker in structure_markers() for word in marker.words)


#: The words of a page number in a running header or footer: ``Trang 3 / 19``, ``Trang 3 của
#: 19``, and the ``Page 3 of 19`` of a copy exported in English.
PAGE_WORDS = ("trang", "page")
PAGE_OF_WORDS = ("của", "of")


def document_number_pattern(gap: str = r"\s*", *, party: bool = True) -> str:
    """A document number as printed, as a regular expression: ``3355/QĐ-UBND``,
    ``270/QĐ - UBND``, ``46/2013/TT-BCT``, ``42a/STC-HCSN``, ``17/2022/UBTVQH15`` (a code with
    digits), ``66.17/2026/NQ-CP`` (a dotted number) and, with ``party``, a number of a party body
    ``19-NQ/TW``, ``36-HD/VPTW`` (kind code before the slash).

    ``gap`` is the white space allowed around its separators (a table reader keeps it on one
    cell: ``[^\\S\\t]*``). :func:`normalizers.refs.normalize_decision_number` reads its fields.

    >>> re.fullmatch(document_number_pattern(), "270/QĐ - UBND") is not None
    True
    >>> re.fullmatch(document_number_pattern(party=False), "19-NQ/TW") is None
    True
    >>> [re.fullmatch(document_number_pattern(), n) is not None
    ...  for n in ("17/2022/UBTVQH15", "66.17/2026/NQ-CP")]
    [True, True]
    """
    code = r"[A-ZĐ][A-Za-zĐđ]*\d*"  # UBTVQH15: the issuer's code with its term
    state = (
        rf"\d+(?:\.\d+)?[a-zA-Z]?{gap}/{gap}(?:\d{{4}}{gap}/{gap})?{code}(?:{gap}[-–]{gap}{code})*"
    )
    return rf"{state}|\d+-[A-ZĐ]+/[A-ZĐ]+" if party else state


class GazetteMark(StrEnum):
    """What the official gazette (Công báo) prints around the documents it publishes."""

    NAME = "name"  # its name, opening the running header: "CÔNG BÁO/Số 287 + 288/Ngày 08-4-2022"
    ISSUE = "issue"  # the word before the issue numbers in the running header: "Số"
    DATE = "date"  # the word before the issue's date in the running header: "Ngày"
    SECTION = "section"  # the heading of a part of the issue: "VĂN BẢN QUY PHẠM PHÁP LUẬT"
    CONTINUED_FROM = "continued_from"  # "(Tiếp theo Công báo số 201 + 202)" under a title
    CONTINUED_IN = "continued_in"  # "(Xem tiếp Công báo số 1061 + 1062)" ending an issue's part


@rule_table("gazette_marks.csv")
@dataclass(frozen=True, slots=True)
class GazetteMarkRow:
    mark: GazetteMark
    phrase: str
    source: str


def gazette_words(mark: GazetteMark) -> tuple[str, ...]:
    """The phrases of ``mark`` in ``gazette_marks.csv``, as printed, longest first.

    >>> gazette_words(GazetteMark.SECTION)[0]
    'VĂN BẢN QUY PHẠM PHÁP LUẬT'
    """
    phrases = (row.phrase for row in load_rows(GazetteMarkRow) if row.mark is mark)
    return tuple(sorted(phrases, key=len, reverse=True))


def _words_pattern(mark: GazetteMark) -> str:
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in gazette_words(mark))


@cache
def _gazette_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The gazette's running header (its page number before or after it) and a note that the
    document goes on from or in another issue, each as a whole line."""
    name = _words_pattern(GazetteMark.NAME)
    issues = r"\d+(?:\s*\+\s*\d+)*"
    header = (
        rf"(?:\d{{1,4}}\s+)?(?:{name})\s*/\s*(?:{_words_pattern(GazetteMark.ISSUE)})\s*{issues}"
        rf"\s*/\s*(?:{_words_pattern(GazetteMark.DATE)})\s*\d{{1,2}}\s*-\s*\d{{1,2}}\s*-\s*\d{{4}}"
        r"(?:\s+\d{1,4})?"
    )
    notes = (
        f"{_words_pattern(GazetteMark.CONTINUED_FROM)}|{_words_pattern(GazetteMark.CONTINUED_IN)}"
    )
    note = rf"\(\s*(?:{notes})\s+(?:{name})\s+số\s*{issues}\s*\)(?:\s+\d{{1,4}})?"
    return (
        re.compile(rf"\s*{header}\s*", re.IGNORECASE),
        re.compile(rf"\s*{note}\s*", re.IGNORECASE),
    )


def is_gazette_header(line: str) -> bool:
    """Whether ``line`` is the gazette's running header, its page number on either side.

    >>> is_gazette_header("CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024"), is_gazette_header(
    ...     "62 CÔNG BÁO/Số 1059 + 1060/Ngày 25-9-2024")
    (True, True)
    >>> is_gazette_header("Đăng Công báo số 12")
    False
    """
    return _gazette_patterns()[0].fullmatch(line) is not None


def is_gazette_note(line: str) -> bool:
    """Whether ``line`` is the gazette's note that a document goes on from or in another issue.

    >>> is_gazette_note("(Tiếp theo Công báo số 201 + 202)"), is_gazette_note(
    ...     "(Xem tiếp Công báo số 1061 + 1062) 9")
    (True, True)
    """
    return _gazette_patterns()[1].fullmatch(line) is not None


def is_gazette_furniture(line: str) -> bool:
    """Whether ``line`` is what the gazette prints on a page that is no text of the document:
    its running header, or the note that the document goes on in a later issue. The note that
    it goes on from an earlier one is kept: it tells the reader the header is not there.

    >>> [is_gazette_furniture(line) for line in ("4 CÔNG BÁO/Số 287 + 288/Ngày 08-4-2022",
    ...  "(Xem tiếp Công báo số 507 + 508)", "(Tiếp theo Công báo số 201 + 202)")]
    [True, True, False]
    """
    return is_gazette_header(line) or (is_gazette_note(line) and not gazette_continued_from(line))


def gazette_continued_from(line: str) -> bool:
    """Whether ``line`` is the note under a document's title that its text goes on from an
    earlier issue, so that the pages hold the rest of a document whose header is not there.

    >>> gazette_continued_from("(Tiếp theo Công báo số 201 + 202)")
    True
    >>> gazette_continued_from("(Xem tiếp Công báo số 1061 + 1062)")
    False
    """
    folded = " ".join(line.split()).casefold()
    return is_gazette_note(line) and any(
        folded.startswith(f"({w.casefold()} ") for w in gazette_words(GazetteMark.CONTINUED_FROM)
    )
