"""Where a decision speaks of itself: the openings of its title, its own articles and their
clauses.

A decision amends or repeals another by saying so in its title ("SỬA ĐỔI, BỔ SUNG QUYẾT ĐỊNH
SỐ 3470/QĐ-UBND …"), in one of its articles ("Điều 1. Sửa đổi, bổ sung điểm c khoản 5 Điều 8
Nghị định số 10/2022/NĐ-CP …") or in a clause of one ("3. Bãi bỏ Điều 10 của Nghị định số
18/2026/NĐ-CP"). The same words further down, in a programme's tasks ("b) Sửa đổi, bổ sung Nghị
định số 01/2018/NĐ-CP" under Điều 1 › V › 1 of Nghị quyết 175/NQ-CP) or in an annex, say what is
to be done, not what the decision does; :func:`statement_openings` gives the offsets
:func:`normalizers.refs.find_legal_refs` reads such statements from.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.build.segment import Section
from pipeline.kinds import Level


def statement_openings(
    sections: Sequence[Section], title_start: int | None, plan_start: int | None
) -> list[int]:
    """Sorted offsets of the decision's title and of the articles of its own part (the first
    part, before an annexed programme at ``plan_start``, outside any appendix) and their clauses.

    A file that is itself the programme (``plan_start`` 0) has no articles of a decision: only
    its title speaks of itself.
    """
    openings = set() if title_start is None else {title_start}
    if plan_start == 0:
        return sorted(openings)
    own_articles: set[int] = set()
    for section in sections:
        if section.level is Level.DIEU and _in_decision(sections, section, plan_start):
            own_articles.add(section.index)
            openings.add(section.start)
        elif section.level is Level.KHOAN and section.parent in own_articles:
            openings.add(section.start)
    return sorted(openings)


def _in_decision(sections: Sequence[Section], section: Section, plan_start: int | None) -> bool:
    """Whether ``section`` is of the decision's own part: under the first root, before the
    annexed programme, in no appendix and in no article (a quoted article of an amendment)."""
    if plan_start is not None and section.start >= plan_start:
        return False
    parent = section.parent
    while parent is not None:
        above = sections[parent]
        if above.level in (Level.PHU_LUC, Level.DIEU):
            return False
        if above.parent is None:
            return above.index == 0
        parent = above.parent
    return False
