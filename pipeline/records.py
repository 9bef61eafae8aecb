"""The typed records qdx writes, one class per dataset, each defined once.

The Parquet schema (:func:`pipeline.schema.arrow_schema`) and the validation of every row (pydantic,
at construction) both come from these classes; nothing restates the columns elsewhere. So do the
docs: each class's docstring says what a row is, the docstring under each field what the column
means, and ``docs/datasets.md`` is generated from them (``make docs``, :mod:`pipeline.docgen`).

The closed sets the columns hold are the enums of :mod:`pipeline.kinds`; four live below the
records because the code that produces them needs them first: the document formats
(``extractors.model.SourceFormat``, the document model), and the kinds of cited documents, their
relations and the qualifiers of quantities (``normalizers.refs``, ``normalizers.amounts``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from extractors.model import SourceFormat
from normalizers.amounts import Qualifier
from normalizers.refs import RefType, Relation
from pipeline.kinds import (
    BudgetBasis,
    BudgetRole,
    BudgetScope,
    Change,
    Check,
    ContentArea,
    DocKind,
    FundingSource,
    IssuerLevel,
    Level,
    Measure,
    ObjectiveKind,
    Severity,
    Topic,
    TopicPlace,
)


class Record(BaseModel):
    # The docstring under a field is its description (``model_fields[name].description``).
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Provenance(Record):
    """Where in the source a value was read: a span of the normalised text and its page."""

    field: str
    """the `documents` column whose value was read there"""
    char_start: int
    """where the value starts in the normalised text"""
    char_end: int
    """where it ends"""
    page: int | None = None
    """its page, for paged formats"""


class TopicEvidence(Record):
    """The phrase a document's topic was read from (topic_phrases.csv), as printed, and where."""

    phrase: str
    """the words as the text prints them (`khuyến công`, `Kinh phí khuyến công`)"""
    found_in: TopicPlace
    """`title` (the decision's title), `plan_title` (the annexed programme's title) or `body`
    (the decision's Điều 1, for a decision whose titles do not say it: one that allocates or
    amends khuyến công funds)"""
    char_start: int
    """where the phrase starts in the normalised text"""
    char_end: int
    """where it ends"""
    page: int | None = None
    """its page, for paged formats"""


