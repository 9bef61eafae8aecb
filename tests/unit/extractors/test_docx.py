"""The DOCX extractor: the five sample decisions rendered as Word files, hand-made packages for
numbering and merged cells, bad and hostile files, and the whole pipeline on a DOCX.

The fixtures in ``tests/fixtures/formats`` and ``tests/fixtures/bad`` are written by
``tests/fixtures/make_formats.py``.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.document import CT_Document
from docx.oxml.parser import oxml_parser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from extractors.docx import convert_doc_to_docx, extract_docx_file, package, safety, tables
from extractors.model import Document, ExtractionError, SourceFormat
from extractors.text import extract_text_file
from normalizers.text import normalize_line
from pipeline.build.extract import build_extraction, extract
from pipeline.records import DocumentRecord

from ...conftest import BAD_DIR as BAD
from ...conftest import FORMATS_DIR as FORMATS
from ...conftest import RAW_DIR as RAW
from ...conftest import SAMPLES

HUNG_YEN, AN_GIANG, BINH_PHUOC, CAO_BANG, DONG_NAI = (
    Path(SAMPLES[name]).stem
    for name in ("hung_yen", "an_giang", "binh_phuoc", "cao_bang", "dong_nai")
)
STEMS = [HUNG_YEN, AN_GIANG, BINH_PHUOC, CAO_BANG, DONG_NAI]
NUMBER_LINES = {
    HUNG_YEN: "Số: 3355/QĐ-UBND",
    AN_GIANG: "Số: 2211/QĐ-UBND",
    CAO_BANG: "Số: 270/QĐ - UBND",
}
HAS_HEADER = {HUNG_YEN, AN_GIANG, CAO_BANG}
RUNNING_HEADER = "Bản điện tử – văn bản khuyến công"  # make_formats.RUNNING_HEADER


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {stem: extract_docx_file(FORMATS / f"{stem}.docx") for stem in STEMS}


def table_lines(doc: Document) -> set[int]:
    """Indexes of the lines that are table rows."""
    rows: set[int] = set()
    for table in doc.tables:
        assert table.start is not None
        first = doc.lines.index(doc.line_at(table.start))
        rows.update(range(first, first + table.n_rows))
    return rows


def tab_blocks(lines: Sequence[str]) -> int:
    """Blocks of tab-separated lines (one blank line may stand inside a block)."""
    count, i = 0, 0
    while i < len(lines):
        if "\t" not in lines[i]:
            i += 1
            continue
        count += 1
        while i < len(lines) and (
            "\t" in lines[i]
            or (not lines[i].strip() and i + 1 < len(lines) and "\t" in lines[i + 1])
        ):
            i += 1
    return count


def without_markup(text: str) -> str:
    return re.sub(r"\^\{([^}]*)\}", r"\1", text).replace("*", "").strip()


def assert_spans(doc: Document) -> None:
    for line in doc.lines:
        assert doc.text[line.start : line.end] == line.text
    for table in doc.tables:
        for cell in table.cells:
            assert cell.start is not None and cell.end is not None
            assert doc.text[cell.start : cell.end] == cell.text
            assert "\t" not in cell.text and "\n" not in cell.text


# --- the five samples ----------------------------------------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_sample_extracts(stem: str, docs: dict[str, Document]) -> None:
    doc = docs[stem]
    assert doc.source_format == SourceFormat.DOCX
    assert doc.n_pages is None and doc.encoding is None
    assert len(doc.source_sha256) == 64
    assert_spans(doc)
    # raw_text is the laid-out text: each line's raw span is the line before normalisation.
    for line in doc.lines:
        assert normalize_line(doc.raw_text[line.raw_start : line.raw_end]) == line.text


@pytest.mark.parametrize("stem", sorted(NUMBER_LINES))
def test_decision_number_line(stem: str, docs: dict[str, Document]) -> None:
    assert NUMBER_LINES[stem] in docs[stem].text


@pytest.mark.parametrize(
    ("stem", "n_tables"),
    [(HUNG_YEN, 2), (AN_GIANG, 1), (BINH_PHUOC, 0), (CAO_BANG, 5), (DONG_NAI, 0)],
)
def test_one_table_per_tab_block_plus_the_header(
    stem: str, n_tables: int, docs: dict[str, Document]
) -> None:
    txt_lines = (RAW / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    assert n_tables == tab_blocks(txt_lines) + (stem in HAS_HEADER)
    assert len(docs[stem].tables) == n_tables


@pytest.mark.parametrize("stem", sorted(HAS_HEADER))
def test_header_table_reads_like_the_header_lines(stem: str, docs: dict[str, Document]) -> None:
    doc = docs[stem]
    header = doc.tables[0]
    assert header.n_cols == 2 and header.start == 0
    texts = [cell.text for cell in header.cells]
    assert NUMBER_LINES[stem] in texts
    place_date = texts[-1]
    assert re.fullmatch(r"[\w ]+, ngày \d+ tháng \d+ năm \d{4}", place_date), place_date
    assert doc.lines[header.n_rows - 1].text == f"{NUMBER_LINES[stem]}\t{place_date}"
    if stem != HUNG_YEN:  # Hưng Yên's copy has no issuer or motto above its number
        assert header.n_rows == 2
        assert texts[1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
        assert texts[0].startswith("ỦY BAN NHÂN DÂN TỈNH ")


@pytest.mark.parametrize("stem", STEMS)
def test_paragraphs_are_the_lines_of_the_text(stem: str, docs: dict[str, Document]) -> None:
    """Every text line outside the header and the tables comes back, in order, as a paragraph
    (the markdown markers of the copy turned into formatting, Word's clause numbers rebuilt)."""
    doc = docs[stem]
    txt = extract_text_file(RAW / f"{stem}.txt")
    txt_lines = [line.text for line in txt.lines]
    title = next(
        (i for i, t in enumerate(txt_lines[:40]) if t.replace("*", "").strip() == "QUYẾT ĐỊNH"), 0
    )
    expected = [
        without_markup(t)
        for t in txt_lines[title:]
        if t.strip() and "\t" not in t and t.strip() not in ("|", "||")
    ]
    rows = table_lines(doc)
    got = [
        without_markup(line.text)
        for i, line in enumerate(doc.lines)
        if i not in rows and line.text.strip()
    ]
    assert got == expected


def test_hung_yen_clause_numbers_rebuilt(docs: dict[str, Document]) -> None:
    # In the file the numbers are Word numbering, not text ...
    word = docx.Document(str(FORMATS / f"{HUNG_YEN}.docx"))
    para = next(p for p in word.paragraphs if p.text == "Mục tiêu chung")
    assert para._p.pPr is not None and para._p.pPr.numPr is not None
    # ... and the extractor shows them as Word does, restarting under each roman heading.
    lines = [line.text for line in docs[HUNG_YEN].lines]
    i = lines.index("I. MỤC TIÊU")
    assert lines[i + 1] == "1. Mục tiêu chung"
    assert "2. Mục tiêu cụ thể" in lines[i + 2 : i + 8]
    content = lines[lines.index("III. NỘI DUNG") : lines.index("IV. KINH PHÍ")]
    numbers = [int(m.group(1)) for t in content if (m := re.match(r"(\d+)\. ", t))]
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8]
    assert "1. Tổ chức đào tạo nghề, truyền nghề ngắn hạn" in content


