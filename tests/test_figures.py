"""Measured figures live in one file; prose cites its rows and the tables are rendered from it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import figures  # noqa: E402


def test_every_rendered_block_is_current_and_every_cited_row_exists():
    found = figures.problems()
    assert not found, "\n".join(found) + "\nRun `make figures`, or add the cited row."


def test_citations_are_read_with_lists_and_ranges():
    assert figures.citations("rows S3, S4; row S17 and rows S19 and S20") == [
        "S3",
        "S4",
        "S17",
        "S19",
        "S20",
    ]
    assert figures.citations("see S5 or the C1 figure") == []  # a bare id is not a citation


def test_an_unknown_citation_and_a_stale_block_are_reported(tmp_path):
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "docs").mkdir()
    figures.record(
        [{"id": "S1", "what": "a", "configuration": "b", "value": "2×"}],
        command="test",
        path=tmp_path / "benchmarks" / "figures.csv",
    )
    empty = "<!-- begin:figures:suite -->\n<!-- end:figures:suite -->\n"
    (tmp_path / "README.md").write_text(empty + "As row S9 shows.\n")
    speed = "<!-- begin:figures:speed -->\n<!-- end:figures:speed -->\n"
    (tmp_path / "benchmarks" / "README.md").write_text(speed + empty)
    (tmp_path / "docs" / "instructor.md").write_text(
        "<!-- begin:figures:notebooks -->\n<!-- end:figures:notebooks -->\n"
    )
    found = figures.problems(tmp_path)
    assert "README.md cites row S9, which benchmarks/figures.csv does not have" in found
    assert any("figures:speed is stale" in line for line in found)


def test_record_fills_where_and_when_and_replaces_by_id(tmp_path):
    path = tmp_path / "figures.csv"
    figures.record([{"id": "C1", "what": "ci", "configuration": "x", "value": "1 s"}], "a", path)
    figures.record([{"id": "C1", "what": "ci", "configuration": "x", "value": "2 s"}], "b", path)
    (row,) = figures.load(path)
    assert row["value"] == "2 s" and row["command"] == "b"
    assert row["machine"] and row["date"] and row["load"]
    with pytest.raises(ValueError, match="needs"):
        figures.record([{"id": "C2", "value": "1 s"}], "c", path)


def test_a_row_without_its_machine_is_refused(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(",".join(figures.COLUMNS) + "\nS1,a,b,c,,load,2026-12-07,cmd\n")
    with pytest.raises(ValueError, match=r"row S1 has empty \['machine'\]"):
        figures.load(path)