class DocumentRecord(Record):
    """One row per source file."""

    doc_id: str
    """the source file's path under RAW_DIR, POSIX form; the key of every dataset"""
    source_path: str
    """the path the file was read from"""
    source_sha256: str
    """SHA-256 of the file's bytes"""
    source_format: SourceFormat
    """how the file was read: `txt`, `docx`, `doc` (legacy Word, through a LibreOffice
    conversion to DOCX) or `pdf`"""
    source_encoding: str | None
    """the text encoding the file was decoded with (`utf-8`, `utf-8-sig`, `utf-16`, …)"""
    doc_kind: DocKind
    """what the document is (doc_kinds.csv), from the kind line under its header, else the kind
    code of its own number: `quyet_dinh` (QUYẾT ĐỊNH, QĐ), `ke_hoach` (KH), `chuong_trinh`
    (CTr), `de_an` (ĐA), `nghi_quyet` (NQ), `chi_thi` (CT), `nghi_dinh` (NĐ), `thong_tu`
    (TT), `thong_tu_lien_tich` (TTLT), `quy_dinh` (QyĐ), `bao_cao` (BC), `thong_bao` (TB),
    `huong_dan` (HD), `ket_luan` (KL); `van_ban_hop_nhat` for a consolidated text (…/VBHN-…)
    whatever its header says; `cong_van` for a number with no kind code, the issuer's code
    then a unit's (`123/UBND-KT`). A copy of an annexed programme alone takes the programme's
    kind; `other` when nothing names one"""
    plan_kind: DocKind | None
    """the kind of the annexed programme: `chuong_trinh` or `ke_hoach`; never a kind a
    programme is not (`quyet_dinh`, `de_an`, `nghi_quyet`, `chi_thi`, `nghi_dinh`, `thong_tu`,
    `thong_tu_lien_tich`, `van_ban_hop_nhat`, `quy_dinh`, `bao_cao`, `thong_bao`, `huong_dan`,
    `ket_luan`, `cong_van`, `other`)"""
    topic: Topic
    """what the document is about (topic_phrases.csv): `khuyen_cong` when its title, its
    programme's title or its Điều 1 names khuyến công (a programme or plan of khuyến công, a
    decision allocating or amending khuyến công funds); `other` otherwise. Only a `khuyen_cong`
    document has objectives, content lines and targets"""
    topic_evidence: TopicEvidence | None
    """the phrase `topic` was read from and where; null for `other`"""
    decision_number: str | None
    """normalised (`270/QĐ - UBND` → `270/QĐ-UBND`); from the header, else from the annex line
    "Ban hành kèm theo Quyết định số …"; null when the text has none"""
    issue_date: dt.date | None
    """from the header ("Hưng Yên, ngày 27 tháng 12 năm 2017"), else from the annex line"""
    issue_place: str | None
    """the place before the date in the header"""
    issuer: str | None
    """the issuing body printed before or beside the national motto (`Ủy ban nhân dân tỉnh Hưng
    Yên`, `Chính phủ`, `Bộ Tài chính`, `Hội đồng nhân dân tỉnh …`), else the body the issuer code
    of the document's own number names (`…/NĐ-CP`: `Chính phủ`), else, for an annexed plan
    alone, the committee of the province it names; null when none of these is there"""
    issuer_level: IssuerLevel
    """where the issuer stands (issuer_heads.csv, issuer_codes.csv): `national_assembly`
    (Quốc hội, its Standing Committee or Office), `president` (Chủ tịch nước), `government`
    (Chính phủ), `prime_minister` (Thủ tướng Chính phủ), `ministry` (a Bộ or a ministry-level
    body such as Ngân hàng Nhà nước, Văn phòng Chính phủ, a Tổng cục or Cục), `province` (the
    people's committee, its chairman or the people's council of a tỉnh or thành phố, or a
    Sở), `commune` (the committee or council of a xã, phường, đặc khu or, before July 2025,
    a huyện, quận, thị xã), `party` (a Party body: Tỉnh uỷ, Đảng uỷ xã …, Văn phòng Trung ương
    Đảng), `other` for a body of none of these levels (a steering committee, Ban Chỉ đạo …) or
    when no issuer was read"""
    province_name: str | None
    """the issuing province as named (pre-2025 name); null for a national body (a national or
    ministry level, or a name saying `quốc gia` or `Trung ương`), whose header's "Hà Nội" is
    where it sits, unless its name names a province"""
    province_slug: str | None
    """its ASCII slug, which is the `province` partition value; null with no province, when
    the partition is `national` (a national body's document) or `unknown` (none was found)"""
    province_current: str | None
    """the province it belongs to after the 2025 merger (`Bình Phước` → `Đồng Nai`)"""
    title: str | None
    """the decision's title, else the programme's"""
    plan_title: str | None
    """the annexed programme's title as printed"""
    period_start: int | None
    """the plan's first year (README: Periods)"""
    period_end: int | None
    """the plan's last year"""
    signer_name: str | None
    """from the signature block"""
    signer_title: str | None
    """the signer's post, e.g. `Phó Chủ tịch`"""
    signer_authority: str | None
    """on whose behalf: `TM. Ủy ban nhân dân / KT. Chủ tịch`"""
    total_budget_vnd: int | None
    """the programme's total budget in VND: its largest stated total in the programme's own
    budget (`scope = plan`), else, when the text states no total, its state budget (national
    and local; the beneficiaries' counterpart funds left out: Đồng Nai's 45.547.000.000 đồng)"""
    n_chars: int
    """characters of the normalised text"""
    n_lines: int
    """lines of the normalised text"""
    n_pages: int | None
    """pages, for paged formats"""
    extractor_version: str
    """package version + digest of the extraction code and rules"""
    extracted_at: dt.datetime
    """start of the run that wrote the row"""
    provenance: tuple[Provenance, ...]
    """where each metadata value was read: a span of the normalised text
    (`extract(path).document.text`) and its page"""
    duplicate_of: str | None = None
    """the `doc_id` of the document this one duplicates, null for an original: the same bytes
    (a copy, a name in another Unicode form) or the same decision in another file (same number,
    issue date, province and title: `x.txt` beside `x.docx`). The original is the first by
    `doc_id`. Set by `qdx ingest` over the whole output (`pipeline.ingest.duplicates`; `qdx show`
    and `extract()` see one file and leave it null); a `duplicate_document` warning in `issues`
    says the same. **Leave duplicates out of sums**: `documents[documents.duplicate_of.isna()]`,
    joined to the other datasets on `doc_id`"""


