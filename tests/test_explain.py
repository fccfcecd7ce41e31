"""explain: the table is right for good models, and each broken one is diagnosed.

Every broken model here is a mistake from the error atlas (notebooks/04b_error_atlas.ipynb).
For each, explain must name the first layer that fails, say why in plain words and give the
fix, never raise, and leave the model exactly as it was (an unbuilt model stays unbuilt).
"""

from __future__ import annotations

import keras
import numpy as np
import pytest

from tutorial_utils.explain import explain
from tutorial_utils.layers import FoldTimeDistributed

L = keras.layers
X4 = np.zeros((5, 4, 8, 1), dtype="float32")
X3 = X4.reshape(5, 32, 1)


def _reference(*, with_input: bool = True, wrap=L.TimeDistributed, shape=(4, 8, 1)):
    head = [keras.Input(shape=shape)] if with_input else []
    return keras.Sequential(
        [
            *head,
            wrap(L.Conv1D(16, 3, activation="relu"), name="conv"),
            wrap(L.MaxPooling1D(2), name="pool"),
            wrap(L.Flatten(), name="flat"),
            L.LSTM(8, name="lstm"),
            L.Dense(1, name="out"),
        ]
    )


def _problem(text: str) -> str:
    return text.split("First problem: ", 1)[1]


@pytest.mark.parametrize("with_input", [True, False], ids=["built", "unbuilt"])
def test_a_good_model_gets_the_full_table(with_input):
    model = _reference(with_input=with_input)
    text = explain(model, X4)
    rows = text.splitlines()
    assert rows[0].split() == ["layer", "type", "shape", "in", "shape", "out"]
    table = {
        r.split()[0]: r for r in rows[2:] if r.strip() and r.split()[0] in "conv pool flat lstm out"
    }
    assert table["conv"].endswith("(5, 4, 8, 1)   (5, 4, 6, 16)")
    assert "(5, 4, 3, 16)  (5, 4, 48)" in table["flat"]
    assert table["lstm"].endswith("(5, 4, 48)     (5, 8)")
    assert text.endswith("All layers accept X: the model turns (5, 4, 8, 1) into (5, 1).")
    assert "FAILS" not in text
    assert model.built is with_input  # explain built nothing


def test_the_fold_layer_and_a_functional_graph_with_branches():
    fold = _reference(wrap=FoldTimeDistributed)
    assert "FoldTimeDistributed(Conv1D)" in explain(fold, X4)
    assert explain(fold, X4).endswith("into (5, 1).")
    inputs = keras.Input(shape=(4, 8, 1))
    a = L.TimeDistributed(L.Flatten(), name="a")(inputs)
    b = L.TimeDistributed(L.Flatten(), name="b")(inputs)
    both = L.Concatenate(name="both")([a, b])
    model = keras.Model(inputs, L.Dense(1)(L.LSTM(4)(both)))
    text = explain(model, X4)
    assert "(5, 4, 8), (5, 4, 8)  (5, 4, 16)" in text
    assert text.endswith("into (5, 1).")


def test_plain_windows_into_a_built_model_are_caught_at_the_input():
    text = explain(_reference(), X3)
    assert _problem(text).startswith(
        "the input X: the model expects 4 axes (samples, 4, 8, 1) but X has 3 (5, 32, 1)."
    )
    assert "to_subsequences(X, n_seq=4)" in text


def test_plain_windows_into_an_unbuilt_model_fail_at_the_first_wrapped_conv():
    model = _reference(with_input=False)
    text = explain(model, X3)
    assert "conv  " in text and "(5, 32, 1)" in text
    assert _problem(text).startswith(
        "layer 'conv' (TimeDistributed(Conv1D)): inside TimeDistributed(Conv1D) the Conv1D gets "
        "2 axes"
    )
    assert "to_subsequences" in text and "X[np.newaxis]" in text
    assert not model.built


