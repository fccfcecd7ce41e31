"""Plot helpers: course colours, titles, labelled axes and clear errors."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest

from tutorial_utils import plots


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_colour_tables_cover_the_course_names_and_are_distinct():
    assert set(plots.SPLIT_COLOURS) == {"train", "val", "test"}
    assert set(plots.MODEL_COLOURS) == {
        "truth",
        "naive",
        "seasonal_naive",
        "linear",
        "lstm",
        "conv1d",
        "cnn_lstm",
    }
    for table in (plots.SPLIT_COLOURS, plots.MODEL_COLOURS):
        assert all(mcolors.is_color_like(c) for c in table.values())
        assert len(set(table.values())) == len(table), "two names share a colour"
    assert set(plots.MODEL_LABELS) == set(plots.MODEL_COLOURS)


def test_learning_curves_use_split_colours_and_mark_the_best_epoch():
    class FakeHistory:  # what keras.callbacks.History looks like from outside
        def __init__(self):
            self.history = {"loss": [0.9, 0.5, 0.4, 0.35], "val_loss": [1.0, 0.6, 0.55, 0.7]}

    ax = plots.plot_learning_curves(FakeHistory())
    train, val, best = ax.get_lines()
    assert mcolors.same_color(train.get_color(), plots.SPLIT_COLOURS["train"])
    assert mcolors.same_color(val.get_color(), plots.SPLIT_COLOURS["val"])
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_array_equal(best.get_xdata(), [3, 3])
    assert "epoch 3" in ax.get_title()
    assert ax.get_xlabel() == "epoch" and "MSE" in ax.get_ylabel()


def test_learning_curves_draw_on_a_given_axes_and_refuse_other_things():
    _, (left, right) = plt.subplots(1, 2)
    assert plots.plot_learning_curves({"loss": [1.0]}, ax=right, title="T") is right
    assert right.get_title() == "T" and not left.get_lines()
    with pytest.raises(TypeError, match=r"dict with a 'loss' list.*keys \['acc'\]"):
        plots.plot_learning_curves({"acc": [1.0]})
    with pytest.raises(TypeError, match="matplotlib Axes"):
        plots.plot_learning_curves({"loss": [1.0]}, ax="left")


def test_forecast_plot_uses_model_colours_labels_and_units():
    t = np.arange("2000-08-01T00:00", "2000-08-01T03:00", 30, dtype="datetime64[m]")
    truth = np.linspace(20_000, 26_000, len(t))[:, np.newaxis]
    preds = {"cnn_lstm": truth + 100, "seasonal_naive": truth - 100, "my_model": truth}
    ax = plots.plot_forecast(t, truth, preds, units="GW", scale=1000)
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["truth", "CNN-LSTM", "seasonal naive", "my_model"]
    assert mcolors.same_color(lines[0].get_color(), plots.MODEL_COLOURS["truth"])
    assert mcolors.same_color(lines[1].get_color(), plots.MODEL_COLOURS["cnn_lstm"])
    assert mcolors.same_color(lines[2].get_color(), plots.MODEL_COLOURS["seasonal_naive"])
    assert lines[3].get_color() not in plots.MODEL_COLOURS.values()
    np.testing.assert_allclose(lines[1].get_ydata(), (truth[:, 0] + 100) / 1000)
    assert ax.get_ylabel() == "value (GW)" and ax.get_xlabel() == "time" and ax.get_title()


def test_forecast_plot_errors_say_what_to_pass():
    with pytest.raises(ValueError, match=r"one horizon column, e.g. y\[:, 0\]"):
        plots.plot_forecast(np.arange(3), np.zeros((3, 2)), {})
    with pytest.raises(ValueError, match="timestamps has 4 entries but y_true has 3"):
        plots.plot_forecast(np.arange(4), np.zeros(3), {})
    with pytest.raises(ValueError, match=r"predictions\['lstm'\] has 2 values"):
        plots.plot_forecast(np.arange(3), np.zeros(3), {"lstm": np.zeros(2)})


def test_plot_splits_colours_each_part_in_order():
    values = np.arange(10.0)
    ax = plots.plot_splits(np.arange(10), values, (6, 3, 1), units="MW")
    lines = ax.get_lines()
    for line, name in zip(lines, ("train", "val", "test"), strict=True):
        assert mcolors.same_color(line.get_color(), plots.SPLIT_COLOURS[name])
    np.testing.assert_array_equal(lines[1].get_ydata(), [6.0, 7.0, 8.0])
    assert ax.get_ylabel() == "value (MW)"
    with pytest.raises(ValueError, match="adding up to the 10 values"):
        plots.plot_splits(np.arange(10), values, (6, 3, 2))


def _texts(ax):
    return "\n".join(t.get_text() for t in ax.texts)


def test_cnn_lstm_diagram_is_labelled_with_the_shapes_of_the_course_task():
    ax = plots.draw_cnn_lstm(7, 48, 1, conv_filters=16, lstm_units=32, horizon=48)
    text = _texts(ax)
    for shape in ["(batch, 7, 48, 1)", "(46, 16)", "(23, 16)", "(368,)", "(batch, 7, 368)"]:
        assert shape in text, shape
    assert "LSTM(32)" in text and "Dense(48)" in text and "(batch, 48)" in text
    assert "kernel (3, 1, 16), bias (16,)" in text  # the one set of weights, shared by rows
    assert text.count("CNN  (W)") == 7  # the same CNN drawn once per subsequence
    assert "LSTM step 7" in text and "(batch, 7, 48, 1)" in ax.get_title()
    assert not ax.axison


def test_cnn_lstm_diagram_leaves_out_middle_rows_and_counts_features_in_the_kernel():
    ax = plots.draw_cnn_lstm(16, 12, 2, kernel_size=5, pool_size=4, batch=32)
    text = _texts(ax)
    assert text.count("CNN  (W)") == 7  # rows 1-6, a gap, row 16
    assert "subsequence 16" in text and "subsequence 7\n" not in text + "\n"
    assert "⋮" in text and "kernel (5, 2, 16)" in text
    assert "(32, 16, 12, 2)" in text and "(8, 16)" in text and "(2, 16)" in text


def test_cnn_lstm_diagram_refuses_bad_sizes_with_a_hint():
    with pytest.raises(TypeError, match="n_seq must be a whole number, got float"):
        plots.draw_cnn_lstm(7.0, 48)
    with pytest.raises(ValueError, match="n_steps must be at least 1, got 0"):
        plots.draw_cnn_lstm(7, 0)
    with pytest.raises(ValueError, match="kernel_size=5 is longer than a subsequence of n_steps=4"):
        plots.draw_cnn_lstm(7, 4, kernel_size=5)
    with pytest.raises(ValueError, match=r"MaxPooling1D\(4\) would pool the 2 steps"):
        plots.draw_cnn_lstm(7, 4, kernel_size=3, pool_size=4)
    _, axes = plt.subplots(1, 2)
    assert plots.draw_cnn_lstm(4, 8, ax=axes[1], title="T") is axes[1]
    assert axes[1].get_title() == "T"


def test_fold_diagram_shows_every_shape_and_one_call_of_the_layer():
    ax = plots.draw_fold(2, 3, 8)
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
    big = plots.draw_fold(64, 7, 48, layer_name="Dense(8)", layer_output=(48, 8))
    text = _texts(big)
    assert "folded: (448, 48, 1)" in text and "unfolded: (64, 7, 48, 8)" in text
    assert "row 442 of 448" in text and "row 448 of 448" in text and "⋮" in text


def test_fold_diagram_refuses_bad_arguments_with_a_hint():
    with pytest.raises(ValueError, match="without layer_output"):
        plots.draw_fold(2, 3, 8, layer_name="Dense(4)")
    with pytest.raises(TypeError, match="layer_output must be a tuple"):
        plots.draw_fold(2, 3, 8, layer_name="Dense(4)", layer_output=4)
    with pytest.raises(ValueError, match="batch must be at least 1"):
        plots.draw_fold(0, 3, 8)
    with pytest.raises(ValueError, match="kernel_size=9 is longer"):
        plots.draw_fold(2, 3, 8, kernel_size=9)


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
    text = _texts(plots.draw_cnn_lstm_from_model(model, batch=64))
    assert "FoldTimeDistributed(CNN)" in text and "Conv1D(8, 5) → (44, 8)" in text
    assert "GlobalMaxPooling1D → (8,)" in text and "(64, 7, 8)" in text
    assert "kernel (5, 2, 8), bias (8,)" in text and "LSTM(12)" in text
    assert "Dense(48)" in text and "(64, 48)" in text
    unbuilt = keras.Sequential([layers.TimeDistributed(layers.Conv1D(8, 3)), layers.LSTM(4)])
    with pytest.raises(ValueError, match=r"not built.*keras\.Input"):
        plots.draw_cnn_lstm_from_model(unbuilt)
    plain = keras.Sequential([keras.Input((48, 1)), layers.LSTM(4), layers.Dense(1)])
    with pytest.raises(ValueError, match="one 4-D input"):
        plots.draw_cnn_lstm_from_model(plain)
    no_wrapper = keras.Sequential(
        [keras.Input((7, 48, 1)), layers.Reshape((7, 48)), layers.LSTM(4)]
    )
    with pytest.raises(ValueError, match=r"expects wrapped layers.*\['Reshape', 'LSTM'\]"):
        plots.draw_cnn_lstm_from_model(no_wrapper)
    with pytest.raises(TypeError, match=r"keras\.Model"):
        plots.draw_cnn_lstm_from_model("model")
