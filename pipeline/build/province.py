"""The issuing province of a document, and whether its issuer is a national body with none.

A provincial body prints its province in its name ("ỦY BAN NHÂN DÂN / TỈNH LAI CHÂU"); a copy
without that line names it in its titles or its opening text, often only in the place of the
date line ("Bắc Giang, ngày …"). A national body (Quốc hội and its Standing Committee, the
President, the Government, the Prime Minister, a ministry; a national steering committee; the
Party's central bodies) governs no province: the "Hà Nội" of its date line is where it sits. Its
documents have no province, unless its name names one (a ministry's office in a province, "Cục
Thuế tỉnh …"), and their rows go under the partition ``province=national``. The words by which a
name says it is national are a rule table (``national_words.csv``, read by
:mod:`normalizers.issuers`); the committee's name by ``issuer_heads.csv``.
"""

from __future__ import annotations

import re
from functools import cache

from extractors.model import Document
from normalizers.issuers import IssuerRole, heads_in_role, names_national_body
from normalizers.provinces import PROVINCE_UNITS, Province, find_province_names, make_province
from pipeline.build.findings import Sourced
from pipeline.kinds import IssuerLevel

#: The levels of the bodies that act for the whole country (Luật 80/2015/QH13 Điều 4).
NATIONAL_LEVELS = frozenset(
    {
        IssuerLevel.NATIONAL_ASSEMBLY,
        IssuerLevel.PRESIDENT,
        IssuerLevel.GOVERNMENT,
        IssuerLevel.PRIME_MINISTER,
        IssuerLevel.MINISTRY,
    }
)


@cache
def _committee_line() -> re.Pattern[str]:
    """ "ỦY BAN NHÂN DÂN TỈNH …": its province follows. In the committee's first spelling only
    (any case): a header in another leaves the province to the titles."""
    committee = heads_in_role(IssuerRole.COMMITTEE)[0]
    return re.compile(
        rf"{re.escape(committee)}\s+(?P<unit>{'|'.join(PROVINCE_UNITS)})\s+", re.IGNORECASE
    )


def read_province(
    doc: Document, header_end: int, titles: list[Sourced[str] | None]
) -> Province | None:
    """The province the document names: from the issuer line, else the titles, else the
    opening text."""
    head = doc.text[: max(header_end, 3000)]
    for m in _committee_line().finditer(head):
        names = find_province_names(head[m.end() : m.end() + 40])
        if names:
            return make_province(names[0])
    for title in titles:
        if title is not None:
            names = find_province_names(title.value)
            if names:
                return make_province(names[0])
    names = find_province_names(head)
    return make_province(names[0]) if names else None


def is_national(issuer: str | None, level: IssuerLevel) -> bool:
    """Whether the issuer acts for the whole country: a national or ministry level, or a name
    that says so ("Ban Chỉ đạo quốc gia …", "Văn phòng Trung ương Đảng")."""
    return level in NATIONAL_LEVELS or (issuer is not None and names_national_body(issuer))


def national_province(issuer: str | None) -> Province | None:
    """The province of a national body's document: only one its own name names."""
    names = find_province_names(issuer) if issuer else []
    return make_province(names[0]) if names else None