def test_conv1d_without_the_wrapper():
    model = keras.Sequential([L.Conv1D(16, 3, name="conv"), L.LSTM(4)])
    text = explain(model, X4)
    assert "the Conv1D reads (batch, steps, channels) but gets 4 axes (5, 4, 8, 1)" in text
    assert "wrap it in TimeDistributed" in text


def test_plain_flatten_before_the_lstm():
    model = keras.Sequential(
        [L.TimeDistributed(L.Conv1D(4, 3)), L.Flatten(), L.LSTM(4, name="lstm")]
    )
    text = explain(model, X4)
    assert "layer 'lstm' (LSTM): the LSTM reads (batch, steps, features) but gets 2 axes" in text
    assert "wrap it in TimeDistributed" in text


def test_missing_inner_flatten():
    model = keras.Sequential(
        [L.TimeDistributed(L.Conv1D(4, 3)), L.TimeDistributed(L.MaxPooling1D(2)), L.LSTM(4)]
    )
    text = explain(model, X4)
    assert "the LSTM reads (batch, steps, features) but gets 4 axes (5, 4, 3, 4)" in text
    assert "TimeDistributed(Flatten())" in text


@pytest.mark.parametrize(
    ("X", "layer", "words"),
    [
        (
            np.zeros((2, 16, 2, 1)),
            "conv",
            "the Conv1D window of 3 steps does not fit in the 2 step",
        ),
        (
            np.zeros((2, 8, 3, 1)),
            "pool",
            "the MaxPooling1D window of 2 steps does not fit in the 1",
        ),
    ],
    ids=["kernel", "pool"],
)
def test_kernel_or_pool_larger_than_what_is_left(X, layer, words):
    text = explain(_reference(with_input=False), X)
    assert f"First problem: layer '{layer}'" in text and words in text
    assert "smaller n_seq" in text


def test_time_distributed_after_an_lstm_without_return_sequences():
    model = keras.Sequential(
        [L.TimeDistributed(L.Flatten()), L.LSTM(3), L.TimeDistributed(L.Dense(1), name="head")]
    )
    text = explain(model, X4)
    assert "layer 'head'" in text and "at least 3 axes but gets 2 (5, 3)" in text
    assert "return_sequences=True" in text


def test_the_wrapper_one_level_too_high():
    model = keras.Sequential([L.TimeDistributed(L.Flatten()), L.TimeDistributed(L.LSTM(3))])
    text = explain(model, X4)
    assert "TimeDistributed(LSTM) runs the LSTM on every outer step separately" in text
    assert "one level too high" in text


def test_a_feature_the_model_was_not_built_for_is_named():
    text = explain(_reference(), np.zeros((2, 4, 8, 2)))
    assert "Axis 3 (n_features) is 2 but the model expects 1" in text


def test_the_sample_count_inside_keras_input():
    model = keras.Sequential(
        [keras.Input(shape=(5, 4, 8, 1)), L.TimeDistributed(L.TimeDistributed(L.Conv1D(3, 3)))]
    )
    text = explain(model, X4)
    assert "the model expects 5 axes" in text and "ONE sample" in text


def test_convlstm_given_plain_windows():
    text = explain(keras.Sequential([L.ConvLSTM1D(4, 3)]), X3)
    assert "the ConvLSTM1D reads 4 axes" in text and "directly" in text


def test_explain_never_changes_the_model():
    model = _reference()
    before = [w.copy() for w in model.get_weights()]
    for X in (X4, X3, np.zeros((2, 4, 8, 2)), X4[0]):
        explain(model, X)
    after = model.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))
    assert model.predict(X4, verbose=0).shape == (5, 1)


def test_explain_refuses_what_is_not_a_model_or_an_array():
    with pytest.raises(TypeError, match=r"explain needs a Keras model.*got str"):
        explain("model", X4)
    with pytest.raises(TypeError, match="X must be an array"):
        explain(_reference(), [[1.0, 2.0]])
    assert "(5, 4, 8, 1)" in explain(_reference(), (5, 4, 8, 1))
