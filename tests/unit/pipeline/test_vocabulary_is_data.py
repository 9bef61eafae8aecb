"""Issue 12: adding a document kind or a content-area keyword is a one-line change to a rule
table; no code changes. Each test edits a copy of the tables (the ``rule_tables`` fixture)."""

from __future__ import annotations

from pathlib import Path

from normalizers.refs import RefType, find_legal_refs
from pipeline.build.metadata import extract_metadata
from pipeline.build.programme import extract_content_lines
from pipeline.build.segment import segment
from pipeline.kinds import DocKind

from ...conftest import edit_table, text_document

_KE_HOACH = "ke_hoach,Kế hoạch,KH,annex,1,Nghị định 30/2020/NĐ-CP Phụ lục III"
_PLAN = (
    "KẾ HOẠCH\n"
    "Phát triển công nghiệp nông thôn tỉnh Cao Bằng năm 2021\n"
    "\n"
    "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2021 của UBND tỉnh;\n"
)


def test_a_document_kind_is_one_row_of_doc_kinds(rule_tables: Path) -> None:
    # The tables without the kind: the plan is a document of no known kind, its citation no
    # citation. (DocKind must hold the kind's value, so the test takes one it has away.)
    edit_table(rule_tables, "doc_kinds.csv", _KE_HOACH, None)
    before = extract_metadata(text_document(_PLAN))
    assert (before.doc_kind, before.plan_kind) == (DocKind.OTHER, None)
    assert find_legal_refs(_PLAN) == []

    edit_table(rule_tables, "doc_kinds.csv", None, _KE_HOACH)
    after = extract_metadata(text_document(_PLAN))
    assert (after.doc_kind, after.plan_kind) == (DocKind.KE_HOACH, DocKind.KE_HOACH)
    assert after.plan_title is not None and after.plan_title.value.startswith("KẾ HOẠCH Phát")
    [ref] = find_legal_refs(_PLAN)
    assert (ref.ref_type, ref.number) == (RefType.ke_hoach, "12/KH-UBND")


_THONG_TIN = "thong_tin,thông tin|tuyên truyền|truyền thông"
_CONTENT = (
    "II. NỘI DUNG\n"
    "1. Tổ chức đào tạo nghề cho lao động nông thôn\n"
    "2. Quảng bá hình ảnh công nghiệp nông thôn của tỉnh\n"
)


def _categories() -> list[str]:
    doc = text_document(_CONTENT)
    return [line.kind for line in extract_content_lines(doc.text, segment(doc, None))]


def test_a_content_area_keyword_is_one_edit_of_content_areas(rule_tables: Path) -> None:
    assert _categories() == ["dao_tao_nghe", "other"]
    edit_table(rule_tables, "content_areas.csv", _THONG_TIN, _THONG_TIN + "|quảng bá")
    assert _categories() == ["dao_tao_nghe", "thong_tin"]
