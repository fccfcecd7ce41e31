"""A catalog of mistakes learners really make, and what our helpers answer.

Each entry builds the wrong input the way a learner would, calls the helper that should
catch it, and checks three things: the right exception type, a message that names what
was expected *and* what was given (and the fix), and that nothing passed in was modified.
The last tests pin the Keras behaviour the messages describe, so they stay true.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import keras
import numpy as np
import pytest

from tutorial_utils import data, shapes, windows
from tutorial_utils.training import fit_model

N_SEQ, N_STEPS, WINDOW = 4, 8, 32


@pytest.fixture(scope="module")
def models() -> dict[str, keras.Model]:
    """Two tiny models: the nested CNN-LSTM layout and a plain LSTM over whole windows."""
    keras.utils.set_random_seed(0)
    layers = keras.layers
    nested = keras.Sequential(
        [
            keras.Input(shape=(N_SEQ, N_STEPS, 1)),
            layers.TimeDistributed(layers.Conv1D(4, 3, activation="relu")),
            layers.TimeDistributed(layers.MaxPooling1D(2)),
            layers.TimeDistributed(layers.Flatten()),
            layers.LSTM(4),
            layers.Dense(1),
        ],
        name="nested",
    )
    plain = keras.Sequential(
        [keras.Input(shape=(WINDOW, 1)), layers.LSTM(4), layers.Dense(1)], name="plain"
    )
    return {"nested": nested, "plain": plain}


def _series(n: int = 200) -> np.ndarray:
    t = np.arange(n, dtype=np.float64)
    return 100 + 10 * np.sin(2 * np.pi * t / 24) + 0.1 * t


def _windows(samples: int = 6, window: int = WINDOW, n_features: int = 1) -> np.ndarray:
    """Windows whose values are their own (sample, step, feature) index: easy to trace."""
    return np.arange(samples * window * n_features, dtype=np.float32).reshape(
        samples, window, n_features
    )


@dataclass
class Mistake:
    """One learner mistake: ``make(models)`` returns (helper, args, kwargs)."""

    id: str
    make: Callable[[dict[str, keras.Model]], tuple[Callable[..., Any], tuple, dict]]
    error: type[Exception]
    says: tuple[str, ...]  # every one must appear in the message (plain substrings)


def _with_nan() -> np.ndarray:
    X = windows.to_subsequences(_windows(), N_SEQ)
    X[2, 1, 3, 0] = np.nan
    return X


def _object_windows() -> np.ndarray:
    X = windows.to_subsequences(_windows(2), N_SEQ).astype(object)
    X[1, 0, 0, 0] = None  # a missing value read from a file as None
    return X


def _scrambled_within_windows() -> tuple[np.ndarray, np.ndarray]:
    X = _windows()
    return X.reshape(len(X), N_STEPS, N_SEQ, 1).swapaxes(1, 2), X


def _mixed_across_samples() -> tuple[np.ndarray, np.ndarray]:
    X = _windows(samples=6)
    return X.reshape(N_SEQ, len(X), N_STEPS, 1).swapaxes(0, 1), X


def _unbuilt() -> keras.Model:
    """A learner's Sequential model without keras.Input (atlas entries 3 and 27)."""
    layers = keras.layers
    return keras.Sequential(
        [
            layers.TimeDistributed(layers.Conv1D(4, 3, activation="relu")),
            layers.TimeDistributed(layers.Flatten()),
            layers.LSTM(4),
            layers.Dense(1),
        ]
    )


def _fit(model: keras.Model, X: np.ndarray, y: np.ndarray) -> tuple[Callable, tuple, dict]:
    return fit_model, (model, X, y, X, y), {"epochs": 1}


def _same_shape_swap() -> tuple[np.ndarray, np.ndarray]:
    """n_seq == n_steps: a swapped nesting keeps the shape exactly (atlas entry 8)."""
    X = _windows(window=16)
    return X, windows.to_subsequences(X, 4).swapaxes(1, 2)


