"""Baselines, error measures and the results table, against answers worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import evaluate, windows

# --- baselines ---------------------------------------------------------------------------


def test_naive_repeats_the_last_value_of_each_window():
    # Two windows of four steps, two features; the target is feature 1.
    X = np.array(
        [
            [[0, 10], [1, 11], [2, 12], [3, 13]],
            [[4, 14], [5, 15], [6, 16], [7, 17]],
        ],
        dtype=np.float32,
    )
    np.testing.assert_array_equal(evaluate.naive_forecast(X), [[3], [7]])
    np.testing.assert_array_equal(evaluate.naive_forecast(X, target=1), [[13], [17]])
    np.testing.assert_array_equal(evaluate.naive_forecast(X, horizon=3, target=1)[1], [17] * 3)
    assert evaluate.naive_forecast(X).dtype == np.float64


def test_naive_does_not_touch_input_and_refuses_2d_windows_as_windows_does():
    X = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])[..., np.newaxis]
    before = X.copy()
    np.testing.assert_array_equal(evaluate.naive_forecast(X, horizon=2), [[3, 3], [6, 6]])
    np.testing.assert_array_equal(X, before)
    # one check for plain windows, the same as tutorial_utils.windows uses
    for call in (evaluate.naive_forecast, windows.to_subsequences):
        with pytest.raises(ValueError, match=r"must be 3-D.*X\[\.\.\., np\.newaxis\]"):
            call(X[..., 0], 1)


def test_seasonal_naive_on_a_series_with_a_known_cycle():
    # A pure cycle of length 4: seasonal naive must be exact, naive must not.
    cycle = np.array([5.0, 9.0, 2.0, 7.0])
    series = np.tile(cycle, 5)  # 20 values
    window, horizon = 6, 3
    X = np.stack([series[i : i + window] for i in range(10)])[..., np.newaxis]
    y = np.stack([series[i + window : i + window + horizon] for i in range(10)])
    pred = evaluate.seasonal_naive_forecast(X, season=4, horizon=horizon)
    np.testing.assert_array_equal(pred, y)
    assert evaluate.mae(y, evaluate.naive_forecast(X, horizon=horizon)) > 0


def test_seasonal_naive_picks_one_season_back_by_hand():
    X = np.arange(10.0).reshape(1, 10, 1)  # values equal their position 0..9
    # next step is position 10; one season of 3 back is position 7
    assert evaluate.seasonal_naive_forecast(X, season=3).tolist() == [[7.0]]
    # steps 10, 11, 12, 13 -> 7, 8, 9, then 13 - 3 = 10 is unseen, so 13 - 6 = 7
    assert evaluate.seasonal_naive_forecast(X, season=3, horizon=4).tolist() == [[7, 8, 9, 7]]
    # season equal to the window: the first value of the window
    assert evaluate.seasonal_naive_forecast(X, season=10).tolist() == [[0.0]]


def test_seasonal_naive_with_season_one_is_naive():
    X = np.random.default_rng(0).normal(size=(5, 7, 2))
    np.testing.assert_array_equal(
        evaluate.seasonal_naive_forecast(X, season=1, horizon=3, target=1),
        evaluate.naive_forecast(X, horizon=3, target=1),
    )


def test_seasonal_naive_refuses_a_window_shorter_than_the_season():
    X = np.zeros((3, 24, 1))
    with pytest.raises(ValueError, match=r"24 steps but one season is 48.*window >= 48"):
        evaluate.seasonal_naive_forecast(X, season=48)


@pytest.mark.parametrize("func", [evaluate.naive_forecast, evaluate.seasonal_naive_forecast])
def test_baselines_explain_a_nested_4d_input(func):
    X4 = np.zeros((2, 4, 12, 1))
    kwargs = {"season": 2} if func is evaluate.seasonal_naive_forecast else {}
    with pytest.raises(ValueError, match="from_subsequences"):
        func(X4, **kwargs)


def test_baselines_check_target_and_horizon():
    X = np.zeros((2, 5, 2))
    with pytest.raises(ValueError, match=r"2 feature\(s\), so use target in 0..1"):
        evaluate.naive_forecast(X, target=2)
    with pytest.raises(ValueError, match="horizon must be a whole number >= 1, got 0"):
        evaluate.naive_forecast(X, horizon=0)
    with pytest.raises(TypeError, match=r"season must be a whole number \(an int\), got float"):
        evaluate.seasonal_naive_forecast(X, season=2.0)


# --- metrics -----------------------------------------------------------------------------


def test_mae_and_rmse_by_hand():
    y_true = np.array([[1.0], [2.0], [3.0], [4.0]])
    y_pred = np.array([[2.0], [2.0], [1.0], [8.0]])
    # errors 1, 0, 2, 4: MAE 7/4, RMSE sqrt((1 + 0 + 4 + 16) / 4)
    assert evaluate.mae(y_true, y_pred) == pytest.approx(1.75)
    assert evaluate.rmse(y_true, y_pred) == pytest.approx(np.sqrt(21 / 4))
    assert evaluate.rmse(y_true, y_pred) >= evaluate.mae(y_true, y_pred)
    assert evaluate.mae(y_true, y_true) == 0.0


def test_metrics_refuse_mismatched_shapes_and_say_how_to_fix():
    with pytest.raises(ValueError, match=r"\(4, 1\).*\(4,\).*reshape"):
        evaluate.mae(np.zeros((4, 1)), np.zeros(4))
    with pytest.raises(ValueError, match="NaN"):
        evaluate.rmse([1.0, 2.0], [1.0, np.nan])
    with pytest.raises(ValueError, match="empty"):
        evaluate.mae([], [])


def test_mase_by_hand():
    y_train = np.array([10.0, 20.0, 13.0, 26.0, 10.0])
    # season 2: |13-10| + |26-20| + |10-13| = 3 + 6 + 3, mean 4
    assert evaluate.seasonal_naive_scale(y_train, season=2) == pytest.approx(4.0)
    # test errors 2 and 6: MAE 4, MASE 1
    assert evaluate.mase([5.0, 9.0], [7.0, 3.0], y_train, season=2) == pytest.approx(1.0)
    # season 1 scales by the in-sample naive error: (10 + 7 + 13 + 16) / 4 = 11.5
    assert evaluate.mase([5.0, 9.0], [7.0, 3.0], y_train, season=1) == pytest.approx(4 / 11.5)


def test_mase_of_seasonal_naive_on_its_own_training_data_is_one():
    rng = np.random.default_rng(1)
    series = rng.normal(size=200).cumsum()
    season = 7
    window = 20
    X = np.stack([series[i : i + window] for i in range(len(series) - window)])[..., np.newaxis]
    y = series[window:, np.newaxis]
    pred = evaluate.seasonal_naive_forecast(X, season=season)
    # scored on the targets of every window = series[window:], not all of it, so compare
    # with the scale computed on the same stretch
    assert evaluate.mase(y, pred, series[window - season :], season) == pytest.approx(1.0)


def test_mase_refuses_short_or_constant_training_series():
    with pytest.raises(ValueError, match="more than one season"):
        evaluate.mase([1.0], [1.0], y_train=[1.0, 2.0], season=2)
    with pytest.raises(ValueError, match="divide by zero"):
        evaluate.mase([1.0], [1.0], y_train=[3.0, 3.0, 3.0], season=1)
    with pytest.raises(ValueError, match=r"y_train must be one value per time step.*series itself"):
        evaluate.mase([1.0], [1.0], y_train=np.zeros((5, 2)), season=1)


# --- results table -----------------------------------------------------------------------


def test_compare_forecasts_scores_each_model_the_same_way():
    y_true = np.array([[5.0], [9.0]])
    y_train = np.array([10.0, 20.0, 13.0, 26.0, 10.0])
    preds = {"perfect": y_true.copy(), "off": np.array([[7.0], [3.0]])}
    table = evaluate.compare_forecasts(
        y_true, preds, y_train=y_train, season=2, units="MW", extra={"off": {"params": 12}}
    )
    assert [row["model"] for row in table] == ["perfect", "off"]
    assert table.columns == ["model", "mae", "rmse", "mase", "params"]
    assert table["off"]["mae"] == pytest.approx(4.0)
    assert table["off"]["rmse"] == pytest.approx(np.sqrt(20))
    assert table["off"]["mase"] == pytest.approx(1.0)
    assert table["perfect"]["mase"] == 0.0
    assert table.best("rmse") == "perfect"
    assert [r["model"] for r in table.sorted("mae")] == ["perfect", "off"]
    assert table.column("mae") == {"perfect": 0.0, "off": pytest.approx(4.0)}


def test_results_table_prints_as_text_and_markdown():
    table = evaluate.compare_forecasts(
        [1.0, 2.0],
        {"naive": [1.5, 2.5], "cnn_lstm": [1.0, 2.25]},
        y_train=[0.0, 1.0, 3.0],
        season=1,
        units="MW",
    )
    md = table.to_markdown(digits=2).splitlines()
    assert md[0] == "| model | MAE (MW) | RMSE (MW) | MASE |"
    assert md[1] == "| --- | --- | --- | --- |"
    assert md[2] == "| naive | 0.50 | 0.50 | 0.33 |"
    text = str(table).splitlines()
    assert text[0].split() == ["model", "MAE", "(MW)", "RMSE", "(MW)", "MASE"]
    assert text[3].split() == ["cnn_lstm", "0.125", "0.177", "0.083"]
    # columns line up: every line has the same width up to the last column
    assert len({len(line) for line in text}) == 1


def test_compare_forecasts_names_the_model_with_a_bad_shape():
    with pytest.raises(ValueError, match="model 'lstm'"):
        evaluate.compare_forecasts(
            np.zeros((3, 1)), {"lstm": np.zeros((3, 2))}, y_train=[0.0, 1.0, 3.0], season=1
        )
    with pytest.raises(TypeError, match="non-empty dict"):
        evaluate.compare_forecasts(np.zeros(3), {}, y_train=[0.0, 1.0, 3.0], season=1)
    with pytest.raises(KeyError, match="no model 'x'"):
        evaluate.compare_forecasts(
            np.zeros(3), {"a": np.zeros(3)}, y_train=[0.0, 1.0, 3.0], season=1
        )["x"]