def test_cao_bang_bieu_02_merged_cells(docs: dict[str, Document]) -> None:
    doc = docs[CAO_BANG]
    table = next(t for t in doc.tables if any(c.text == "Tổng chung" for c in t.cells))
    assert (table.n_rows, table.n_cols) == (11, 15)
    head = {c.text: c for c in table.cells if c.row == 0}
    years = [f"Năm {y}" for y in range(2016, 2021)]
    for year in years:
        assert [c.text for c in table.cells].count(year) == 1  # once, not once a grid column
        assert (head[year].col_span, head[year].row_span) == (2, 1)
    assert (head["Tổng cộng"].col, head["Tổng cộng"].col_span) == (12, 2)
    assert (head["TT"].row_span, head["Nội dung"].row_span, head["Tổng chung"].row_span) == (2,) * 3
    sub = [c.text for c in table.cells if c.row == 1]
    assert sub == ["KCQG", "KCDP"] * 6  # nothing under TT, Nội dung, Tổng chung: merged
    for cell in table.cells:
        assert doc.text[cell.start : cell.end] == cell.text
    # The rows are laid out as the tab rows of the text copy.
    txt = (RAW / f"{CAO_BANG}.txt").read_text(encoding="utf-8").split("\n")
    first = doc.line_at(table.start)  # type: ignore[arg-type]
    assert first is not None
    assert first.text == txt[447]  # "TT\tNội dung\tNăm 2016\t\tNăm 2017\t…\tTổng chung"
    assert doc.text[table.start : table.end].split("\n")[-1] == txt[457].rstrip()


