"""The argument checks every module uses: one rule (wrong type -> TypeError, wrong value ->
ValueError) and messages that say what was expected, what was given and how to fix it."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import checks, evaluate, gaps, synthetic, windows


@pytest.mark.parametrize("value", [3, np.int64(3), np.int32(3), np.uint8(3)])
def test_whole_number_accepts_python_and_numpy_ints(value):
    result = checks.whole_number(value, "n")
    assert result == 3 and type(result) is int


@pytest.mark.parametrize(
    ("value", "fix"),
    [
        (4.0, "Write 4, without the decimal point."),
        ("4", "Pass the number itself, 4, not text."),
        (True, ""),
        (np.bool_(True), ""),
        (None, ""),
        (4.5, ""),
    ],
)
def test_whole_number_refuses_other_types_with_type_error(value, fix):
    with pytest.raises(TypeError) as err:
        checks.whole_number(value, "n_seq")
    message = str(err.value)
    assert message.startswith("n_seq must be a whole number (an int), got ")
    assert type(value).__name__ in message
    assert message.endswith(fix or ".")


def test_whole_number_refuses_small_values_with_value_error():
    with pytest.raises(ValueError, match=r"^window must be a whole number >= 1, got 0\.$"):
        checks.whole_number(0, "window")
    with pytest.raises(ValueError, match=r"^seed must be a whole number >= 0, got -1\. Try 0\.$"):
        checks.whole_number(-1, "seed", minimum=0, fix="Try 0.")
    assert checks.whole_number(0, "seed", minimum=0) == 0


def test_real_number_bounds_and_types():
    assert checks.real_number(1, "rate", above=0) == 1.0
    assert checks.real_number(np.float32(0.5), "f", at_least=0, at_most=1) == 0.5
    assert checks.real_number(0.0, "f", at_least=0) == 0.0
    with pytest.raises(ValueError, match=r"^f must be a number > 0, got 0\.0\.$"):
        checks.real_number(0.0, "f", above=0)
    with pytest.raises(ValueError, match=r"must be a number >= 0 and <= 1, got nan"):
        checks.real_number(float("nan"), "f", at_least=0, at_most=1)
    with pytest.raises(TypeError, match=r"^f must be a number < 1, got str '0\.5'\.$"):
        checks.real_number("0.5", "f", below=1)
    with pytest.raises(TypeError):
        checks.real_number(True, "f")


def test_column_index_counts_from_the_end_and_names_the_range():
    assert checks.column_index(np.int64(1), 3) == 1
    assert checks.column_index(-1, 3) == 2
    with pytest.raises(ValueError, match=r"target=-4 is not a column.*use target in 0\.\.2"):
        checks.column_index(-4, 3)
    with pytest.raises(TypeError, match=r"target must be a column index \(an int\), got float"):
        checks.column_index(1.0, 3)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: windows.make_windows(np.arange(10.0), 3.0), TypeError),
        (lambda: windows.make_windows(np.arange(10.0), 0), ValueError),
        (lambda: windows.to_subsequences(np.zeros((1, 8, 1)), "2"), TypeError),
        (lambda: windows.split_series(np.arange(10), train="0.7"), TypeError),
        (lambda: evaluate.naive_forecast(np.zeros((2, 4, 1)), horizon=1.0), TypeError),
        (lambda: evaluate.seasonal_naive_forecast(np.zeros((2, 4, 1)), season=0), ValueError),
        (lambda: synthetic.synthetic_nested_series(n_days=True), TypeError),
        (lambda: gaps.fill_short_gaps([1.0, np.nan, 2.0], -1), ValueError),
    ],
)
def test_every_numpy_module_follows_the_one_rule(call, error):
    with pytest.raises(error, match=r"must be a (whole )?number"):
        call()


def test_finite_counts_every_bad_value_and_finds_the_first_across_chunks(monkeypatch, tmp_path):
    monkeypatch.setattr(checks, "FINITE_ROWS_AT_A_TIME", 4)  # several chunks for 10 rows
    series = np.zeros((10, 2))
    series[6, 1], series[9, 0] = np.nan, -np.inf
    with pytest.raises(ValueError, match=r"2 NaN or infinite value\(s\) out of 20.*\(6, 1\)\. Fix"):
        checks.finite(series, "series", fix="Fix.")
    path = tmp_path / "series.npy"
    np.save(path, series)
    with pytest.raises(ValueError, match=r"series contains 2 .*\(6, 1\)\.$"):
        checks.finite(np.load(path, mmap_mode="r"), "series")
    checks.finite(np.arange(5), "whole numbers")  # integers cannot be NaN
    checks.finite(np.zeros((0, 3)), "empty")
    with pytest.raises(ValueError, match=r"at index \(0,\)"):
        checks.finite(np.float64("nan"), "a scalar")
