"""The cheat sheet's "Your own series" code runs as printed, on small CSVs of our own."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

SHEET = Path(__file__).resolve().parent.parent / "docs" / "cheatsheet.md"


def _blocks() -> list[str]:
    text = SHEET.read_text(encoding="utf-8")
    section = text.split("## Your own series", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def test_the_section_has_the_csv_recipe_and_the_wide_table():
    blocks = _blocks()
    assert len(blocks) == 2
    recipe, wide = blocks
    assert "load_csv" in recipe and "relative_to_last" in recipe and "trend check" in recipe
    steps = [ln for ln in recipe.splitlines() if ln.strip() and "import" not in ln]
    assert len(steps) <= 16  # a dozen lines or so, from the file to the table
    assert "reshape(-1)" in wide


@pytest.mark.slow  # trains or starts a kernel: seconds; `make unit` skips it
def test_the_csv_recipe_runs_and_finds_the_trend(tmp_path, monkeypatch, capsys):
    months = np.arange("2000-01", "2015-01", dtype="datetime64[M]")
    t = np.arange(len(months))
    values = 100 + 0.5 * t + 3 * np.sin(2 * np.pi * t / 12)
    cells = [f"{v:.2f}" for v in values]
    cells[30] = ""  # a blank cell, kept as NaN and filled (short)
    cells[31] = "n/a"
    lines = ["date,value"] + [f"{m}-01,{c}" for m, c in zip(months, cells, strict=True)]
    (tmp_path / "my_series.csv").write_text("\n".join(lines) + "\n")
    recipe = _blocks()[0]
    # One seed, one epoch, and Keras' own compile rule (XLA would take longer to build than
    # the epoch takes): the recipe's steps, not its training, are what is checked here.
    fast = recipe.replace("seeds=[0, 1, 2], epochs=300", 'seeds=[0], epochs=1, jit_compile="auto"')
    assert fast != recipe  # the test really shortens the training, nothing else
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(fast, str(SHEET), "exec"), scope)
    assert scope["series"].step == np.timedelta64(1, "M")
    assert scope["outside"] == 1.0 and scope["case"].relative
    assert [row["model"] for row in scope["result"].summary][-2:] == ["lstm", "cnn_lstm"]
    out = capsys.readouterr().out
    assert "2 blank or non-numeric cells kept as NaN" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my_series.csv"]  # nothing written


def test_the_wide_table_becomes_one_series_in_time_order(tmp_path, monkeypatch):
    rows = ["year," + ",".join(f"m{m}" for m in range(1, 13))]
    rows += [f"{y}," + ",".join(str(100 * y + m) for m in range(1, 13)) for y in (2001, 2002)]
    rows[2] = rows[2].replace(",200205,", ",,")  # a blank month
    (tmp_path / "wide.csv").write_text("\n".join(rows) + "\n")
    monkeypatch.chdir(tmp_path)
    scope: dict = {"np": np}
    exec(compile(_blocks()[1], str(SHEET), "exec"), scope)
    values, times = scope["values"], scope["times"]
    assert values.shape == (24,) and times.shape == (24,)
    assert values[0] == 200101 and values[11] == 200112 and values[12] == 200201
    assert np.isnan(values[16])  # May 2002 was blank
    assert times[0] == np.datetime64("2001-01") and times[-1] == np.datetime64("2002-12")
    assert np.all(np.diff(times) == np.timedelta64(1, "M"))