def test_running_header_and_footer_ignored(docs: dict[str, Document]) -> None:
    with zipfile.ZipFile(FORMATS / f"{CAO_BANG}.docx") as archive:
        footers = [archive.read(n).decode() for n in archive.namelist() if "footer" in n]
        headers = [archive.read(n).decode() for n in archive.namelist() if "header" in n]
    assert any("Trang" in f and "PAGE" in f for f in footers)
    assert any(RUNNING_HEADER in h for h in headers)
    for doc in docs.values():
        assert RUNNING_HEADER not in doc.text
        # "Trang bị" is a word of the decisions; the footer would be "Trang <n>".
        assert not re.search(r"(?m)^Trang\s*\d", doc.text)
        assert "NUMPAGES" not in doc.text and " PAGE " not in doc.text


# --- the pipeline on a DOCX ----------------------------------------------------------------------

DOCUMENT_FIELDS = (
    "decision_number",
    "issue_date",
    "total_budget_vnd",
    "issue_place",
    "issuer",
    "province_name",
    "doc_kind",
    "plan_kind",
    "title",
    "plan_title",
    "period_start",
    "period_end",
    "signer_name",
)


@pytest.mark.parametrize("stem", STEMS)
def test_pipeline_on_docx_matches_the_text_copy(stem: str, docs: dict[str, Document]) -> None:
    at = dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
    from_docx = build_extraction(docs[stem], stem, at)
    from_txt = extract(RAW / f"{stem}.txt", stem, extracted_at=at)
    (record,) = from_docx.records["documents"]
    (expected,) = from_txt.records["documents"]
    assert isinstance(record, DocumentRecord) and isinstance(expected, DocumentRecord)
    assert record.source_format == SourceFormat.DOCX
    for name in DOCUMENT_FIELDS:
        assert getattr(record, name) == getattr(expected, name), name
    for kind in ("sections", "objectives", "content_lines", "targets", "legal_refs"):
        assert len(from_docx.records[kind]) == len(from_txt.records[kind]), kind
    amounts = {
        (b.row_label, b.year, b.funding_source, b.measure, b.amount_vnd)
        for b in from_docx.records["budget_lines"]
    }
    assert amounts == {
        (b.row_label, b.year, b.funding_source, b.measure, b.amount_vnd)
        for b in from_txt.records["budget_lines"]
    }
    errors = sorted(i.check for i in from_docx.records["issues"] if i.severity == "error")
    assert errors == sorted(i.check for i in from_txt.records["issues"] if i.severity == "error")


def test_hung_yen_padded_grid(docs: dict[str, Document]) -> None:
    """The text copy's budget table is ragged (data rows of 14 cells under a header of 11); the
    fixture's Word table pads every row to 14 columns. The budget reader drops the empty cells
    after a row's last text, so both read alike (see the parity test above)."""
    budget = docs[HUNG_YEN].tables[1]
    assert budget.n_cols == 14
    assert len({c.row for c in budget.cells}) == budget.n_rows == 29


