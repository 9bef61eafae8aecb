"""``python -m flows``: the ``qdx`` command line (:mod:`flows.cli`), as ``python -m pipeline``."""

from flows.cli import run

run()
