"""Vietnamese provinces: recognising a name in text, its ASCII slug, and its 2025 successor.

The 63 provinces and centrally run cities that existed before the 2025 merger, and the mapping
from each to the province it became (Nghị quyết 202/2025/QH15), come from underthesea's
``address`` package (its ``data/mapping.json``, read as a file so that a run need not import
the package); a province's own name is converted by that mapping as
``underthesea.address.convert_address`` converts it, any other text by ``convert_address``
itself. Nothing here is a hand-written province table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from itertools import pairwise
from pathlib import Path
from typing import Any

from normalizers.text import fold_for_matching, slugify

PROVINCE_UNITS = ("tỉnh", "thành phố")
"""A province or a centrally run city: "tỉnh Hưng Yên", "thành phố Cần Thơ"."""
# Words that precede a province name in a decision: the units and the city's abbreviation.
_PREFIXES = (*PROVINCE_UNITS, "tp.", "tp")


@dataclass(frozen=True, slots=True)
class Province:
    """A province as printed in a document, with its slug and its name after 2025."""

    name: str
    slug: str
    current_name: str | None
    unit: str = "tỉnh"  # "tỉnh" or "thành phố" (a centrally run city)


@cache
def _mapping() -> dict[str, Any]:
    """underthesea's ``address/data/mapping.json``, read as a file of the installed package:
    importing the package would load numpy, joblib and its models (a second of every run)."""
    spec = find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("underthesea is not installed: it holds the province mapping")
    path = Path(spec.submodule_search_locations[0]) / "address" / "data" / "mapping.json"
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@cache
def _old_provinces() -> dict[str, str]:
    """Short name → full name of the 63 pre-2025 provinces ("Hà Nội" → "Thành phố Hà Nội")."""
    return {v["short"]: v["name"] for v in _mapping()["old_province_names"].values()}


@cache
def _current_names() -> dict[str, str]:
    """Short name of each of the 63 pre-2025 provinces → the name of the province it became,
    as ``convert_address`` gives it for the short name alone ("Bình Phước" → "Đồng Nai")."""
    data = _mapping()
    current = {}
    for key, old in data["old_province_names"].items():
        new = data["province_names"].get(data["province_mapping"].get(key, ""), {}).get("name")
        if new:
            current[old["short"]] = _without_unit(new)
    return current


def _without_unit(name: str) -> str:
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    return name


def _old_province_names() -> tuple[str, ...]:
    """Short names, longest first so that the longest name matches."""
    return tuple(sorted(_old_provinces(), key=len, reverse=True))


def province_names() -> tuple[str, ...]:
    """The 63 provinces and centrally run cities before the 2025 merger, by name.

    >>> len(province_names()), "Bình Phước" in province_names()
    (63, True)
    """
    return tuple(sorted(_old_provinces()))


@cache
def name_breaks() -> frozenset[tuple[str, str]]:
    """The two words on either side of a line break inside a province's name, as printed: a
    line ending ``tỉnh Bắc`` goes on with ``Ninh``.

    >>> ("Bắc", "Ninh") in name_breaks(), ("Chí", "Minh") in name_breaks()
    (True, True)
    """
    return frozenset(pair for name in province_names() for pair in pairwise(name.split()))


@cache
def _name_pattern() -> re.Pattern[str]:
    names = "|".join(re.escape(fold_for_matching(n)) for n in _old_province_names())
    return re.compile(rf"(?<!\w)(?:{names})(?!\w)")


def _canonical(folded: str) -> str:
    for name in _old_province_names():
        if fold_for_matching(name) == folded:
            return name
    raise KeyError(folded)  # unreachable: the pattern only matches known names


def find_province_names(text: str) -> list[str]:
    """Every pre-2025 province named in ``text``, in order, as canonical short names.

    Matching ignores case and line breaks, so ``TỈNH AN\\nGIANG`` is found.

    >>> find_province_names("ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN; tỉnh Bình\\nPhước")
    ['Hưng Yên', 'Bình Phước']
    """
    folded = " ".join(fold_for_matching(text).split())
    return [_canonical(m.group(0)) for m in _name_pattern().finditer(folded)]


def current_province_name(name: str) -> str | None:
    """The province that ``name`` belongs to after the 2025 merger, or None if unknown.

    >>> current_province_name("Bình Phước"), current_province_name("Thái Bình")
    ('Đồng Nai', 'Hưng Yên')
    >>> current_province_name("Atlantis") is None
    True
    """
    if name in _old_provinces():  # a province's own name: read off the mapping
        return _current_names().get(name)
    from underthesea.address import ConversionStatus, convert_address

    result = convert_address(name)  # any other text: underthesea's parser reads it
    if result.status == ConversionStatus.NOT_FOUND or not result.new.province:
        return None
    return _without_unit(result.new.province)


def make_province(name: str) -> Province:
    """A :class:`Province` from a canonical short name.

    >>> make_province("Bình Phước")
    Province(name='Bình Phước', slug='binh-phuoc', current_name='Đồng Nai', unit='tỉnh')
    """
    full = _old_provinces().get(name, "")
    unit = "thành phố" if full.startswith("Thành phố") else "tỉnh"
    return Province(name, slugify(name), current_province_name(name), unit)
