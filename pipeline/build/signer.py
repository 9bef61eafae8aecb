"""The signer: the person who signed the document, their post and on whose behalf they sign.

A signature block is the authority line (``TM. ỦY BAN NHÂN DÂN``, ``KT. CHỦ TỊCH``), the post
(``PHÓ CHỦ TỊCH``) and then the person's name. The lines of the block are the rows of
``signer_titles.csv`` (Nghị định 30/2020/NĐ-CP, Phụ lục I), read by
:mod:`normalizers.documents`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model import Document
from normalizers.documents import SignerLine, signer_titles
from normalizers.text import fold_for_matching
from pipeline.build.findings import Finding, Sourced
from pipeline.build.lines import clean_line
from pipeline.kinds import Check

_NAME_WORD = r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]+"
_PERSON_NAME = re.compile(rf"^{_NAME_WORD}(?: {_NAME_WORD}){{1,4}}$")


@dataclass(frozen=True, slots=True)
class Signer:
    name: Sourced[str]
    title: str | None
    authority: str | None


def _signature_blocks(doc: Document) -> list[tuple[list[str], Sourced[str]]]:
    """Signature blocks: the title lines (authority, post) above a person's name."""
    titles = signer_titles()
    blocks = []
    lines = doc.lines
    for i, line in enumerate(lines):
        if fold_for_matching(clean_line(line.text)) not in titles:
            continue
        if i > 0 and fold_for_matching(clean_line(lines[i - 1].text)) in titles:
            continue  # not the first line of its block
        heads: list[str] = []
        for nxt in lines[i : i + 10]:
            cleaned = clean_line(nxt.text)
            if not cleaned:
                continue
            if _PERSON_NAME.match(cleaned):
                start = nxt.start + nxt.text.index(cleaned)
                blocks.append((heads, Sourced(cleaned, start, start + len(cleaned))))
                break
            if not cleaned.isupper():
                break
            heads.append(cleaned)
    return blocks


def extract_signer(doc: Document) -> tuple[Signer | None, list[Finding]]:
    """The first signature block's signer, with a finding when its post is unreadable."""
    blocks = _signature_blocks(doc)
    if not blocks:
        return None, []
    titles = signer_titles()
    heads, name = blocks[0]
    authorities: list[str] = []
    title = implied = None
    unknown: list[str] = []
    for head in heads:
        known = titles.get(fold_for_matching(head))
        if known is None:
            unknown.append(head)
        elif known.kind is SignerLine.AUTHORITY:
            authorities.append(known.canonical)
            implied = known.implied_title or implied
        else:
            title = known.canonical
    findings = []
    if title is None:
        # Another block signed by the same person (the annex often repeats it) may print it right.
        for other_heads, other_name in blocks[1:]:
            if other_name.value == name.value:
                for head in other_heads:
                    known = titles.get(fold_for_matching(head))
                    if known is not None and known.kind is SignerLine.TITLE:
                        title = known.canonical
        title = title or implied
        if unknown:
            findings.append(
                Finding(
                    check=Check.SIGNER_TITLE_UNREADABLE,
                    severity=Check.SIGNER_TITLE_UNREADABLE.severity,
                    message=(
                        f"the signature block prints {' / '.join(unknown)!r} where the signer's "
                        f"post belongs; read as {title!r}"
                    ),
                    expected=title,
                    actual=" / ".join(unknown),
                    start=name.start,
                    end=name.end,
                )
            )
    authority = " / ".join(authorities) or None
    return Signer(name=name, title=title, authority=authority), findings
