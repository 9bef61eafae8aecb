"""Phrases of the rule tables found in text as whole words, whatever the punctuation between them.

A phrase of a table ("máy móc thiết bị", "cụm - điểm công nghiệp") is its words; in the text
they may be joined by spaces, line breaks, commas, dashes or markdown marks ("máy móc, thiết
bị", "KHUYẾN **CÔNG**"), in any case. A phrase never matches inside a longer word ("CCN" is not
found in "CCNT").
"""

from __future__ import annotations

import re
from functools import cache

_WORD = re.compile(r"\w+")


@cache
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The pattern of a phrase: its words in order, any non-word characters between them, no
    word character just before or after; case-insensitive.

    >>> bool(phrase_pattern("máy móc thiết bị").search("ứng dụng máy móc, thiết bị tiên tiến"))
    True
    >>> ccn = phrase_pattern("ccn")
    >>> bool(ccn.search("hạ tầng CCN")), bool(ccn.search("cơ sở CCNT"))
    (True, False)
    >>> phrase_pattern("khuyến công").search("CHƯƠNG TRÌNH KHUYẾN\\nCÔNG").group()
    'KHUYẾN\\nCÔNG'
    """
    words = _WORD.findall(phrase)
    if not words:
        raise ValueError(f"a phrase with no word: {phrase!r}")
    body = r"\W+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
