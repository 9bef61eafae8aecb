"""Budget tables read into figures: one :class:`BudgetFigure` a value cell, with findings.

A budget table of a decision is a grid (:mod:`pipeline.build.tables` for text, the DOCX and PDF
extractors for theirs) whose rows are budget lines and whose columns are years, funding sources
and measures. :func:`read_budget_table` reads one such grid as follows.

**Header.** The rows above the first data row are the header; a data row has a row label (``I``,
``1``, ``1.1``, ``a``, ``-``) or a total word in its first cells, or a number that is not a year. A
row that only numbers the columns (``1 2 3 …``, ``A B C 1 2``, ``A | B | 1 = (2) + (3) | 2``) is
skipped, and so is a header repeated after a page break. In text tables a header cell spans the
empty cells to its right when a header row below has sub-headers there (``Năm 2016`` over
``KCQG | KCDP``, ``Các năm`` over ``2016 … 2020``); cells that carry ``col_span``/``row_span`` span
what they say. The words of the header cells (``normalizers/data/budget_headers.csv``, and for
funding sources the phrases of ``normalizers/data/funding_sources.csv`` that the prose reader
shares) give each column its role: the label (TT), item (Nội dung, Nguồn kinh phí; in a list of
projects or beneficiaries Tên đề án, Tên cơ sở, Tên doanh nghiệp, Đơn vị thụ hưởng), unit (ĐVT),
note (Ghi chú, Đơn vị thực hiện, Địa chỉ, Địa điểm), code (Mã số, Mã ngành, Mã TTHC) and
percentage (``… (%)``) columns carry text, and so do the columns a report form marks with a
letter in its column-numbering row (``A B C``); a row code (``01``, ``110``, ``200``, a
procedure's ``2.000674``) is never an amount.
Every other column to their right carries values, with a year (the lowest header cell over it
that names a year: ``Năm 2009`` under ``Kết quả thực hiện trong 7 năm (2009-2015)``), a
measure (Số lượng → quantity, Kinh phí → amount; failing those, amount when the table states a money
unit, quantity when it has a unit column), a funding source (KCQG, KCDP, Quốc gia và địa phương, đối
ứng, khác; none named = all sources) and whether it is a total (Tổng cộng, Tổng chung, Cộng). A
total column adds up the non-total columns of its measure, its funding source and its year (when it
has one). The funding sources of a column are named by the programme's words (KCQG, KCDP) or by
the budget's level and its abbreviations (``Trong đó: NSTW | NSĐP``, ngân sách trung ương, tỉnh,
huyện, xã, cấp tỉnh/huyện/xã: national, local), the beneficiaries' share (vốn đối ứng:
counterpart) or others (xã hội hóa, lồng ghép). The number column is headed TT, STT, ``S TT`` or
Số TT. In the comparison table of an amending decision a column headed as the old figures
(``Đã phê duyệt``, ``Theo QĐ số …``, ``Kế hoạch cũ``, ``Trước điều chỉnh``; role ``previous``) gives
cells of role ``previous`` beside the new column's (``Điều chỉnh``, ``Nay sửa đổi``); a total
column adds up only columns of its own side.

**Year ranges.** A column whose lowest year heading is a range (``2021-2022``, ``Giai đoạn
2021 - 2025``) is of no single year: its figures have ``year`` null, like a total over the whole
period. When the table has a column for every year of the range (of the same measure and source)
the range column is their total (checked by ``row_sum``, never a part of another total); else it
is a figure over several years, and a ``column_year_range`` warning says so, as a sum by year leaves
it out and a sum over the period may count it beside the whole period's figure.

**Rates and percentages.** A table whose unit is a rate's (a unit line ``Đơn vị: Đồng/học
sinh/tháng``, ``Đơn vị tính: Nghìn đồng/người học/tháng`` — a web copy may break it over two
lines, the second in lower case —, a header cell ``Mức thu (đồng/người)``, or a row's ĐVT cell
``đồng/lượt/khách``) is a table of fees or norms, not of money to add up: its amount cells are
figures of role ``rate`` with the rate's ``per`` (``học sinh/tháng``, the whole rest of the unit),
never a total, so the ``budget`` dataset and the checks against the prose leave them out, as they
leave out a prose rate ("3.200.000 đồng/hộ"). A column whose header states ``%`` (``Nhà cấp I
(%)``, ``budget_headers.csv`` role ``percent``) carries no figures, like a text column: a table of
percentages only gives none (``../shared/corpus/text/afe7b51a032c1c6d.txt``).

**Rows.** The TT cell gives the row label and the hierarchy: a digit row belongs to the roman row
above it, a dotted row (``1.2``) to its digit row, a letter row to the numbered row above, a
``-`` row (also ``- …`` in the content cell) to the nearest numbered row, an unlabelled row to
the nearest roman or digit row. A row whose label or content is a total word is a total row (one
that prints its own formula over the codes, ``TỔNG CỘNG TÀI SẢN (200=110+120+130+140+150)``, totals
the rows of those codes and is not checked when one is missing or the formula subtracts); a
row whose content names a funding source (``Khuyến công quốc gia``, ``Nguồn khác``) gives that
source to its cells, and to the cells of the rows under it, where the column names none.
A row no label ranks is also a group by its arithmetic: an unlabelled row, not a total
(``Đào tạo nghề``, ``Huyện A`` over ``1 | Công ty TNHH A | 120``, ``2 | HTX B | 80``), whose printed
cells are the sums of the digit rows below it, up to the next unlabelled, roman or total row, is
their group (``is_group``, their ``parent_row_index``): in the total row's or the roman row's
rows it stands in their place, so the total counts neither twice and neither does ``budget``.
Every column where it or its rows print a number must add up (one at least, quantities of one
unit), no cell moved to make its row add up; a subtotal under a digit row is no part of it. When
its cells are also those of the row above it, not a roman row (``Huyện A`` over ``Xã X``), the
grouping is ambiguous: the rows stay as their labels place them and a sum over them that fails
is a warning (``uncertain: …``), not an error.

**Numbers.** ``-`` is zero, an empty cell is nothing (no figure, zero in sums), text is not a
number (no figure, reported). The table's convention comes from its own tokens
(:func:`normalizers.numbers.infer_convention`); when they do not decide and some token reads both
ways (``1,100``), the table is read in both conventions and the reading under which more sums
add up and fewer fail wins (an ``info`` finding says so); a draw is read in the Vietnamese
convention and every two-way token is reported ``cell_ambiguous``.

**Alignment by arithmetic.** Rows are ragged as the source is. A row is first read in its
reference layout: cell *i* under header column *i*; for rows wider than the header, the layout
learned from all rows of that width (positions blank in every such row are padding; when fewer
positions remain than value columns, the columns left out are those under which the rows add
up best). When a row's sums fail in its reference layout, when a total's parts are missing, when
a short row in a table without a total row verifies nothing, or when a number has no column,
every order-preserving assignment of the row's numbers to the value columns is tried; one is
taken when no sum fails under it, at least one adds up, the totals that failed or lacked parts
are settled (a total that lacked parts must add up), and it is the only such assignment nearest
(in columns moved) to the reference. The move is reported (``cells_realigned``). Otherwise the
reference stays and its failures are reported; numbers that have no column at all are kept as
figures without year or source and reported ``cell_ambiguous``.

**Derivation.** A cell that the source does not print (its row is cut short, or the row's layout
has no such column) is derived, never guessed: from the column total (total row minus the
other rows of its group, or parent row minus its other children) when every other row of the
group prints the column, or from the row's total minus the row's other parts when it is the only
part missing. Derived cells are figures with ``is_derived`` and no span; each row that gets them
has a ``cells_derived`` warning. A derived zero is not a figure, as an empty cell is not. The
total row itself is never derived: a total row that lacks a column the other rows fill is a
``total_row_missing_cell`` error whose ``expected`` is their sum.

**Checks.** ``row_sum`` (a total column against its parts in every row), ``column_sum`` (a total
row against the top-level rows above it), ``children_sum`` (a roman row against its digit rows,
a digit row against its dotted rows) and ``total_row_missing_cell`` are errors with ``expected``
and ``actual`` printed in the table's convention and the span of the total cell concerned.
Quantities are only summed across rows that share their unit. A sum agrees when it is within
half a unit of the last digit the total prints (``2.963,455`` allows 0,0005), so a table that
adds up gets no error. A sum that fails is an error only where its arithmetic is certain, else a
warning whose message ends ``(uncertain: …)``: when a cell it adds was moved to make its row add
up, or derived from a total; when it misses by no more than the rounding of its printed cells
(half a unit of the last digit of each, ``800 + 11.305 + 32.887`` against ``44.993``); when the
table was read in a convention its sums did not decide and the sum holds under the other. A
``total_row_missing_cell`` stays an error (the absence is certain) and says how many of the cells
its ``expected`` adds were moved or derived. A blank report form, whose only numbers are its
column numbers and row codes, holds no figure and so is not checked.

**Modules**, one a step: :mod:`.reader` runs them in order; :mod:`.vocabulary` (the header and row
words), :mod:`.grid` (cells, row labels, the first data row), :mod:`.context` (title and unit
above the table), :mod:`.header`, :mod:`.rows`, :mod:`.values` (a cell's number, a sum's
outcome), :mod:`.alignment`, :mod:`.derivation`, :mod:`.sums` (the checks), :mod:`.convention`
(a reading in one convention, and the choice between them) and :mod:`.figures`.
"""

from pipeline.build.budget_tables.reader import TableReading, read_budget_table

__all__ = ["TableReading", "read_budget_table"]
