"""qdx's pipeline: segment documents, build records, validate and write datasets.

The entry points a notebook needs are :func:`extract` (one file to records, nothing written) and
:func:`read_dataset` (a dataset back as a DataFrame).

They are imported on first use (a module ``__getattr__``): importing ``pipeline.<anything>``,
as the command line does, then costs neither pandas (``read_dataset``) nor the extractors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.lazy import lazy_exports

if TYPE_CHECKING:
    from pipeline.build.extract import Extraction, extract
    from pipeline.store.datasets import read_dataset, read_table

__all__ = ["Extraction", "extract", "read_dataset", "read_table"]

# Each public name → the module that defines it.
_LAZY = {
    "Extraction": "pipeline.build.extract",
    "extract": "pipeline.build.extract",
    "read_dataset": "pipeline.store.datasets",
    "read_table": "pipeline.store.datasets",
}


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, globals())