CATALOG = [
    Mistake(
        "plain 3-D windows given to the 4-D CNN-LSTM",
        lambda m: (shapes.check_model_input, (m["nested"], _windows(2)), {}),
        ValueError,
        ("(2, 32, 1)", "expects (samples, 4, 8, 1)", "to_subsequences(X, n_seq=4)", "(2, 4, 8, 1)"),
    ),
    Mistake(
        "windows longer than n_seq * n_steps",
        lambda m: (shapes.check_model_input, (m["nested"], _windows(2, window=48)), {}),
        ValueError,
        ("(2, 48, 1)", "4 * 8 = 32", "have 48 steps", "X[:, -32:]", "n_seq=6"),
    ),
    Mistake(
        "nested with n_seq and n_steps the wrong way round",
        lambda m: (shapes.check_model_input, (m["nested"], _windows(2).reshape(2, 8, 4, 1)), {}),
        ValueError,
        (
            "(2, 8, 4, 1)",
            "Axis 1 (n_seq) is 8 but the model expects 4 (+4)",
            "axis 2 (n_steps) is 4 but the model expects 8 (-4)",
            "to_subsequences(from_subsequences(X), n_seq=4)",
        ),
    ),
    Mistake(
        "subsequences too short (n_steps=6 for a model built for 8)",
        lambda m: (
            shapes.check_model_input,
            (m["nested"], windows.to_subsequences(_windows(3, window=24), 4)),
            {},
        ),
        ValueError,
        ("(3, 4, 6, 1)", "Axis 2 (n_steps) is 6 but the model expects 8 (-2)", "4 * 6 = 24"),
    ),
    Mistake(
        "two features given to a model built for one",
        lambda m: (
            shapes.check_model_input,
            (m["nested"], windows.to_subsequences(_windows(2, n_features=2), 4)),
            {},
        ),
        ValueError,
        ("(2, 4, 8, 2)", "Axis 3 (n_features) is 2 but the model expects 1 (+1)", "n_features=2"),
    ),
    Mistake(
        "feature axis missing on plain windows",
        lambda m: (shapes.check_model_input, (m["plain"], _windows(5)[..., 0]), {}),
        ValueError,
        ("(5, 32)", "expects (samples, 32, 1)", "X[..., np.newaxis]", "(5, 32, 1)"),
    ),
    Mistake(
        "feature axis missing and not nested",
        lambda m: (shapes.check_model_input, (m["nested"], _windows(5)[..., 0]), {}),
        ValueError,
        ("(5, 32)", "(samples, 4, 8, 1)", "X[..., np.newaxis]", "n_seq=4"),
    ),
    Mistake(
        "one sample passed without its batch axis",
        lambda m: (
            shapes.check_model_input,
            (m["nested"], windows.to_subsequences(_windows(1), 4)[0]),
            {},
        ),
        ValueError,
        ("(4, 8, 1)", "(samples, 4, 8, 1)", "X[np.newaxis]", "(1, 4, 8, 1)"),
    ),
    Mistake(
        "the raw series given to the model",
        lambda m: (shapes.check_model_input, (m["plain"], _series(100)), {}),
        ValueError,
        ("(100,)", "(samples, 32, 1)", "make_windows(series, window=32)"),
    ),
    Mistake(
        "nested windows given to a plain LSTM",
        lambda m: (
            shapes.check_model_input,
            (m["plain"], windows.to_subsequences(_windows(2), 4)),
            {},
        ),
        ValueError,
        ("(2, 4, 8, 1)", "(samples, 32, 1)", "from_subsequences(X)", "(2, 32, 1)"),
    ),
    Mistake(
        "a Python list of windows instead of an array",
        lambda m: (
            shapes.check_model_input,
            (m["nested"], list(windows.to_subsequences(_windows(3), 4))),
            {},
        ),
        TypeError,
        ("list of 3 items", "expected a NumPy array", "np.asarray", "(3, 4, 8, 1)"),
    ),
    Mistake(
        "a list of ragged rows that cannot become an array",
        lambda m: (shapes.check_model_input, (m["plain"], [[1.0, 2.0], [3.0]]), {}),
        TypeError,
        ("list of 2 items", "expected a NumPy array", "different shapes"),
    ),
    Mistake(
        "an object array with a missing value read as None",
        lambda m: (shapes.check_model_input, (m["nested"], _object_windows()), {}),
        TypeError,
        ("dtype object", "expected numbers (float32)", "X.astype('float32')"),
    ),
    Mistake(
        "numbers still stored as text",
        lambda m: (
            shapes.check_model_input,
            (m["plain"], _windows(2).astype(str)),
            {},
        ),
        TypeError,
        ("dtype <U", "expected numbers (float32)"),
    ),
    Mistake(
        "a NaN from a gap in the series",
        lambda m: (shapes.check_model_input, (m["nested"], _with_nan()), {}),
        ValueError,
        ("1 NaN or infinite value(s) out of 192", "index (2, 1, 3, 0)", "Fill or drop"),
    ),
    Mistake(
        "n_seq that does not divide the window",
        lambda m: (windows.to_subsequences, (_windows(2), 5), {}),
        ValueError,
        ("n_seq=5 does not divide the window of 32 steps", "[1, 2, 4, 8, 16, 32]", "X[:, -30:]"),
    ),
    Mistake(
        "nesting windows that are nested already",
        lambda m: (windows.to_subsequences, (windows.to_subsequences(_windows(2), 4), 4), {}),
        ValueError,
        ("must be 3-D", "got 4-D with shape (2, 4, 8, 1)", "from_subsequences"),
    ),
    Mistake(
        "targets with 3 columns for a one-step model",
        lambda m: (shapes.check_targets, (np.zeros((10, 3)), 1), {"n_samples": 10}),
        ValueError,
        ("(10, 3)", "expected (10, 1)", "broadcasts", "horizon=3"),
    ),
    Mistake(
        "1-D targets for a three-step forecast",
        lambda m: (shapes.check_targets, (np.zeros(10), 3), {}),
        ValueError,
        ("(10,)", "expected (10, 3)", "horizon=3"),
    ),
    Mistake(
        "targets transposed",
        lambda m: (shapes.check_targets, (np.zeros((1, 10)), 1), {"n_samples": 10}),
        ValueError,
        ("(1, 10)", "expected (10, 1)", "y.T"),
    ),
    Mistake(
        "targets one shorter than the windows",
        lambda m: (shapes.check_targets, (np.zeros((9, 1)), 1), {"n_samples": 10}),
        ValueError,
        ("9 target(s)", "10 window(s)", "make_windows"),
    ),
    Mistake(
        "targets with a trailing feature axis",
        lambda m: (shapes.check_targets, (np.zeros((10, 3, 1)), 3), {}),
        ValueError,
        ("(10, 3, 1)", "expected (10, 3)", "y[..., 0]"),
    ),
    Mistake(
        "scaler fitted on train and test together",
        lambda m: (
            shapes.check_scaler_fit,
            (windows.fit_scaler(_series()), windows.split_series(_series())[0]),
            {},
        ),
        ValueError,
        ("fitted on 200 time steps", "training part has 140", "60 steps", "fit_scaler(train)"),
    ),
    Mistake(
        "scaler fitted on the test part (same length as train)",
        lambda m: (
            shapes.check_scaler_fit,
            (windows.fit_scaler(_series()[-70:]), _series()[:70]),
            {},
        ),
        ValueError,
        ("mean", "training part's mean", "fit_scaler(train)"),
    ),
    Mistake(
        "scaler fitted on windows instead of the series",
        lambda m: (windows.fit_scaler, (windows.make_windows(_series(), 24)[0],), {}),
        ValueError,
        ("(time,) or (time, n_features)", "got shape (176, 24, 1)", "fit_scaler(train_part)"),
    ),
    Mistake(
        "nesting with swapaxes scrambles time inside each window",
        lambda m: (windows.check_time_order, _scrambled_within_windows()[::-1], {}),
        ValueError,
        ("X4[0, 0, 1, 0] should hold window step 1", "X[0, 4, 0] (window step 4)"),
    ),
    Mistake(
        "nesting the stacked windows as one block mixes samples",
        lambda m: (windows.check_time_order, _mixed_across_samples()[::-1], {}),
        ValueError,
        ("X4[0, 1, 0, 0] should hold window step 8", "of sample 1", "to_subsequences"),
    ),
    Mistake(
        "window plus horizon longer than the series",
        lambda m: (windows.make_windows, (_series(30), 32), {}),
        ValueError,
        ("needs at least 33 time steps", "the series has 30"),
    ),
    # --- entries of the error atlas (notebooks/04b_error_atlas.ipynb) a helper can catch ---
    Mistake(
        "atlas 3: a Sequential model without keras.Input",
        lambda m: (shapes.check_model_input, (_unbuilt(), _windows(2)), {}),
        ValueError,
        ("does not know its input shape yet", "keras.Input(shape=(...))"),
    ),
    Mistake(
        "atlas 27: fit_model refuses a model without keras.Input before Keras builds it",
        lambda m: _fit(_unbuilt(), windows.to_subsequences(_windows(), 4), np.zeros((6, 1))),
        ValueError,
        ("does not know its input shape yet", "keras.Input"),
    ),
    Mistake(
        "atlas 1, 2 and 26: fit_model refuses plain windows before Keras sees them",
        lambda m: _fit(keras.models.clone_model(m["nested"]), _windows(), np.zeros((6, 1))),
        ValueError,
        ("X_train has shape (6, 32, 1)", "expects (samples, 4, 8, 1)", "to_subsequences"),
    ),
    Mistake(
        "atlas 4: predict on one nested sample without its batch axis",
        lambda m: (
            shapes.check_model_input,
            (m["nested"], windows.to_subsequences(_windows(1), 4)[0]),
            {},
        ),
        ValueError,
        ("(4, 8, 1)", "one sample without its batch axis", "X[np.newaxis]"),
    ),
    Mistake(
        "atlas 5: fit_model with one target fewer than windows",
        lambda m: _fit(
            keras.models.clone_model(m["nested"]),
            windows.to_subsequences(_windows(), 4),
            np.zeros((5, 1)),
        ),
        ValueError,
        ("y_train has 5 target(s) but X has 6 window(s)", "make_windows"),
    ),
    Mistake(
        "atlas 7: fit_model with targets of 3 columns for one output",
        lambda m: _fit(
            keras.models.clone_model(m["nested"]),
            windows.to_subsequences(_windows(), 4),
            np.zeros((6, 3)),
        ),
        ValueError,
        ("y_train has shape (6, 3)", "forecasts 1 value(s) per sample", "expected (6, 1)"),
    ),
    Mistake(
        "atlas 8: an axis swap that keeps the shape (n_seq == n_steps)",
        lambda m: (windows.check_time_order, _same_shape_swap(), {}),
        ValueError,
        ("time order scrambled", "to_subsequences"),
    ),
    Mistake(
        "a dataset name misspelt",
        lambda m: (data.load_series, ("electricity",), {}),
        ValueError,
        ("unknown dataset 'electricity'", "'electricity_demand'"),
    ),
]


