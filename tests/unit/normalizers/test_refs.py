"""Tests for normalizers.refs: document numbers and legal references.

Case lists come from the sample decisions in data/raw (ids show the Vietnamese input as printed).
"""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalizers.refs import (
    LegalRef,
    RefType,
    Relation,
    find_legal_refs,
    issuer_from_number,
    normalize_decision_number,
    number_year_mismatch,
    ref_type_from_number,
)

from ...conftest import RAW_DIR as RAW
from ...conftest import SAMPLES

HUNG_YEN, AN_GIANG, BINH_PHUOC, CAO_BANG, DONG_NAI = (
    SAMPLES[name] for name in ("hung_yen", "an_giang", "binh_phuoc", "cao_bang", "dong_nai")
)
ALL_FILES = sorted(p.name for p in RAW.glob("*.txt"))


@cache
def _text(name: str) -> str:
    return (RAW / name).read_text(encoding="utf-8")


@cache
def _refs(name: str) -> tuple[LegalRef, ...]:
    return tuple(find_legal_refs(_text(name)))


def _key(ref: LegalRef) -> str | None:
    return ref.number or ref.title


def _by_relation(name: str, relation: Relation) -> dict[str | None, dt.date | None]:
    return {_key(r): r.ref_date for r in _refs(name) if r.relation is relation}


# ------------------------------------------------------------------ numbers

NUMBERS = [
    ("270/QĐ - UBND", "270/QĐ-UBND"),
    ("270 /QĐ-UBND", "270/QĐ-UBND"),
    ("Số: 3355/QĐ-UBND", "3355/QĐ-UBND"),
    ("Số:\n2211/QĐ-UBND", "2211/QĐ-UBND"),
    ("số 45/2012/NĐ-CP", "45/2012/NĐ-CP"),
    ("26/2014/TTLT-BTC - BCT", "26/2014/TTLT-BTC-BCT"),
    ("26/2014/TTLT–BTC—BCT", "26/2014/TTLT-BTC-BCT"),
    ("1318/TTr-SCT", "1318/TTr-SCT"),
    ("1318/TTR-SCT", "1318/TTr-SCT"),
    ("1288/QĐ-TTg", "1288/QĐ-TTg"),
    ("1288/qđ-ttg", "1288/QĐ-TTg"),
    ("42a/STC-HCSN", "42a/STC-HCSN"),
    ("11067/UBND-KT", "11067/UBND-KT"),
    ("19-NQ/TW", "19-NQ/TW"),
    ("2818/QÐ-UBND", "2818/QĐ-UBND"),  # Icelandic eth look-alike
    ("46/2012/TT-BCT;", "46/2012/TT-BCT"),
    ("Quye\u0302\u0301t 1/QĐ-UBND", None),
    ("/QĐ-UBND", None),
    ("270/QĐ-", None),
    ("270/", None),
    ("270/2015", None),
    ("QĐ-UBND", None),
    ("", None),
]


@pytest.mark.parametrize(("raw", "expected"), NUMBERS, ids=[raw for raw, _ in NUMBERS])
def test_normalize_decision_number(raw: str, expected: str | None) -> None:
    assert normalize_decision_number(raw) == expected


def test_normalize_decision_number_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Số: 45/2012/NĐ-CP")
    assert normalize_decision_number(decomposed) == "45/2012/NĐ-CP"


NUMBER_PIECES = st.sampled_from(
    ["Số:", "số ", "270", "42a", "2014", "/", " / ", "-", " - ", "–", "QĐ", "qđ", "TTr", "ttg",
     "UBND", "TTLT", "BTC", "Ð", " ", "\n", ".", ",", "ǰ", "ß", "ﬁ"]
)  # fmt: skip
NUMBERISH = st.lists(NUMBER_PIECES, max_size=12).map("".join)


@given(st.one_of(NUMBERISH, st.text()))
def test_normalize_decision_number_is_idempotent(raw: str) -> None:
    once = normalize_decision_number(raw)
    if once is not None:
        assert normalize_decision_number(once) == once


