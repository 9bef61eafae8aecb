"""The closed sets of values the records carry, beside the record definitions.

Each is a ``StrEnum`` whose values are what the Parquet columns hold. Logic modules import them
from here; :mod:`pipeline.records` needs nothing else of theirs.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class DocKind(StrEnum):
    """The kinds of ``doc_kinds.csv`` (Nghị định 30/2020/NĐ-CP Phụ lục III), and ``other``."""

    QUYET_DINH = "quyet_dinh"
    CHUONG_TRINH = "chuong_trinh"
    KE_HOACH = "ke_hoach"
    CHI_THI = "chi_thi"
    NGHI_QUYET = "nghi_quyet"
    NGHI_DINH = "nghi_dinh"
    THONG_TU_LIEN_TICH = "thong_tu_lien_tich"
    THONG_TU = "thong_tu"
    VAN_BAN_HOP_NHAT = "van_ban_hop_nhat"
    DE_AN = "de_an"
    QUY_DINH = "quy_dinh"
    BAO_CAO = "bao_cao"
    THONG_BAO = "thong_bao"
    HUONG_DAN = "huong_dan"
    KET_LUAN = "ket_luan"
    CONG_VAN = "cong_van"
    OTHER = "other"  # neither the header's kind line nor the number's code names a kind


class IssuerLevel(StrEnum):
    """The ``level`` of ``issuer_heads.csv`` and ``issuer_codes.csv``: where the issuing body
    stands (Luật 80/2015/QH13 Điều 4)."""

    NATIONAL_ASSEMBLY = "national_assembly"  # Quốc hội, its Standing Committee, its Office
    PRESIDENT = "president"  # Chủ tịch nước
    GOVERNMENT = "government"  # Chính phủ
    PRIME_MINISTER = "prime_minister"  # Thủ tướng Chính phủ
    MINISTRY = "ministry"  # a Bộ or ministry-level body (Ngân hàng Nhà nước), its Tổng cục, Cục
    PROVINCE = "province"  # UBND, its chairman, HĐND of a tỉnh or thành phố; a Sở
    COMMUNE = "commune"  # UBND, HĐND of a xã, phường, đặc khu, or (before 2025) a huyện, quận
    PARTY = "party"  # a Party body: Tỉnh ủy, Ban Chấp hành Trung ương
    OTHER = "other"  # none of the tables' heads or codes names the issuer


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


class Topic(StrEnum):
    """What a document is about: the ``topic`` of ``topic_phrases.csv``, and ``other`` for a
    document none of its phrases names."""

    KHUYEN_CONG = "khuyen_cong"  # industrial promotion (Nghị định 45/2012/NĐ-CP)
    OTHER = "other"


class TopicPlace(StrEnum):
    """Where a topic phrase is looked for: the ``found_in`` of ``topic_phrases.csv``."""

    TITLE = "title"  # the decision's title
    PLAN_TITLE = "plan_title"  # the annexed programme's title
    BODY = "body"  # the decision's first article (Điều 1: what it decides)


class BudgetScope(StrEnum):
    PLAN = "plan"  # the programme's own budget
    REVIEW = "review"  # inside a part reporting on a past period


class BudgetRole(StrEnum):
    """What a prose budget figure states (``budget_lines.role``); null for a table cell, whose
    row and column say it."""

    PLAN_TOTAL = "plan_total"  # the total of a plan or of one of its clauses ("Tổng kinh phí …")
    PER_YEAR = "per_year"  # one year's figure ("năm 2018: 1.514 triệu đồng")
    PER_SOURCE = "per_source"  # one funding source's figure ("khuyến công quốc gia: 630 triệu")
    PER_CONTENT = "per_content"  # one content item's figure (a list item under a budget heading)
    EXECUTED = "executed"  # what was spent or done ("44.993/138.529 triệu đồng": the 44.993)
    RATE = "rate"  # a price or rate per unit, never part of a total ("4,112 tỷ đồng/năm": `per`)
    PREVIOUS = "previous"  # an old figure an amending decision replaces ("từ 500 lên 700 triệu")


class BudgetBasis(StrEnum):
    """Where a ``budget`` row's figure was read."""

    TABLE = "table"  # a budget table's cells
    PROSE = "prose"  # figures stated in the text


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