def _snapshot(value: Any) -> Any:
    if isinstance(value, keras.Model):
        return None  # models are not data; their weights are not touched by a check
    return copy.deepcopy(value)


def _same(before: Any, after: Any) -> bool:
    if before is None:
        return True
    if isinstance(before, np.ndarray):
        return (
            isinstance(after, np.ndarray)
            and before.dtype == after.dtype
            and before.shape == after.shape
            and np.array_equal(before, after, equal_nan=before.dtype.kind == "f")
        )
    if isinstance(before, list | tuple):
        return len(before) == len(after) and all(
            _same(b, a) for b, a in zip(before, after, strict=True)
        )
    return before == after


def test_the_catalog_is_big_enough():
    assert len(CATALOG) >= 12
    assert len({m.id for m in CATALOG}) == len(CATALOG)


@pytest.mark.parametrize("mistake", CATALOG, ids=lambda m: m.id)
def test_each_mistake_gets_a_clear_message_and_nothing_changes(mistake, models):
    helper, args, kwargs = mistake.make(models)
    before = [_snapshot(a) for a in args]
    with pytest.raises(mistake.error) as err:
        helper(*args, **kwargs)
    message = str(err.value)
    missing = [s for s in mistake.says if s not in message]
    assert not missing, f"message lacks {missing}:\n{message}"
    for i, (b, a) in enumerate(zip(before, args, strict=True)):
        assert _same(b, a), f"argument {i} was modified by {helper.__name__}"


