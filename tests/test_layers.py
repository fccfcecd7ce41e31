"""FoldTimeDistributed: the same numbers as keras.layers.TimeDistributed, saved and loaded."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from tutorial_utils.layers import FoldTimeDistributed

RNG = np.random.default_rng(7)


def _x(*shape: int) -> np.ndarray:
    return RNG.normal(size=shape).astype("float32")


def _pair(make_inner, input_shape):
    """Two one-layer models, TimeDistributed and fold, the second with the first's weights."""
    keras.utils.set_random_seed(1)
    td = keras.Sequential(
        [keras.Input(shape=input_shape), keras.layers.TimeDistributed(make_inner())]
    )
    fold = keras.Sequential([keras.Input(shape=input_shape), FoldTimeDistributed(make_inner())])
    fold.set_weights(td.get_weights())
    return td, fold


INNER_LAYERS = {
    "conv1d": (lambda: keras.layers.Conv1D(16, 3, activation="relu"), (4, 8, 1)),
    "maxpool1d": (lambda: keras.layers.MaxPooling1D(2), (4, 6, 16)),
    "flatten": (lambda: keras.layers.Flatten(), (4, 3, 16)),
    "dense": (lambda: keras.layers.Dense(5, activation="tanh"), (4, 48)),
    "dense_on_rank_5": (lambda: keras.layers.Dense(3), (3, 2, 4, 6)),
}


@pytest.mark.parametrize("name", INNER_LAYERS)
def test_same_outputs_as_time_distributed_with_unknown_batch(name):
    make_inner, input_shape = INNER_LAYERS[name]
    td, fold = _pair(make_inner, input_shape)
    assert td.input_shape[0] is None and fold.input_shape[0] is None
    x = _x(7, *input_shape)
    # batch_size=3 leaves a last batch of 1: the batch size really varies between calls.
    expected = td.predict(x, batch_size=3, verbose=0)
    got = fold.predict(x, batch_size=3, verbose=0)
    assert got.shape == expected.shape == (7, *td.output_shape[1:])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)
    if td.get_weights():  # layers with weights must not be a constant function of the input
        assert np.abs(expected).max() > 0


def test_same_as_applying_the_inner_layer_slice_by_slice():
    inner = keras.layers.Conv1D(4, 3)
    x = _x(2, 5, 8, 1)
    folded = keras.ops.convert_to_numpy(FoldTimeDistributed(inner)(x))
    for step in range(5):
        expected = keras.ops.convert_to_numpy(inner(x[:, step]))
        np.testing.assert_allclose(folded[:, step], expected, rtol=0, atol=1e-6)


def _reference_model(wrapper, n_seq=4, n_steps=8):
    """The course's CNN-LSTM, with `wrapper` in place of TimeDistributed."""
    keras.utils.set_random_seed(3)
    inputs = keras.Input(shape=(n_seq, n_steps, 1))
    h = wrapper(keras.layers.Conv1D(16, 3, activation="relu"))(inputs)
    h = wrapper(keras.layers.MaxPooling1D(2))(h)
    h = wrapper(keras.layers.Flatten())(h)
    h = keras.layers.LSTM(32)(h)
    return keras.Model(inputs, keras.layers.Dense(1)(h))


def test_reference_cnn_lstm_shapes_and_outputs_match():
    td = _reference_model(keras.layers.TimeDistributed)
    fold = _reference_model(FoldTimeDistributed)
    fold.set_weights(td.get_weights())
    shapes = [tuple(layer.output.shape) for layer in fold.layers]
    assert shapes == [tuple(layer.output.shape) for layer in td.layers]
    assert shapes[1:4] == [(None, 4, 6, 16), (None, 4, 3, 16), (None, 4, 48)]
    x = _x(10, 4, 8, 1)
    np.testing.assert_allclose(
        fold.predict(x, verbose=0), td.predict(x, verbose=0), rtol=0, atol=1e-5
    )


@pytest.mark.slow  # trains a model: seconds; `make unit` skips it
def test_training_updates_the_weights_the_same_way():
    td = _reference_model(keras.layers.TimeDistributed)
    fold = _reference_model(FoldTimeDistributed)
    fold.set_weights(td.get_weights())
    start = [w.copy() for w in td.get_weights()]
    x, y = _x(16, 4, 8, 1), _x(16, 1)
    for model in (td, fold):
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
        model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    for before, a, b in zip(start, td.get_weights(), fold.get_weights(), strict=True):
        assert not np.allclose(a, before)  # training really moved every weight
        np.testing.assert_allclose(b, a, rtol=0, atol=1e-5)


@pytest.mark.parametrize(
    "input_shape",
    [(None, 4, 8, 1), (32, 4, 8, 1), (None, None, 8, 1), (None, 4, None, 1), (2, 16, 12, 3)],
)
def test_compute_output_shape_agrees_with_time_distributed(input_shape):
    conv = keras.layers.Conv1D(5, 3)
    expected = keras.layers.TimeDistributed(conv).compute_output_shape(input_shape)
    assert FoldTimeDistributed(conv).compute_output_shape(input_shape) == expected


