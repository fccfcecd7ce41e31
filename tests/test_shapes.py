"""tutorial_utils.shapes: the checks pass on right input, find what is wrong, stay cheap."""

from __future__ import annotations

import doctest
import subprocess
import sys

import keras
import numpy as np
import pytest

from tutorial_utils import shapes
from tutorial_utils.windows import fit_scaler, to_subsequences


def test_docstring_examples_run():
    result = doctest.testmod(shapes, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8
    assert result.failed == 0


def test_importing_shapes_does_not_start_tensorflow():
    code = (
        "import sys, tutorial_utils.shapes; "
        "print(','.join(m for m in ('tensorflow', 'keras') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


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


@pytest.mark.parametrize("n_seq", [1, 2, 4, 8])
def test_check_time_order_accepts_exactly_the_row_major_nesting(n_seq):
    X = np.random.default_rng(n_seq).normal(size=(5, 8, 2))
    shapes.check_time_order(to_subsequences(X, n_seq), X)
    if n_seq not in (1, 8):  # a transpose changes nothing when one axis has length 1
        n_steps = 8 // n_seq
        scrambled = X.reshape(5, n_steps, n_seq, 2).swapaxes(1, 2)
        with pytest.raises(ValueError, match="does not keep the time order"):
            shapes.check_time_order(scrambled, X)


def test_check_time_order_names_the_origin_of_a_value_from_another_window():
    X = np.arange(3 * 8, dtype=float).reshape(3, 8, 1)
    X4 = to_subsequences(X, 2)
    X4[1, 1, 2, 0] = X[2, 5, 0]  # one value copied in from window 2
    with pytest.raises(
        ValueError,
        match=r"X4\[1, 1, 2\] should be step 6 of window 1, but it holds step 5 of "
        r"window 2 \(another sample",
    ):
        shapes.check_time_order(X4, X)


def test_check_time_order_refuses_arrays_that_are_not_the_same_windows():
    with pytest.raises(ValueError, match=r"does not hold the same windows.*n_seq \* n_steps = 8"):
        shapes.check_time_order(np.zeros((2, 2, 3, 1)), np.zeros((2, 8, 1)))
    with pytest.raises(ValueError, match=r"expected X4 4-D .* got X4 \(2, 8, 1\)"):
        shapes.check_time_order(np.zeros((2, 8, 1)), np.zeros((2, 8, 1)))


def test_check_scaler_fit_accepts_multivariate_train_parts_and_refuses_other_objects():
    train = np.random.default_rng(0).normal(size=(50, 3))
    shapes.check_scaler_fit(fit_scaler(train), train)
    with pytest.raises(TypeError, match=r"must be a tutorial_utils\.windows\.Scaler"):
        shapes.check_scaler_fit({"mean": 0.0}, train)
