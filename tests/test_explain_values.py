"""explain.explain reports NaN and infinity in X the way shapes.check_model_input refuses them."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from tutorial_utils import shapes
from tutorial_utils.explain import explain


def _model():
    return keras.Sequential([keras.Input((4, 1)), keras.layers.LSTM(2, name="lstm")])


def test_nan_in_x_is_the_first_problem_with_check_model_input_s_words():
    X = np.zeros((3, 4, 1))
    X[1, 2, 0] = np.nan
    before = X.copy()
    text = explain(_model(), X)
    assert "All layers accept X:" not in text
    assert "All layers accept X's shape: the model turns (3, 4, 1) into (3, 2)." in text
    with pytest.raises(ValueError) as refused:
        shapes.check_model_input(_model(), X)
    assert text.splitlines()[-1] == f"First problem: the values of X: {refused.value}"
    assert "the first at index (1, 2, 0)" in text
    np.testing.assert_array_equal(X, before)


def test_inf_is_reported_after_a_shape_problem_and_clean_x_is_unchanged():
    X = np.full((3, 5, 1), np.inf)
    text = explain(_model(), X)
    assert "First problem: the input X" in text
    assert text.splitlines()[-1].startswith("Also: X contains 15 NaN or infinite value(s)")
    clean = explain(_model(), np.zeros((3, 4, 1)))
    assert clean.splitlines()[-1] == "All layers accept X: the model turns (3, 4, 1) into (3, 2)."
    assert explain(_model(), (3, 4, 1)).splitlines()[-1].startswith("All layers accept X:")