@pytest.mark.parametrize(
    ("number", "ref_type", "issuer"),
    [
        ("45/2012/NĐ-CP", RefType.nghi_dinh, "Chính phủ"),
        ("1288/QĐ-TTg", RefType.quyet_dinh, "Thủ tướng Chính phủ"),
        ("46/2012/TT-BCT", RefType.thong_tu, "Bộ Công Thương"),
        ("26/2014/TTLT-BTC-BCT", RefType.thong_tu_lien_tich, "Bộ Tài chính - Bộ Công Thương"),
        ("19/2014/QĐ-UBND", RefType.quyet_dinh, "UBND tỉnh"),
        ("31/2008/NQ-HĐND", RefType.nghi_quyet, "HĐND tỉnh"),
        ("1318/TTr-SCT", RefType.to_trinh, "Sở Công Thương"),
        ("11067/UBND-KT", None, "UBND tỉnh"),
        ("42a/STC-HCSN", None, "Sở Tài chính"),
        ("80/2015/QH13", None, "Quốc hội"),
        ("19-NQ/TW", RefType.nghi_quyet, None),
        ("/QĐ-UBND", None, None),
    ],
)
def test_number_codes(number: str, ref_type: RefType | None, issuer: str | None) -> None:
    assert ref_type_from_number(number) == ref_type
    assert issuer_from_number(number) == issuer


# ---------------------------------------------------------- single citations

