"""Golden facts of the five samples beyond metadata: structure, objectives, content lines,
budget figures, legal references and the source errors that must be reported
(shared/SEED-FACTS.md)."""

from __future__ import annotations

from collections import Counter

import pytest

from pipeline.build.extract import Extraction


def _rows(extraction: Extraction, dataset: str) -> list:
    return list(extraction.records[dataset])


def _checks(extraction: Extraction, severity: str | None = None) -> Counter[str]:
    return Counter(
        i.check for i in _rows(extraction, "issues") if severity is None or i.severity == severity
    )


TOTAL_BUDGET = [
    ("hung_yen", 8_374_000_000),
    ("cao_bang", 11_200_000_000),
    ("an_giang", 73_440_000_000),
    ("binh_phuoc", 20_560_000_000),
    ("dong_nai", 45_547_000_000),
]


@pytest.mark.parametrize(("sample", "total"), TOTAL_BUDGET)
def test_total_budget(sample_extractions: dict[str, Extraction], sample: str, total: int) -> None:
    assert sample_extractions[sample].records["documents"][0].total_budget_vnd == total


OBJECTIVES = [
    ("hung_yen", {"general": ["a", "b", "c"], "specific": ["a", "b", "c", "d"]}),
    ("dong_nai", {"general": ["a", "b", "c", "d"], "specific": ["a", "b", "c"]}),
]


@pytest.mark.parametrize(("sample", "expected"), OBJECTIVES)
def test_objectives(
    sample_extractions: dict[str, Extraction], sample: str, expected: dict[str, list[str]]
) -> None:
    by_kind: dict[str, list[str]] = {}
    for objective in _rows(sample_extractions[sample], "objectives"):
        by_kind.setdefault(objective.kind, []).append(objective.label)
    assert by_kind == expected


CONTENT_LINES = [
    ("hung_yen", [str(i) for i in range(1, 9)]),
    ("dong_nai", [str(i) for i in range(1, 10)]),
    ("cao_bang", [str(i) for i in range(1, 9)]),
    ("binh_phuoc", [str(i) for i in range(1, 8)]),
]


@pytest.mark.parametrize(("sample", "labels"), CONTENT_LINES)
def test_content_lines(
    sample_extractions: dict[str, Extraction], sample: str, labels: list[str]
) -> None:
    lines = _rows(sample_extractions[sample], "content_lines")
    assert [line.label for line in lines] == labels
    assert lines[0].category == "dao_tao_nghe"
    assert all(line.category != "other" for line in lines)


def test_hung_yen_targets(sample_extractions: dict[str, Extraction]) -> None:
    targets = _rows(sample_extractions["hung_yen"], "targets")
    found = {(t.text, t.qualifier, t.unit) for t in targets}
    assert ("khoảng 420 lao động", "about", "lao động") in found
    assert ("12 lớp", "exact", "lớp") in found
    assert ("tối thiểu 02 cụm công nghiệp", "at_least", "cụm công nghiệp") in found


def test_dong_nai_targets(sample_extractions: dict[str, Extraction]) -> None:
    targets = _rows(sample_extractions["dong_nai"], "targets")
    [ranged] = [t for t in targets if t.text == "từ 150 đến 170 mẫu sản phẩm"]
    assert (ranged.value, ranged.value_max) == (150, 170)
    [money] = [t for t in targets if t.amount_vnd is not None]
    assert (money.amount_vnd, money.qualifier) == (4_100_000_000, "about")


def _prose(extraction: Extraction) -> list[tuple[str, int | None, str, int | None, bool]]:
    return [
        (b.funding_source, b.year, b.row_label, b.amount_vnd, b.is_total)
        for b in _rows(extraction, "budget_lines")
        if b.table_id is None and b.scope == "plan" and b.per is None  # no rate ("… tỷ đồng/năm")
    ]


def test_hung_yen_prose_budget(sample_extractions: dict[str, Extraction]) -> None:
    assert _prose(sample_extractions["hung_yen"]) == [
        ("total", None, None, 8_374_000_000, True),
        ("total", 2018, None, 1_514_000_000, False),
        ("total", 2019, None, 3_214_000_000, False),
        ("total", 2020, None, 3_696_000_000, False),
    ]