# --- the right inputs pass quietly, so the checks never get in the way ---


def test_the_fixed_inputs_pass(models):
    X = _windows(6)
    X4 = windows.to_subsequences(X, N_SEQ)
    assert shapes.check_model_input(models["nested"], X4) is None
    assert shapes.check_model_input(models["plain"], X) is None
    assert shapes.check_model_input(models["plain"], X.astype(np.float64)) is None
    assert windows.check_time_order(X, X4) is None
    assert shapes.check_targets(np.zeros((6, 1)), 1, n_samples=6) is None
    assert shapes.check_targets(np.zeros(6), 1, n_samples=6) is None  # Keras treats both alike
    train, _, _ = windows.split_series(_series())
    assert shapes.check_scaler_fit(windows.fit_scaler(train), train) is None


# --- the Keras behaviour our messages describe ---


# Each backend words the failure its own way; none mentions the rank.
DEEP_CONV1D_ERROR = {
    "tensorflow": (ValueError, "Negative dimension size caused by subtracting 3 from 1"),
    "jax": (ValueError, "The convolution operation resulted in an empty output"),
    "torch": (RuntimeError, "Kernel size can't be greater than actual input size"),
}


def test_keras_itself_fails_deep_in_conv1d_on_plain_windows(models):
    """Why check_model_input exists: Keras' own message does not mention the rank."""
    error, message = DEEP_CONV1D_ERROR[keras.backend.backend()]
    with pytest.raises(error, match=message) as raised:
        models["nested"].predict(_windows(2), verbose=0)
    assert "rank" not in str(raised.value)


