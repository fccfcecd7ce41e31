"""Diagrams of the models: every shape labelled, middle rows left out, clear errors."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from tutorial_utils import diagrams


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(ax):
    return "\n".join(t.get_text() for t in ax.texts)


def test_cnn_lstm_diagram_is_labelled_with_the_shapes_of_the_course_task():
    ax = diagrams.draw_cnn_lstm(7, 48, 1, conv_filters=16, lstm_units=32, horizon=48)
    text = _texts(ax)
    for shape in ["(batch, 7, 48, 1)", "(46, 16)", "(23, 16)", "(368,)", "(batch, 7, 368)"]:
        assert shape in text, shape
    assert "LSTM(32)" in text and "Dense(48)" in text and "(batch, 48)" in text
    assert "kernel (3, 1, 16), bias (16,)" in text  # the one set of weights, shared by rows
    assert text.count("CNN  (W)") == 7  # the same CNN drawn once per subsequence
    assert "LSTM step 7" in text and "(batch, 7, 48, 1)" in ax.get_title()
    assert not ax.axison


def test_cnn_lstm_diagram_leaves_out_middle_rows_and_counts_features_in_the_kernel():
    ax = diagrams.draw_cnn_lstm(16, 12, 2, kernel_size=5, pool_size=4, batch=32)
    text = _texts(ax)
    assert text.count("CNN  (W)") == 7  # rows 1-6, a gap, row 16
    assert "subsequence 16" in text and "subsequence 7\n" not in text + "\n"
    assert "⋮" in text and "kernel (5, 2, 16)" in text
    assert "(32, 16, 12, 2)" in text and "(8, 16)" in text and "(2, 16)" in text


def test_cnn_lstm_diagram_refuses_bad_sizes_with_a_hint():
    with pytest.raises(TypeError, match="n_seq must be a whole number, got float"):
        diagrams.draw_cnn_lstm(7.0, 48)
    with pytest.raises(ValueError, match="n_steps must be at least 1, got 0"):
        diagrams.draw_cnn_lstm(7, 0)
    with pytest.raises(ValueError, match="kernel_size=5 is longer than a subsequence of n_steps=4"):
        diagrams.draw_cnn_lstm(7, 4, kernel_size=5)
    with pytest.raises(ValueError, match=r"MaxPooling1D\(4\) would pool the 2 steps"):
        diagrams.draw_cnn_lstm(7, 4, kernel_size=3, pool_size=4)
    _, axes = plt.subplots(1, 2)
    assert diagrams.draw_cnn_lstm(4, 8, ax=axes[1], title="T") is axes[1]
    assert axes[1].get_title() == "T"


def test_fold_diagram_shows_every_shape_and_one_call_of_the_layer():
    ax = diagrams.draw_fold(2, 3, 8)
    text = _texts(ax)
    for label in [
        "input: (2, 3, 8, 1)",
        "folded: (6, 8, 1)",
        "layer output: (6, 6, 16)",
        "unfolded: (2, 3, 6, 16)",
        "Conv1D(16, 3)",
        "on all\n6 rows",
    ]:
        assert label in text, label
    # rows keep their order: sample 2, subsequence 1 is folded row 4
    assert "row 4 of 6" in text and "sample 2, subsequence 1" in text
    big = diagrams.draw_fold(64, 7, 48, layer_name="Dense(8)", layer_output=(48, 8))
    text = _texts(big)
    assert "folded: (448, 48, 1)" in text and "unfolded: (64, 7, 48, 8)" in text
    assert "row 442 of 448" in text and "row 448 of 448" in text and "⋮" in text


def test_fold_diagram_refuses_bad_arguments_with_a_hint():
    with pytest.raises(ValueError, match="without layer_output"):
        diagrams.draw_fold(2, 3, 8, layer_name="Dense(4)")
    with pytest.raises(TypeError, match="layer_output must be a tuple"):
        diagrams.draw_fold(2, 3, 8, layer_name="Dense(4)", layer_output=4)
    with pytest.raises(ValueError, match="batch must be at least 1"):
        diagrams.draw_fold(0, 3, 8)
    with pytest.raises(ValueError, match="kernel_size=9 is longer"):
        diagrams.draw_fold(2, 3, 8, kernel_size=9)


def test_cnn_lstm_diagram_from_a_model_reads_its_shapes():
    keras = pytest.importorskip("keras")
    from tutorial_utils.layers import FoldTimeDistributed

    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input((7, 48, 2)),
            FoldTimeDistributed(layers.Conv1D(8, 5)),
            FoldTimeDistributed(layers.GlobalMaxPooling1D()),
            layers.LSTM(12),
            layers.Dense(48),
        ]
    )
    text = _texts(diagrams.draw_cnn_lstm_from_model(model, batch=64))
    assert "FoldTimeDistributed(CNN)" in text and "Conv1D(8, 5) → (44, 8)" in text
    assert "GlobalMaxPooling1D → (8,)" in text and "(64, 7, 8)" in text
    assert "kernel (5, 2, 8), bias (8,)" in text and "LSTM(12)" in text
    assert "Dense(48)" in text and "(64, 48)" in text
    unbuilt = keras.Sequential([layers.TimeDistributed(layers.Conv1D(8, 3)), layers.LSTM(4)])
    with pytest.raises(ValueError, match=r"not built.*keras\.Input"):
        diagrams.draw_cnn_lstm_from_model(unbuilt)
    plain = keras.Sequential([keras.Input((48, 1)), layers.LSTM(4), layers.Dense(1)])
    with pytest.raises(ValueError, match="one 4-D input"):
        diagrams.draw_cnn_lstm_from_model(plain)
    no_wrapper = keras.Sequential(
        [keras.Input((7, 48, 1)), layers.Reshape((7, 48)), layers.LSTM(4)]
    )
    with pytest.raises(ValueError, match=r"expects wrapped layers.*\['Reshape', 'LSTM'\]"):
        diagrams.draw_cnn_lstm_from_model(no_wrapper)
    with pytest.raises(TypeError, match=r"keras\.Model"):
        diagrams.draw_cnn_lstm_from_model("model")