class IssueRecord(Record):
    """One row per problem found in a document.

    Sums are compared allowing half a unit of the last digit the total prints ("73,44 tỷ" allows
    0,005 tỷ): documents that add up get no budget finding.
    """

    doc_id: str
    """the document"""
    source_path: str
    """the path it was read from"""
    check: Check
    """what was checked (the checks below)"""
    severity: Severity
    """`error`, `warning` or `info`"""
    message: str
    """a sentence for a person"""
    expected: str | None = None
    """the value expected, when the check compares"""
    actual: str | None = None
    """the value found, when the check compares"""
    char_start: int | None = None
    """where the span of the normalised text concerned starts"""
    char_end: int | None = None
    """where it ends"""
    page: int | None = None
    """its page, for paged formats"""


class SectionRecord(Record):
    """One row per block of the legal structure.

    The own regions (from `char_start` to the next section's `char_start`) cover the text exactly
    once. Lines a web copy broke mid-phrase are joined before labels are read (a line continues
    the one before when it starts in lower case, or when the line before ends with a word a
    phrase cannot end on, such as `của`); table rows are never sections.
    """

    doc_id: str
    """the document"""
    section_id: str
    """`s0000`, `s0001`, … in document order"""
    parent_id: str | None
    """the enclosing section; null for the two roots (the decision, the annexed programme)"""
    level: Level
    """`van_ban` (a root: the decision, or the programme annexed to it), `can_cu` (legal bases
    and proposal), `noi_nhan` (recipients), `chu_ky` (signature block), `phu_luc` (Phụ lục,
    Biểu), `phan`, `chuong`, `muc`, `dieu`, `roman` (I., II.), `khoan` (1., 1), 2/, 1.1), `diem`
    (a), đ)), `bullet` (-, +)"""
    label: str | None
    """as the source numbers it, in display form: `Điều 4`, `Phần II`, `Biểu 02`, `III`, `2`,
    `1.1`, `a`, `-`; `Căn cứ`, `Nơi nhận`, `Chữ ký` for the unnumbered parts of the decision"""
    path: str
    """the labels from the root down: `KẾ HOẠCH / Phần II / III / 1`"""
    heading: str
    """the heading: the line(s) after the label (for Phần, Chương, Mục, Phụ lục the heading
    line(s) below a bare label)"""
    text: str
    """the section's own text after its label, children left out, on one line"""
    char_start: int
    """where the whole section, children included, starts in the normalised text"""
    char_end: int
    """where it ends"""
    page: int | None
    """the page it starts on, for paged formats"""