CITATIONS = [
    (
        "Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ",
        RefType.nghi_dinh, "45/2012/NĐ-CP", dt.date(2012, 5, 21), "Chính phủ",
    ),
    (
        "Nghị định số 45/2012/NĐ-CP ngày 21\ntháng 5 năm 2012 của Chính phủ",
        RefType.nghi_dinh, "45/2012/NĐ-CP", dt.date(2012, 5, 21), "Chính phủ",
    ),
    (
        "Nghị định số 45/2012/NĐ-CP, ngày 21 tháng 5 năm 2012 của Chính phủ về khuyến công",
        RefType.nghi_dinh, "45/2012/NĐ-CP", dt.date(2012, 5, 21), "Chính phủ",
    ),
    (
        "Thông tư liên tịch số 26/2014/TTLT-BTC - BCT ngày 18 tháng 02 năm 2014",
        RefType.thong_tu_lien_tich, "26/2014/TTLT-BTC-BCT", dt.date(2014, 2, 18),
        "Bộ Tài chính - Bộ Công Thương",
    ),
    (
        "Thông tư Liên tịch số 125/2009/TTLT-BTC-BCT ngày 17/6/2009 của Bộ Tài chính và Bộ Công"
        " Thương quy định",
        RefType.thong_tu_lien_tich, "125/2009/TTLT-BTC-BCT", dt.date(2009, 6, 17),
        "Bộ Tài chính và Bộ Công Thương",
    ),
    (
        "Quyết định số: 2818/QĐ-UBND Ngày 20 tháng 12 năm 2011",
        RefType.quyet_dinh, "2818/QĐ-UBND", dt.date(2011, 12, 20), "UBND tỉnh",
    ),
    (
        "Quyết định số: 270 /QĐ-UBND ngày 26 tháng 02 năm\n2015 của Ủy ban nhân dân tỉnh"
        " Cao Bằng).",
        RefType.quyet_dinh, "270/QĐ-UBND", dt.date(2015, 2, 26), "Ủy ban nhân dân tỉnh Cao Bằng",
    ),
    (
        "Quyết định số 1288/QĐ-TTg ngày 01/8/2014 của Thủ tướng Chính phủ phê duyệt",
        RefType.quyet_dinh, "1288/QĐ-TTg", dt.date(2014, 8, 1), "Thủ tướng Chính phủ",
    ),
    (
        "Quyết định số 19/2014/QĐ-UBND ngày 21/11/2014 của UBND tỉnh Hưng Yên về việc",
        RefType.quyet_dinh, "19/2014/QĐ-UBND", dt.date(2014, 11, 21), "UBND tỉnh Hưng Yên",
    ),
    (
        "Quyết định số 43/2015/QĐ-UBND ngày 28\ntháng 12 năm 2015 của Ủy ban nhân dân tỉnh"
        " An Giang,",
        RefType.quyet_dinh, "43/2015/QĐ-UBND", dt.date(2015, 12, 28),
        "Ủy ban nhân dân tỉnh An Giang",
    ),
    (
        "Tờ trình số 1318/TTr-SCT ngày 18/8/2017,",
        RefType.to_trinh, "1318/TTr-SCT", dt.date(2017, 8, 18), "Sở Công Thương",
    ),
    (
        "Văn bản số 42a/STC-HCSN",
        RefType.van_ban, "42a/STC-HCSN", None, "Sở Tài chính",
    ),
    (
        "Nghị quyết số 31/2008/NQ-HĐND",
        RefType.nghi_quyet, "31/2008/NQ-HĐND", None, "HĐND tỉnh",
    ),
    (
        "Nghị quyết số 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương khóa XII về",
        RefType.nghi_quyet, "19-NQ/TW", dt.date(2017, 10, 25),
        "Ban Chấp hành Trung ương khóa XII",
    ),
    (
        "Công văn số 11067/UBND-KT ngày 26/10/2017",
        RefType.cong_van, "11067/UBND-KT", dt.date(2017, 10, 26), "UBND tỉnh",
    ),
    (
        "Nghị định 66/2006/NĐ-CP ngày 07 tháng\n7 năm 2006 của Chính phủ.",
        RefType.nghi_dinh, "66/2006/NĐ-CP", dt.date(2006, 7, 7), "Chính phủ",
    ),
    (
        "Quyết định số\n1956/QĐ-TTg ngày 27 tháng 11 năm 2009 của Thủ Tướng Chính phủ.",
        RefType.quyet_dinh, "1956/QĐ-TTg", dt.date(2009, 11, 27), "Thủ Tướng Chính phủ",
    ),
    (
        "Quyết định số 525/QĐ-STC ngày 12/12/2017 của Sở Tài chính về việc",
        RefType.quyet_dinh, "525/QĐ-STC", dt.date(2017, 12, 12), "Sở Tài chính",
    ),
    (
        "Chỉ thị số 12/CT-UBND ngày 5/3/2016",
        RefType.chi_thi, "12/CT-UBND", dt.date(2016, 3, 5), "UBND tỉnh",
    ),
    (
        "Kế hoạch số 101/KH-UBND ngày 5/3/2016",
        RefType.ke_hoach, "101/KH-UBND", dt.date(2016, 3, 5), "UBND tỉnh",
    ),
    (
        "Thông báo số 7/TB-UBND ngày 5/3/2016",
        RefType.thong_bao, "7/TB-UBND", dt.date(2016, 3, 5), "UBND tỉnh",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "ref_type", "number", "ref_date", "issuer"), CITATIONS, ids=[c[0] for c in CITATIONS]
)
def test_single_citation(
    raw: str, ref_type: RefType, number: str, ref_date: dt.date | None, issuer: str
) -> None:
    [ref] = find_legal_refs(raw)
    assert (ref.ref_type, ref.number, ref.ref_date, ref.issuer) == (
        ref_type,
        number,
        ref_date,
        issuer,
    )
    assert ref.start == 0
    assert ref.title is None
    assert not ref.is_incomplete


LAWS = [
    (
        "Luật Tổ chức chính quyền địa phương ngày 19/06/2015;",
        "Luật Tổ chức chính quyền địa phương", dt.date(2015, 6, 19),
    ),
    (
        "Luật Tổ chức chính quyền địa phương\nngày 19 tháng 6 năm 2015;",
        "Luật Tổ chức chính quyền địa phương", dt.date(2015, 6, 19),
    ),
    (
        "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003;",
        "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân", dt.date(2003, 11, 26),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "title", "ref_date"), LAWS, ids=[c[0] for c in LAWS])
def test_law_cited_by_name(raw: str, title: str, ref_date: dt.date) -> None:
    [ref] = find_legal_refs(raw)
    assert (ref.ref_type, ref.number, ref.title, ref.ref_date) == (
        RefType.luat,
        None,
        title,
        ref_date,
    )
    assert not ref.is_incomplete


def test_law_cited_by_number() -> None:
    [ref] = find_legal_refs("Luật Ngân sách nhà nước số 83/2015/QH13 ngày 25/6/2015;")
    assert (ref.ref_type, ref.number, ref.title, ref.issuer) == (
        RefType.luat,
        "83/2015/QH13",
        "Luật Ngân sách nhà nước",
        "Quốc hội",
    )


