"""Reading minutes are computed, never typed: the tables agree with the rule, the core fits.

``scripts/reading_minutes.py`` computes each notebook's minutes by the course's rule (prose at
180 words a minute, code at 8 non-comment lines a minute, exercises included) and writes the
tables of README.md, notebook 00 and docs/instructor.md. These tests fail when a table differs
from what the script computes, when a core notebook is over its budget, or when the workshop
plan no longer fits three hours.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import reading_minutes as rm  # noqa: E402
from blocks import read_block  # noqa: E402

ROWS = rm.course_rows()
CORE = [r for r in ROWS if r.part == "core"]


def _markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def _code(text: str) -> dict:
    return {
        "cell_type": "code",
        "metadata": {},
        "execution_count": None,
        "outputs": [],
        "source": text.splitlines(keepends=True),
    }


def test_the_rule_counts_words_and_code_lines_as_stated():
    notebook = {
        "cells": [
            _markdown("# 03 · A title\n\n" + "word " * 177),  # 3 + 177 = 180 words: 1 minute
            _code("import numpy as np\n\n# a comment, not counted\n    # nor this\n"),
            _code("x = np.arange(8)  # a trailing comment counts as code\nprint(x)\n"),
            {"cell_type": "raw", "metadata": {}, "source": "ignored " * 500},
        ]
    }
    assert rm.prose_words("# 03 · A title") == 3
    assert rm.code_lines("a = 1\n\n   \n# c\nb = 2\n") == 2
    assert rm.reading_minutes(notebook) == pytest.approx(1 + 3 / 8)


def test_parts_come_from_the_names():
    assert [rm.part_of(n) for n in ("00", "03", "05", "04b", "01b", "06", "09", "10", "11")] == [
        "core",
        "core",
        "core",
        "companion",
        "companion",
        "deep dive",
        "deep dive",
        "capstone",
        "capstone",
    ]
    with pytest.raises(ValueError, match="two digits"):
        rm.part_of("4b")


def test_summary_falls_back_to_the_title_and_the_title_is_checked():
    bare = {"metadata": {}, "cells": [_markdown("# 07 · Relatives: and more\n\ntext")]}
    assert rm.title_of(bare, "07") == "Relatives: and more"
    assert rm.summary_of(bare, "Relatives: and more") == "Relatives: and more"
    told = {"metadata": {"course": {"summary": "  what it\n teaches "}}, "cells": bare["cells"]}
    assert rm.summary_of(told, "x") == "what it teaches"
    with pytest.raises(ValueError, match="'# 08 · Title'"):
        rm.title_of(bare, "08")


def test_every_notebook_has_a_row_in_reading_order():
    assert [r.path for r in ROWS] == [
        p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
    ]
    assert [r.number for r in CORE] == list(rm.BUDGETS), "the core path is 00-05"
    assert all(r.title and r.summary and r.minutes > 0 for r in ROWS)


@pytest.mark.parametrize("name", sorted(rm.rendered()))
def test_committed_blocks_match_the_computation(name):
    assert name not in rm.drift(), (
        f"{name}: its reading-minutes table differs from what scripts/reading_minutes.py "
        "computes; run `python scripts/reading_minutes.py` (make minutes) and commit"
    )


def test_the_tables_show_every_notebook_and_the_core_total():
    readme = read_block((ROOT / "README.md").read_text(encoding="utf-8"), rm.BLOCK)
    cells = json.loads((ROOT / rm.START).read_text(encoding="utf-8"))["cells"]
    start = read_block("".join("".join(c["source"]) for c in cells), rm.BLOCK)
    for r in ROWS:
        assert f"]({r.path}) | {r.part} |" in readme, r.number
        assert f"]({Path(r.path).name}) | {r.part} | {r.shown} |" in start, r.number
    total = f"**{rm.core_total(ROWS)}**"
    assert total in readme.splitlines()[-1] and total in start.splitlines()[-1]


def test_check_mode_fails_on_a_stale_table(tmp_path):
    for name in ("README.md", rm.INSTRUCTOR):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    assert rm.drift(tmp_path) == []
    readme = tmp_path / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("| core |", "| kern |", 1))
    assert rm.drift(tmp_path) == ["README.md"]


@pytest.mark.parametrize("row", CORE, ids=lambda r: r.number)
def test_core_notebook_is_within_its_reading_budget(row):
    budget = rm.BUDGETS[row.number]
    assert row.minutes <= budget, (
        f"{row.path}: {row.minutes:.1f} reading minutes, over its budget of {budget}; move what "
        "is not the lesson's core to a companion (a letter beside it) or a deep dive"
    )


def test_core_path_is_within_its_total_budget():
    assert sum(r.minutes for r in CORE) <= rm.CORE_BUDGET
    assert rm.core_total(ROWS) <= rm.CORE_BUDGET


def test_workshop_plan_fits_three_hours_with_exercises_and_a_break():
    plan, total = rm.workshop_plan(ROWS)
    expected = sum(r.shown for r in CORE) + rm.EXERCISE_MINUTES * (len(CORE) - 1) + rm.BREAK_MINUTES
    assert total == expected
    assert "| break |" in plan
    assert total <= rm.WORKSHOP_MINUTES, (
        f"the core path's plan takes {total} minutes, over {rm.WORKSHOP_MINUTES}"
    )


def test_a_lesson_states_its_own_minutes_where_it_has_the_block():
    texts = rm.rendered()
    marked = [
        n for n in texts if n.endswith(".ipynb") and f"<!-- begin:{rm.MINUTES} -->" in texts[n]
    ]
    assert marked, "no notebook uses the reading-minutes block"
    for name in marked:
        row = rm.row_of(ROOT / name, ROOT, json.loads(texts[name]))  # counted with its own block
        assert rm.minutes_line(row) in texts[name], name
    short, long = (rm.Row("07", "x", "t", "deep dive", "s", m) for m in (4.0, 123.0))
    assert rm.prose_words(rm.minutes_line(short)) == rm.prose_words(rm.minutes_line(long))
