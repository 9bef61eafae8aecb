"""qdx's pipeline: segment documents, build records, validate and write datasets.

The entry points a notebook needs are :func:`extract` (one file to records, nothing written) and
:func:`read_dataset` (a dataset back as a DataFrame).
"""

from pipeline.build.extract import Extraction, extract
from pipeline.store.datasets import read_dataset, read_table

__all__ = ["Extraction", "extract", "read_dataset", "read_table"]
