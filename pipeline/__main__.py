"""``python -m pipeline``: the ``qdx`` command line, which lives on top, in :mod:`flows.cli`.

The one module under ``pipeline/`` that imports ``flows``: an entry point, never imported by
library code (``tests/unit/test_layers.py`` allows it alone).
"""

from flows.cli import run

run()
