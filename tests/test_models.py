"""The course models: reference shapes and parameter counts, clear errors, TimeDistributed
equivalences, and the shared training routine."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from tutorial_utils import models


def conv_params(kernel_size, n_in, filters):
    return kernel_size * n_in * filters + filters


def lstm_params(n_in, units):
    # four gates, each with input weights, recurrent weights and a bias
    return 4 * (units * n_in + units * units + units)


def test_reference_model_has_the_course_shapes_and_parameter_counts():
    model = models.build_cnn_lstm(n_seq=4, n_steps=8, n_features=1)
    table = models.shape_table(model)
    assert [r["name"] for r in table] == [
        "subsequences",
        "td_conv",
        "td_pool",
        "td_flatten",
        "lstm",
        "forecast",
    ]
    assert [r["output_shape"] for r in table] == [
        (4, 8, 1),
        (4, 6, 16),
        (4, 3, 16),
        (4, 48),
        (32,),
        (1,),
    ]
    assert [r["params"] for r in table] == [
        0,
        conv_params(3, 1, 16),  # 64
        0,
        0,
        lstm_params(48, 32),  # 10,368
        32 + 1,
    ]
    assert model.count_params() == 10_465
    assert not model.compiled, "builders return uncompiled models"
    assert isinstance(model.get_layer("td_conv"), keras.layers.TimeDistributed)
    assert isinstance(model.get_layer("td_conv").layer, keras.layers.Conv1D)


@pytest.mark.parametrize(
    ("n_seq", "n_steps", "n_features", "kw"),
    [
        (7, 48, 1, {}),
        (4, 12, 3, {"filters": 8, "kernel_size": 5, "pool_size": 3, "lstm_units": 10}),
        (2, 4, 1, {"horizon": 6}),
    ],
)
def test_shapes_and_params_follow_the_formulas(n_seq, n_steps, n_features, kw):
    f, k, p = kw.get("filters", 16), kw.get("kernel_size", 3), kw.get("pool_size", 2)
    u, h = kw.get("lstm_units", 32), kw.get("horizon", 1)
    conv_len = n_steps - k + 1
    pooled = conv_len // p
    table = models.shape_table(models.build_cnn_lstm(n_seq, n_steps, n_features, **kw))
    assert [r["output_shape"] for r in table] == [
        (n_seq, n_steps, n_features),
        (n_seq, conv_len, f),
        (n_seq, pooled, f),
        (n_seq, pooled * f),
        (u,),
        (h,),
    ]
    assert table[1]["params"] == conv_params(k, n_features, f)
    assert table[4]["params"] == lstm_params(pooled * f, u)
    assert table[5]["params"] == u * h + h


def test_conv_weights_do_not_depend_on_n_seq():
    """One Conv1D is shared by every subsequence: its weights are the same size for any n_seq."""
    shapes = {
        n_seq: [
            tuple(w.shape) for w in models.build_cnn_lstm(n_seq, 8, 1).get_layer("td_conv").weights
        ]
        for n_seq in (1, 4, 30)
    }
    assert shapes[1] == shapes[4] == shapes[30] == [(3, 1, 16), (16,)]


def test_too_short_n_steps_is_refused_before_keras_with_the_smallest_that_works():
    with pytest.raises(ValueError, match="n_steps=3 is too short") as err:
        models.build_cnn_lstm(4, 3, 1)
    assert "smallest n_steps that works is 4" in str(err.value)
    with pytest.raises(ValueError, match="smallest n_steps that works is 7"):
        models.build_cnn_lstm(4, 6, 1, kernel_size=5, pool_size=3)
    # ... and the smallest really does work, leaving one pooled step
    model = models.build_cnn_lstm(4, 7, 1, kernel_size=5, pool_size=3)
    assert models.shape_table(model)[2]["output_shape"] == (4, 1, 16)


@pytest.mark.parametrize(("kernel_size", "pool_size"), [(1, 1), (3, 2), (4, 4)])
def test_min_n_steps_is_exactly_where_pooling_keeps_a_step(kernel_size, pool_size):
    smallest = models.min_n_steps(kernel_size, pool_size)
    for n_steps in range(1, smallest + 3):
        pooled = (n_steps - kernel_size + 1) // pool_size if n_steps >= kernel_size else 0
        assert (pooled >= 1) == (n_steps >= smallest)


def test_builders_check_argument_types():
    with pytest.raises(TypeError, match=r"n_seq must be a whole number \(an int\), got float"):
        models.build_cnn_lstm(4.0, 8, 1)
    with pytest.raises(ValueError, match="lstm_units must be a whole number >= 1"):
        models.build_lstm(48, 1, lstm_units=0)
    with pytest.raises(ValueError, match=r"window=3 is too short.*smallest window that works is 4"):
        models.build_conv1d(3, 1)


# --- TimeDistributed: the same layer on every slice -----------------------------------------


@pytest.fixture(scope="module")
def reference_and_batch():
    keras.utils.set_random_seed(3)
    model = models.build_cnn_lstm(4, 8, 1)
    X = np.random.default_rng(3).normal(size=(5, 4, 8, 1)).astype("float32")
    return model, X


def test_time_distributed_equals_the_inner_layer_slice_by_slice(reference_and_batch):
    model, X = reference_and_batch
    td = model.get_layer("td_conv")
    wrapped = keras.ops.convert_to_numpy(td(X))
    slices = np.stack(
        [keras.ops.convert_to_numpy(td.layer(X[:, i])) for i in range(X.shape[1])], axis=1
    )
    assert wrapped.shape == slices.shape == (5, 4, 6, 16)
    np.testing.assert_allclose(wrapped, slices, rtol=0, atol=1e-6)
    assert np.abs(wrapped).max() > 0.1, "a zero output would make the test meaningless"


def test_time_distributed_equals_folding_n_seq_into_the_batch(reference_and_batch):
    model, X = reference_and_batch
    cnn = keras.Model(model.input, model.get_layer("td_flatten").output)
    wrapped = keras.ops.convert_to_numpy(cnn(X))
    folded = X.reshape(5 * 4, 8, 1)  # batch and n_seq become one axis
    x = folded
    for name in ("td_conv", "td_pool", "td_flatten"):
        x = model.get_layer(name).layer(x)
    unfolded = keras.ops.convert_to_numpy(x).reshape(5, 4, 48)
    np.testing.assert_allclose(wrapped, unfolded, rtol=0, atol=1e-6)
    # A slice is independent of its neighbours: changing subsequence 0 leaves 1..3 untouched.
    changed = X.copy()
    changed[:, 0] += 5.0
    out = keras.ops.convert_to_numpy(cnn(changed))
    np.testing.assert_allclose(out[:, 1:], wrapped[:, 1:], rtol=0, atol=1e-6)
    assert not np.allclose(out[:, 0], wrapped[:, 0])


# --- the simpler models ----------------------------------------------------------------------


def test_baseline_models_shapes_and_params():
    lstm = models.shape_table(models.build_lstm(48, 2, lstm_units=8, horizon=3))
    assert [r["output_shape"] for r in lstm] == [(48, 2), (8,), (3,)]
    assert lstm[1]["params"] == lstm_params(2, 8)
    conv = models.shape_table(models.build_conv1d(48, 1))
    assert [r["output_shape"] for r in conv] == [(48, 1), (46, 16), (23, 16), (368,), (1,)]
    assert conv[-1]["params"] == 368 + 1
    linear = models.shape_table(models.build_linear(48, 2, horizon=2))
    assert [r["output_shape"] for r in linear] == [(48, 2), (96,), (2,)]
    assert linear[-1]["params"] == 96 * 2 + 2


def test_shape_table_includes_the_input_of_a_sequential_model():
    model = keras.Sequential([keras.Input(shape=(6, 1)), keras.layers.LSTM(4, name="l")])
    assert models.shape_table(model) == [
        {"name": "input", "output_shape": (6, 1), "params": 0},
        {"name": "l", "output_shape": (4,), "params": lstm_params(1, 4)},
    ]
    with pytest.raises(ValueError, match=r"keras\.Input"):
        models.shape_table(keras.Sequential([keras.layers.Dense(1)]))


def test_format_shape_table_lists_every_layer_and_the_total():
    text = models.format_shape_table(models.build_cnn_lstm(4, 8, 1))
    lines = text.splitlines()
    assert lines[0].split() == ["layer", "type", "output", "shape", "params"]
    assert lines[3].split() == ["td_conv", "TimeDistributed(Conv1D)", "(4,", "6,", "16)", "64"]
    assert lines[-1].split() == ["total", "10,465"]
    assert text.isascii()


# --- training ----------------------------------------------------------------------------------


def _toy_data(n=256, window=6, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, window, 1)).astype("float32")
    y = (X[:, -1] - 0.5 * X[:, -2]).astype("float32")  # a linear rule a model can learn
    return X, y


def test_fit_model_learns_and_keeps_the_best_epoch():
    X, y = _toy_data()
    keras.utils.set_random_seed(0)
    model = models.build_linear(6, 1)
    history = models.fit_model(
        model, X[:192], y[:192], X[192:], y[192:], epochs=15, learning_rate=0.05
    )
    val = history.history["val_loss"]
    assert val[-1] < val[0] / 5, "the linear rule should be learned"
    assert model.evaluate(X[192:], y[192:], verbose=0) == pytest.approx(min(val), rel=1e-4)
    assert isinstance(model.optimizer, keras.optimizers.Adam)


def test_fit_model_stops_early_when_validation_gets_worse():
    X, y = _toy_data()
    keras.utils.set_random_seed(0)
    model = models.build_linear(6, 1)
    # validation targets are the opposite rule: learning the training rule makes them worse
    history = models.fit_model(
        model, X[:192], y[:192], X[192:], -y[192:], epochs=30, patience=2, learning_rate=0.05
    )
    val = history.history["val_loss"]
    best = int(np.argmin(val))
    assert len(val) < 30
    assert len(val) == best + 1 + 2


@pytest.mark.slow  # trains several models: `make unit` skips it
def test_train_and_forecast_is_repeatable_with_the_same_seed():
    X, y = _toy_data(n=128)
    args = (X[:96], y[:96], X[96:], y[96:], X[96:])
    a = models.train_and_forecast(lambda: models.build_lstm(6, 1, lstm_units=4), *args, epochs=2)
    b = models.train_and_forecast(lambda: models.build_lstm(6, 1, lstm_units=4), *args, epochs=2)
    c = models.train_and_forecast(
        lambda: models.build_lstm(6, 1, lstm_units=4), *args, epochs=2, seed=1
    )
    assert a.predictions.shape == (32, 1)
    np.testing.assert_array_equal(a.predictions, b.predictions)
    assert not np.array_equal(a.predictions, c.predictions)
    assert a.params == lstm_params(1, 4) + 5
    assert 1 <= a.best_epoch <= a.epochs_run == 2


def test_fit_model_refuses_mismatched_data():
    X, y = _toy_data(n=32)
    model = models.build_cnn_lstm(2, 3, 1, kernel_size=2, pool_size=2)
    with pytest.raises(ValueError, match=r"X_train has shape.*to_subsequences"):
        models.fit_model(model, X, y, X, y, epochs=1)
    lin = models.build_linear(6, 1)
    # the targets are checked by shapes.check_targets, the same check learners call
    with pytest.raises(ValueError, match=r"y_train has 31 target\(s\) but X has 32 window\(s\)"):
        models.fit_model(lin, X, y[:31], X, y, epochs=1)
    with pytest.raises(ValueError, match=r"y_val has shape \(32, 2\).*expected \(32, 1\)"):
        models.fit_model(lin, X, y, X, np.hstack([y, y]), epochs=1)
    # a 1-D target for a one-output model is fine, as check_targets says
    assert len(models.fit_model(lin, X, y, X, y[:, 0], epochs=1).history["loss"]) == 1
    with pytest.raises(TypeError, match="build must be a function"):
        models.train_and_forecast(lin, X, y, X, y, X, epochs=1)
