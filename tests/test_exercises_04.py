"""The notebook 04 exercise checks: right answers pass, wrong ones get a hint, not the answer."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from tutorial_utils import exercises
from tutorial_utils.windows import to_subsequences

layers = keras.layers


def _run(check, *args, capsys):
    ok = check(*args)
    out = capsys.readouterr().out.strip()
    assert isinstance(ok, bool)
    assert out.startswith("Correct: " if ok else "Not yet: "), out
    assert out.count("\n") == 0, "one line of feedback"
    return ok, out


def _model(flatten_wrapped: bool, *, second_dense: bool = False) -> keras.Model:
    flatten = layers.TimeDistributed(layers.Flatten()) if flatten_wrapped else layers.Flatten()
    stack = [
        keras.Input(shape=(4, 8, 1)),
        layers.TimeDistributed(layers.Conv1D(4, 3, activation="relu")),
        layers.TimeDistributed(layers.MaxPooling1D(2)),
        flatten,
    ]
    if not flatten_wrapped:
        stack.append(layers.Reshape((1, 48)))  # makes it build, but the 4 steps are merged
    stack += [layers.LSTM(4), layers.Dense(2 if second_dense else 1)]
    return keras.Sequential(stack)


def test_nesting_check(capsys):
    X = np.arange(5 * 32, dtype=np.float32).reshape(5, 32, 1)
    before = X.copy()
    assert _run(exercises.check_04_nesting, to_subsequences(X, 4), X, capsys=capsys)[0]
    ok, out = _run(
        exercises.check_04_nesting, X.reshape(5, 8, 4, 1).swapaxes(1, 2), X, capsys=capsys
    )
    assert not ok and "out of order" in out and "to_subsequences" not in out
    ok, out = _run(exercises.check_04_nesting, X.reshape(5, 8, 4, 1), X, capsys=capsys)
    assert not ok and "(5, 8, 4, 1)" in out
    # a list counts as an array (the shared decorator coerces answers); text does not
    assert _run(exercises.check_04_nesting, to_subsequences(X, 4).tolist(), X, capsys=capsys)[0]
    ok, out = _run(exercises.check_04_nesting, "X4", X, capsys=capsys)
    assert not ok and "array of finite numbers" in out
    np.testing.assert_array_equal(X, before)


def test_fixed_model_check(capsys):
    assert _run(exercises.check_04_fixed_model, _model(True), capsys=capsys)[0]
    ok, out = _run(exercises.check_04_fixed_model, _model(False), capsys=capsys)
    assert not ok and "(None, 1, 48)" in out and "TimeDistributed" not in out
    ok, out = _run(exercises.check_04_fixed_model, _model(True, second_dense=True), capsys=capsys)
    assert not ok and "(None, 2)" in out
    ok, out = _run(exercises.check_04_fixed_model, "not a model", capsys=capsys)
    assert not ok and "keras.Input" in out


def test_diagnosis_check(capsys):
    right = {"A": 1, "B": 5, "C": 3, "D": 4, "E": 2}
    assert set(exercises.PITFALL_SYMPTOMS_04) == set(right)
    assert _run(exercises.check_04_diagnosis, dict(right), capsys=capsys)[0]
    swapped = {**right, "A": 5, "B": 1}
    ok, out = _run(exercises.check_04_diagnosis, swapped, capsys=capsys)
    assert not ok and "2 of 5" in out and "Symptom A" in out
    assert not any(f"pitfall {n}" in out.lower() for n in range(1, 6)), "the hint names no answer"
    ok, out = _run(exercises.check_04_diagnosis, [1, 5, 3, 4, 2], capsys=capsys)
    assert not ok and "dict" in out


@pytest.mark.parametrize(
    ("n_seq", "ok", "says"),
    [
        (8, True, "n_steps=12"),
        (4, False, "a larger n_seq does too"),
        (12, False, "border falls at step 16"),
        (5, False, "does not divide"),
        (48, False, "too short"),
        ("8", False, "whole number"),
    ],
)
def test_border_check(n_seq, ok, says, capsys):
    result, out = _run(exercises.check_04_border_n_seq, n_seq, capsys=capsys)
    assert result is ok and says in out
    if not ok:
        assert "n_seq=8" not in out


@pytest.mark.parametrize(
    ("check", "args"),
    [
        (exercises.check_04_nesting, (..., np.zeros((2, 32, 1)))),
        (exercises.check_04_fixed_model, (...,)),
        (exercises.check_04_diagnosis, ({"A": ..., "B": ..., "C": ..., "D": ..., "E": ...},)),
        (exercises.check_04_border_n_seq, (...,)),
    ],
)
def test_unanswered_exercise_says_replace(check, args, capsys):
    ok, out = _run(check, *args, capsys=capsys)
    assert not ok and "replace ..." in out


def test_symptoms_name_the_real_calls():
    """The symptoms quote calls and shapes the notebook really shows."""
    assert "windows.check_time_order(X, X4)" in exercises.PITFALL_SYMPTOMS_04["C"]
    assert "(32, 336, 1, 1)" in exercises.PITFALL_SYMPTOMS_04["A"]
    assert "(None, 2576)" in exercises.PITFALL_SYMPTOMS_04["B"]