class LegalRefRecord(Record):
    """One row per cited document."""

    doc_id: str
    """the document"""
    ref_id: str
    """`r0000`, … in document order"""
    ref_number: str | None
    """normalised number (`26/2014/TTLT-BTC-BCT`); null for a law cited by name or a blank
    citation"""
    ref_type: RefType
    """the kind of the cited document: `luat`, `nghi_dinh`, `quyet_dinh`, `thong_tu`,
    `thong_tu_lien_tich`, `nghi_quyet`, `to_trinh`, `cong_van`, `van_ban`, `chi_thi`,
    `ke_hoach`, `thong_bao`, `other`"""
    ref_title: str | None
    """for laws: `Luật Tổ chức chính quyền địa phương`; a law cited by name alone (`Căn cứ Luật
    Ngân sách nhà nước;`) is a reference too, its name from `law_titles.csv`; an amending law
    has its whole title (`Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật
    Tổ chức chính quyền địa phương`)"""
    ref_date: dt.date | None
    """the date printed with the citation (as printed: `46/2013/TT-BCT ngày 28/12/2012` keeps
    both)"""
    ref_date_raw: str | None
    """the date as printed"""
    ref_issuer: str | None
    """from "của …" (`Bộ trưởng Bộ Tài chính`), else from the number's code (`NĐ-CP` →
    Chính phủ); a printed ministry the code disagrees with is reported
    (`ref_number_issuer_mismatch`)"""
    relation: Relation
    """`can_cu` (a "Căn cứ" basis: every item of the block, a web copy's `*Căn cứ` too, and a
    document joined to one by "và"), `de_nghi` (the proposal: "Xét đề nghị … Tờ trình"),
    `thay_the` (replaced: "… và thay thế Quyết định số …"), `sua_doi` (amended: the decision's
    title, one of its own articles or a clause of one opens with "Sửa đổi, bổ sung", "Bổ
    sung", "Điều chỉnh" and names the document or a part of it: "SỬA ĐỔI, BỔ SUNG QUYẾT ĐỊNH
    SỐ 3470/QĐ-UBND", "Điều 1. Sửa đổi, bổ sung điểm c khoản 5 Điều 8 Nghị định số …",
    "Sửa đổi … Quy định … ban hành kèm theo Nghị quyết số …", "Bãi bỏ Điều 10 của Nghị định
    số …"), `bai_bo` (repealed as a whole: "BÃI BỎ QUYẾT ĐỊNH SỐ 636/QĐ-UBND"), `mentioned`.
    The same words in a legal basis ("Căn cứ Quyết định số … về việc sửa đổi, bổ sung Quyết
    định số …"), a programme's task or an annex amend nothing: a mention
    (`normalizers/data/amending_acts.csv`). `SELECT ref_number FROM legal_refs WHERE relation
    IN ('sua_doi', 'thay_the', 'bai_bo')` lists what a decision changes"""
    is_incomplete: bool
    """the citation has blank fields (`Quyết định số: /QĐ-UBND ngày tháng 02 năm 2015`)"""
    section_id: str | None
    """the section it stands in"""
    raw: str
    """the citation as printed"""
    char_start: int
    """where it starts in the normalised text"""
    char_end: int
    """where it ends"""
    page: int | None
    """its page, for paged formats"""


class ObjectiveRecord(Record):
    """One row per objective item.

    The items under the "Mục tiêu …" headings of a khuyến công programme's own part (the
    programme annexed to the decision, or the file that is the programme) in a document of
    topic `khuyen_cong`; the "Mục tiêu" of a decision that is no programme, or of a plan of
    another topic, give none.
    """

    doc_id: str
    """the document"""
    objective_id: str
    """`o0000`, … in document order"""
    kind: ObjectiveKind
    """`general` (Mục tiêu chung / tổng quát, or a plain Mục tiêu) or `specific` (Mục tiêu cụ
    thể)"""
    label: str | None
    """the item's label as printed (`a`, `-`)"""
    text: str
    """the item's whole text, sub-items included"""
    section_id: str
    """its section"""
    char_start: int
    """where it starts in the normalised text"""
    char_end: int
    """where it ends"""
    page: int | None
    """its page, for paged formats"""


class ContentLineRecord(Record):
    """One row per task or content item of the programme.

    The items directly under the programme's "Nội dung …" or "Nhiệm vụ …" part, in a
    khuyến công programme only (a document of topic `khuyen_cong`, inside the programme's own
    part): a clause headed "Nội dung …" in a decision that is no programme gives none.
    """

    doc_id: str
    """the document"""
    line_id: str
    """`c0000`, … in document order"""
    section_id: str
    """its section"""
    category: ContentArea
    """the content area of Nghị định 45/2012/NĐ-CP Điều 4: `dao_tao_nghe` (vocational
    training), `nang_luc_quan_ly` (management capacity, cleaner production),
    `mo_hinh_trinh_dien` (demonstration models, technology transfer, machinery),
    `san_pham_tieu_bieu` (typical rural industrial products), `tu_van` (consulting),
    `thong_tin` (information and communication), `lien_ket_cum_cong_nghiep` (joint ventures,
    linkage, industrial clusters), `hop_tac_quoc_te` (international cooperation),
    `nang_luc_thuc_hien` (capacity to manage and implement the programme), else `other`; from
    the keyword table `normalizers/data/content_areas.csv` read in the item's own words: the
    keyword found earliest in its heading, else in its own text, else in its sub-items"""
    label: str | None
    """`1`, `2`, …"""
    heading: str
    """the item's first line"""
    text: str
    """its whole text"""
    char_start: int
    """where it starts in the normalised text"""
    char_end: int
    """where it ends"""
    page: int | None
    """its page, for paged formats"""