def test_laws_named_in_prose_an_giang() -> None:
    """A law by name only is a reference too, mentioned (issue 13): An Giang's review."""
    refs = find_legal_refs("khai Luật Đầu tư, Luật Doanh nghiệp hơn 500 lượt đại biểu tham dự.")
    assert [(r.title, r.number, r.relation) for r in refs] == [
        ("Luật Đầu tư", None, Relation.mentioned),
        ("Luật Doanh nghiệp", None, Relation.mentioned),
    ]


def test_law_name_longer_than_a_known_one_binh_phuoc() -> None:
    """ "Luật Doanh nghiệp nhà nước" is no "Luật Doanh nghiệp": a known name ends only before a
    boundary, a capital or a stop word; undated and unknown, it is no reference."""
    text = "a) Doanh nghiệp nhỏ và vừa thành lập, hoạt động theo Luật Doanh nghiệp nhà nước;"
    assert find_legal_refs(text) == []


@pytest.mark.parametrize(
    "raw",
    [
        "QUYẾT ĐỊNH:",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Kế hoạch và Đầu tư",
        "các văn bản hướng dẫn thi hành",
    ],
)
def test_not_a_citation(raw: str) -> None:
    assert find_legal_refs(raw) == []


INCOMPLETE = [
    ("Quyết định số: /QĐ-UBND ngày tháng 02 năm 2015", None, "ngày tháng 02 năm 2015"),
    ("Quyết định số: /QĐ-UBND ngày tháng năm 2015", None, "ngày tháng năm 2015"),
    ("Quyết định số …/QĐ-UBND ngày …/…/2015", None, None),
    ("Quyết định số 270/QĐ-UBND ngày   tháng 02 năm 2015", "270/QĐ-UBND", "ngày tháng 02 năm 2015"),
]


@pytest.mark.parametrize(("raw", "number", "date_raw"), INCOMPLETE, ids=[c[0] for c in INCOMPLETE])
def test_blank_fields_are_incomplete(raw: str, number: str | None, date_raw: str | None) -> None:
    [ref] = find_legal_refs(raw)
    assert ref.is_incomplete
    assert ref.ref_type is RefType.quyet_dinh
    assert ref.number == number
    assert ref.date_raw == date_raw
    assert ref.ref_date is None


@pytest.mark.parametrize(
    ("raw", "ref_date"),
    [
        ("Quyết định số 1/QĐ-UBND ngày 31/02/2015", None),  # no such day
        ("Quyết định số 1/QĐ-UBND ngày 1.2.2015", dt.date(2015, 2, 1)),
        ("Quyết định số 1/QĐ-UBND ngày 01 - 02 - 2015", dt.date(2015, 2, 1)),
    ],
)
def test_date_forms(raw: str, ref_date: dt.date | None) -> None:
    [ref] = find_legal_refs(raw)
    assert ref.ref_date == ref_date


# ---------------------------------------------------------------- relations

RELATIONS = [
    ("Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ;", Relation.can_cu),
    ("Căn cứ vào Quyết định số 1288/QĐ-TTg ngày 01/8/2014;", Relation.can_cu),
    ("Xét đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 1318/TTr-SCT", Relation.de_nghi),
    ("Theo đề nghị của Giám đốc Sở Công Thương tại\nTờ trình số 1360/TTr-SCT", Relation.de_nghi),
    ("Xét Tờ trình số 1487/TTr-SCT ngày 02/5/2018 của Sở Công Thương,", Relation.de_nghi),
    ("Quyết định này có hiệu lực kể từ ngày ký. Thay thế Quyết định\nsố 1666/QĐ-UBND ngày 31"
     " tháng 7 năm 2013.", Relation.thay_the),
    ("Quyết định này thay thế Quyết định số 1666/QĐ-UBND.", Relation.thay_the),
    ("(Ban hành kèm theo Quyết định số 33/QĐ-UBND ngày 29/11/2017 của UBND tỉnh)",
     Relation.mentioned),
    ("Thực hiện Quyết định số 1288/QĐ-TTg ngày 01/8/2014.", Relation.mentioned),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "relation"), RELATIONS, ids=[c[0] for c in RELATIONS])