def test_an_giang_prose_budget(sample_extractions: dict[str, Extraction]) -> None:
    assert [(s, a) for s, _, _, a, _ in _prose(sample_extractions["an_giang"])] == [
        ("total", 73_440_000_000),
        ("national", 6_000_000_000),
        ("counterpart", 38_090_000_000),
        ("local", 29_350_000_000),
    ]


BINH_PHUOC_PROGRAMMES = {
    "1": {"total": 1260, "national": 630, "local": 630},
    "2": {"total": 500, "local": 300, "other": 200},
    "3": {"total": 4740, "national": 2250, "local": 2370, "other": 120},
    "4": {"total": 7500, "national": 1000, "local": 4150, "other": 2350},
    "5": {"total": 1640, "local": 1140, "other": 500},
    "6": {"total": 4410, "local": 230, "national": 4050, "other": 130},
    "7": {"total": 510, "local": 310, "national": 200},
}


def test_binh_phuoc_programmes(sample_extractions: dict[str, Extraction]) -> None:
    programmes: dict[str, dict[str, int]] = {}
    overall: dict[str, int] = {}
    for source, _, label, amount, _ in _prose(sample_extractions["binh_phuoc"]):
        assert amount is not None
        target = programmes.setdefault(label, {}) if label in BINH_PHUOC_PROGRAMMES else overall
        target[source] = amount // 1_000_000
    assert programmes == BINH_PHUOC_PROGRAMMES
    assert overall == {"total": 20560, "national": 8130, "local": 9130, "other": 3300}


def test_dong_nai_state_and_counterpart(sample_extractions: dict[str, Extraction]) -> None:
    rows = [(s, a) for s, _, _, a, _ in _prose(sample_extractions["dong_nai"])]
    assert ("local", 45_547_000_000) in rows
    assert ("counterpart", 4_149_000_000) in rows


def test_cao_bang_review_figure(sample_extractions: dict[str, Extraction]) -> None:
    [state] = [
        b
        for b in _rows(sample_extractions["cao_bang"], "budget_lines")
        if b.funding_source == "state"
    ]
    assert (state.scope, state.raw, state.amount_vnd) == (
        "review",
        "7.763,445 triệu đồng",
        7_763_445_000,
    )


LEGAL_BASES = [
    (
        "hung_yen",
        [
            "Luật Tổ chức chính quyền địa phương",
            "45/2012/NĐ-CP",
            "1288/QĐ-TTg",
            "46/2012/TT-BCT",
            "26/2014/TTLT-BTC-BCT",
            "19/2014/QĐ-UBND",
        ],
        ["1318/TTr-SCT"],
    ),
    (
        "an_giang",
        ["Luật Tổ chức chính quyền địa phương", "45/2012/NĐ-CP", "1288/QĐ-TTg", "43/2015/QĐ-UBND"],
        ["1360/TTr-SCT"],
    ),
    (
        "dong_nai",
        ["45/2012/NĐ-CP", "44/2014/QĐ-UBND", "59/2015/QĐ-UBND", "841/QĐ-UBND"],
        ["1487/TTr-SCT"],
    ),
]


@pytest.mark.parametrize(("sample", "bases", "proposals"), LEGAL_BASES)
def test_legal_bases(
    sample_extractions: dict[str, Extraction], sample: str, bases: list[str], proposals: list[str]
) -> None:
    refs = _rows(sample_extractions[sample], "legal_refs")
    assert [r.ref_number or r.ref_title for r in refs if r.relation == "can_cu"] == bases
    assert [r.ref_number for r in refs if r.relation == "de_nghi"] == proposals


def test_an_giang_replaces_1666(sample_extractions: dict[str, Extraction]) -> None:
    refs = _rows(sample_extractions["an_giang"], "legal_refs")
    [replaced] = [r for r in refs if r.relation == "thay_the"]
    assert (replaced.ref_number, str(replaced.ref_date)) == ("1666/QĐ-UBND", "2013-07-31")


# -- the source errors SEED-FACTS.md says qdx must report, and no false alarm -----------------


def test_hung_yen_years_do_not_add_up(sample_extractions: dict[str, Extraction]) -> None:
    [issue] = [
        i for i in _rows(sample_extractions["hung_yen"], "issues") if i.check == "prose_years_sum"
    ]
    assert (issue.severity, issue.expected, issue.actual) == ("error", "8374000000", "8424000000")