class Check(StrEnum):
    """What an ``issues`` row reports (its ``check``): the one registry of checks.

    Each check is declared once, with the severity it is reported at and what it means for an
    analyst; ``docs/datasets.md`` lists them from here (``make docs``). A check reported at more
    than one severity names the others after its meaning.
    """

    severity: Severity
    meaning: str
    severities: tuple[Severity, ...]  # the severity first, then the others it may be reported at

    def __new__(cls, name: str, *declared: Any) -> Check:
        # Makes the members out of (name, severity, meaning, *other severities). Once the class
        # is made, ``Check(name)`` is Enum's look-up of a member by name and never comes here.
        usual, said, *others = declared
        member = str.__new__(cls, name)
        member._value_ = name
        member.severity = usual
        member.meaning = said
        member.severities = (usual, *others)
        return member

    # Reading the file
    VALIDATION_FAILED = (
        "validation_failed",
        Severity.ERROR,
        "a record did not fit its dataset's schema; the document fails alone, with the column "
        "and value named",
    )
    EXTRACT_FAILED = (
        "extract_failed",
        Severity.ERROR,
        "the file could not be read (empty, binary, bad encoding, unsupported type, a name that "
        "is not UTF-8: `doc_id` then shows the bytes escaped, `caf\\xe9.txt`); the message names "
        "the file and the reason. A file read well before keeps those rows (the message ends "
        "`the rows are kept from the file as read before (sha256 …)`), else it has no other rows",
    )
    FOLDER_UNREADABLE = (
        "folder_unreadable",
        Severity.ERROR,
        "a folder under RAW_DIR could not be listed (`doc_id` is its path with a final `/`); the "
        "documents under it keep their rows, untouched, until it can be read",
    )
    DUPLICATE_DOCUMENT = (
        "duplicate_document",
        Severity.WARNING,
        "the document duplicates another (`actual`: its `doc_id`; see `documents.duplicate_of`)",
    )
    PAGES_UNREAD = (
        "pages_unread",
        Severity.WARNING,
        "pages of a PDF whose text qdx does not read: a scanned page (an image, no text layer) or "
        "a page whose text is set sideways (a table turned on its page); qdx reads neither (no "
        "OCR), so no record holds what they say. `actual` lists the pages (`4-65`); a PDF with "
        "no page read fails with `extract_failed` instead",
    )
    # Metadata
    PROVINCE_UNKNOWN = (
        "province_unknown",
        Severity.WARNING,
        "no issuing province found; rows under `province=unknown`",
    )
    PERIOD_UNKNOWN = (
        "period_unknown",
        Severity.WARNING,
        "no plan period found; rows under `period=unknown`",
    )
    SIGNER_TITLE_UNREADABLE = (
        "signer_title_unreadable",
        Severity.WARNING,
        "the signature block prints something that is not a post where the post belongs; "
        "`actual` is what it prints, `expected` what qdx read instead",
    )
    PERIOD_START_INFERRED = (
        "period_start_inferred",
        Severity.INFO,
        "the title gives only the end year; `actual` is the period used",
    )
    DECISION_NUMBER_MISSING = (
        "decision_number_missing",
        Severity.INFO,
        "the text carries no decision number",
    )
    ISSUE_DATE_MISSING = (
        "issue_date_missing",
        Severity.INFO,
        "the text carries no issue date",
    )
    # Budget prose
    PROSE_YEARS_SUM = (
        "prose_years_sum",
        Severity.ERROR,
        "a stated total and the per-year figures that follow it in the same clause do not add up "
        "(`expected` the total, `actual` the sum, in VND). An error when the sum misses by more "
        "than the rounding of the printed figures (half a unit of each one's last digit) can "
        "explain; a warning that says so when the miss is within that rounding, or when two "
        "figures name the same year (they may not be parts of the total)",
        Severity.WARNING,
    )
    PROSE_SOURCES_SUM = (
        "prose_sources_sum",
        Severity.ERROR,
        "a stated total and the per-source figures that follow it in the same clause do not add "
        "up (`expected` the total, `actual` the sum, in VND). An error or a warning as for "
        "`prose_years_sum` (two figures of the same source may not be parts of the total)",
        Severity.WARNING,
    )
    EXECUTED_PARTS_SUM = (
        "executed_parts_sum",
        Severity.ERROR,
        "a review of a past period states an amount executed against the amount planned "
        "(`44.993/138.529 triệu đồng`) and, after `Trong đó`, the same pair for each funding "
        "source, and the parts do not add up to it (executed and planned checked apart; "
        "`expected` the total, `actual` the parts' sum, in VND). An error when the miss is "
        "beyond the rounding of the printed figures (half a unit of the last digit of the total "
        "and of each part); a warning that says so when it is within it (An Giang: 800 + "
        "11.305 + 32.887 = 44.992 against 44.993, a miss of 1 within a rounding of 2 million)",
        Severity.WARNING,
    )
    FIGURE_OUT_OF_RANGE = (
        "figure_out_of_range",
        Severity.WARNING,
        "a figure too large for its column (`amount_vnd` beyond int64, `value` or `value_max` "
        "beyond decimal(38, 9): `45.547.000.000.000.000.000 đồng`, `9.999.999.999.999 tỷ "
        "đồng`) is left out of `budget_lines` and `targets`; `actual` is the figure as printed, "
        "the span and page are its own, the message names the column and the value; the rest "
        "of the document is written. Also when in-range figures add up to a `total_budget_vnd` "
        "beyond int64, which is then null",
    )
    DIGITS_WORDS_MISMATCH = (
        "digits_words_mismatch",
        Severity.ERROR,
        "an amount in digits followed by the same amount in words says something else",
    )
    # Citations and appendices
    ANNEX_DECISION_MISMATCH = (
        "annex_decision_mismatch",
        Severity.ERROR,
        "the annex or an appendix says it is issued with another decision number or date than "
        "the header",
    )
    CITATION_BLANK_FIELDS = (
        "citation_blank_fields",
        Severity.WARNING,
        "a citation leaves its number or date blank "
        "(`Quyết định số: /QĐ-UBND ngày tháng 02 năm 2015`)",
    )
    REF_NUMBER_DATE_MISMATCH = (
        "ref_number_date_mismatch",
        Severity.WARNING,
        "a cited number carries another year than its date (`46/2013/TT-BCT ngày 28/12/2012`)",
    )
    REF_NUMBER_ISSUER_MISMATCH = (
        "ref_number_issuer_mismatch",
        Severity.WARNING,
        "a cited number's issuer code names another ministry than the one printed with it "
        "(`Thông tư số 44/2023/TT-BTC … của Bộ trưởng Bộ Công Thương`: `BTC` is Bộ Tài chính); "
        "`expected` the ministry the code names, `actual` the printed one. Compared only when "
        "both are ministries of issuer_codes.csv",
    )
    APPENDIX_MISSING = (
        "appendix_missing",
        Severity.WARNING,
        "the text refers to an attached appendix (`Phụ lục số 02 kèm theo`) that the file does "
        "not hold",
    )
    # Budget tables
    PROSE_TABLE_MISMATCH = (
        "prose_table_mismatch",
        Severity.ERROR,
        "a figure in prose differs from the same funding source and year in a table of the same "
        "part of the text, or, for a figure of the whole programme, in an appendix (`expected` "
        "the table's, `actual` the prose's, in VND). A warning, not an error, when the table's "
        "numbers read two ways and its sums did not tell which convention is right (the table "
        "may give the prose's figure under the other)",
        Severity.WARNING,
    )
    TARGET_TABLE_MISMATCH = (
        "target_table_mismatch",
        Severity.WARNING,
        "a target of a content line differs from the same quantity in a table: Cao Bằng's "
        '"Tổ chức 05 hội nghị tập huấn nghiệp vụ" (Nội dung 2) against Biểu 01\'s row II.3, 3 '
        "`Hội nghị`. Reported only where the match is certain: the same content area (the "
        "content line's and the table group heading's), the same unit noun, the only target "
        "and the only table row with it there, the target exact and over the whole period (no "
        "khoảng, no range, no rate, not yearly), the row's total over years within the plan "
        "period. A match of words, so a warning; `expected` the table's figure, `actual` the "
        "target as printed",
    )
    ROW_SUM = (
        "row_sum",
        Severity.ERROR,
        "a table row's year cells do not add up to its total column (`expected`/`actual` in the "
        "table's printed numbers). This and `column_sum`, `children_sum` are errors only when "
        "every cell summed is printed in its own column and the miss is beyond the rounding of "
        "the printed cells; a warning, whose message ends `(uncertain: …)`, when a cell was "
        "moved to make its row add up (`cells_realigned`), derived from a total "
        "(`cells_derived`), the miss is within rounding, or the table's numbers read two ways "
        "and the sums did not decide the convention (`number_convention` warning)",
        Severity.WARNING,
    )
    COLUMN_SUM = (
        "column_sum",
        Severity.ERROR,
        "a table's rows do not add up to its total row, in a column (error or warning as for "
        "`row_sum`)",
        Severity.WARNING,
    )
    CHILDREN_SUM = (
        "children_sum",
        Severity.ERROR,
        "the rows under a group row (`1`, `2` under `III`) do not add up to it (error or warning "
        "as for `row_sum`)",
        Severity.WARNING,
    )
    TOTAL_ROW_MISSING_CELL = (
        "total_row_missing_cell",
        Severity.ERROR,
        "the total row has no cell in a column the other rows fill; `expected` is what the rows "
        "add up to, and the message says how many of their cells were moved or derived (the "
        "absence is certain, the expected figure rests on them). A warning when the table's "
        "numbers read two ways and the sums did not decide the convention",
        Severity.WARNING,
    )
    CELLS_DERIVED = (
        "cells_derived",
        Severity.WARNING,
        "a row prints fewer cells than its columns and the missing ones were derived from its "
        "totals (`is_derived` rows in `budget_lines`)",
    )
    CELLS_REALIGNED = (
        "cells_realigned",
        Severity.WARNING,
        "a ragged row's cell was read in another column than it is printed in, because only "
        "that reading adds up",
    )
    CELL_AMBIGUOUS = (
        "cell_ambiguous",
        Severity.WARNING,
        "a cell that no reading of the table places: kept with its raw text, not assigned",
    )
    COLUMN_YEAR_RANGE = (
        "column_year_range",
        Severity.WARNING,
        "a table column over a range of years (`2021-2022`, `Giai đoạn 2021-2025`) without a "
        "column for each of its years: its figures have no year (`year` null), so a sum by year "
        "leaves them out and a sum over the period may count them beside the whole period's",
    )
    NUMBER_CONVENTION = (
        "number_convention",
        Severity.INFO,
        "how a table's numbers that read two ways (`1,100`) were read, and how many sums agree "
        "under each reading; a warning when the sums do not tell which reading is right",
        Severity.WARNING,
    )
    ROW_LAYOUT = (
        "row_layout",
        Severity.INFO,
        "rows laid out otherwise than the header (Hưng Yên's second half)",
    )
    CELL_NOT_NUMBER = (
        "cell_not_number",
        Severity.INFO,
        "text standing in a value cell",
    )