class TargetRecord(Record):
    """One row per quantity stated in an objective or content line.

    Only objectives and content lines have targets, so only a khuyến công programme does. A
    quantity of time (`01 - 03 tháng`, `05 năm`, `02 ngày`, `02 năm/một lần`: the units of
    kind `duration` in count_units.csv) says how long or how often, and is no target. A
    quantity or amount whose `value`, `value_max` or `amount_vnd` does not fit its column is
    left out, with a `figure_out_of_range` warning in `issues`.
    """

    doc_id: str
    """the document"""
    target_id: str
    """`t0000`, … in document order"""
    ref_id: str
    """the `objective_id` or `line_id` it is stated in"""
    value: Decimal
    """the number (`420`; the low end of a range)"""
    value_max: Decimal | None
    """the high end of a range (`từ 150 đến 170` → 170; `01 - 02` → 2)"""
    qualifier: Qualifier
    """`exact`, `about` (khoảng), `at_least` (tối thiểu, ít nhất, từ), `over` (trên, hơn),
    `up_to` (dưới, tối đa), `range` (a range no other word qualifies: `từ 3 đến 5 cơ sở`,
    `3-5 mô hình`; `khoảng 06 - 08` is `about`)"""
    unit: str | None
    """the noun phrase after the number, up to a rate's slash: `lao động`, `cơ sở CNNT`, `%`,
    `tỷ đồng`, `đại biểu` (of `90 đại biểu/05 năm`)"""
    per: str | None
    """the rate printed after the unit's slash: `05 năm` (`90 đại biểu/05 năm`), `năm`
    (`240 mẫu/năm`), `người/tháng`; null when none is printed"""
    per_year: bool
    """a yearly figure: its rate is `/năm`, or `mỗi năm`, `hàng năm` (per_year_phrases.csv)
    opens its clause or follows it (`cho 100 người (mỗi năm 20 học viên)`: 20 is yearly, 100
    is not)"""
    amount_vnd: int | None
    """for money: the amount in VND"""
    text: str
    """the phrase as printed: `khoảng 420 lao động`"""
    char_start: int
    """where it starts in the normalised text"""
    char_end: int
    """where it ends"""
    page: int | None
    """its page, for paged formats"""


