"""The citation checks (pipeline.build.checks.check_citations) on lines of the corpus."""

from __future__ import annotations

from normalizers.refs import find_legal_refs
from pipeline.build.checks import check_citations
from pipeline.kinds import Check, Severity


def test_issuer_code_of_another_ministry_is_a_warning_e52fee108f53e169() -> None:
    text = (
        "- Thông tư số 36/2023/TT-BTC ngày 06/6/2023 của Bộ trưởng Bộ Tài chính;\n"
        "- Thông tư số 44/2023/TT-BTC ngày 29/12/2023 của Bộ trưởng Bộ Công\nThương;"
    )
    [finding] = check_citations(find_legal_refs(text))
    assert (finding.check, finding.severity) == (
        Check.REF_NUMBER_ISSUER_MISMATCH,
        Severity.WARNING,
    )
    assert (finding.expected, finding.actual) == ("Bộ Tài chính", "Bộ trưởng Bộ Công Thương")
    assert text[finding.start : finding.end].startswith("Thông tư số 44/2023/TT-BTC")


def test_minister_of_the_coded_ministry_agrees_f1526a5ac4023b74() -> None:
    """ "của Bộ trưởng\nBộ Tài chính" is the ministry BTC names: no finding."""
    text = (
        "*Căn cứ Thông tư số 152/2015/TT-BTC của Bộ trưởng\n"
        "Bộ Tài chính hướng dẫn về thuế tài nguyên được sửa đổi, bổ sung bởi Thông tư số"
    )
    [ref] = find_legal_refs(text)
    assert ref.issuer == "Bộ trưởng Bộ Tài chính"
    assert check_citations([ref]) == []


def test_a_province_committee_is_never_compared_001c610b2efdcf0c() -> None:
    text = "*(Kèm theo Quyết định số 2820/QĐ-UBND ngày 19 tháng 11 năm 2025 của Ủy ban"
    assert check_citations(find_legal_refs(text)) == []
