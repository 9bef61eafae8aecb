"""Names a package exports but imports on first use (a module ``__getattr__``, PEP 562).

``pipeline`` and ``pipeline.ingest`` export their public names this way, so that importing any
module under them (as the command line does) costs neither pandas nor the extractors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from importlib import import_module
from typing import Any


def lazy_exports(
    package: str, names: Mapping[str, str], namespace: MutableMapping[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: each of ``names`` (public name → the
    module defining it) imported from its module when first asked for, then kept in
    ``namespace`` (the package's ``globals()``) so that it is looked up once."""

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(names[name]), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*namespace, *names])

    return __getattr__, __dir__