def test_relation(raw: str, relation: Relation) -> None:
    [ref] = find_legal_refs(raw)
    assert ref.relation is relation


def test_only_the_head_of_a_can_cu_clause_is_a_legal_basis() -> None:
    text = (
        "Căn cứ Thông tư số 46/2012/TT-BCT ngày 28/12/2012 của Bộ Công Thương quy định chi tiết"
        " một số nội dung của Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ;"
    )
    assert [r.relation for r in find_legal_refs(text)] == [Relation.can_cu, Relation.mentioned]


def test_can_cu_list_continues_after_semicolon() -> None:
    text = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật Ngân sách nhà"
        " nước ngày 25 tháng 6 năm 2015;\n\nXét Tờ trình số 1/TTr-SCT;\nQuyết định số 2/QĐ-UBND;"
    )
    assert [r.relation for r in find_legal_refs(text)] == [
        Relation.can_cu,
        Relation.can_cu,
        Relation.de_nghi,
        Relation.mentioned,
    ]


# -------------------------------------------------- the real sample decisions

SAMPLE_DECISIONS = [
    pytest.param(HUNG_YEN, Relation.can_cu, {
        "Luật Tổ chức chính quyền địa phương": dt.date(2015, 6, 19),
        "45/2012/NĐ-CP": dt.date(2012, 5, 21),
        "1288/QĐ-TTg": dt.date(2014, 8, 1),
        "46/2012/TT-BCT": dt.date(2012, 12, 28),
        "26/2014/TTLT-BTC-BCT": dt.date(2014, 2, 18),
        "19/2014/QĐ-UBND": dt.date(2014, 11, 21),
    }, id="Hưng Yên: Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/06/2015; …"),
    pytest.param(HUNG_YEN, Relation.de_nghi, {
        "1318/TTr-SCT": dt.date(2017, 8, 18),
    }, id="Hưng Yên: Xét đề nghị của Giám đốc Sở Công Thương tại Tờ trình số 1318/TTr-SCT"),
    pytest.param(AN_GIANG, Relation.can_cu, {
        "Luật Tổ chức chính quyền địa phương": dt.date(2015, 6, 19),
        "45/2012/NĐ-CP": dt.date(2012, 5, 21),
        "1288/QĐ-TTg": dt.date(2014, 8, 1),
        "43/2015/QĐ-UBND": dt.date(2015, 12, 28),
    }, id="An Giang: Căn cứ Luật Tổ chức chính quyền địa phương\\nngày 19 tháng 6 năm 2015; …"),
    pytest.param(AN_GIANG, Relation.de_nghi, {
        "1360/TTr-SCT": dt.date(2016, 7, 20),
    }, id="An Giang: Theo đề nghị của Giám đốc Sở Công Thương tại\\nTờ trình số 1360/TTr-SCT"),
    pytest.param(AN_GIANG, Relation.thay_the, {
        "1666/QĐ-UBND": dt.date(2013, 7, 31),
    }, id="An Giang: Thay thế Quyết định\\nsố 1666/QĐ-UBND ngày 31 tháng 7 năm 2013"),
    pytest.param(CAO_BANG, Relation.can_cu, {
        "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân": dt.date(2003, 11, 26),
        "45/2012/NĐ-CP": dt.date(2012, 5, 21),
        "1288/QĐ-TTg": dt.date(2014, 8, 1),
        "46/2013/TT-BCT": dt.date(2012, 12, 28),
        "26/2014/TTLT-BTC-BCT": dt.date(2014, 2, 18),
    }, id="Cao Bằng: Căn cứ Thông tư số 46/2013/TT-BCT ngày 28/12/2012; …"),
    pytest.param(CAO_BANG, Relation.de_nghi, {
        "1254/TTr-SCT": dt.date(2014, 12, 24),
    }, id="Cao Bằng: Xét đề nghị của Sở Công Thương tại Tờ trình số 1254/TTr-SCT"),
    pytest.param(DONG_NAI, Relation.can_cu, {
        "45/2012/NĐ-CP": dt.date(2012, 5, 21),
        "44/2014/QĐ-UBND": dt.date(2014, 10, 6),
        "59/2015/QĐ-UBND": dt.date(2015, 12, 30),
        "841/QĐ-UBND": dt.date(2016, 3, 22),
    }, id="Đồng Nai: Căn cứ Quyết định số 841/QĐ-UBND ngày 22/3/2016; …"),
    pytest.param(DONG_NAI, Relation.de_nghi, {
        "1487/TTr-SCT": dt.date(2018, 5, 2),
    }, id="Đồng Nai: Xét Tờ trình số 1487/TTr-SCT ngày 02/5/2018"),
    pytest.param(BINH_PHUOC, Relation.can_cu, {}, id="Bình Phước: annex only, no Căn cứ"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "relation", "expected"), SAMPLE_DECISIONS)
