"""tutorial_utils.shapes: the checks pass on right input, find what is wrong, stay cheap."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from tutorial_utils import shapes
from tutorial_utils.windows import fit_scaler


def test_model_input_shape_reads_functional_and_sequential_models():
    inputs = keras.Input(shape=(3, 5, 2))
    functional = keras.Model(inputs, keras.layers.Flatten()(inputs))
    assert shapes.model_input_shape(functional) == (None, 3, 5, 2)
    sequential = keras.Sequential([keras.Input(shape=(7, 1)), keras.layers.Flatten()])
    assert shapes.model_input_shape(sequential) == (None, 7, 1)


def test_a_model_without_an_input_shape_is_explained():
    with pytest.raises(ValueError, match=r"does not know its input shape yet.*keras\.Input"):
        shapes.model_input_shape(keras.Sequential([keras.layers.Dense(1)]))
    with pytest.raises(TypeError, match="must be a Keras model, got str"):
        shapes.model_input_shape("model")


def test_check_model_input_accepts_ints_float64_and_tensors_without_copying_them():
    model = keras.Sequential([keras.Input(shape=(4, 2)), keras.layers.Flatten()])
    X = np.arange(16).reshape(2, 4, 2)
    shapes.check_model_input(model, X)
    shapes.check_model_input(model, X.astype(np.float64))
    shapes.check_model_input(model, keras.ops.convert_to_tensor(X.astype(np.float32)))
    assert X.dtype.kind == "i" and X.flags.writeable


def test_a_model_with_a_free_axis_accepts_any_length_there():
    model = keras.Sequential([keras.Input(shape=(None, 8, 1)), keras.layers.Flatten()])
    shapes.check_model_input(model, np.zeros((2, 3, 8, 1)))
    with pytest.raises(ValueError, match=r"expects \(samples, \?, 8, 1\).*Axis 2 \(n_steps\)"):
        shapes.check_model_input(model, np.zeros((2, 3, 6, 1)))
    with pytest.raises(ValueError, match=r"to_subsequences\(X, n_seq=5\)"):
        shapes.check_model_input(model, np.zeros((2, 40, 1)))


def test_infinite_values_are_caught_like_nan():
    model = keras.Sequential([keras.Input(shape=(3, 1)), keras.layers.Flatten()])
    X = np.zeros((4, 3, 1))
    X[3, 2, 0] = np.inf
    with pytest.raises(ValueError, match=r"1 NaN or infinite value\(s\).*\(3, 2, 0\)"):
        shapes.check_model_input(model, X)


def test_check_scaler_fit_accepts_multivariate_train_parts_and_refuses_other_objects():
    train = np.random.default_rng(0).normal(size=(50, 3))
    shapes.check_scaler_fit(fit_scaler(train), train)
    with pytest.raises(TypeError, match=r"must be a tutorial_utils\.windows\.Scaler"):
        shapes.check_scaler_fit({"mean": 0.0}, train)
