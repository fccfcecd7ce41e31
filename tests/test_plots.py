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
        "least_squares",
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
