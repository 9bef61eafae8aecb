"""Golden facts of the five sample decisions, as read by hand in shared/SEED-FACTS.md."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.build.extract import Extraction

# (sample, field, expected) — every metadata fact of SEED-FACTS.md, absent ones included.
SEED_FACTS = [
    ("hung_yen", "doc_kind", "quyet_dinh"),
    ("hung_yen", "plan_kind", "chuong_trinh"),
    ("hung_yen", "decision_number", "3355/QĐ-UBND"),
    ("hung_yen", "issue_date", dt.date(2017, 12, 27)),
    ("hung_yen", "issue_place", "Hưng Yên"),
    ("hung_yen", "issuer", "Ủy ban nhân dân tỉnh Hưng Yên"),
    ("hung_yen", "province_name", "Hưng Yên"),
    ("hung_yen", "province_slug", "hung-yen"),
    ("hung_yen", "province_current", "Hưng Yên"),
    (
        "hung_yen",
        "title",
        "Phê duyệt Chương trình khuyến công địa phương tỉnh Hưng Yên đến năm 2020",
    ),
    # "đến năm 2020": the period starts with the first budget year, 2018 (README: periods).
    ("hung_yen", "period_start", 2018),
    ("hung_yen", "period_end", 2020),
    ("hung_yen", "signer_name", "Nguyễn Minh Quang"),
    ("hung_yen", "signer_title", "Phó Chủ tịch"),
    ("hung_yen", "signer_authority", "TM. Ủy ban nhân dân / KT. Chủ tịch"),
    ("an_giang", "doc_kind", "quyet_dinh"),
    ("an_giang", "decision_number", "2211/QĐ-UBND"),
    ("an_giang", "issue_date", dt.date(2016, 8, 3)),
    ("an_giang", "issue_place", "An Giang"),
    ("an_giang", "issuer", "Ủy ban nhân dân tỉnh An Giang"),
    ("an_giang", "province_slug", "an-giang"),
    ("an_giang", "province_current", "An Giang"),
    ("an_giang", "period_start", 2016),
    ("an_giang", "period_end", 2020),
    ("an_giang", "signer_name", "Lê Văn Nưng"),
    ("an_giang", "signer_title", "Phó Chủ tịch"),
    ("an_giang", "signer_authority", "KT. Chủ tịch"),
    ("binh_phuoc", "doc_kind", "chuong_trinh"),
    ("binh_phuoc", "decision_number", "2818/QĐ-UBND"),
    ("binh_phuoc", "issue_date", dt.date(2011, 12, 20)),
    ("binh_phuoc", "issue_place", None),
    ("binh_phuoc", "issuer", "Ủy ban nhân dân tỉnh Bình Phước"),
    ("binh_phuoc", "province_name", "Bình Phước"),
    ("binh_phuoc", "province_slug", "binh-phuoc"),
    ("binh_phuoc", "province_current", "Đồng Nai"),
    ("binh_phuoc", "period_start", 2011),
    ("binh_phuoc", "period_end", 2015),
    ("binh_phuoc", "signer_name", None),
    ("binh_phuoc", "signer_title", None),
    ("cao_bang", "doc_kind", "quyet_dinh"),
    ("cao_bang", "plan_kind", "ke_hoach"),
    ("cao_bang", "decision_number", "270/QĐ-UBND"),
    ("cao_bang", "issue_date", dt.date(2015, 2, 26)),
    ("cao_bang", "issue_place", "Cao Bằng"),
    ("cao_bang", "province_slug", "cao-bang"),
    ("cao_bang", "province_current", "Cao Bằng"),
    ("cao_bang", "title", "Phê duyệt Kế hoạch khuyến công tỉnh Cao Bằng giai đoạn 2016 - 2020"),
    ("cao_bang", "period_start", 2016),
    ("cao_bang", "period_end", 2020),
    ("cao_bang", "signer_name", "Đàm Văn Eng"),
    ("cao_bang", "signer_title", "Phó Chủ tịch"),
    ("dong_nai", "doc_kind", "ke_hoach"),
    ("dong_nai", "decision_number", None),
    ("dong_nai", "issue_date", None),
    ("dong_nai", "issuer", "Ủy ban nhân dân tỉnh Đồng Nai"),
    ("dong_nai", "province_slug", "dong-nai"),
    ("dong_nai", "province_current", "Đồng Nai"),
    ("dong_nai", "title", "KẾ HOẠCH Khuyến công tỉnh Đồng Nai năm 2018"),
    ("dong_nai", "period_start", 2018),
    ("dong_nai", "period_end", 2018),
    ("dong_nai", "signer_name", None),
]


@pytest.mark.parametrize(
    ("sample", "field", "expected"), SEED_FACTS, ids=[f"{s}-{f}" for s, f, _ in SEED_FACTS]
)
def test_seed_fact(
    sample_extractions: dict[str, Extraction], sample: str, field: str, expected: object
) -> None:
    document = sample_extractions[sample].records["documents"][0]
    assert getattr(document, field) == expected


@pytest.mark.parametrize(
    ("sample", "partition"),
    [
        ("hung_yen", ("hung-yen", "2018-2020")),
        ("an_giang", ("an-giang", "2016-2020")),
        ("binh_phuoc", ("binh-phuoc", "2011-2015")),
        ("cao_bang", ("cao-bang", "2016-2020")),
        ("dong_nai", ("dong-nai", "2018-2018")),
    ],
)
def test_partition(
    sample_extractions: dict[str, Extraction], sample: str, partition: tuple[str, str]
) -> None:
    extraction = sample_extractions[sample]
    assert (extraction.province, extraction.period) == partition


def test_absent_facts_are_reported(sample_extractions: dict[str, Extraction]) -> None:
    checks = {i.check for i in sample_extractions["dong_nai"].records["issues"]}
    assert {"decision_number_missing", "issue_date_missing"} <= checks


def test_garbled_signer_title_is_reported(sample_extractions: dict[str, Extraction]) -> None:
    issues = sample_extractions["hung_yen"].records["issues"]
    [issue] = [i for i in issues if i.check == "signer_title_unreadable"]
    assert issue.actual == "ĐIỀU CHỨC"
    assert issue.expected == "Phó Chủ tịch"


def test_period_inference_is_said(sample_extractions: dict[str, Extraction]) -> None:
    issues = sample_extractions["hung_yen"].records["issues"]
    [issue] = [i for i in issues if i.check == "period_start_inferred"]
    assert issue.severity == "info"
    assert issue.actual == "2018-2020"


def test_provenance_points_at_the_value(sample_extractions: dict[str, Extraction]) -> None:
    for extraction in sample_extractions.values():
        document = extraction.records["documents"][0]
        text = extraction.document.text  # type: ignore[union-attr]
        spans = {p.field: text[p.char_start : p.char_end] for p in document.provenance}
        if document.signer_name:
            assert spans["signer_name"] == document.signer_name
        if document.decision_number and "decision_number" in spans:
            assert spans["decision_number"].replace(" ", "") == document.decision_number.replace(
                " ", ""
            )