def test_unknown_outer_length_works_in_a_functional_model():
    inputs = keras.Input(shape=(None, 8, 1))
    conv = keras.layers.Conv1D(6, 3)
    fold = keras.Model(inputs, FoldTimeDistributed(conv)(inputs))
    assert fold.output_shape == (None, None, 6, 6)
    # Compared with the slice-by-slice definition, not with TimeDistributed: in Keras 3.15
    # its graph path for an unknown outer length maps over the batch size instead of n_seq.
    for n_seq in (2, 5):
        x = _x(3, n_seq, 8, 1)
        got = fold.predict(x, verbose=0)
        assert got.shape == (3, n_seq, 6, 6)
        expected = np.stack([keras.ops.convert_to_numpy(conv(x[:, i])) for i in range(n_seq)], 1)
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)


def test_save_and_load_keras_file_round_trip(tmp_path):
    model = _reference_model(FoldTimeDistributed)
    x = _x(6, 4, 8, 1)
    expected = model.predict(x, verbose=0)
    path = tmp_path / "fold_model.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    wrappers = [layer for layer in loaded.layers if isinstance(layer, FoldTimeDistributed)]
    assert [type(w.layer).__name__ for w in wrappers] == ["Conv1D", "MaxPooling1D", "Flatten"]
    assert wrappers[0].layer.filters == 16 and wrappers[0].layer.kernel_size == (3,)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), expected)


def test_config_round_trip_and_registration():
    layer = FoldTimeDistributed(keras.layers.Dense(3, activation="relu"), name="fold_dense")
    config = layer.get_config()
    assert config["name"] == "fold_dense"
    assert config["layer"]["class_name"] == "Dense"
    kept = dict(config)
    clone = FoldTimeDistributed.from_config(config)
    assert config == kept  # from_config did not change the caller's dictionary
    assert isinstance(clone.layer, keras.layers.Dense)
    assert clone.layer.units == 3 and clone.name == "fold_dense"
    assert clone.layer is not layer.layer
    name = keras.saving.get_registered_name(FoldTimeDistributed)
    assert name == "tutorial_utils>FoldTimeDistributed"
    assert keras.saving.get_registered_object(name) is FoldTimeDistributed


def test_mask_is_folded_and_passed_to_the_inner_layer():
    inputs = keras.Input(shape=(3, 5, 2))
    masked = keras.layers.Masking(mask_value=0.0)(inputs)
    lstm = keras.layers.LSTM(4)
    fold = keras.Model(inputs, FoldTimeDistributed(lstm)(masked))
    td = keras.Model(inputs, keras.layers.TimeDistributed(lstm)(masked))
    unmasked = keras.Model(inputs, FoldTimeDistributed(lstm)(inputs))
    x = _x(2, 3, 5, 2)
    x[:, :, 3:] = 0.0  # the last two inner steps are padding
    got = fold.predict(x, verbose=0)
    np.testing.assert_allclose(got, td.predict(x, verbose=0), rtol=0, atol=1e-6)
    # The padding changes the result when the mask is ignored, so the test can fail.
    assert np.abs(got - unmasked.predict(x, verbose=0)).max() > 1e-3


def test_training_flag_reaches_the_inner_layer():
    layer = FoldTimeDistributed(keras.layers.Dropout(0.5, seed=0))
    x = np.ones((4, 3, 10), dtype="float32")
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(layer(x, training=False)), x)
    dropped = keras.ops.convert_to_numpy(layer(x, training=True))
    assert dropped.shape == x.shape
    assert (dropped == 0).any() and (dropped == 2.0).any()


def test_rank_two_input_is_refused_with_the_expected_and_given_rank():
    with pytest.raises(ValueError, match=r"rank 3 or more.*has rank 2 with shape \(None, 8\)"):
        FoldTimeDistributed(keras.layers.Dense(2))(keras.Input(shape=(8,)))
    with pytest.raises(ValueError, match=r"rank 3 or more.*rank 2 with shape \(5, 8\)"):
        FoldTimeDistributed(keras.layers.Dense(2))(np.zeros((5, 8), dtype="float32"))
    with pytest.raises(ValueError, match="reshape windows"):
        FoldTimeDistributed(keras.layers.Dense(2)).compute_output_shape((None,))


def test_wrapping_something_that_is_not_a_layer_is_a_type_error():
    with pytest.raises(TypeError, match=r"wraps a Keras layer instance.*got type"):
        FoldTimeDistributed(keras.layers.Dense)


# --- The cases keras.layers.TimeDistributed's own tests check, asked of the fold ---------------


def test_one_dense_on_every_step_its_weights_and_masking_support():
    layer = FoldTimeDistributed(keras.layers.Dense(1, use_bias=False))
    out = layer(np.zeros((3, 2, 4), dtype="float32"))
    assert tuple(out.shape) == (3, 2, 1)
    assert len(layer.trainable_weights) == 1 and len(layer.non_trainable_weights) == 0
    assert layer.supports_masking


