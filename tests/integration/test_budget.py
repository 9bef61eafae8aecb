"""The ``budget`` dataset on the five samples (issue 14): what an analyst's sum gives.

The expected figures are read from the source texts by hand (/work/shared/SEED-FACTS.md), not
from qdx's output: Cao Bằng's Biểu tổng hợp and Biểu 02, Bình Phước's Điều 4 and 5, Hưng Yên's
prose and appendix, Đồng Nai's part IV, An Giang's Phần II.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from pipeline.build.extract import Extraction
from pipeline.kinds import BudgetBasis, FundingSource

from ..conftest import RAW_DIR, SAMPLES

BN = 1_000_000_000
M = 1_000_000
# 003 "1. Biểu tổng hợp kinh phí", row III "Tổng cộng 2 nguồn": 1.800 2.200 2.300 2.300 2.600.
CAO_BANG_BY_YEAR = {
    2016: 1_800 * M,
    2017: 2_200 * M,
    2018: 2_300 * M,
    2019: 2_300 * M,
    2020: 2_600 * M,
}


def _sums(extraction: Extraction, key: str) -> dict[object, int]:
    sums: dict[object, int] = defaultdict(int)
    for row in extraction.records["budget"]:
        sums[getattr(row, key)] += row.amount_vnd  # type: ignore[attr-defined]
    return dict(sums)


def test_cao_bang_by_year_and_source(sample_extractions: dict[str, Extraction]) -> None:
    # 003: "1. Biểu tổng hợp kinh phí" row III "Tổng cộng 2 nguồn" 1.800 … 2.600, and Biểu 02.
    cao_bang = sample_extractions["cao_bang"]
    assert _sums(cao_bang, "year") == CAO_BANG_BY_YEAR
    assert _sums(cao_bang, "funding_source") == {
        FundingSource.NATIONAL: 7_600 * M,
        FundingSource.LOCAL: 3_600 * M,
    }
    rows = cao_bang.records["budget"]
    assert {r.basis for r in rows} == {BudgetBasis.TABLE}  # type: ignore[attr-defined]
    assert not any(r.sources_disagree for r in rows)  # type: ignore[attr-defined]
    # Biểu 02 splits by content: "Nội dung 3: Hỗ trợ mô hình trình diễn kỹ thuật" 5.650.
    by_area = _sums(cao_bang, "content_area")
    assert by_area["mo_hinh_trinh_dien"] == 5_650 * M
    assert by_area["dao_tao_nghe"] == 1_030 * M


def test_binh_phuoc_by_source(sample_extractions: dict[str, Extraction]) -> None:
    # 002 Điều 5: "Kinh phí khuyến công quốc gia: 8,130 tỷ đồng; … địa phương: 9,130 tỷ đồng;
    # Nguồn khác …: 3,300 tỷ đồng", total 20,560 tỷ: the seven programmes of Điều 4 make it.
    binh_phuoc = sample_extractions["binh_phuoc"]
    assert _sums(binh_phuoc, "funding_source") == {
        FundingSource.NATIONAL: 8_130 * M,
        FundingSource.LOCAL: 9_130 * M,
        FundingSource.OTHER: 3_300 * M,
    }
    assert sum(_sums(binh_phuoc, "year").values()) == 20_560 * M
    # Programme 1 "Chương trình đào tạo nghề …": 1.260 triệu (QG 630, ĐP 630).
    assert _sums(binh_phuoc, "content_area")["dao_tao_nghe"] == 1_260 * M


def test_hung_yen_years_from_the_appendix(sample_extractions: dict[str, Extraction]) -> None:
    # 000: prose 2018 1.514, 2019 3.214, 2020 3.696 triệu; the appendix's columns give 2020
    # 3.646 (its rows; the total row lacks the column), and the appendix is the best source.
    hung_yen = sample_extractions["hung_yen"]
    assert _sums(hung_yen, "year") == {2018: 1_514 * M, 2019: 3_214 * M, 2020: 3_646 * M}
    rows = hung_yen.records["budget"]
    flagged = {r.year for r in rows if r.sources_disagree}  # type: ignore[attr-defined]
    assert flagged == {2020}
    mismatches = [i for i in hung_yen.records["issues"] if i.check == "prose_table_mismatch"]  # type: ignore[attr-defined]
    assert mismatches  # the disagreement itself stays in issues


def test_dong_nai_state_and_counterpart(sample_extractions: dict[str, Extraction]) -> None:
    # 004 IV: "sự nghiệp kinh tế khuyến công là: 45.547.000.000 đồng" (the province's budget),
    # "Kinh phí đối ứng … là 4.149.000.000 đồng"; objective c's "khoảng 4,1 tỷ đồng" is the
    # same counterpart money rounded, in an objective, and not counted again.
    dong_nai = sample_extractions["dong_nai"]
    assert _sums(dong_nai, "funding_source") == {
        FundingSource.LOCAL: 45_547 * M,
        FundingSource.COUNTERPART: 4_149 * M,
    }


def test_an_giang_three_sources(sample_extractions: dict[str, Extraction]) -> None:
    # 001 Phần II: "73,44 tỷ đồng, trong đó … quốc gia 6 tỷ đồng, vốn đối ứng … 38,09 tỷ đồng,
    # ngân sách tỉnh 29,35 tỷ"; Phần I's 2013-2015 execution (44.993/138.529) is no plan money.
    an_giang = sample_extractions["an_giang"]
    assert _sums(an_giang, "funding_source") == {
        FundingSource.NATIONAL: 6 * BN,
        FundingSource.COUNTERPART: 38_090 * M,
        FundingSource.LOCAL: 29_350 * M,
    }


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_one_row_per_year_source_and_item(
    sample_extractions: dict[str, Extraction], sample: str
) -> None:
    # the key of a budget row: a cell of the document's budget is one row, never two
    rows = sample_extractions[sample].records["budget"]
    keys = [(r.year, r.funding_source, r.item) for r in rows]  # type: ignore[attr-defined]
    assert rows and len(keys) == len(set(keys))
    # Cao Bằng's Biểu 02 splits by content: each row knows its item and its ND45 area
    if sample == "cao_bang":
        assert all(r.item and r.content_area for r in rows)  # type: ignore[attr-defined]


def test_budget_lines_mark_groups_and_roles(sample_extractions: dict[str, Extraction]) -> None:
    lines = sample_extractions["cao_bang"].records["budget_lines"]
    group = [b for b in lines if b.table_id == "tbl01" and b.row_label == "I"]  # type: ignore[attr-defined]
    # "I. Khuyến công quốc gia" sums its rows 1-3; they add into it.
    assert group and all(b.is_group for b in group)  # type: ignore[attr-defined]
    children = {b.row_id for b in lines if b.parent_row_id == group[0].row_id}  # type: ignore[attr-defined]
    assert children == {"tbl01.r001", "tbl01.r002", "tbl01.r003"}
    # 001 Phần I: "thực hiện đạt thấp (32%/KH: 44.993/138.529 triệu đồng)": done of planned.
    ratio = {
        b.raw: b  # type: ignore[attr-defined]
        for b in sample_extractions["an_giang"].records["budget_lines"]
        if b.raw in ("44.993", "138.529 triệu đồng", "800", "10.335 triệu đồng")  # type: ignore[attr-defined]
    }
    assert [ratio[r].role for r in ("44.993", "800")] == ["executed", "executed"]
    assert ratio["138.529 triệu đồng"].role != "executed"
    assert not ratio["44.993"].is_total


_QUERY = """
select province, year, funding_source, sum(amount_vnd) as amount
from read_parquet('{glob}', hive_partitioning = true)
group by all
"""


def _ingest_sums(raw: Path, out: Path) -> dict[str, int]:
    assert main(["ingest", str(raw), "--out", str(out), "--no-prefect"]) == 0
    glob = (out / "budget" / "**" / "*.parquet").as_posix()
    totals: dict[str, int] = defaultdict(int)
    for province, _year, _source, amount in duckdb.sql(_QUERY.format(glob=glob)).fetchall():
        totals[province] += amount
    return dict(totals)


EXPECTED_BY_PROVINCE = {
    "hung-yen": 8_374 * M,
    "an-giang": 73_440 * M,
    "binh-phuoc": 20_560 * M,
    "cao-bang": 11_200 * M,
    "dong-nai": 49_696 * M,  # 45.547 + 4.149
}


def test_duckdb_sum_over_an_ingest(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    out = tmp_path / "out"
    assert _ingest_sums(raw, out) == EXPECTED_BY_PROVINCE
    glob = (out / "budget" / "**" / "*.parquet").as_posix()
    by_year = dict(
        duckdb.sql(
            f"select year, sum(amount_vnd) from read_parquet('{glob}', hive_partitioning = true) "
            "where province = 'cao-bang' group by all"
        ).fetchall()
    )
    assert by_year == {
        2016: 1_800 * M,
        2017: 2_200 * M,
        2018: 2_300 * M,
        2019: 2_300 * M,
        2020: 2_600 * M,
    }


@pytest.mark.parametrize("sample", ["cao_bang", "binh_phuoc"])
def test_a_duplicate_adds_nothing_and_counts_again_alone(tmp_path: Path, sample: str) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    name = SAMPLES[sample]
    shutil.copy(raw / name, raw / f"zz_copy_of_{name}")  # after the original by doc_id
    out = tmp_path / "out"
    assert _ingest_sums(raw, out) == EXPECTED_BY_PROVINCE
    # The original gone, the copy is no duplicate any more: its budget rows are back.
    (raw / name).unlink()
    assert _ingest_sums(raw, out) == EXPECTED_BY_PROVINCE
