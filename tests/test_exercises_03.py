"""Exercise checks accept the worked solutions and reject the usual wrong answers."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from tutorial_utils import exercises


def _verdict(capsys, ok, prefix):
    out = capsys.readouterr().out
    assert out.startswith(prefix), out
    return out


# --- notebook 03 -------------------------------------------------------------------------

# Worked out by hand from EX03_CONFIG: n_seq=6, n_steps=10, filters=8, kernel 5, pool 2, 16 units.
SHAPES = [(6, 6, 8), (6, 3, 8), (6, 24), (16,), (1,)]
LSTM_PARAMS = 4 * (16 * 24 + 16 * 16 + 16)


def test_ex03_config_is_what_the_hand_answers_assume():
    assert exercises.EX03_CONFIG == {
        "n_seq": 6,
        "n_steps": 10,
        "n_features": 1,
        "filters": 8,
        "kernel_size": 5,
        "pool_size": 2,
        "lstm_units": 16,
    }


def test_shape_trace_accepts_the_solution(capsys):
    assert exercises.check_03_shape_trace(SHAPES) is True
    _verdict(capsys, True, "Correct:")
    assert exercises.check_03_shape_trace([list(s) for s in SHAPES]) is True


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (None, "replace None"),
        ([(6, 10, 8), *SHAPES[1:]], "td_conv"),  # forgot that the kernel shortens
        ([SHAPES[0], (6, 6, 8), *SHAPES[2:]], "td_pool"),  # forgot pooling halves
        ([*SHAPES[:2], (24,), *SHAPES[3:]], "keeps the n_seq axis"),  # lost the outer axis
        ([*SHAPES[:3], (6, 16), SHAPES[4]], "return_sequences"),
        ([(None, *s) for s in SHAPES], "batch axis"),
        ([(3, *s) for s in SHAPES], "batch axis"),
        (SHAPES[:4], "exactly 5 shapes"),
        (24, "list of tuples"),
        ([(6.5, 6, 8), *SHAPES[1:]], "whole number"),
    ],
)
def test_shape_trace_rejects_typical_mistakes_without_giving_the_answer(capsys, wrong, hint):
    assert exercises.check_03_shape_trace(wrong) is False
    out = _verdict(capsys, False, "Not yet:")
    assert hint in out
    for shape in SHAPES[:3]:
        assert str(shape) not in out


def test_lstm_params_accepts_the_solution(capsys):
    assert exercises.check_03_lstm_params(LSTM_PARAMS) is True
    _verdict(capsys, True, "Correct:")
    assert exercises.check_03_lstm_params(np.int64(LSTM_PARAMS)) is True


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (LSTM_PARAMS // 4, "four gates"),
        (LSTM_PARAMS - 4 * 16, "bias"),
        (LSTM_PARAMS - 4 * 16 * 16, "previous output"),
        (4 * (16 * 1 + 16 * 16 + 16), "flattened"),  # used the raw series as the LSTM input
        (4 * (16 * 3 + 16 * 16 + 16), "flattened"),  # used the pooled steps only
        (LSTM_PARAMS + 0.5, "whole number"),
        (None, "replace None"),
    ],
)
def test_lstm_params_rejects_typical_mistakes(capsys, wrong, hint):
    assert exercises.check_03_lstm_params(wrong) is False
    out = _verdict(capsys, False, "Not yet:")
    assert hint in out and str(LSTM_PARAMS) not in out


def test_min_n_steps(capsys):
    assert exercises.check_03_min_n_steps(7) is True
    _verdict(capsys, True, "Correct:")
    for wrong, hint in [(5, "too short"), (6, "too short"), (8, "smallest"), (15, "smallest")]:
        assert exercises.check_03_min_n_steps(wrong) is False
        out = _verdict(capsys, False, "Not yet:")
        assert hint in out and "7" not in out


def _fold_right(layer, X4):
    b, s = X4.shape[:2]
    # convert_to_numpy, not np.asarray: on PyTorch a layer's output still tracks gradients.
    out = keras.ops.convert_to_numpy(layer(X4.reshape(b * s, *X4.shape[2:])))
    return out.reshape(b, s, *out.shape[1:])


def _fold_transposed(layer, X4):
    # right shape, wrong meaning: subsequences of different samples get mixed
    b, s = X4.shape[:2]
    out = keras.ops.convert_to_numpy(layer(X4.transpose(1, 0, 2, 3).reshape(b * s, *X4.shape[2:])))
    return out.reshape(b, s, *out.shape[1:])


def _fold_not_unfolded(layer, X4):
    return layer(X4.reshape(-1, *X4.shape[2:]))


def _fold_mutates(layer, X4):
    X4 *= 1.0
    X4[0, 0, 0, 0] += 1.0
    return _fold_right(layer, X4)


def _fold_crashes(layer, X4):
    return layer(X4[0, 0])  # one 2-D subsequence: Conv1D needs a batch axis


def test_fold_apply_accepts_the_solution(capsys):
    assert exercises.check_03_fold_apply(_fold_right) is True
    _verdict(capsys, True, "Correct:")


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (_fold_transposed, "transpose"),
        (_fold_not_unfolded, "reshape its output back"),
        (_fold_mutates, "in place"),
        (_fold_crashes, "your function raised"),
        (lambda layer, X4: None, "returned None"),
        ("fold_apply", "pass your function"),
    ],
)
def test_fold_apply_rejects_typical_mistakes(capsys, wrong, hint):
    assert exercises.check_03_fold_apply(wrong) is False
    assert hint in _verdict(capsys, False, "Not yet:")