def test_hung_yen_annex_numbers(sample_extractions: dict[str, Extraction]) -> None:
    issues = [
        i
        for i in _rows(sample_extractions["hung_yen"], "issues")
        if i.check == "annex_decision_mismatch"
    ]
    assert [i.actual for i in issues] == [
        "33/QĐ-UBND ngày 29/11/2017",
        "335/QĐ-UBND ngày 25/07/2017",
    ]
    assert {i.expected for i in issues} == {"3355/QĐ-UBND ngày 27/12/2017"}


def test_an_giang_missing_appendix(sample_extractions: dict[str, Extraction]) -> None:
    issues = [
        i for i in _rows(sample_extractions["an_giang"], "issues") if i.check == "appendix_missing"
    ]
    assert [i.actual for i in issues] == ["Phụ lục số 02"]


def test_cao_bang_citations(sample_extractions: dict[str, Extraction]) -> None:
    checks = _checks(sample_extractions["cao_bang"])
    assert checks["ref_number_date_mismatch"] >= 1
    assert checks["citation_blank_fields"] == 2


def test_dong_nai_digits_and_words_agree(sample_extractions: dict[str, Extraction]) -> None:
    assert _checks(sample_extractions["dong_nai"])["digits_words_mismatch"] == 0


@pytest.mark.parametrize("sample", ["binh_phuoc", "an_giang", "dong_nai"])
def test_consistent_budgets_get_no_budget_error(
    sample_extractions: dict[str, Extraction], sample: str
) -> None:
    assert not _checks(sample_extractions[sample], "error")


def test_cao_bang_prose_against_table(sample_extractions: dict[str, Extraction]) -> None:
    [issue] = [
        i
        for i in _rows(sample_extractions["cao_bang"], "issues")
        if i.check == "prose_table_mismatch"
    ]
    assert (issue.expected, issue.actual) == ("7763455000", "7763445000")


def test_cao_bang_bieu_01_learners(sample_extractions: dict[str, Extraction]) -> None:
    [issue] = [i for i in _rows(sample_extractions["cao_bang"], "issues") if i.check == "row_sum"]
    assert (issue.expected, issue.actual) == ("65", "100")
    assert "II.2" in issue.message


def test_hung_yen_appendix_against_prose(sample_extractions: dict[str, Extraction]) -> None:
    issues = _rows(sample_extractions["hung_yen"], "issues")
    [mismatch] = [i for i in issues if i.check == "prose_table_mismatch"]
    assert (mismatch.expected, mismatch.actual) == ("3646000000", "3696000000")
    [missing] = [i for i in issues if i.check == "total_row_missing_cell"]
    assert "2020" in missing.message


def test_hung_yen_appendix_sections(sample_extractions: dict[str, Extraction]) -> None:
    section_totals = {
        b.row_label: b.amount_vnd // 1_000_000
        for b in _rows(sample_extractions["hung_yen"], "budget_lines")
        if b.table_id is not None
        and b.measure == "amount"
        and b.year is None
        and b.parent_row_label is None
        and b.row_label
    }
    assert section_totals == {
        "I": 504,
        "II": 300,
        "III": 3750,
        "IV": 380,
        "V": 150,
        "VI": 90,
        "VII": 3040,
        "VIII": 160,
    }


def test_cao_bang_bieu_02_in_budget_lines(sample_extractions: dict[str, Extraction]) -> None:
    lines = [
        b
        for b in _rows(sample_extractions["cao_bang"], "budget_lines")
        if b.table_id is not None
        and b.scope == "plan"
        and b.year is not None
        and b.row_label in {str(i) for i in range(1, 9)}
        and b.parent_row_label is None
        and b.funding_source in ("national", "local")
    ]
    by_year: dict[tuple[int, str], int] = {}
    for b in lines:
        by_year[(b.year, b.funding_source)] = (
            by_year.get((b.year, b.funding_source), 0) + b.amount_vnd
        )
    assert by_year[(2016, "national")] == 1_200_000_000
    assert by_year[(2020, "local")] == 900_000_000
    assert sum(by_year.values()) == 11_200_000_000


def test_an_giang_review_execution(sample_extractions: dict[str, Extraction]) -> None:
    review = [
        (b.raw, b.amount_vnd)
        for b in _rows(sample_extractions["an_giang"], "budget_lines")
        if b.scope == "review"
    ]
    # "(32%/KH: 44.993/138.529 triệu đồng)": done against planned, in million đồng.
    assert ("44.993", 44_993_000_000) in review
    assert ("138.529 triệu đồng", 138_529_000_000) in review
