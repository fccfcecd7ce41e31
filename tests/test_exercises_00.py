"""The exercise checks of notebook 00: the solution is accepted, the usual slips get a hint
that does not give the answer away, and junk never raises
(tests/test_exercises_junk.py)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tutorial_utils import data, exercises


def _says(capsys, prefix: str) -> str:
    out = capsys.readouterr().out
    assert out.startswith(prefix) and out.count("\n") == 1, out
    return out


@pytest.fixture(scope="module")
def week() -> int:
    """Counted from the timestamps themselves: steps from the first Monday 00:00 to the next."""
    stamps = data.load_series("electricity_demand").timestamps
    return int(np.sum(stamps < stamps[0] + np.timedelta64(7, "D")))


def test_week_accepts_the_solution(capsys, week):
    for answer in (week, np.int64(week), float(week)):
        assert exercises.check_00_half_hours_per_week(answer) is True
        assert f"{week} steps" in _says(capsys, "Correct:")


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda w: w // 7, "one day"),
        (lambda w: 7, "counts days"),
        (lambda w: w // 2, "counts hours"),
        (lambda w: len(data.load_series("electricity_demand")), "whole series"),
        (lambda w: w + 1, "count the steps in one day first"),
        (lambda w: -w, "count the steps in one day first"),
    ],
)
def test_week_rejects_the_usual_slips(capsys, week, wrong, hint):
    assert exercises.check_00_half_hours_per_week(wrong(week)) is False
    out = _says(capsys, "Not yet:")
    assert hint in out
    assert not re.search(rf"(?<!\d){week}(?!\d)", out), out


def test_no_daily_cycle_accepts_the_solution(capsys):
    # the one dataset whose step is a day or longer
    names = data.list_datasets()
    coarse = [n for n in names if np.datetime_data(data.load_series(n).step.dtype)[0] in "YMWD"]
    assert coarse == ["co2_mauna_loa", "elnino_sst", "sunspots"]  # weekly CO2, wide monthly SST too
    for spelling in ("sunspots", " SUNSPOTS "):
        assert exercises.check_00_no_daily_cycle(spelling) is True
        assert "has one row a year" in _says(capsys, "Correct:")
    assert exercises.check_00_no_daily_cycle("co2_mauna_loa") is True
    assert "one row every 7 days" in _says(capsys, "Correct:")
    assert exercises.check_00_no_daily_cycle("elnino_sst") is True
    assert "one row a year" in _says(capsys, "Correct:")  # a wide table: a year of months a row


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        ("electricity_demand", "plot one week"),
        ("weather_greensboro", "sun rises and sets"),
        ("sunspot", "not a dataset name"),
        (["sunspots"], "not a list"),
    ],
)
def test_no_daily_cycle_rejects_the_usual_slips(capsys, wrong, hint):
    assert exercises.check_00_no_daily_cycle(wrong) is False
    out = _says(capsys, "Not yet:")
    assert hint in out
    if not isinstance(wrong, str) or wrong in data.list_datasets():
        assert "sunspots" not in out  # the list of names is only shown for a misspelt name