class BudgetLineRecord(Record):
    """One row per budget figure (a cell of a budget table, or an amount in budget prose), long
    format.

    Table figures: every value cell of a budget table, long format (a row per cell). Multi-row
    headers are read so that each cell knows its year, funding source (`KCQG`, `KCDP`) and measure
    (`Số lượng`, `Kinh phí`); the table's unit comes from a `ĐVT:`/`Đơn vị tính:` line above it or a
    header cell; `-` is zero and an empty cell gives no row. A row code (a `Mã số` column: 01, 110,
    200) and a column number (`A B 1 2 3`) are no figures, so a blank report form gives none. A
    table whose numbers read two ways (`1,100`) is read in the convention under which its rows and
    columns add up. Ragged rows are aligned by the same arithmetic; what stays ambiguous is kept
    with its raw text and reported. The rules are in the docstring of
    `pipeline/build/budget_tables/` and in `normalizers/data/budget_headers.csv` and
    `funding_sources.csv`.

    Prose figures: every amount on a line that speaks of a budget (kinh phí, ngân sách, vốn, dự
    toán, or inside a section so headed); its funding source, year and whether it is a total are
    read from the words between it and the amount before it
    (`normalizers/data/funding_sources.csv`). Not budget money, and left out: a bound ("dưới 10
    tỷ đồng", "từ 02 tỷ đồng trở lên", "không vượt mức 1.500 tỷ đồng") and an amount after a
    phrase of `normalizers/data/not_budget_phrases.csv` in its sentence (thresholds such as
    "nguyên giá", "tổng mức đầu tư"; indicators such as "vốn điều lệ", "tổng vốn đầu tư toàn xã
    hội"). Rates ("3.200.000 đồng/hộ", "bình quân 4,112 tỷ đồng/năm") are kept with `per`; an
    amount in a foreign currency with its `currency` and no `amount_vnd`.

    A figure whose `value` or `amount_vnd` does not fit its column (decimal(38, 9), int64) is
    left out too, with a `figure_out_of_range` warning in `issues`, and the rest of the document
    is written; the total budget is worked out from the figures that fit.
    """

    doc_id: str
    """the document"""
    budget_line_id: str
    """`b0000`, … in document order"""
    table_id: str | None
    """the table (`tbl00`, … in document order); null for prose"""
    scope: BudgetScope
    """`plan` for the programme's own budget, `review` inside a part reporting on a past period
    (Phần I "Đánh giá kết quả … giai đoạn 2013 – 2015")"""
    row_label: str | None
    """the table row's label (`I`, `1`), or for prose the label of the clause the figure is for
    (Bình Phước's programme `1` … `7`)"""
    parent_row_label: str | None
    """the enclosing row or clause"""
    item: str | None
    """what the figure is for: the row's content, the clause's heading"""
    unit_of_measure: str | None
    """the printed unit (`triệu đồng`, `tỷ đồng`; `Cơ sở`, `lớp` for quantities)"""
    year: int | None
    """the budget year; null for a figure over the whole period"""
    measure: Measure
    """`amount` (money) or `quantity` (counts: lớp, cơ sở, học viên …)"""
    funding_source: FundingSource
    """`national` (khuyến công quốc gia, trung ương, KCQG), `local` (khuyến công địa phương,
    ngân sách tỉnh, KCDP, sự nghiệp kinh tế), `state` (national and local together: "Quốc gia
    và địa phương", ngân sách nhà nước), `counterpart` (đối ứng of beneficiaries), `other`
    (nguồn khác, xã hội hóa), `total` (all sources together)"""
    value: Decimal | None
    """the number as printed, in the printed unit"""
    amount_vnd: int | None
    """for amounts in đồng: the value in VND; null for a quantity and for a foreign currency"""
    currency: str | None
    """for amounts: the currency, ISO 4217 (`VND` for đồng, `USD` for "4,2 tỷ USD", whose
    `amount_vnd` is null: qdx converts nothing); null for a quantity"""
    per: str | None
    """the unit of a rate: `hộ` for "3.200.000 đồng/hộ", `người/tháng`, `năm` for "bình quân
    4,112 tỷ đồng/năm"; in a table whose unit is a rate's ("Đơn vị: Đồng/học sinh/tháng", a ĐVT
    cell "đồng/lượt/khách") every amount cell has it (`học sinh/tháng`); such a row is a price or
    a rate (role `rate`), never a total, and no part of a sum (the `budget` dataset leaves it
    out); null for every other figure"""
    is_total: bool
    """a stated total of all its parts, the same in prose and tables: a figure the words call a
    total ("Tổng kinh phí …", a clause headed so, an amount followed by "trong đó:"), a total row
    or column ("Tổng cộng", "Cộng"); never a rate, and a group row's cells are not (see
    `is_group`)"""
    is_derived: bool
    """not printed: derived from totals (a table row cut short in the source)"""
    raw: str
    """as printed"""
    section_id: str | None
    """the section it stands in"""
    char_start: int | None
    """where it starts in the normalised text (null for a derived cell)"""
    char_end: int | None
    """where it ends"""
    page: int | None
    """its page, for paged formats"""
    row_id: str | None = None
    """the row the figure is a cell of, the same on every run for the same text: for a table
    `<table_id>.r<index>` (`tbl01.r003`, the data rows counted from 0), for prose the id of the
    section it stands in (`s0059`)"""
    parent_row_id: str | None = None
    """in a table, the row it adds into (the roman row over its digit rows, the total row over
    the rows it totals), else the row it breaks down another way (a letter or `-` row, not summed
    into it); in prose, the nearest enclosing section that holds budget figures too"""
    depth: int | None = None
    """how many `parent_row_id` steps up to a row with none (0 for such a root)"""
    is_group: bool = False
    """the row's cells are the sums of the rows that add into it: a roman row over its digit
    rows, a digit row over its dotted rows, a total row over the rows it totals. Never sum a group
    row with the rows under it (the `budget` dataset does not)"""
    table_title: str | None = None
    """the heading above the table (`BIỂU 02. TỔNG HỢP KINH PHÍ …`); null for prose"""
    role: BudgetRole | None = None
    """what a prose figure states: `plan_total` (a stated total of the plan or of one of its
    clauses, "Tổng kinh phí: 1.260 triệu đồng", or a figure of the plan that names no year,
    source or content: "Kinh phí thực hiện: 500 triệu"), `per_year`, `per_source`, `per_content`
    (a figure of a numbered clause that is not its stated total, or a list item naming a content
    area of content_areas.csv), `executed` (done, of a done/planned ratio "44.993/138.529 triệu
    đồng": the 44.993; never a total), `rate` (a price or rate per unit, with its `per`: "4,112
    tỷ đồng/năm", and every cell of a rate table; never a total), `previous`; null for a table
    cell, whose row and column say it, but for a rate table's and an old column's. `previous` marks
    the old figure an amending decision quotes beside its new one ("từ 500 triệu đồng lên 700 triệu
    đồng": the 500; `change_words.csv`) and every cell of the old column of its comparison table
    ("Đã phê duyệt | Điều chỉnh", "Theo QĐ số … | Nay sửa đổi", "Kế hoạch cũ | Kế hoạch mới":
    `budget_headers.csv`, role `previous`). It is no figure of the programme any more: never sum it
    with the new one (the `budget` dataset leaves it out; it is neither the document's total nor
    checked against the prose). The new prose figure is read as if the old were not printed (the
    total, source and year from the words before "từ")"""


