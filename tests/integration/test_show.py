"""What `qdx show FILE` prints (issue 16): a failure on stderr as `qdx ingest` prints it; the
objectives and targets beside every other dataset; issue messages whole; each section's label
once; each row's position (page, character span). Run with typer's CliRunner on real files: the
Hưng Yên seed (as text and as its PDF rendering), a corpus plan, the bad fixtures.

CliRunner's output is no terminal, so these read the plain form: a title, a header, then one
row a line, columns aligned under the header. The rich form is checked on a forced terminal."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pdfplumber
import pytest
from rich.console import Console
from typer.testing import CliRunner

from flows.cli import app
from flows.show import print_extraction, section_title
from pipeline.build.extract import extract

from ..conftest import BAD_DIR, FIXTURES_DIR, FORMATS_DIR, RAW_DIR, SAMPLES

runner = CliRunner()
HUNG_YEN = RAW_DIR / SAMPLES["hung_yen"]
# A corpus plan whose annexed part is headed by a bare "KẾ HOẠCH" line (line 20 of the file).
PLAN = FIXTURES_DIR / "corpus" / "text" / "09daab284f92e2dd.txt"


def _show(path: Path) -> str:
    result = runner.invoke(app, ["show", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def _table(stdout: str, title: str) -> list[dict[str, str]]:
    """The rows of the plain table ``title (n)`` (or ``title``), each cell cut at its header's
    column."""
    lines = stdout.splitlines()
    at = next(
        i for i, line in enumerate(lines) if re.fullmatch(rf"{re.escape(title)}( \(\d+\))?", line)
    )
    header = lines[at + 1]
    names = header.split()
    starts = [m.start() for m in re.finditer(r"\S+", header)]
    rows = []
    for line in lines[at + 2 :]:
        if not line:
            break
        ends = [*starts[1:], None]
        rows.append({n: line[a:b].strip() for n, a, b in zip(names, starts, ends, strict=True)})
    assert lines[at] in (title, f"{title} ({len(rows)})")
    return rows


def _sections(stdout: str) -> list[tuple[str, str]]:
    """(where, title) of each line of the section tree."""
    lines = stdout.split("\nsections (", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    found = [re.fullmatch(r"  ((?:p\.\d+ )?chars \d+–\d+)\s+(.*)", line) for line in lines]
    assert all(found), lines
    return [(m.group(1), m.group(2)) for m in found if m]


def _span(where: str) -> tuple[int, int]:
    m = re.search(r"chars (\d+)–(\d+)", where)
    assert m, where
    return int(m.group(1)), int(m.group(2))


def test_issue_16_show_prints_objectives_and_targets_with_their_spans() -> None:
    stdout = _show(HUNG_YEN)
    text = extract(HUNG_YEN).document.text  # type: ignore[union-attr]

    # Lines 62-80 of the seed: "1. Mục tiêu chung" a) b) c), "2. Mục tiêu cụ thể" a) to d).
    objectives = _table(stdout, "objectives")
    assert [(o["kind"], o["label"]) for o in objectives] == [
        *(("general", label) for label in "abc"),
        *(("specific", label) for label in "abcd"),
    ]
    specific_a = objectives[3]
    assert specific_a["text"].startswith(
        "Hỗ trợ tổ chức đào tạo nghề cho khoảng 420 lao động (tương đương 12 lớp)"
    )
    assert specific_a["text"].endswith(
        "hỗ trợ đầu tư hạ tầng kỹ thuật cho tối thiểu 02 CCN...(chi tiết theo Phụ lục đính kèm)."
    )
    assert objectives[6]["text"] == (
        "Hoàn thiện các văn bản quy định về quản lý kinh phí và nâng cao năng lực tổ chức thực "
        "hiện hoạt động khuyến công các cấp."
    )
    for objective in objectives:  # the span is the item in the text
        start, end = _span(objective["where"])
        assert " ".join(text[start:end].split()).endswith(objective["text"][-40:])

    # The quantities of objectives 2 a) (line 72-74) and 2 b) (line 76), in their order.
    targets = _table(stdout, "targets")
    assert [(t["qualifier"], t["value"], t["unit"], t["text"]) for t in targets] == [
        ("about", "420", "lao động", "khoảng 420 lao động"),
        ("exact", "12", "lớp", "12 lớp"),
        ("about", "300", "học viên", "khoảng 300 học viên"),
        ("exact", "3", "lớp", "03 lớp"),
        ("about", "30", "doanh nghiệp", "khoảng 30 doanh nghiệp"),
        ("exact", "1", "cơ sở CNNT", "01 cơ sở CNNT"),
        ("exact", "21", "cơ sở CNNT", "21 cơ sở CNNT"),
        ("exact", "5", "cơ sở CNNT", "05 cơ sở CNNT"),
        ("exact", "6", "cơ sở công nghiệp nông thôn", "06 cơ sở công nghiệp nông thôn"),
        ("at_least", "2", "cụm công nghiệp", "tối thiểu 02 cụm công nghiệp"),
        ("at_least", "2", "CCN", "tối thiểu 02 CCN"),
        ("exact", "1", "hệ thống", "01 hệ thống"),
        ("exact", "2", "hệ thống", "02 hệ thống"),
    ]
    assert {t["ref_id"] for t in targets[:11]} == {specific_a["objective_id"]}
    assert {t["ref_id"] for t in targets[11:]} == {objectives[4]["objective_id"]}
    for target in targets:
        start, end = _span(target["where"])
        assert " ".join(text[start:end].split()) == target["text"]

    # and every other dataset, the content lines' eight clauses of "III. NỘI DUNG" first
    content = _table(stdout, "content lines")
    assert [c["label"] for c in content] == [str(n) for n in range(1, 9)]
    assert content[0]["heading"] == "Tổ chức đào tạo nghề, truyền nghề ngắn hạn"
    assert [r["raw"] for r in _table(stdout, "budget lines")[:4]] == [
        "8.374 triệu đồng",  # line 162
        "1.514 triệu đồng",  # line 164: Kinh phí sử dụng năm 2018
        "3.214 triệu đồng",
        "3.696 triệu đồng",
    ]
    assert _table(stdout, "budget")
    refs = _table(stdout, "legal references")
    assert refs[0]["raw"] == "Luật Tổ chức chính quyền địa phương ngày 19/06/2015"  # line 13
    document = {row["field"]: row for row in _table(stdout, f"document {HUNG_YEN.name}")}
    assert document["decision_number"]["value"] == "3355/QĐ-UBND"
    assert text[slice(*_span(document["decision_number"]["where"]))] == "3355/QĐ-UBND"


def test_issue_16_show_prints_issue_messages_whole_and_where_they_are() -> None:
    stdout = _show(HUNG_YEN)
    text = extract(HUNG_YEN).document.text  # type: ignore[union-attr]
    issues = _table(stdout, "issues")
    records = extract(HUNG_YEN).records["issues"]
    # nothing cut: each message as the issues dataset holds it ("…" only where it has one)
    assert [i["message"] for i in issues] == [r.model_dump()["message"] for r in records]
    years = next(i for i in issues if i["check"] == "prose_years_sum")
    assert years["message"] == (  # the seed's lines 162-166: 8.374 stated, 1.514 + 3.214 + 3.696
        "the years add up to 8.424.000.000 đồng (1.514 triệu đồng + 3.214 triệu đồng + "
        "3.696 triệu đồng), not to the stated total 8.374 triệu đồng (8.374.000.000 đồng)"
    )
    assert text[slice(*_span(years["where"]))] == "8.374 triệu đồng"
    # Two rows of the same check, told apart by where they are: the annex line under the
    # programme's title (line 56) and the one above its appendix (line 259).
    annex = [i for i in issues if i["check"] == "annex_decision_mismatch"]
    assert [text[slice(*_span(i["where"]))] for i in annex] == [
        "Quyết định số 33/QĐ-UBND ngày 29/11/2017 của UBND tỉnh",
        "Quyết định số 335/QĐ-UBND ngày 25 tháng 7 năm 2017 của UBND tỉnh",
    ]


def test_issue_16_show_prints_pages_of_a_pdf() -> None:
    pdf = FORMATS_DIR / SAMPLES["hung_yen"].replace(".txt", ".pdf")
    stdout = _show(pdf)
    years = next(i for i in _table(stdout, "issues") if i["check"] == "prose_years_sum")
    with pdfplumber.open(pdf) as document:
        pages = [page.extract_text() or "" for page in document.pages]
    page = int(re.match(r"p\.(\d+) chars", years["where"]).group(1))  # type: ignore[union-attr]
    assert "8.374 triệu đồng" in pages[page - 1]
    assert [p for p, words in enumerate(pages, 1) if "8.374 triệu đồng" in words] == [page]
    assert all(where.startswith("p.") for where, _ in _sections(stdout))
    fields = _table(stdout, f"document {pdf.name}")
    decision = {row["field"]: row for row in fields}["decision_number"]
    assert decision["where"].startswith("p.1 chars ")  # the header of page 1


def _doubled(title: str) -> bool:
    """``Căn cứ Căn cứ …``, ``KẾ HOẠCH KẾ HOẠCH``: a title whose first words are repeated."""
    words = title.split()
    return any(words[:n] == words[n : 2 * n] for n in (1, 2, 3))


def test_issue_16_show_prints_each_section_label_once() -> None:
    sections = _sections(_show(HUNG_YEN))
    titles = [title for _, title in sections]
    assert not [t for t in titles if _doubled(t)]
    # lines 13-18: the legal bases, whose first words are the part's label
    assert titles[1].startswith(
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/06/2015; Căn cứ Nghị định số "
        "45/2012/NĐ-CP"
    )
    assert "Nơi nhận:" in titles  # not "Nơi nhận Nơi nhận:"
    assert "CHƯƠNG TRÌNH" in titles  # line 52, the programme's root
    assert "Điều 2 Quyết định này có hiệu lực kể từ ngày ký ban hành." in titles

    plan = [title for _, title in _sections(_show(PLAN))]
    assert not [t for t in plan if _doubled(t)]
    assert "KẾ HOẠCH" in plan


@pytest.mark.parametrize(
    ("label", "words", "shown"),
    [
        ("Căn cứ", "Căn cứ Luật Ngân sách nhà nước;", "Căn cứ Luật Ngân sách nhà nước;"),
        ("KẾ HOẠCH", "KẾ HOẠCH", "KẾ HOẠCH"),
        ("Nơi nhận", "Nơi nhận:", "Nơi nhận:"),
        ("Nơi nhận", "NƠI NHẬN:", "NƠI NHẬN:"),
        ("Điều 1", "Phê duyệt Chương trình", "Điều 1 Phê duyệt Chương trình"),
        ("c", "Cán bộ, công chức", "c Cán bộ, công chức"),  # a point whose text starts with c
        ("1", "100% đội ngũ cán bộ", "1 100% đội ngũ cán bộ"),
        ("Chữ ký", "", "Chữ ký"),
        ("", "VĂN BẢN QUY PHẠM PHÁP LUẬT CHÍNH PHỦ", "VĂN BẢN QUY PHẠM PHÁP LUẬT CHÍNH PHỦ"),
    ],
    ids=lambda value: value or "(none)",
)
def test_section_title_prints_the_label_once(label: str, words: str, shown: str) -> None:
    assert "".join(section_title(label, words)) == shown


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("encrypted.pdf", "encrypted PDF: a password is needed"),
        ("not_a_zip.docx", "not a DOCX file (not a zip archive)"),
    ],
)
def test_issue_16_show_prints_a_failure_on_stderr(bad: str, reason: str) -> None:
    path = BAD_DIR / bad
    result = runner.invoke(app, ["show", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"error {path}: {reason}\n"  # as `qdx ingest` prints it
    assert result.stdout == ""

    result = runner.invoke(app, ["show", str(path), "--json"])
    assert result.exit_code == 1
    assert result.stderr == f"error {path}: {reason}\n"
    shown = json.loads(result.stdout)
    assert shown["error"] == reason
    assert [i["check"] for i in shown["issues"]] == ["extract_failed"]


def test_show_json_has_every_dataset() -> None:
    result = runner.invoke(app, ["show", str(HUNG_YEN), "--json"])
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert [t["text"] for t in shown["targets"][:2]] == ["khoảng 420 lao động", "12 lớp"]
    assert len(shown["objectives"]) == 7


def test_show_on_a_terminal_prints_rich_tables_and_cuts_nothing() -> None:
    extraction = extract(HUNG_YEN)
    out = io.StringIO()
    print_extraction(Console(file=out, force_terminal=True, width=120), extraction)
    styled = out.getvalue()
    assert "\x1b[" in styled  # a terminal's form
    shown = re.sub(r"\x1b\[[0-9;]*m", "", styled)
    assert "┃ objective_id ┃ kind     ┃ label ┃ where           ┃ text" in shown
    messages = [r.model_dump()["message"] for r in extraction.records["issues"]]
    # the only "…" are those of the messages themselves (the seed has none)
    assert shown.count("…") == sum(m.count("…") for m in messages)
    assert "Căn cứ Căn cứ" not in shown and "CHƯƠNG TRÌNH CHƯƠNG TRÌNH" not in shown
