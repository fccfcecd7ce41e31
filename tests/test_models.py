"""The course models: reference shapes and parameter counts, clear errors, TimeDistributed
equivalences (training them is tested in test_training.py)."""

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


# --- the relatives and the fold option ---------------------------------------------------------


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
