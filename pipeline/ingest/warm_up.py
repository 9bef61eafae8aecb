"""What a first extraction loads, loaded once: imported by the forkserver of
:mod:`pipeline.ingest.pool` before it forks the workers, so that none of them pays it.

A process's first document costs about 2 s of CPU more than the next (underthesea and its 2025
province mapping, the rule tables under ``normalizers/data/``, compiled patterns); the short
invented decision below goes through the text reader, the records and their validation, which
loads nearly all of it (the next real document then takes its usual 0.2 s). Best effort: a
failure here only leaves the loading to the workers' first documents.
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from pathlib import Path

# Invented for the warm-up (no real decision): a header, a legal basis, articles, a budget.
_DECISION = """UỶ BAN NHÂN DÂN
TỈNH HƯNG YÊN
Số: 12/QĐ-UBND
Hưng Yên, ngày 5 tháng 3 năm 2021
QUYẾT ĐỊNH
Phê duyệt Chương trình khuyến công tỉnh Hưng Yên giai đoạn 2021-2025
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
Căn cứ Nghị định số 45/2012/NĐ-CP ngày 21/5/2012 của Chính phủ về khuyến công;
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Chương trình khuyến công với tổng kinh phí 1.200 triệu đồng.
1. Mục tiêu: hỗ trợ 20 cơ sở công nghiệp nông thôn.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.
CHỦ TỊCH
Nguyễn Văn A
"""


def warm_up() -> None:
    """Extract and validate the invented decision, discarding the result."""
    from extractors.text import extract_text_file
    from pipeline.build.extract import build_extraction
    from pipeline.ingest.prepared import validate

    document = extract_text_file(Path("warm-up.txt"), _DECISION.encode("utf-8"))
    validate(build_extraction(document, "warm-up.txt", dt.datetime.now(dt.UTC)))


with suppress(Exception):
    warm_up()
