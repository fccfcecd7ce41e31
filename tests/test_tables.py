"""The one table printer: what ResultsTable, format_shape_table and the benchmarks print."""

from __future__ import annotations

import pytest

from tutorial_utils.tables import format_table


def test_text_aligns_columns_and_sets_off_the_footer():
    text = format_table(["name", "n"], [["a", 1], ["bbb", 1000]], right=[1], footer=["total", 1001])
    assert text.splitlines() == [
        "name      n",
        "-----  ----",
        "a         1",
        "bbb    1000",
        "-----  ----",
        "total  1001",
    ]


def test_no_line_ends_in_spaces_and_markdown_keeps_every_row():
    text = format_table(["a", "b"], [["long text", ""]])
    assert all(line == line.rstrip() for line in text.splitlines())
    md = format_table(["a", "b"], [[1, 2]], footer=["sum", 3], markdown=True)
    assert md.splitlines() == ["| a | b |", "| --- | --- |", "| 1 | 2 |", "| sum | 3 |"]


def test_a_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match=r"must have 2 cells.*got 3"):
        format_table(["a", "b"], [[1, 2, 3]])
