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


class ObjectiveKind(StrEnum):
    """The ``kind`` of ``section_roles.csv``'s objectives headings."""

    GENERAL = "general"  # Mục tiêu chung / tổng quát, or a plain Mục tiêu
    SPECIFIC = "specific"  # Mục tiêu cụ thể


class ContentArea(StrEnum):
    """The content areas of Nghị định 45/2012/NĐ-CP Điều 4: the ``category`` of
    ``content_areas.csv``, and ``other`` for a content line none of its keywords names."""

    DAO_TAO_NGHE = "dao_tao_nghe"  # vocational training
    NANG_LUC_QUAN_LY = "nang_luc_quan_ly"  # management capacity, cleaner production
    MO_HINH_TRINH_DIEN = "mo_hinh_trinh_dien"  # demonstration models, technology transfer
    SAN_PHAM_TIEU_BIEU = "san_pham_tieu_bieu"  # typical rural industrial products
    TU_VAN = "tu_van"  # consulting
    THONG_TIN = "thong_tin"  # information and communication
    LIEN_KET_CUM_CONG_NGHIEP = "lien_ket_cum_cong_nghiep"  # linkage, industrial clusters
    HOP_TAC_QUOC_TE = "hop_tac_quoc_te"  # international cooperation
    NANG_LUC_THUC_HIEN = "nang_luc_thuc_hien"  # capacity to manage and implement the programme
    OTHER = "other"


class BudgetScope(StrEnum):
    PLAN = "plan"  # the programme's own budget
    REVIEW = "review"  # inside a part reporting on a past period


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

