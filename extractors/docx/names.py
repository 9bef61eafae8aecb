"""Qualified names of WordprocessingML (transitional or strict) and the lenient integer reading
that every part of the reader shares."""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def to_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class Names:
    """Qualified names of one WordprocessingML namespace (transitional or strict)."""

    def __init__(self, ns: str):
        self.ns = ns
        self._names: dict[str, str] = {}  # made once each: the walk asks for them per element

    def __call__(self, local: str) -> str:
        name = self._names.get(local)
        if name is None:
            name = self._names[local] = f"{{{self.ns}}}{local}"
        return name

    def val(self, el: etree._Element | None, local: str = "val") -> str | None:
        if el is None:
            return None
        value = el.get(self(local))
        return str(value) if value is not None else None