def test_sample_decision_relations(
    name: str, relation: Relation, expected: dict[str, dt.date]
) -> None:
    assert _by_relation(name, relation) == expected


SAMPLE_CITATIONS = [
    pytest.param(HUNG_YEN, "Tờ trình số 1318/TTr-SCT ngày 18/8/2017",
                 "1318/TTr-SCT", RefType.to_trinh, "Sở Công Thương",
                 id="Tờ trình số 1318/TTr-SCT ngày 18/8/2017"),
    pytest.param(HUNG_YEN, "Thông tư liên tịch số 26/2014/TTLT-BTC-BCT ngày 18/02/2014 của liên Bộ",
                 "26/2014/TTLT-BTC-BCT", RefType.thong_tu_lien_tich,
                 "liên Bộ Tài chính - Bộ Công Thương",
                 id="Thông tư liên tịch số 26/2014/TTLT-BTC-BCT ngày 18/02/2014 của liên Bộ …"),
    pytest.param(BINH_PHUOC, "Quyết định số: 2818/QĐ-UBND Ngày 20 tháng 12 năm 2011",
                 "2818/QĐ-UBND", RefType.quyet_dinh, "UBND tỉnh",
                 id="Quyết định số: 2818/QĐ-UBND Ngày 20 tháng 12 năm 2011"),
    pytest.param(CAO_BANG, "Văn bản số 42a/STC-HCSN", "42a/STC-HCSN", RefType.van_ban,
                 "Sở Tài chính", id="Văn bản số 42a/STC-HCSN ngày 15 tháng 01 năm 2015"),
    pytest.param(CAO_BANG, "Nghị quyết số 31/2008/NQ-HĐND", "31/2008/NQ-HĐND",
                 RefType.nghi_quyet, "HĐND tỉnh",
                 id="Nghị quyết số 31/2008/NQ-HĐND ngày 10/12/2008"),
    pytest.param(CAO_BANG, "Thông tư liên tịch số 26/2014/TTLT-BTC - BCT", "26/2014/TTLT-BTC-BCT",
                 RefType.thong_tu_lien_tich, "Bộ Tài chính - Bộ Công Thương",
                 id="Thông tư liên tịch số 26/2014/TTLT-BTC - BCT ngày 18 tháng 02 năm 2014"),
    pytest.param(DONG_NAI, "Công văn số 11067/UBND-KT", "11067/UBND-KT", RefType.cong_van,
                 "UBND tỉnh Đồng Nai", id="Công văn số 11067/UBND-KT ngày 26/10/2017"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "snippet", "number", "ref_type", "issuer"), SAMPLE_CITATIONS)
def test_sample_citation(
    name: str, snippet: str, number: str, ref_type: RefType, issuer: str
) -> None:
    start = _text(name).index(snippet)
    [ref] = [r for r in _refs(name) if r.start == start]
    assert (ref.number, ref.ref_type, ref.issuer) == (number, ref_type, issuer)


def test_dong_nai_cong_van_is_mentioned() -> None:
    [ref] = [r for r in _refs(DONG_NAI) if r.number == "11067/UBND-KT"]
    assert ref.relation is Relation.mentioned
    assert ref.ref_date == dt.date(2017, 10, 26)


def test_cao_bang_thong_tu_year_mismatch_is_kept_as_printed() -> None:
    refs = [r for r in _refs(CAO_BANG) if r.ref_type is RefType.thong_tu]
    assert refs
    assert all(r.number == "46/2013/TT-BCT" for r in refs)
    assert all(r.ref_date == dt.date(2012, 12, 28) for r in refs)
    assert all(number_year_mismatch(r) for r in refs)


