"""Tables laid out in text: tab blocks, markdown pipe tables, and web copies with a cell a line."""

from __future__ import annotations

from extractors.text import extract_text_file
from pipeline.build.tables import find_text_tables

from ...conftest import RAW_DIR, SAMPLES, table_rows, text_document


def test_cao_bang_bieu_02_is_one_ragged_table() -> None:
    doc = extract_text_file(RAW_DIR / SAMPLES["cao_bang"])
    tables = find_text_tables(doc)
    bieu_02 = tables[-1]
    grid = table_rows(bieu_02)
    assert grid[0][:4] == ["TT", "Nội dung", "Năm 2016", ""]
    assert grid[-1][:4] == ["", "Cộng", "1.200", "600"]
    assert grid[-1][-1] == "11.200"
    assert bieu_02.n_rows == 11  # two header rows, eight content rows, the total
    for cell in bieu_02.cells:
        assert doc.text[cell.start : cell.end] == cell.text  # type: ignore[misc]


def test_hung_yen_appendix_survives_a_blank_line_inside() -> None:
    doc = extract_text_file(RAW_DIR / SAMPLES["hung_yen"])
    [appendix] = find_text_tables(doc)
    labels = [row[0] for row in table_rows(appendix)]
    assert labels[-1] == ""  # the total row: "\tTổng cộng …"
    assert table_rows(appendix)[-1][1] == "Tổng cộng"
    assert {"I", "II", "III", "IV", "V", "VI", "VII", "VIII"} <= set(labels)


def test_markdown_pipe_table_with_group_rows() -> None:
    text = (
        "| TT | Nội dung | Năm 2016 | Năm 2017 |\n"
        "|---|---|---:|---:|\n"
        "| I | Đào tạo nghề | 100 | 200 |\n"
        "| 1 | Lớp nghề mộc | 60 | 120 |\n"
        "| 2 | Lớp nghề may | 40 | 80 |\n"
        "| | Tổng cộng | 100 | 200 |\n"
        "\n"
        "Văn bản tiếp theo."
    )
    [table] = find_text_tables(text_document(text))
    assert table_rows(table) == [
        ["TT", "Nội dung", "Năm 2016", "Năm 2017"],
        ["I", "Đào tạo nghề", "100", "200"],
        ["1", "Lớp nghề mộc", "60", "120"],
        ["2", "Lớp nghề may", "40", "80"],
        ["", "Tổng cộng", "100", "200"],
    ]


def test_web_copy_with_one_cell_per_line() -> None:
    text = (
        "Kinh phí như sau:\n\n"
        "TT\n|\nNội dung\n|\nKinh phí\n||\n"
        "1\n|\nĐào tạo nghề,\ntruyền nghề\n|\n1.260\n||\n"
        "2\n|\nTư vấn\n|\n500\n||\n\n"
        "Tổng kinh phí: 1.760 triệu đồng."
    )
    [table] = find_text_tables(text_document(text))
    assert table_rows(table) == [
        ["TT", "Nội dung", "Kinh phí"],
        ["1", "Đào tạo nghề, truyền nghề", "1.260"],
        ["2", "Tư vấn", "500"],
    ]


def test_an_giang_header_cells_are_not_a_table() -> None:
    doc = extract_text_file(RAW_DIR / SAMPLES["an_giang"])
    assert find_text_tables(doc) == []


def test_no_tables_in_prose() -> None:
    assert find_text_tables(text_document("Điều 1. Phạm vi\n- a | b\nVăn bản.")) == []