def test_the_dtype_policy_asked_for_is_the_dtype_returned():
    x = np.ones((3, 2, 4), dtype="float32")
    # mixed precision: computes and returns float16, keeps the weights in float32
    layer = FoldTimeDistributed(keras.layers.Dense(1, use_bias=False), dtype="mixed_float16")
    symbolic = layer.compute_output_spec(keras.KerasTensor((3, 2, 4), dtype="float16"))
    assert keras.backend.standardize_dtype(layer(x).dtype) == "float16" == symbolic.dtype
    assert [keras.backend.standardize_dtype(w.dtype) for w in layer.weights] == ["float32"]
    # float16 throughout: the inner layer's weights are float16 too, and so is the result
    half = FoldTimeDistributed(keras.layers.Dense(1, dtype="float16"), dtype="float16")
    assert keras.backend.standardize_dtype(half(x).dtype) == "float16"
    # float16 asked of the wrapper alone: the inner float32 weights win, in TimeDistributed too
    alone = FoldTimeDistributed(keras.layers.Dense(1), dtype="float16")
    td = keras.layers.TimeDistributed(keras.layers.Dense(1), dtype="float16")
    assert alone(x).dtype == td(x).dtype


def test_a_conv2d_on_every_frame_of_a_clip_builds_the_5d_shape():
    clips = keras.Input(shape=(10, 128, 128, 3), batch_size=32)  # 10 frames of 128 x 128 RGB
    frames = FoldTimeDistributed(keras.layers.Conv2D(64, (3, 3)))(clips)
    assert tuple(frames.shape) == (32, 10, 126, 126, 64)


def test_known_values_of_a_constant_dense_on_every_step():
    # Each step's 4 values times 0.01, summed: step [0, 1, 2, 3] gives 0.06, and so on.
    x = np.arange(24, dtype="float32").reshape(3, 2, 4)
    dense = keras.layers.Dense(
        1, use_bias=False, kernel_initializer=keras.initializers.Constant(0.01)
    )
    out = keras.ops.convert_to_numpy(FoldTimeDistributed(dense)(x))
    np.testing.assert_allclose(out[..., 0], [[0.06, 0.22], [0.38, 0.54], [0.70, 0.86]], atol=1e-6)


class _ZeroWhereMasked(keras.layers.Layer):
    """A constant Dense(1) whose output is 0 where the mask is False: shows what mask it got."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.dense = keras.layers.Dense(
            1, use_bias=False, kernel_initializer=keras.initializers.Constant(0.01)
        )

    def call(self, inputs, mask=None):
        out = self.dense(inputs)
        if mask is None:
            return out
        return out * keras.ops.expand_dims(keras.ops.cast(mask, out.dtype), -1)


def test_each_step_gets_its_own_entry_of_the_outer_mask():
    x = np.arange(24, dtype="float32").reshape(3, 2, 4)
    mask = np.array([[False, True], [True, False], [True, True]])
    out = keras.ops.convert_to_numpy(FoldTimeDistributed(_ZeroWhereMasked())(x, mask=mask))
    np.testing.assert_allclose(out[..., 0], [[0.0, 0.22], [0.38, 0.0], [0.70, 0.86]], atol=1e-6)


def test_a_model_with_mask_zero_trains_through_the_fold():
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input(shape=(20,)),
            keras.layers.Embedding(input_dim=10, output_dim=5, mask_zero=True),
            FoldTimeDistributed(keras.layers.Dense(5, activation="softmax")),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    tokens = rng.integers(0, 10, size=(22, 20))  # zeros among them: masked positions
    labels = rng.integers(1, 3, size=(22, 20))
    history = model.fit(tokens, labels, epochs=2, batch_size=16, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))


@pytest.mark.parametrize(
    "mask_shape",
    [(4, 6), (5, 5), (5, 6), (4, 6, 2)],
    ids=["outer length", "batch", "both", "3-D, outer length"],
)
def test_a_mask_that_does_not_match_the_input_is_refused(mask_shape):
    """keras#22037: a mask of another outer length must fail loudly, not be folded wrongly."""
    layer = FoldTimeDistributed(keras.layers.Dense(5))
    x = np.zeros((4, 5, 3), dtype="float32")
    assert tuple(layer(x, mask=np.ones((4, 5), dtype=bool)).shape) == (4, 5, 5)
    assert tuple(layer(x, mask=np.ones((4, 5, 2), dtype=bool)).shape) == (4, 5, 5)
    with pytest.raises(
        ValueError, match=r"mask of shape \(.*\) that does not fit the input \(4, 5, 3\)"
    ):
        layer(x, mask=np.ones(mask_shape, dtype=bool))
    with pytest.raises(ValueError, match="at least 2 axes"):
        layer(x, mask=np.ones(4, dtype=bool))
