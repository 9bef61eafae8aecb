"""A figure too large for its column costs that figure, not the document.

Each case is a bundled sample with one figure replaced by an oversized one: in prose, in an
objective, in a table cell. Before the fix, ``45.547.000.000.000.000.000 đồng`` failed the whole
document with ``internal error: InvalidOperation`` (a quantize beyond the decimal context) and
``9.999.999.999.999 tỷ đồng`` failed it in validation (an amount beyond int64). Now the figure
becomes a ``figure_out_of_range`` warning with its raw text, span and page, it is left out of
``budget_lines`` and ``targets``, and every other figure of the document is extracted as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.build.extract import Extraction, extract
from pipeline.ingest import validate

from ..conftest import RAW_DIR, SAMPLES

GIANT = "45.547.000.000.000.000.000"  # 20 digits: fits decimal(38, 9), not an int64 of đồng
DONG_NAI_COUNTERPART = "4.149.000.000 đồng (Bốn tỷ một trăm bốn mươi chín triệu đồng)"

# (sample, text replaced, replacement, the oversized figure as printed, datasets it would be in)
OVERSIZED_FIGURES = [
    ("dong_nai", DONG_NAI_COUNTERPART, f"{GIANT} đồng", f"{GIANT} đồng", {"budget_lines"}),
    (
        "dong_nai",
        DONG_NAI_COUNTERPART,
        "9.999.999.999.999 tỷ đồng",  # the value fits, its amount in đồng does not
        "9.999.999.999.999 tỷ đồng",
        {"budget_lines"},
    ),
    (
        "dong_nai",  # an objective: both a target and a budget line
        "khoảng 4,1 tỷ đồng",
        f"khoảng {GIANT} đồng",
        f"khoảng {GIANT} đồng",
        {"budget_lines", "targets"},
    ),
    (
        "dong_nai",  # a count beyond decimal(38, 9): 32 digits before the decimal mark
        "từ 270 lao động",
        f"từ {GIANT}.000.000.000.000 lao động",
        f"từ {GIANT}.000.000.000.000 lao động",
        {"targets"},
    ),
    (
        "cao_bang",  # a cell of Biểu 01 (triệu đồng), row 2 "Hỗ trợ quy hoạch chi tiết cụm CN"
        "500\t500\t500\t\t500\t2.000\n",
        f"500\t500\t500\t\t500\t{GIANT}\n",
        GIANT,
        {"budget_lines"},
    ),
]


def _with_figure(tmp_path: Path, sample: str, old: str, new: str) -> Path:
    text = (RAW_DIR / SAMPLES[sample]).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / SAMPLES[sample]
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _rows(extraction: Extraction, dataset: str) -> list[dict[str, object]]:
    return [row.model_dump() for row in extraction.records[dataset]]


@pytest.mark.parametrize(
    "case", OVERSIZED_FIGURES, ids=[f"{c[0]}: {c[3]}" for c in OVERSIZED_FIGURES]
)
def test_oversized_figure_is_a_warning_and_the_document_is_written(
    sample_extractions: dict[str, Extraction],
    tmp_path: Path,
    case: tuple[str, str, str, str, set[str]],
) -> None:
    sample, old, new, printed, datasets = case
    extraction = extract(_with_figure(tmp_path, sample, old, new))
    prepared = validate(extraction)
    assert not extraction.failed, extraction.error
    assert not prepared.failed, prepared.error
    issues = prepared.tables["issues"].to_pylist()
    assert not [i for i in issues if i["check"] in ("validation_failed", "extract_failed")]

    [warning] = [i for i in issues if i["check"] == "figure_out_of_range"]
    assert warning["severity"] == "warning"
    assert warning["actual"] == printed
    assert extraction.document is not None
    text = extraction.document.text
    assert text[warning["char_start"] : warning["char_end"]] == printed
    assert warning["page"] == extraction.document.page_at(warning["char_start"])
    assert printed in warning["message"]

    # The figure is left out; everything else is as in the unmodified sample.
    original = sample_extractions[sample]
    for dataset in ("budget_lines", "targets"):
        rows = _rows(extraction, dataset)
        assert not any(GIANT in str(row.get("raw") or row.get("text")) for row in rows)
        before = len(original.records[dataset])
        assert len(rows) == before - (dataset in datasets)
    [document] = extraction.records["documents"]
    assert document.total_budget_vnd == original.records["documents"][0].total_budget_vnd
    assert prepared.tables["budget_lines"].num_rows == len(extraction.records["budget_lines"])
