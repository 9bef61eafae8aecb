"""A header line as the metadata readers see it: without the decoration web copies add, and
with the letter-spaced words some copies print re-joined."""

from __future__ import annotations

from normalizers.encodings import is_vietnamese_syllable

_DECORATION = "*|_# \t"


def clean_line(line: str) -> str:
    """A line without the markdown and cell decoration web copies add (``**``, ``|``)."""
    return line.replace("**", "").strip(_DECORATION)


def join_spaced_letters(text: str) -> str:
    """Words printed letter-spaced re-joined, where a fragment starting in lower case and the
    one before it make one Vietnamese syllable (``vietnamese_syllables.csv``).

    >>> join_spaced_letters("Tr ần V ăn Hùng, Đặ ng Văn Minh, Qu ả ng Ngãi")
    'Trần Văn Hùng, Đặng Văn Minh, Quảng Ngãi'
    """
    words: list[str] = []
    for word in text.split():
        if words and word[:1].islower() and is_vietnamese_syllable(words[-1] + word):
            words[-1] += word
        else:
            words.append(word)
    return " ".join(words)