class BudgetRecord(Record):
    """One row per document × year (or the whole period) × funding source × content item (where
    the document splits by content: the `item`, its Nghị định 45 area in `content_area`): the
    document's own planned budget, summable across documents. `(doc_id, year, funding_source,
    item)` is unique.

    Only a khuyến công document (`documents.topic`) has rows: the amounts a decree or a
    circular names (a deposit, a threshold) are no programme's budget. Each row is one cell of
    the document's budget, read from its best source: the most detailed
    budget table of the programme's own part (an appendix "Biểu 02" before the summary table
    above it) whose total is the programme's stated total (or when the prose states none), else
    the prose. The rows of a document partition its budget, so sums never count a figure twice:
    a table's group rows give way to the rows that add into them, and its total rows and columns
    to their parts, whenever the parts add up to them (half a unit of the last printed digit
    allowed); a prose total gives way to its per-year figures, else its per-source ones, else
    its clauses' (Bình Phước's seven programmes), when they add up to it. So a whole-period row
    never stands beside per-year rows of the same money, nor `total` beside per-source rows.
    Review periods (`budget_lines.scope = review`), executed and previous figures and
    quantities are never in it; a table cell derived from its row's total (`is_derived`) is. A
    duplicate document (`documents.duplicate_of`) has no rows: `SELECT province, year,
    funding_source, sum(amount_vnd) FROM budget GROUP BY ALL` is right as it stands. Where the other
    sources of the document disagree with the chosen figure, `sources_disagree` says so and `issues`
    says how (`prose_table_mismatch`, `prose_years_sum`, `row_sum`, …). The selection is
    `pipeline.build.budget.select_budget`, a pure function of the document's `budget_lines`.
    """

    doc_id: str
    """the document"""
    budget_id: str
    """`g0000`, … in the order of the budget lines chosen"""
    year: int | None
    """the budget year; null for a figure over the whole period"""
    funding_source: FundingSource
    """as in `budget_lines`: `national`, `local`, `state` (national and local, not split),
    `counterpart`, `other`, or `total` only where the document gives no split by source"""
    content_area: ContentArea | None
    """the content area (Nghị định 45/2012 Điều 4) of the row or clause the figure is for, read
    with the classifier of `content_lines.category` (content_areas.csv) from its item:
    `dao_tao_nghe`, `nang_luc_quan_ly`, `mo_hinh_trinh_dien`, `san_pham_tieu_bieu`, `tu_van`,
    `thong_tin`, `lien_ket_cum_cong_nghiep`, `hop_tac_quoc_te`, `nang_luc_thuc_hien` (as in
    `content_lines.category`), `other` for an item that names none; null when the document does
    not split its budget by content (its rows are years and sources only)"""
    item: str | None
    """what the figure is for: the table row's content, the clause's heading"""
    amount_vnd: int
    """the amount in VND"""
    basis: BudgetBasis
    """`table` or `prose`: where the figure was read"""
    table_id: str | None
    """the table, for basis `table`"""
    budget_line_ids: tuple[str, ...]
    """the `budget_lines` the figure is (one, or more when the same cell is stated twice)"""
    sources_disagree: bool
    """another figure of the document for the same cell (the prose against the table, a total
    against its parts) says otherwise; `issues` says how"""
    char_start: int | None
    """where the chosen figure starts in the normalised text (null for a derived cell)"""
    char_end: int | None
    """where it ends"""
    page: int | None
    """its page, for paged formats"""