def test_year_mismatch_is_false_when_consistent_or_unknown() -> None:
    consistent, no_year, no_date = find_legal_refs(
        "Thông tư số 46/2012/TT-BCT ngày 28/12/2012; Quyết định số 841/QĐ-UBND ngày 22/3/2016;"
        " Nghị định số 45/2012/NĐ-CP;"
    )
    assert not number_year_mismatch(consistent)
    assert not number_year_mismatch(no_year)
    assert not number_year_mismatch(no_date)


def test_cao_bang_blank_citations_are_reported() -> None:
    blanks = [r for r in _refs(CAO_BANG) if r.is_incomplete]
    assert [(r.number, r.ref_date, r.date_raw) for r in blanks] == [
        (None, None, "ngày tháng 02 năm 2015"),
        (None, None, "ngày tháng năm 2015"),
    ]
    assert all(r.raw.startswith("Quyết định số: /QĐ-UBND") for r in blanks)


@pytest.mark.parametrize("name", ALL_FILES)
def test_whole_file_spans_are_consistent(name: str) -> None:
    text = _text(name)
    refs = find_legal_refs(text)
    assert refs
    spans = [(r.start, r.end) for r in refs]
    assert len(set(spans)) == len(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    assert all(text[r.start : r.end] == r.raw for r in refs)
    assert all(r.number is not None or r.title is not None or r.is_incomplete for r in refs)


# -------------------------------------------------------------- properties

CITATION_PIECES = st.sampled_from(
    ["Căn cứ ", "Xét ", "Thay thế ", "Luật ", "Tổ chức ", "Quyết định", "Thông tư liên tịch",
     " số", ": ", "45", "/", "2012", "/QĐ", "-", " - ", "UBND", "TTr", "ngày ", "21", "tháng ",
     "năm ", "2015", "của ", "Bộ ", "Công Thương", "UBND tỉnh", " và ", ";", ".", ",", " ",
     "\n", "\n\n", "…", "Ð", "ǰ"]
)  # fmt: skip
CITATIONISH = st.lists(CITATION_PIECES, max_size=30).map("".join)


@given(st.one_of(CITATIONISH, st.text()))
def test_find_legal_refs_never_raises_and_spans_hold(text: str) -> None:
    refs = find_legal_refs(text)
    normalised = unicodedata.normalize("NFC", text)
    assert all(normalised[r.start : r.end] == r.raw for r in refs)
    assert all(a.end <= b.start for a, b in itertools.pairwise(refs))
    assert all(r.number is None or normalize_decision_number(r.number) == r.number for r in refs)


ISSUERS = [
    ("Quyết định số 1/QĐ-UBND ngày 2/3/2015 của Sở Công Thương\nCăn cứ Nghị định số 45/2012/NĐ-CP",
     ["Sở Công Thương", "Chính phủ"]),
    ("Tờ trình số 5/TTr-SCT của UBND tỉnh\nQUYẾT ĐỊNH:", ["UBND tỉnh"]),
    ("Quyết định số 7/QĐ-UBND của UBND tỉnh\nHưng Yên về việc", ["UBND tỉnh Hưng Yên"]),
    ("Quyết định số 7/QĐ-UBND của ỦY BAN NHÂN DÂN TỈNH CAO BẰNG",
     ["ỦY BAN NHÂN DÂN TỈNH CAO BẰNG"]),
    ("Thông tư số 1/TT-BLĐTBXH của Bộ Lao động - Thương binh và Xã hội về",
     ["Bộ Lao động - Thương binh và Xã hội"]),
    ("Quyết định số 1/QĐ-UBND của UBND tỉnh Quyết định số 2/QĐ-UBND", ["UBND tỉnh", "UBND tỉnh"]),
    ("Quyết định số 2/QĐ-UBND của Ban Chấp hành Trung ương", ["Ban Chấp hành Trung ương"]),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "issuers"), ISSUERS, ids=[c[0] for c in ISSUERS])
def test_printed_issuer_stops_at_the_end_of_the_name(raw: str, issuers: list[str]) -> None:
    assert [r.issuer for r in find_legal_refs(raw)] == issuers
