"""Baselines, error measures and the results table, against answers worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import evaluate, significance, windows

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


# --- least_squares_forecast -------------------------------------------------------------------


def _lstsq_reference(X_train, y_train, X):
    """The textbook solution: flattened windows plus a column of ones, numpy.linalg.lstsq."""
    design = np.c_[X_train.reshape(len(X_train), -1), np.ones(len(X_train))]
    coef = np.linalg.lstsq(design, y_train, rcond=None)[0]
    return np.c_[X.reshape(len(X), -1), np.ones(len(X))] @ coef


@pytest.mark.parametrize(("window", "n_features", "horizon"), [(6, 1, 1), (8, 2, 3), (5, 3, 48)])
def test_least_squares_equals_numpy_lstsq(window, n_features, horizon):
    rng = np.random.default_rng(window * 10 + horizon)
    X_train = rng.normal(size=(200, window, n_features))
    y_train = rng.normal(size=(200, horizon))
    X = rng.normal(size=(17, window, n_features))
    pred = evaluate.least_squares_forecast(X_train, y_train, X)
    assert pred.shape == (17, horizon)
    np.testing.assert_allclose(pred, _lstsq_reference(X_train, y_train, X), atol=1e-10)


def test_least_squares_recovers_an_exact_linear_rule_for_every_output():
    rng = np.random.default_rng(0)
    X_train = rng.normal(size=(50, 4, 2))
    weights = rng.normal(size=(8, 3))
    y_train = X_train.reshape(50, -1) @ weights + np.array([1.0, -2.0, 0.5])
    X = rng.normal(size=(5, 4, 2))
    expected = X.reshape(5, -1) @ weights + np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(evaluate.least_squares_forecast(X_train, y_train, X), expected)


def test_least_squares_accepts_1d_targets_for_one_step_ahead():
    X_train = np.arange(20.0).reshape(10, 2, 1)
    y_train = X_train[:, 1, 0] + 1
    pred = evaluate.least_squares_forecast(X_train, y_train, np.array([[[30.0], [31.0]]]))
    assert pred.shape == (1, 1)
    np.testing.assert_allclose(pred, [[32.0]])


def _fitted_weights_and_intercept(X_train, y_train, ridge):
    """Read W and b back out of the forecaster: b from a zero window, W from unit windows."""
    n_inputs = X_train.shape[1] * X_train.shape[2]
    probes = np.vstack([np.zeros(n_inputs), np.eye(n_inputs)]).reshape(-1, *X_train.shape[1:])
    out = evaluate.least_squares_forecast(X_train, y_train, probes, ridge=ridge)
    return out[1:] - out[0], out[0]


def test_ridge_shrinks_the_weights_and_leaves_the_intercept_free():
    rng = np.random.default_rng(3)
    X_train = rng.normal(size=(80, 5, 1)) + 10.0  # far from zero, so an intercept matters
    y_train = X_train[:, :, 0] @ rng.normal(size=(5, 2)) + 100.0
    norms, biases = [], []
    for ridge in (0.0, 10.0, 1e3, 1e7):
        w, b = _fitted_weights_and_intercept(X_train, y_train, ridge)
        norms.append(np.linalg.norm(w))
        biases.append(b)
    assert norms[0] > norms[1] > norms[2] > norms[3]
    assert norms[3] < 1e-3 * norms[0]
    # With the weights shrunk to nothing, the forecast is the training mean: the intercept
    # was not penalised (a penalised intercept would be pulled towards 0 as well).
    np.testing.assert_allclose(biases[3], y_train.mean(axis=0), rtol=1e-3)


def test_ridge_matches_the_closed_form_on_centred_data():
    rng = np.random.default_rng(4)
    X_train = rng.normal(size=(60, 3, 1))
    y_train = rng.normal(size=(60, 1))
    rows = X_train.reshape(60, -1)
    centred = rows - rows.mean(axis=0)
    w = np.linalg.solve(
        centred.T @ centred + 5.0 * np.eye(3), centred.T @ (y_train - y_train.mean())
    )
    got_w, got_b = _fitted_weights_and_intercept(X_train, y_train, 5.0)
    np.testing.assert_allclose(got_w, w, atol=1e-10)
    np.testing.assert_allclose(got_b, y_train.mean() - rows.mean(axis=0) @ w, atol=1e-10)


def test_least_squares_does_not_touch_its_inputs():
    X_train = np.arange(24.0).reshape(6, 4, 1)
    y_train = np.arange(6.0)
    before = X_train.copy(), y_train.copy()
    evaluate.least_squares_forecast(X_train, y_train, X_train, ridge=1.0)
    np.testing.assert_array_equal(X_train, before[0])
    np.testing.assert_array_equal(y_train, before[1])


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (
            {"X": np.zeros((2, 5, 1))},
            ValueError,
            r"windows of shape \(5, 1\) .* fitted on \(4, 1\)",
        ),
        (
            {"y_train": np.zeros(5)},
            ValueError,
            "y_train has 5 rows but the training windows have 6",
        ),
        ({"y_train": np.zeros((6, 2, 1))}, ValueError, r"\(samples, horizon\)"),
        ({"ridge": -1.0}, ValueError, "ridge must be .*>= 0"),
        ({"ridge": "big"}, TypeError, "ridge must be a"),
        ({"X_train": np.zeros((6, 2, 2, 1))}, ValueError, "from_subsequences"),
    ],
)
def test_least_squares_errors_say_what_to_do(kwargs, error, match):
    args = {"X_train": np.zeros((6, 4, 1)), "y_train": np.zeros(6), "X": np.zeros((2, 4, 1))}
    args.update(kwargs)
    ridge = args.pop("ridge", 0.0)
    with pytest.raises(error, match=match):
        evaluate.least_squares_forecast(args["X_train"], args["y_train"], args["X"], ridge=ridge)


def test_diebold_mariano_matches_a_hand_computed_case():
    # d = a - b = [-1, -0.5, -0.5, -1]: mean -0.75; centred [-1/4, 1/4, 1/4, -1/4], so the lag-0
    # autocovariance is 1/16 and Var(mean d) = 1/64: DM = -0.75 / (1/8) = -6; Harvey, Leybourne
    # and Newbold's factor for n = 4, h = 1 is sqrt(3/4), so the statistic is -6 * 0.866 = -5.196.
    result = significance.diebold_mariano([1.0, 2.0, 3.0, 4.0], [2.0, 2.5, 3.5, 5.0])
    assert result.n == 4 and result.mean_difference == -0.75
    assert np.isclose(result.statistic, -6 * np.sqrt(0.75))
    # two-sided p of Student's t with 3 degrees of freedom at |t| = 5.196 (tables: 0.0138)
    assert np.isclose(result.p_value, 0.01385, atol=5e-5)
    swapped = significance.diebold_mariano([2.0, 2.5, 3.5, 5.0], [1.0, 2.0, 3.0, 4.0])
    assert np.isclose(swapped.statistic, -result.statistic) and swapped.p_value == result.p_value


def test_diebold_mariano_horizon_adds_the_lagged_autocovariances():
    d = np.array([1.0, 1.5, 2.0, 1.0, 0.5, 0.0, 0.5, 1.5])  # neighbours alike: lag 1 adds
    zeros = np.zeros_like(d)
    c = d - d.mean()
    n, h = len(d), 2
    variance = (c @ c / n + 2 * (c[1:] @ c[:-1]) / n) / n
    factor = np.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    result = significance.diebold_mariano(d, zeros, horizon=2)
    assert np.isclose(result.statistic, d.mean() / np.sqrt(variance) * factor)


def test_diebold_mariano_p_values_are_students_t_tails_from_tables():
    # Differences with a fixed spread and a chosen mean: the statistic is linear in the mean, so
    # it can be put on a table's critical value. n = 14 origins, so 13 degrees of freedom, and
    # t(0.975, 13) = 2.1604 in every table: the two-sided p-value there is 0.05.
    spread = np.array([1.0, -1.0] * 7)
    unit = significance.diebold_mariano(spread + 1.0, np.zeros(14)).statistic
    at_critical = significance.diebold_mariano(spread + 2.1604 / unit, np.zeros(14))
    assert np.isclose(at_critical.statistic, 2.1604)
    assert np.isclose(at_critical.p_value, 0.05, atol=1e-4)
    # a mean difference of zero is as likely as can be; a huge one is practically impossible
    assert significance.diebold_mariano(spread, np.zeros(14)).p_value == pytest.approx(1.0)
    assert significance.diebold_mariano(spread + 100.0, np.zeros(14)).p_value < 1e-12


def test_diebold_mariano_explains_bad_input():
    with pytest.raises(ValueError, match="same length"):
        significance.diebold_mariano([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="at least 3 paired losses"):
        significance.diebold_mariano([1.0, 2.0], [2.0, 1.0])
    with pytest.raises(ValueError, match="differ by a constant"):
        significance.diebold_mariano([1.0, 2.0, 3.0], [2.0, 3.0, 4.0])
    with pytest.raises(ValueError, match="loss_a contains 1 NaN or infinite"):
        significance.diebold_mariano([1.0, np.nan, 3.0], [2.0, 3.0, 4.0])