# Dataset name → the record class of its rows. The writer writes exactly these.
DATASETS: dict[str, type[Record]] = {
    "documents": DocumentRecord,
    "sections": SectionRecord,
    "objectives": ObjectiveRecord,
    "content_lines": ContentLineRecord,
    "targets": TargetRecord,
    "budget_lines": BudgetLineRecord,
    "budget": BudgetRecord,
    "legal_refs": LegalRefRecord,
    "issues": IssueRecord,
}


class Difference(Record):
    """One value that differs between a document's previous rows and its new ones."""

    field: str
    """a `documents` column, `<dataset>` for a row count, or `<dataset>[<row id>].<column>`
    (`budget_lines[b0003].amount_vnd`)"""
    old: str | None
    """the previous value"""
    new: str | None
    """the new value"""


class RunRecord(Record):
    """One row per document an ingestion run looked at (the change log).

    Not partitioned by province: `OUT_DIR/runs/<started, UTC>_<run_id>.parquet`, one file per run
    that changed something. A run killed before its end leaves its change records in the
    manifest; the next run writes them first, under the killed run's id (`finished_at` is then
    when they were recovered). Read it with `pd.read_parquet("data/processed/runs")` or
    `read_parquet('data/processed/runs/*.parquet')` in DuckDB. More in [flows.md](flows.md).
    """

    run_id: str
    """the run"""
    started_at: dt.datetime
    """when the run started"""
    finished_at: dt.datetime
    """when it finished"""
    doc_id: str
    """the document"""
    source_path: str
    """the path it was read from"""
    province: str | None
    """the document's province (`documents.province_slug`, its partition value) at the time of
    the change: for a removed or failed document, the one of its rows written before; null when
    it has none (a file that failed the first time it was read, a skipped entry). Change logs
    written before this column read it as null"""
    change: Change
    """`added`, `changed`, `unchanged`, `removed`, `failed`, `skipped` (an entry of RAW_DIR not
    read: a link out of it, a link to a folder, a FIFO; logged when first seen or when its
    reason changes)"""
    source_sha256: str | None
    """the file this run read (null for a removed file)"""
    previous_sha256: str | None
    """the file the previous rows were made from"""
    extractor_version: str
    """the extractor version of this run"""
    error: str | None
    """why a file failed (`…; the rows are kept from the file as read before` when its earlier
    rows stayed), or why it was skipped"""
    n_issues: int | None
    """issue rows written for it (null when nothing was extracted)"""
    n_errors: int | None
    """of them, those of severity error"""
    summary: str | None
    """`total_budget_vnd 8374000000 → 8424000000; 3 budget lines changed`"""
    differences: tuple[Difference, ...]
    """for changed documents, each differing value: field, old, new"""


DATASETS["runs"] = RunRecord