@pytest.mark.slow  # trains a model: seconds; `make unit` skips it
def test_keras_silently_broadcasts_targets_with_too_many_columns(models):
    """check_targets says 'Keras would not complain here': this keeps that claim true."""
    model = keras.models.clone_model(models["plain"])
    model.compile(optimizer="sgd", loss="mse")
    X = _windows(8) / 256.0
    history = model.fit(X, np.zeros((8, 3), dtype=np.float32), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


@pytest.mark.slow  # trains or starts a kernel: seconds; `make unit` skips it
def test_after_fit_model_refuses_plain_windows_the_same_model_still_trains(models):
    """Atlas entry 26: a Keras fit that fails half-way leaves the model unusable; ours does not."""
    model = keras.models.clone_model(models["nested"])
    X4 = windows.to_subsequences(_windows(), N_SEQ) / 192.0
    y = np.zeros((6, 1), dtype=np.float32)
    fit, args, kwargs = _fit(model, _windows(), y)
    with pytest.raises(ValueError, match="to_subsequences"):
        fit(*args, **kwargs)
    fit, args, kwargs = _fit(model, X4, y)
    history = fit(*args, **kwargs)
    assert len(history.history["loss"]) == 1


@pytest.mark.skipif(
    keras.backend.backend() != "tensorflow",
    reason="the message comes from tf.function; JAX fails differently after a failed call",
)
@pytest.mark.slow  # trains a model: seconds; `make unit` skips it
def test_keras_fails_a_second_fit_after_a_failed_first_one(models):
    """Keeps atlas entry 26 true: the second fit of the same model raises, with right data."""
    model = keras.models.clone_model(models["nested"])
    model.compile(optimizer="adam", loss="mse")  # Adam: its slot variables are what fails
    y = np.zeros((6, 1), dtype=np.float32)
    with pytest.raises(ValueError, match="Negative dimension size"):
        model.fit(_windows(), y, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="Creating variables on a non-first call"):
        model.fit(windows.to_subsequences(_windows(), N_SEQ), y, epochs=1, verbose=0)
