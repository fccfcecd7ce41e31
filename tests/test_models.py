"""The course models: reference shapes and parameter counts, clear errors, TimeDistributed
equivalences, and the shared training routine."""

from __future__ import annotations

import sys

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


# --- the relatives, the fold option, one training path ----------------------------------------


def test_conv_lstm_reads_the_whole_window_without_a_wrapper():
    model = models.build_conv_lstm(84, 1, filters=8, lstm_units=6, horizon=12)
    table = models.shape_table(model)
    assert [r["output_shape"] for r in table] == [(84, 1), (82, 8), (41, 8), (6,), (12,)]
    assert table[3]["params"] == lstm_params(8, 6)
    assert not any(isinstance(layer, keras.layers.TimeDistributed) for layer in model.layers)
    with pytest.raises(ValueError, match="smallest window that works is 4"):
        models.build_conv_lstm(3, 1)


def test_fold_option_gives_the_same_outputs_as_time_distributed():
    td = models.build_cnn_lstm(7, 12, 1, filters=4, lstm_units=5, horizon=12)
    fold = models.build_cnn_lstm(7, 12, 1, filters=4, lstm_units=5, horizon=12, fold=True)
    assert [r["output_shape"] for r in models.shape_table(fold)] == [
        r["output_shape"] for r in models.shape_table(td)
    ]
    fold.set_weights(td.get_weights())
    X = np.random.default_rng(1).normal(size=(5, 7, 12, 1)).astype("float32")
    np.testing.assert_allclose(fold.predict(X, verbose=0), td.predict(X, verbose=0), atol=1e-5)
    assert "FoldTimeDistributed(Conv1D)" in models.format_shape_table(fold)
    with pytest.raises(TypeError, match="fold must be True or False"):
        models.build_cnn_lstm(7, 12, 1, fold="yes")


def test_train_and_forecast_reports_that_early_stopping_fired():
    X, y = _toy_data()
    # validation wants the opposite rule, so the validation loss rises and stopping fires
    result = models.train_and_forecast(
        lambda: models.build_linear(6, 1),
        X[:192], y[:192], X[192:], -y[192:], X[192:],
        epochs=50, patience=3, learning_rate=0.05,
    )  # fmt: skip
    assert result.max_epochs == 50
    assert result.stopped_early
    assert result.epochs_run == result.best_epoch + 3 < 50
    capped = models.train_and_forecast(
        lambda: models.build_linear(6, 1),
        X[:192], y[:192], X[192:], y[192:], X[192:], epochs=2,
    )  # fmt: skip
    assert capped.epochs_run == 2 and not capped.stopped_early


def test_reuse_equals_training_a_new_model_with_that_seed():
    X, y = _toy_data(n=128)
    args = (X[:96], y[:96], X[96:], y[96:], X[96:])

    def build():
        return models.build_lstm(6, 1, lstm_units=4)

    first = models.train_and_forecast(build, *args, seed=0, epochs=2)
    fresh = models.train_and_forecast(build, *args, seed=5, epochs=2)
    again = models.train_and_forecast(build, *args, seed=5, epochs=2, reuse=first.model)
    assert again.model is first.model
    assert again.history.history["loss"] == pytest.approx(fresh.history.history["loss"], rel=1e-5)
    np.testing.assert_allclose(again.predictions, fresh.predictions, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="compiled, trained"):
        models.train_and_forecast(build, *args, epochs=1, reuse=build())
    with pytest.raises(ValueError, match="other weight shapes"):
        models.train_and_forecast(
            lambda: models.build_lstm(6, 1, lstm_units=3), *args, epochs=1, reuse=first.model
        )


def test_min_steps_per_epoch_cycles_a_small_training_set():
    X, y = _toy_data(n=40)
    keras.utils.set_random_seed(0)
    model = models.build_linear(6, 1)
    model.compile(optimizer="adam", loss="mse")
    models.fit_compiled(
        model, X[:8], y[:8], X[8:], y[8:], epochs=3, batch_size=4, patience=5, seed=0,
        min_steps_per_epoch=10,
    )  # fmt: skip
    assert int(model.optimizer.iterations.numpy()) == 3 * 10  # not 3 * 2
    plain = models.build_linear(6, 1)
    plain.compile(optimizer="adam", loss="mse")
    models.fit_compiled(
        plain, X[:8], y[:8], X[8:], y[8:], epochs=3, batch_size=4, patience=5, seed=0
    )
    assert int(plain.optimizer.iterations.numpy()) == 3 * 2
    # fit_model runs STEPS_PER_CALL batches per call: an epoch must still end after its 10
    # batches, and a pass over 8 windows after its 2 (not after a whole call's worth).
    for min_steps, per_epoch in ((10, 10), (1, 2)):
        course = models.build_linear(6, 1)
        models.fit_model(
            course, X[:8], y[:8], X[8:], y[8:], epochs=3, batch_size=4, patience=5,
            min_steps_per_epoch=min_steps,
        )  # fmt: skip
        assert course.steps_per_execution == models.STEPS_PER_CALL > per_epoch
        assert int(course.optimizer.iterations.numpy()) == 3 * per_epoch
    with pytest.raises(ValueError, match="min_steps_per_epoch must be a whole number >= 1"):
        models.fit_compiled(
            plain, X, y, X, y, epochs=1, batch_size=4, patience=1, seed=0, min_steps_per_epoch=0
        )


@pytest.mark.skipif(
    keras.backend.backend() == "tensorflow",
    reason="an install without TensorFlow can only run another backend (make test-jax)",
)
def test_fit_compiled_without_tensorflow_falls_back_to_arrays(monkeypatch):
    """A JAX-only install has no tf.data: training still runs, on the arrays themselves."""
    keras.utils.set_random_seed(0)
    model = models.build_linear(4, 1)
    model.compile(optimizer="adam", loss="mse")
    X = np.random.default_rng(0).normal(size=(16, 4, 1)).astype("float32")
    monkeypatch.setitem(sys.modules, "tensorflow", None)  # `import tensorflow` now fails
    history = models.fit_compiled(
        model, X, X[:, -1], X, X[:, -1], epochs=3, batch_size=8, patience=5, seed=0
    )
    assert len(history.history["loss"]) == 3
    assert np.isfinite(history.history["val_loss"]).all()
