"""Checks for the exercises of notebook 03 (see ``_common.exercise`` for what all share).

Example:
    >>> check_03_min_n_steps(6.5)
    Not yet: your answer should be a whole number, not a float.
    False
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from tutorial_utils.exercises._common import Verdict, as_whole_number, correct, exercise, not_yet

# Exercise set-up (shown in notebook 03): a CNN-LSTM built with
#     build_cnn_lstm(n_seq=6, n_steps=10, n_features=1, filters=8, kernel_size=5,
#                    pool_size=2, lstm_units=16)

EX03_CONFIG: dict[str, int] = {
    "n_seq": 6,
    "n_steps": 10,
    "n_features": 1,
    "filters": 8,
    "kernel_size": 5,
    "pool_size": 2,
    "lstm_units": 16,
}
"""The model the notebook 03 exercises 1 and 2 are about."""

_EX03_LAYERS = ("td_conv", "td_pool", "td_flatten", "lstm", "forecast")


def _ex03_expected_shapes() -> list[tuple[int, ...]]:
    """Shapes taken from a real Keras model, so the check and Keras cannot disagree."""
    from tutorial_utils import models

    c = dict(EX03_CONFIG)
    model = models.build_cnn_lstm(c.pop("n_seq"), c.pop("n_steps"), c.pop("n_features"), **c)
    by_name = {row["name"]: row["output_shape"] for row in models.shape_table(model)}
    return [by_name[name] for name in _EX03_LAYERS]


def _ex03_lstm_params() -> int:
    from tutorial_utils import models

    c = dict(EX03_CONFIG)
    model = models.build_cnn_lstm(c.pop("n_seq"), c.pop("n_steps"), c.pop("n_features"), **c)
    return int(model.get_layer("lstm").count_params())


_SHAPE_HINTS = {
    "td_conv": (
        "look again at td_conv. A Conv1D without padding makes each subsequence "
        "kernel_size - 1 steps shorter and gives `filters` values per step; TimeDistributed "
        "leaves the n_seq axis alone."
    ),
    "td_pool": (
        "look again at td_pool. MaxPooling1D divides the number of steps by pool_size, "
        "rounding down; the n_seq axis and the number of filters stay."
    ),
    "td_flatten": (
        "look again at td_flatten. Inside TimeDistributed, Flatten merges steps and "
        "filters of each subsequence into one vector, and keeps the n_seq axis."
    ),
    "lstm": (
        "look again at the LSTM. Without return_sequences=True it reads all the "
        "subsequences and returns one vector of lstm_units per sample."
    ),
    "forecast": "look again at the last layer: Dense(horizon) gives `horizon` values per sample.",
}


@exercise("replace {} with a list of five shapes, e.g. [(1, 2, 3), ...].")
def check_03_shape_trace(answer: list[tuple[int, ...]]) -> Verdict:
    """Exercise 03.1: the output shapes of the five layers after the input, for the model
    described by :data:`EX03_CONFIG`.

    Answer: a list of five tuples, without the batch axis, in the order td_conv, td_pool,
    td_flatten, lstm, forecast.
    """
    if not isinstance(answer, (list, tuple)) or not all(
        isinstance(shape, (list, tuple)) for shape in answer
    ):
        return not_yet("give a list of tuples, one per layer, e.g. [(1, 2, 3), (4,), ...].")
    if any(d is None for shape in answer for d in shape):
        return not_yet("leave out the batch axis (None): write (6, ...), not (None, 6, ...).")
    if not all(as_whole_number(d) is not None for shape in answer for d in shape):
        return not_yet("every size in a shape is a whole number, e.g. (2, 5, 7).")
    given = [tuple(int(d) for d in shape) for shape in answer]
    expected = _ex03_expected_shapes()
    if len(given) != len(expected):
        return not_yet(
            f"give exactly {len(expected)} shapes, one per layer after the input "
            f"({', '.join(_EX03_LAYERS)}); you gave {len(given)}."
        )
    if all(len(m) == len(r) + 1 and m[1:] == r for m, r in zip(given, expected, strict=True)):
        return not_yet("leave out the batch axis: give each shape as Keras prints it, minus None.")
    for name, mine, right in zip(_EX03_LAYERS, given, expected, strict=True):
        if mine != right:
            return not_yet(_SHAPE_HINTS[name])
    return correct("every shape matches what Keras computes.")


@exercise("replace {} with your answer (a whole number of parameters).", whole=("answer",))
def check_03_lstm_params(answer: int) -> Verdict:
    """Exercise 03.2: the number of parameters of the LSTM layer in that model.

    Answer: a whole number.
    """
    right = _ex03_lstm_params()
    if answer == right:
        return correct("four gates, each with input weights, recurrent weights and a bias.")
    units = EX03_CONFIG["lstm_units"]
    if answer * 4 == right:
        return not_yet("an LSTM has four gates (input, forget, cell, output), each with weights.")
    if answer == right - 4 * units:
        return not_yet("each of the gates also has a bias, one per unit.")
    if answer == right - 4 * units * units:
        return not_yet(
            "each gate also reads the LSTM's own previous output: lstm_units x lstm_units "
            "recurrent weights per gate."
        )
    return not_yet(
        "what does the LSTM receive at each of its steps? Not the raw series: the flattened "
        "output of td_flatten for one subsequence. Use the last number of that shape."
    )


@exercise("replace {} with your answer (a whole number of time steps).", whole=("answer",))
def check_03_min_n_steps(answer: int) -> Verdict:
    """Exercise 03.3: the smallest n_steps for kernel_size=5 and pool_size=3.

    Answer: a whole number.
    """
    kernel_size, pool_size = 5, 3
    smallest = kernel_size + pool_size - 1
    if answer == smallest:
        return correct("the convolution leaves exactly pool_size steps, pooled into one.")
    if answer > smallest:
        return not_yet(
            "that length works, but a shorter one does too: what is the *smallest*? "
            "Pooling needs only pool_size steps to produce one."
        )
    return not_yet(
        "that is too short. Count what Conv1D leaves (n_steps - kernel_size + 1 steps), "
        "then check that MaxPooling1D still has at least pool_size steps to pool."
    )


@exercise("replace {} with your function (its name, without calling it).")
def check_03_fold_apply(fold_apply: Callable[[Any, Any], Any]) -> Verdict:
    """Exercise 03.4: apply a layer to every subsequence without TimeDistributed.

    Answer: a function ``fold_apply(layer, X4)``. It takes a Keras layer that expects
    ``(batch, n_steps, n_features)`` and nested windows ``X4`` of shape
    ``(batch, n_seq, n_steps, n_features)``, and must return what
    ``keras.layers.TimeDistributed(layer)(X4)`` returns, by folding ``n_seq`` into the batch
    axis, calling ``layer`` once, and unfolding.
    """
    if not callable(fold_apply):
        return not_yet("pass your function itself: check_03_fold_apply(fold_apply).")
    import keras

    rng = np.random.default_rng(3)
    X4 = rng.normal(size=(3, 5, 8, 2)).astype("float32")
    layer = keras.layers.Conv1D(4, 3, activation="relu")
    layer.build((None, 8, 2))
    kernel = rng.normal(size=(3, 2, 4)).astype("float32")
    layer.set_weights([kernel, rng.normal(size=4).astype("float32")])
    expected = keras.ops.convert_to_numpy(keras.layers.TimeDistributed(layer)(X4))
    original = X4.copy()
    try:
        result = fold_apply(layer, X4)
    except Exception as exc:
        return not_yet(f"your function raised {type(exc).__name__}: {exc}")
    if result is None:
        return not_yet("your function returned None; return the unfolded output.")
    result = keras.ops.convert_to_numpy(result)
    if not np.array_equal(X4, original):
        return not_yet("your function changed its input X4 in place; work on a new array.")
    if result.shape != expected.shape:
        return not_yet(
            f"for X4 of shape {X4.shape} the output should be 4-D, (batch, n_seq, ...); got "
            f"{result.shape}. Fold with reshape(batch * n_seq, n_steps, n_features), call the "
            "layer, then reshape its output back to (batch, n_seq, ...)."
        )
    if not np.allclose(result, expected, atol=1e-5):
        return not_yet(
            "the shape is right but the values are not: did a transpose or swapaxes mix "
            "subsequences of different samples? A plain reshape keeps each sample's "
            "subsequences together, in order."
        )
    return correct("folding into the batch gives exactly what TimeDistributed gives.")