# --- bad files -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("not_a_zip.docx", "not a DOCX file (not a zip archive)"),
        ("truncated.docx", "corrupt DOCX file: the zip archive is damaged or truncated"),
        ("empty.docx", "empty file"),
        ("legacy.doc", "legacy Word .doc file"),
    ],
)
def test_bad_fixture(name: str, words: str) -> None:
    path = BAD / name
    with pytest.raises(ExtractionError, match=re.escape(words)):
        extract_docx_file(path)
    with pytest.raises(ExtractionError, match=re.escape(words)):
        extract_docx_file(Path("elsewhere.docx"), path.read_bytes())


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document_xml(body: str, prolog: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'{prolog}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    )


def make_docx(
    path: Path,
    body: str = "",
    *,
    numbering: str | None = None,
    document: str | bytes | None = None,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """A minimal package by hand: what each test needs and nothing else."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        if document is None:
            document = document_xml(body)
        if document != b"":
            archive.writestr("word/document.xml", document)
        if numbering is not None:
            archive.writestr(
                "word/numbering.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">'
                f"{numbering}</w:numbering>",
            )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def p(text: str = "", num: tuple[int, int] | None = None, style: str | None = None) -> str:
    ppr = ""
    if num or style:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if num:
            inner += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr = f"<w:pPr>{inner}</w:pPr>"
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def test_missing_document_xml(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "x.docx", document=b"")
    with pytest.raises(ExtractionError, match=r"not a DOCX file: word/document\.xml is missing"):
        extract_docx_file(path)


def test_strict_open_xml_namespace(tmp_path: Path) -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    xml = document_xml(p("Số: 270/QĐ - UBND")).replace(W, strict)
    path = make_docx(tmp_path / "strict.docx", document=xml)
    assert lines_of(path) == ["Số: 270/QĐ - UBND"]


def test_not_wordprocessingml(tmp_path: Path) -> None:
    xml = document_xml(p("x")).replace(W, "urn:something-else")
    path = make_docx(tmp_path / "x.docx", document=xml)
    with pytest.raises(ExtractionError, match="is not WordprocessingML"):
        extract_docx_file(path)


def test_not_well_formed_xml(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "x.docx", document="<w:document><w:body>")
    with pytest.raises(ExtractionError, match="not well-formed XML"):
        extract_docx_file(path)


def test_document_without_text(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "x.docx", p() + p())
    with pytest.raises(ExtractionError, match="empty document: no text to extract"):
        extract_docx_file(path)


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """word/document.xml: 300 MB of zeros, deflated to about a megabyte."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(chunk)
    return path


def test_zip_bomb_refused_without_inflating(
    zip_bomb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert zip_bomb.stat().st_size < 3 * 1024 * 1024

    def no_inflating(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a member was opened for reading")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)
    with pytest.raises(ExtractionError, match=r"zip bomb") as info:
        extract_docx_file(zip_bomb)
    assert "300 MB" in str(info.value) and "200 MB" in str(info.value)


def test_archive_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_docx(
        tmp_path / "x.docx", p("Số: 1/QĐ-UBND"), extra={"word/media/a.bin": bytes(4096)}
    )
    assert extract_docx_file(path).text == "Số: 1/QĐ-UBND"
    monkeypatch.setattr(safety, "MAX_ARCHIVE_BYTES", 4000)
    with pytest.raises(ExtractionError, match="its parts would inflate to"):
        extract_docx_file(path)


XXE_PROLOG = (
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">'
    '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)
XXE_BODY = "<w:p><w:r><w:t>host=&xxe;&lol2;</w:t></w:r></w:p>"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_xxe_refused_and_never_resolved(tmp_path: Path, encoding: str) -> None:
    xml = document_xml(XXE_BODY, XXE_PROLOG).replace('encoding="UTF-8"', f'encoding="{encoding}"')
    path = make_docx(tmp_path / "xxe.docx", document=xml.encode(encoding))
    with pytest.raises(ExtractionError) as info:
        extract_docx_file(path)
    assert str(info.value) == (
        "DOCX refused: word/document.xml declares a DOCTYPE (XML entities); Word never writes one"
    )
    # Below the DOCTYPE check, the parser itself never resolves an entity either: the references
    # stay references (no file read, no expansion).
    root = etree.fromstring(xml.encode(encoding), safety.PARSER)
    assert "".join(root.itertext()) == "host=&xxe;&lol2;"
    hostname = Path("/etc/hostname")
    if hostname.exists() and len(hostname.read_text().strip()) >= 4:
        assert hostname.read_text().strip() not in etree.tostring(root, encoding="unicode")


def test_xxe_in_numbering_part_refused(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "x.docx", p("a"))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(
            "word/numbering.xml",
            f'<?xml version="1.0"?>{XXE_PROLOG}<w:numbering xmlns:w="{W}"/>',
        )
    with pytest.raises(ExtractionError, match=r"numbering\.xml declares a DOCTYPE"):
        extract_docx_file(path)


def test_xxe_never_resolved_by_python_docx_parser() -> None:
    """python-docx parses the parts the reader walks: its parser resolves no entity either."""
    root = etree.fromstring(document_xml(XXE_BODY, XXE_PROLOG).encode(), oxml_parser)
    (text,) = root.iter(f"{{{W}}}t")
    assert text.text == "host="
    assert [e.text for e in text] == ["&xxe;", "&lol2;"]  # references, not their values
    assert all(isinstance(e, etree._Entity) for e in text)


def test_doctype_past_the_head_refused_after_python_docx_parsed(tmp_path: Path) -> None:
    prolog = "<!--" + "x" * 5000 + "-->" + XXE_PROLOG  # the DOCTYPE after the bytes scanned
    path = make_docx(tmp_path / "x.docx", document=document_xml(XXE_BODY, prolog))
    with pytest.raises(ExtractionError, match=r"document\.xml declares a DOCTYPE"):
        extract_docx_file(path)


def test_doctype_in_any_xml_part_refused_before_python_docx_opens(tmp_path: Path) -> None:
    """python-docx parses parts the reader never walks (headers, settings): a DOCTYPE in any XML
    member is refused before it opens the package."""
    header = f'<?xml version="1.0"?>{XXE_PROLOG}<w:hdr xmlns:w="{W}"/>'
    path = make_docx(tmp_path / "x.docx", p("a"), extra={"word/header1.xml": header.encode()})
    with pytest.raises(ExtractionError, match=r"word/header1\.xml declares a DOCTYPE"):
        extract_docx_file(path)


# --- the package: python-docx, or by name ---------------------------------------------------------


def test_read_through_python_docx(monkeypatch: pytest.MonkeyPatch) -> None:
    path = FORMATS / f"{CAO_BANG}.docx"
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        parts = package.read_parts(archive, data)
    assert isinstance(parts.document, CT_Document)  # python-docx's tree, not the reader by name's
    assert parts.numbering is not None and parts.styles is not None
    expected = extract_docx_file(path)

    def by_name(archive: zipfile.ZipFile) -> package.Parts:
        raise AssertionError("read by name")

    monkeypatch.setattr(package, "read_parts_by_name", by_name)
    assert extract_docx_file(path) == expected


def test_package_python_docx_refuses_reads_as_before(tmp_path: Path) -> None:
    """No [Content_Types].xml: python-docx cannot open the package, the reader by name can."""
    numbering = abstract(1, ("decimal", "%1.", 1)) + num(1, 1)
    path = make_docx(tmp_path / "n.docx", p("Mục tiêu", (1, 0)), numbering=numbering)
    bare = tmp_path / "bare.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(bare, "w") as target:
        for name in source.namelist():
            if name != "[Content_Types].xml":
                target.writestr(name, source.read(name))
    with pytest.raises(KeyError):
        docx.Document(str(bare))
    assert lines_of(bare) == lines_of(path) == ["1. Mục tiêu"]


def test_comment_inside_text_reads_as_before(tmp_path: Path) -> None:
    """python-docx's parser keeps XML comments and drops the blank text beside them; the
    reader by name removes comments, so that a split w:t reads whole."""
    body = '<w:p><w:r><w:t xml:space="preserve">Số:<!-- x --> </w:t><w:t>1</w:t></w:r></w:p>'
    path = make_docx(tmp_path / "c.docx", body)
    assert lines_of(path) == ["Số: 1"]


# --- numbering ------------------------------------------------------------------------------------


def abstract(abstract_id: int, *levels: tuple[str, str, int]) -> str:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text, start) in enumerate(levels)
    )
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'


def num(num_id: int, abstract_id: int, restart: int | None = None) -> str:
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart}"/></w:lvlOverride>'
        if restart is not None
        else ""
    )
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'


def lines_of(path: Path) -> list[str]:
    return [line.text for line in extract_docx_file(path).lines]


def test_numbering_formats_and_levels(tmp_path: Path) -> None:
    numbering = (
        abstract(
            1,
            ("upperRoman", "%1.", 1),
            ("decimal", "%2.", 1),
            ("lowerLetter", "%3)", 1),
            ("decimal", "%2.%4.", 1),
        )
        + abstract(2, ("bullet", "•", 1))
        + abstract(3, ("decimal", "Điều %1.", 5))
        + num(1, 1)
        + num(2, 2)
        + num(3, 3)
    )
    body = "".join(
        [
            p("MỤC TIÊU", (1, 0)),
            p("Mục tiêu chung", (1, 1)),
            p("Huy động", (1, 2)),
            p("Khuyến khích", (1, 2)),
            p("Chi tiết", (1, 3)),
            p("Mục tiêu cụ thể", (1, 1)),
            p("Hỗ trợ", (1, 2)),
            p("Nhiệm vụ", (2, 0)),
            p("NỘI DUNG", (1, 0)),
            p("Đào tạo", (1, 1)),
            p("Phạm vi", (3, 0)),
            p("Đối tượng", (3, 0)),
            p("Không số", (0, 0)),
        ]
    )
    path = make_docx(tmp_path / "n.docx", body, numbering=numbering)
    assert lines_of(path) == [
        "I. MỤC TIÊU",
        "1. Mục tiêu chung",
        "a) Huy động",
        "b) Khuyến khích",
        "1.1. Chi tiết",
        "2. Mục tiêu cụ thể",
        "a) Hỗ trợ",
        "- Nhiệm vụ",
        "II. NỘI DUNG",
        "1. Đào tạo",
        "Điều 5. Phạm vi",
        "Điều 6. Đối tượng",
        "Không số",
    ]


def test_lists_sharing_a_definition_continue_unless_restarted(tmp_path: Path) -> None:
    numbering = abstract(7, ("decimal", "%1)", 1)) + num(1, 7) + num(2, 7) + num(3, 7, restart=1)
    body = "".join(
        [
            p("a", (1, 0)),
            p("b", (1, 0)),
            p("giữa"),
            p("c", (2, 0)),  # another list of the same definition: Word continues it
            p("d", (3, 0)),  # a list that restarts
            p("e", (3, 0)),
            p("f", (1, 0)),  # the first list again: the shared counter goes on
        ]
    )
    path = make_docx(tmp_path / "n.docx", body, numbering=numbering)
    assert lines_of(path) == ["1) a", "2) b", "giữa", "3) c", "1) d", "2) e", "3) f"]


def test_style_numbering_from_python_docx_list_styles(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Mục tiêu chung", style="List Number")
    word.add_paragraph("Mục tiêu cụ thể", style="List Number")
    word.add_paragraph("ghi chú", style="List Bullet")
    path = tmp_path / "styles.docx"
    word.save(str(path))
    assert lines_of(path) == ["1. Mục tiêu chung", "2. Mục tiêu cụ thể", "- ghi chú"]


# --- runs and tables ------------------------------------------------------------------------------


def test_runs_shown_as_word_shows_them(tmp_path: Path) -> None:
    body = (
        "<w:p>"
        '<w:r><w:t xml:space="preserve">Số: </w:t></w:r>'
        "<w:hyperlink><w:r><w:t>270/QĐ</w:t></w:r></w:hyperlink>"
        "<w:r><w:noBreakHyphen/><w:t>UBND</w:t></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r>"
        "<w:del><w:r><w:delText>đã xóa</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t> mới</w:t></w:r></w:ins>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:tab/><w:t>Cao Bằng</w:t><w:br/><w:t>ngày 26</w:t></w:r>"
        "</w:p>"
        "<w:sdt><w:sdtContent>" + p("trong khung") + "</w:sdtContent></w:sdt>"
    )
    path = make_docx(tmp_path / "r.docx", body)
    assert lines_of(path) == ["Số: 270/QĐ-UBND mới7\tCao Bằng", "ngày 26", "trong khung"]


def tc(text: str = "", span: int = 1, vmerge: str | None = None, paras: int = 1) -> str:
    pr = ""
    if span > 1 or vmerge:
        pr = "<w:tcPr>"
        pr += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        if vmerge == "restart":
            pr += '<w:vMerge w:val="restart"/>'
        elif vmerge:
            pr += "<w:vMerge/>"
        pr += "</w:tcPr>"
    content = "".join(p(part) for part in text.split("|")) if text else p()
    return f"<w:tc>{pr}{content}</w:tc>"


def tbl(n_cols: int, *rows: str) -> str:
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(n_cols))
    return f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def tr(*cells: str, before: int = 0) -> str:
    pr = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before else ""
    return f"<w:tr>{pr}{''.join(cells)}</w:tr>"


def test_table_merges_are_one_cell_and_columns_stay_aligned(tmp_path: Path) -> None:
    nested = tbl(1, tr(tc("trong")))
    body = p("BIỂU 02") + tbl(
        5,
        tr(tc("TT", vmerge="restart"), tc("Nội dung", vmerge="restart"), tc("Năm 2016", 2), tc()),
        tr(tc(vmerge="c"), tc(vmerge="c"), tc("KCQG"), tc("KCDP"), tc("Tổng|cộng")),
        tr(tc("1"), tc("Đào\u00a0tạo\tnghề"), tc("1.200"), tc("600"), tc("1.800")),
        tr(tc("Cộng", 2), tc("a"), f"<w:tc>{nested}{p()}</w:tc>", before=0),
        tr(tc("x"), before=2),
    )
    path = make_docx(tmp_path / "t.docx", body + p("sau bảng"))
    doc = extract_docx_file(path)
    assert_spans(doc)
    assert [line.text for line in doc.lines] == [
        "BIỂU 02",
        "TT\tNội dung\tNăm 2016\t\t",
        "\t\tKCQG\tKCDP\tTổng cộng",
        "1\tĐào tạo nghề\t1.200\t600\t1.800",
        "Cộng\t\ta\ttrong\t",
        "\t\tx\t\t",
        "sau bảng",
    ]
    (table,) = doc.tables
    assert (table.n_rows, table.n_cols) == (5, 5)
    cells = {(c.row, c.col): c for c in table.cells}
    assert (cells[0, 0].row_span, cells[0, 1].row_span) == (2, 2)
    assert (1, 0) not in cells and (1, 1) not in cells  # the vMerge continuations
    assert cells[0, 2].col_span == 2 and (0, 3) not in cells
    assert cells[0, 4].text == "" and cells[0, 4].start == cells[0, 4].end
    assert cells[3, 0].col_span == 2 and cells[3, 0].text == "Cộng"
    assert cells[4, 2].text == "x" and (4, 0) not in cells
    assert table.start == doc.lines[1].start and table.end == doc.lines[5].end


def test_hostile_grid_span_stays_bounded(tmp_path: Path) -> None:
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr>' + p("rộng") + "</w:tc>"
    path = make_docx(tmp_path / "wide.docx", tbl(1, tr(cell), tr(tc("a"), tc("b"))))
    doc = extract_docx_file(path)
    (table,) = doc.tables
    assert table.n_cols == tables.MAX_TABLE_COLS
    assert table.cells[0].col_span == tables.MAX_TABLE_COLS
    assert len(doc.text) < 2 * tables.MAX_TABLE_COLS + 20


@st.composite
def grids(draw: st.DrawFn) -> tuple[int, list[list[tuple[str, int, str | None]]]]:
    """Random tables: per row, cells (text, gridSpan, vMerge) that fill the grid exactly."""
    n_cols = draw(st.integers(1, 5))
    n_rows = draw(st.integers(1, 4))
    words = st.lists(
        st.sampled_from([*"aăâđêôơư ÀỆ\u0301\u00a0\t", "Năm", "1.200", "Nội dung"]), max_size=6
    ).map("".join)
    rows: list[list[tuple[str, int, str | None]]] = []
    previous_starts: set[int] = set()
    for r in range(n_rows):
        row: list[tuple[str, int, str | None]] = []
        col = 0
        starts: set[int] = set()
        while col < n_cols:
            span = draw(st.integers(1, n_cols - col))
            vmerge = draw(st.sampled_from([None, "restart", "continue"]))
            if vmerge == "continue" and (r == 0 or col not in previous_starts):
                vmerge = None
            row.append((draw(words), span, vmerge))
            starts.add(col)
            col += span
        previous_starts = starts
        rows.append(row)
    return n_cols, rows


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(grid=grids())
def test_random_tables_every_cell_slices_its_text(
    tmp_path: Path, grid: tuple[int, list[list[tuple[str, int, str | None]]]]
) -> None:
    n_cols, rows = grid
    xml_rows = []
    for row in rows:
        cells = []
        for text, span, vmerge in row:
            safe = text.replace("|", "")
            cells.append(tc(safe.replace("\t", " "), span, "c" if vmerge == "continue" else vmerge))
        xml_rows.append(tr(*cells))
    path = make_docx(tmp_path / "h.docx", p("trước") + tbl(n_cols, *xml_rows) + p("sau"))
    doc = extract_docx_file(path)
    (table,) = doc.tables
    assert (table.n_rows, table.n_cols) == (len(rows), n_cols)
    covered: set[tuple[int, int]] = set()
    for cell in table.cells:
        assert doc.text[cell.start : cell.end] == cell.text
        area = {
            (r, c)
            for r in range(cell.row, cell.row + cell.row_span)
            for c in range(cell.col, cell.col + cell.col_span)
        }
        assert not area & covered  # a merged cell is there once
        covered |= area
    assert covered <= {(r, c) for r in range(len(rows)) for c in range(n_cols)}
    row_lines = doc.text[table.start : table.end].split("\n")
    assert len(row_lines) == len(rows)
    assert all(line.count("\t") == n_cols - 1 for line in row_lines)


# --- .doc -----------------------------------------------------------------------------------------


def test_convert_doc_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ExtractionError) as info:
        convert_doc_to_docx(BAD / "legacy.doc", tmp_path)
    assert str(info.value) == (
        "a .doc file needs LibreOffice to convert it: install libreoffice-writer, "
        "or save it as .docx"
    )


requires_soffice: Callable[[Any], Any] = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


@requires_soffice
def test_convert_doc_with_libreoffice(tmp_path: Path) -> None:
    out = convert_doc_to_docx(BAD / "legacy.doc", tmp_path / "out")
    assert out == tmp_path / "out" / "legacy.docx"
    doc = extract_docx_file(out)
    assert doc.lines[0].text.strip() == "KẾ HOẠCH"
    assert "Khuyến công tỉnh Đồng Nai năm 2018" in doc.text
