"""The notebook 04b checks: right answers pass, wrong ones get a hint, never the answer."""

from __future__ import annotations

from pathlib import Path

import keras
import numpy as np

from tutorial_utils import exercises
from tutorial_utils.layers import FoldTimeDistributed

L = keras.layers


def _port(*, n_seq=6, bn_wrapper=FoldTimeDistributed):
    inner = [L.TimeDistributed(L.Conv1D(8, 3, activation="relu"))]
    if bn_wrapper is not None:
        inner.append(bn_wrapper(L.BatchNormalization()))
    inner += [L.TimeDistributed(L.MaxPooling1D(2)), L.TimeDistributed(L.Flatten())]
    return keras.Sequential([keras.Input(shape=(n_seq, 10, 2)), *inner, L.LSTM(16), L.Dense(1)])


def test_port(capsys):
    assert exercises.check_04b_port(_port()) is True
    assert capsys.readouterr().out.startswith("Correct:")
    for attempt, says in [
        (..., "replace ..."),
        ("model", "pass a built Keras model"),
        (_port(n_seq=None), "still None"),
        (_port(n_seq=4), "n_seq=6"),
        (_port(bn_wrapper=L.TimeDistributed), "which wrapper"),
        (_port(bn_wrapper=None), "BatchNormalization layer inside a wrapper"),
    ]:
        assert exercises.check_04b_port(attempt) is False
        out = capsys.readouterr().out
        assert out.startswith("Not yet:") and says in out, out
        assert "FoldTimeDistributed" not in out  # the hint never names the answer


def test_port_wants_every_inner_layer_wrapped(capsys):
    bare = keras.Sequential(
        [
            keras.Input(shape=(6, 10, 2)),
            L.TimeDistributed(L.Conv1D(8, 3)),
            L.BatchNormalization(),
            L.TimeDistributed(L.Flatten()),
            L.LSTM(16),
            L.Dense(1),
        ]
    )
    assert exercises.check_04b_port(bare) is False
    assert "BatchNormalization runs inside each subsequence" in capsys.readouterr().out


def test_which_entry(capsys):
    right = {"A": 26, "B": 15, "C": 12, "D": 22, "E": 23}
    assert exercises.check_04b_which_entry(right) is True
    capsys.readouterr()
    for attempt, says in [
        ({**right, "A": ...}, "replace ..."),
        ({"A": 26}, "keys"),
        ({**right, "C": 11}, "1 of 5 not matched yet. C:"),
        ([26, 15, 12, 22, 23], "keys"),
    ]:
        assert exercises.check_04b_which_entry(attempt) is False
        out = capsys.readouterr().out
        assert says in out and "26" not in out.replace("'A': 1", ""), out


def test_the_messages_of_exercise_2_are_those_of_the_atlas():
    """The exercise quotes the atlas: keep its messages true to today's Keras."""
    index = (Path(__file__).resolve().parent.parent / "docs" / "errors.md").read_text("utf-8")
    for letter, phrase in [
        ("A", "Creating variables on a non-first call to a function decorated with tf.function."),
        ("B", "with at least 3 dimensions, received: (None, 32)"),
        ("C", "expected ndim=3, found ndim=4. Full shape received: (None, 4, 3, 16)"),
        ("D", "The filename must end in `.weights.h5`. Received: filepath="),
    ]:
        assert phrase in exercises.MESSAGES_04B[letter] and phrase in index, letter


def test_broadcast_loss(capsys):
    y_true, y_pred = exercises.BROADCAST_04B
    assert y_true.shape == (4, 3) and y_pred.shape == (4, 1)
    right = float(np.mean((y_true - y_pred) ** 2))
    assert exercises.check_04b_broadcast_loss(right) is True
    assert exercises.check_04b_broadcast_loss(np.float32(right)) is True
    capsys.readouterr()
    first_column = float(np.mean((y_true[:, :1] - y_pred) ** 2))
    for attempt, says in [
        (..., "replace ..."),
        ("0.5", "one number"),
        ([1.0, 2.0], "one number"),
        (first_column, "all three"),
        (right + 0.1, "broadcasts"),
    ]:
        assert exercises.check_04b_broadcast_loss(attempt) is False
        out = capsys.readouterr().out
        assert out.startswith("Not yet:") and says in out, out
        assert f"{right:.3f}" not in out
