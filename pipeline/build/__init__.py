"""Record building: one source file's Document to the rows of every dataset, pure and I/O-free.

:mod:`.extract` is the entry (``extract(path) -> Extraction``); :mod:`.assemble` runs the steps
(:mod:`.metadata`, :mod:`.segment`, :mod:`.programme`, :mod:`.budget_prose`,
:mod:`.budget_tables`, :mod:`.checks`) over the text that :mod:`extractors` read.
"""
