"""The closed sets of values the records carry, beside the record definitions.

Each is a ``StrEnum`` whose values are what the Parquet columns hold. Logic modules import them
from here; :mod:`pipeline.records` needs nothing else of theirs.
"""

from __future__ import annotations

from enum import StrEnum


class DocKind(StrEnum):
    QUYET_DINH = "quyet_dinh"
    CHUONG_TRINH = "chuong_trinh"
    KE_HOACH = "ke_hoach"
    OTHER = "other"


class Level(StrEnum):
    VAN_BAN = "van_ban"  # a whole part: the decision, or the programme annexed to it
    CAN_CU = "can_cu"  # the legal bases and the proposal before "QUYẾT ĐỊNH:"
    NOI_NHAN = "noi_nhan"
    CHU_KY = "chu_ky"  # signature block
    PHU_LUC = "phu_luc"
    PHAN = "phan"
    CHUONG = "chuong"
    MUC = "muc"
    DIEU = "dieu"
    ROMAN = "roman"
    KHOAN = "khoan"
    DIEM = "diem"
    BULLET = "bullet"


class FundingSource(StrEnum):
    NATIONAL = "national"  # khuyến công quốc gia, trung ương, KCQG
    LOCAL = "local"  # khuyến công địa phương, ngân sách tỉnh, KCDP
    STATE = "state"  # national and local together (ngân sách nhà nước, "quốc gia và địa phương")
    COUNTERPART = "counterpart"  # đối ứng of the beneficiaries, tổ chức, cá nhân
    OTHER = "other"  # nguồn khác, xã hội hóa, …
    TOTAL = "total"  # all sources together


class Measure(StrEnum):
    AMOUNT = "amount"  # money
    QUANTITY = "quantity"  # counts: lớp, cơ sở, học viên …


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Change(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REMOVED = "removed"
    FAILED = "failed"
    SKIPPED = "skipped"  # not read at all: a link out of RAW_DIR, not a regular file
