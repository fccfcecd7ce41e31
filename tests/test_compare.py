"""The comparison runner: same windows for every model, seeds that repeat, a tidy table."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import cases, compare, evaluate, models, training, windows

SERIES = np.sin(np.arange(240) * 2 * np.pi / 12) + 0.05 * np.arange(240) / 240


@pytest.fixture(scope="module")
def case():
    return cases.make_case("toy", SERIES, window=24, horizon=2, season=12, units="u")


def test_make_case_splits_in_time_order_and_scales_on_train_only(case):
    train_part = SERIES[: round(240 * 0.7)]
    assert np.array_equal(case.train_series, train_part)
    assert case.window == 24 and case.horizon == 2
    assert case.X_train.shape == (len(train_part) - 24 - 2 + 1, 24, 1)
    assert case.y_test.shape[1] == 2
    # scaled with the training part's mean and spread, so train is standardised exactly
    assert case.X_train[0, :, 0] == pytest.approx(
        (train_part[:24] - train_part.mean()) / train_part.std(), abs=1e-5
    )
    assert case.to_units(case.y_test)[-1, -1] == pytest.approx(SERIES[-1], abs=1e-5)


def test_make_case_rejects_a_window_shorter_than_a_season():
    with pytest.raises(ValueError, match="shorter than one season"):
        cases.make_case("toy", SERIES, window=6, horizon=1, season=12)


def test_make_case_rejects_a_cube_of_series():
    with pytest.raises(ValueError, match=r"\(time,\) or \(time, n_features\)"):
        cases.make_case("toy", np.zeros((100, 2, 2)), window=24, horizon=1, season=12)


def test_baselines_alone_match_hand_computed_values(case):
    result = compare.compare_models(case, {}, seeds=[0])
    assert [r["model"] for r in result.summary] == [
        "naive",
        "seasonal_naive",
        "least_squares",
        "ridge",
    ]
    y = case.to_units(case.y_test)
    # naive: the last value of each window, repeated; seasonal naive: 12 steps back
    X = case.to_units(case.X_test[:, :, 0])
    assert result.summary["naive"]["mae"] == pytest.approx(
        np.mean(np.abs(y - X[:, -1:].repeat(2, axis=1)))
    )
    assert result.summary["seasonal_naive"]["mae"] == pytest.approx(
        np.mean(np.abs(y - X[:, [-12, -11]]))
    )
    expected = evaluate.mase(
        y,
        case.to_units(evaluate.seasonal_naive_forecast(case.X_test, 12, 2)),
        case.train_series,
        12,
    )
    assert result.summary["seasonal_naive"]["mase"] == pytest.approx(expected)
    # least squares: numpy's lstsq on the flattened training windows plus an intercept
    rows = np.c_[case.X_train[:, :, 0], np.ones(len(case.X_train))]
    coef = np.linalg.lstsq(rows, case.y_train, rcond=None)[0]
    by_hand = case.to_units(np.c_[case.X_test[:, :, 0], np.ones(len(case.X_test))] @ coef)
    np.testing.assert_allclose(result.predictions["least_squares"], by_hand, rtol=1e-6)
    assert result.summary["least_squares"]["params"] == 24 * 2 + 2
    assert result.summary["naive"]["params"] == 0
    assert result.summary["naive"]["epochs"] == 0


def test_ridge_row_uses_the_penalty_that_is_best_on_validation(case):
    result = compare.compare_models(case, {}, seeds=[0], ridges=(0.01, 1000.0))
    val = {
        r: evaluate.mae(
            case.y_val,
            evaluate.least_squares_forecast(case.X_train, case.y_train, case.X_val, ridge=r),
        )
        for r in (0.01, 1000.0)
    }
    assert result.ridge == min(val, key=val.get)
    pred = evaluate.least_squares_forecast(
        case.X_train, case.y_train, case.X_test, ridge=result.ridge
    )
    np.testing.assert_allclose(result.predictions["ridge"], case.to_units(pred))
    without = compare.compare_models(case, {}, seeds=[0], ridges=())
    assert "ridge" not in [r["model"] for r in without.summary] and without.ridge is None
    with pytest.raises(ValueError, match="ridges must be numbers >= 0"):
        compare.compare_models(case, {}, seeds=[0], ridges=(-1.0,))
    plain = compare.compare_models(case, {}, seeds=[0], ridges=(0.0,))
    np.testing.assert_allclose(plain.predictions["ridge"], plain.predictions["least_squares"])


def test_rolling_origins_forecast_from_every_test_step():
    case = cases.course_case(every=4, rolling=True)
    assert case.X_roll.shape == (157, 84, 1) and case.y_roll.shape == (157, 12)
    assert np.array_equal(np.diff(case.origins["roll"]), np.ones(156))
    # the midnight forecasts are every 12th rolling origin: the same windows and targets
    np.testing.assert_array_equal(case.X_roll[::12], case.X_test)
    np.testing.assert_array_equal(case.y_roll[::12], case.y_test)
    assert cases.course_case(every=4).X_roll is None
    with pytest.raises(TypeError, match="rolling must be True or False"):
        cases.make_case("toy", np.arange(100.0), window=10, horizon=2, season=5, rolling=1)

    result = compare.compare_models(case, {}, seeds=[0])
    assert "rolling_mae" in result.summary.columns and "rolling_mae" in result.runs.columns
    y_roll = case.to_units(case.y_roll)
    week = case.to_units(evaluate.seasonal_naive_forecast(case.X_roll, 84, 12))
    np.testing.assert_allclose(result.rolling["week_back"], week)
    # a baseline has no seeds: its mean-of-seeds forecasts are its own
    np.testing.assert_array_equal(result.mean_rolling["week_back"], result.rolling["week_back"])
    np.testing.assert_array_equal(result.mean_predictions["naive"], result.predictions["naive"])
    for row in result.summary:
        errors = result.by_lead[row["model"]]
        assert errors.shape == (12,)
        # every lead has the same number of origins, so the mean over leads is the MAE
        assert np.isclose(errors.mean(), row["rolling_mae"])
        assert np.isclose(row["rolling_mae"], evaluate.mae(y_roll, result.rolling[row["model"]]))
    np.testing.assert_allclose(result.by_lead["week_back"], np.abs(week - y_roll).mean(axis=0))


@pytest.mark.slow  # trains several models: `make unit` skips it
def test_table_columns_spread_epochs_and_repeatable_seeds(case):
    builders = {
        "linear": lambda: models.build_linear(24, 1, horizon=2),
        "cnn_lstm": lambda: models.build_cnn_lstm(2, 12, 1, filters=4, lstm_units=4, horizon=2),
    }
    # The table's mechanics, not XLA: Keras' own compile rule ("auto") is quicker to build here.
    fit = {"epochs": 2, "baselines": False, "jit_compile": "auto"}
    first = compare.compare_models(case, builders, seeds=[0, 1], **fit)
    assert first.summary.columns == [
        "model",
        "mae",
        "mae_sd",
        "mase",
        "mase_sd",
        "params",
        "epochs",
        "seconds",
        "runs",
    ]
    assert first.runs.columns == [
        "model",
        "seed",
        "mae",
        "mase",
        "params",
        "epochs",
        "best_epoch",
        "stopped",
        "seconds",
    ]
    assert [r["model"] for r in first.summary] == ["linear", "cnn_lstm"]
    assert first.summary["linear"]["params"] == 24 * 2 + 2
    assert (
        first.summary["cnn_lstm"]["params"]
        == models.build_cnn_lstm(2, 12, 1, filters=4, lstm_units=4, horizon=2).count_params()
    )
    runs = [r for r in first.runs if r["model"] == "linear"]
    assert [r["seed"] for r in runs] == [0, 1]
    assert [r["epochs"] for r in runs] == [2, 2] and first.summary["linear"]["epochs"] == 2
    # two epochs is the cap here: nothing converged, and the comparison says so
    assert not any(r["stopped"] for r in runs)
    assert ("linear", 0) in first.unconverged()
    maes = [r["mae"] for r in runs]
    assert runs[0]["mae"] != runs[1]["mae"]  # other seed, other start
    assert first.summary["linear"]["mae"] == pytest.approx(np.mean(maes))
    assert first.summary["linear"]["mae_sd"] == pytest.approx(np.std(maes, ddof=1))
    assert first.predictions["cnn_lstm"].shape == case.y_test.shape
    again = compare.compare_models(case, builders, seeds=[0, 1], **fit)
    for a, b in zip(first.runs, again.runs, strict=True):
        assert a["mae"] == pytest.approx(b["mae"], rel=1e-6)
    # the mean-of-seeds forecast is the average of seed 0's and seed 1's own forecasts
    linear = {"linear": builders["linear"]}  # one quick model is enough here
    second = compare.compare_models(case, linear, seeds=[1], **fit)
    for name in linear:
        assert not np.allclose(first.predictions[name], second.predictions[name])
        np.testing.assert_allclose(
            first.mean_predictions[name],
            (first.predictions[name] + second.predictions[name]) / 2,
            rtol=1e-5,
            atol=1e-6,
        )


@pytest.mark.slow  # trains several models: `make unit` skips it
def test_early_stopping_fires_for_every_run_on_a_tiny_problem(case, capsys):
    result = compare.compare_models(
        case,
        {"linear": lambda: models.build_linear(24, 1, horizon=2)},
        seeds=[0, 1, 2],
        baselines=False,
        epochs=300,
        patience=3,
        learning_rate=0.02,
        progress=True,
    )
    assert result.unconverged() == []
    for row in result.runs:
        assert row["stopped"] and row["epochs"] == row["best_epoch"] + 3 < 300
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("toy | linear | seed 0: ")
    assert "stopped early: True" in lines[0]


@pytest.mark.slow  # trains or starts a kernel: seconds; `make unit` skips it
def test_validation_search_picks_the_best_on_validation_only(case):
    bigger = {
        "conv 2": lambda: models.build_conv1d(24, 1, filters=2, horizon=2),
        "linear": lambda: models.build_linear(24, 1, horizon=2),
    }
    # The search's logic, not XLA: Keras' own compile rule is quicker to build here.
    best, table = compare.validation_search(case, bigger, epochs=40, patience=3, jit_compile="auto")
    assert table.columns == ["model", "val_mae", "val_mae_sd", "params", "epochs"]
    maes = table.column("val_mae")
    assert best == min(maes, key=maes.get)
    result = training.train_and_forecast(
        bigger["linear"], case.X_train, case.y_train, case.X_val, case.y_val, case.X_val,
        epochs=40, patience=3, jit_compile="auto",
    )  # fmt: skip
    by_hand = evaluate.mae(case.to_units(case.y_val), case.to_units(result.predictions))
    assert maes["linear"] == pytest.approx(by_hand, rel=1e-5)
    with pytest.raises(ValueError, match="nothing to search"):
        compare.validation_search(case, {}, epochs=1)


# --- stride, alignment, reach back, the course task --------------------------------------------


def test_make_case_with_stride_align_and_reach_back_against_a_plain_loop():
    series = np.arange(240.0) + np.sin(np.arange(240))
    case = cases.make_case(
        "days", series, window=24, horizon=12, season=12, train=0.6, val=0.2,
        align=12, stride=12, test_stride=12, reach_back=True,
    )  # fmt: skip
    bounds = {"train": (0, 144), "val": (144, 192), "test": (192, 240)}
    for part, X, y in (
        ("train", case.X_train, case.y_train),
        ("val", case.X_val, case.y_val),
        ("test", case.X_test, case.y_test),
    ):
        lo, hi = bounds[part]
        origins = [t for t in range(max(lo, 24), hi - 12 + 1) if t % 12 == 0]
        if part == "train":
            origins = [t for t in origins if t >= lo + 24]
        assert case.origins[part].tolist() == origins
        for i, t in enumerate(origins):
            np.testing.assert_allclose(case.to_units(X[i, :, 0]), series[t - 24 : t], atol=1e-4)
            np.testing.assert_allclose(case.to_units(y[i]), series[t : t + 12], atol=1e-4)
    # the scaler saw the training part only
    assert case.scaler.n_fitted == 144
    assert case.scaler.mean == pytest.approx(series[:144].mean())


def test_make_case_without_the_new_options_is_unchanged(case):
    train_part = SERIES[:168]
    X, _y = windows.make_windows((train_part - train_part.mean()) / train_part.std(), 24, 2)
    np.testing.assert_allclose(case.X_train, X, atol=1e-6)
    assert case.origins["train"][0] == 24
    val_start = 168
    assert case.origins["val"][0] == val_start + 24  # each part windowed on its own


def test_make_case_keeps_extra_features_as_inputs_only():
    hours = np.arange(240) % 12
    table = np.column_stack([SERIES * 10 + 50, np.sin(2 * np.pi * hours / 12)])
    case = cases.make_case("two", table, window=24, horizon=2, season=12)
    assert case.X_train.shape[2] == 2 and case.n_features == 2
    np.testing.assert_allclose(case.to_units(case.y_test)[-1, -1], table[-1, 0], atol=1e-4)
    np.testing.assert_allclose(case.train_series, table[:168, 0])
    result = compare.compare_models(case, {}, seeds=[0])
    assert result.summary["least_squares"]["params"] == 24 * 2 * 2 + 2


def test_course_case_aligned_windows_start_at_midnight():
    from tutorial_utils.data import load_series

    stamps = load_series("electricity_demand").timestamps
    aligned = cases.course_case(aligned=True)
    sliding = cases.course_case()
    assert aligned.X_train.shape == (49, 336, 1) and aligned.y_train.shape == (49, 48)
    for case in (aligned, sliding):
        for part in ("train", "val", "test"):
            first_input = case.origins[part] - 336
            if case is aligned or part == "test":
                hours = stamps[first_input] - stamps[first_input].astype("datetime64[D]")
                assert np.all(hours == np.timedelta64(0, "m")), part
    # sliding: a window at every half-hour, so the day borders move from sample to sample
    assert np.all(np.diff(sliding.origins["train"]) == 1)
    assert len(sliding.X_train) == 56 * 48 - 336 - 48 + 1
    # both are scored on the same 14 day-ahead forecasts, one per test midnight
    assert aligned.origins["test"].tolist() == sliding.origins["test"].tolist()
    assert aligned.origins["test"].tolist() == [(70 + d) * 48 for d in range(14)]
    np.testing.assert_array_equal(aligned.y_test, sliding.y_test)
    assert aligned.seasons == {"day_back": 48, "week_back": 336}


def test_course_case_two_hourly_means_and_time_of_day():
    from tutorial_utils.data import load_series

    demand = load_series("electricity_demand").values
    case = cases.course_case(every=4, time_of_day=True)
    assert case.X_train.shape == (56 * 12 - 84 - 12 + 1, 84, 3)
    assert case.seasons == {"day_back": 12, "week_back": 84}
    assert case.name == "demand, day ahead from a week, sliding, 2-hourly means, + time of day"
    first_target = case.to_units(case.y_test[0, 0])
    assert first_target == pytest.approx(demand[70 * 48 : 70 * 48 + 4].mean(), rel=1e-6)
    # the time of day of the first input step: sine and cosine of the angle, scaled
    t = case.origins["train"][0] - 84
    angle = 2 * np.pi * (t % 12) / 12
    raw = case.scaler.inverse_transform(case.X_train[0, 0])
    assert raw[1:] == pytest.approx([np.sin(angle), np.cos(angle)], abs=1e-5)
    with pytest.raises(ValueError, match="must divide the 48"):
        cases.course_case(every=5)
    with pytest.raises(TypeError, match="aligned must be True or False"):
        cases.course_case(aligned=1)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"builders": {"m": "not a function"}}, TypeError, "must be a function"),
        ({"builders": [1, 2]}, TypeError, "must be a dict"),
        ({"builders": {}, "baselines": False}, ValueError, "nothing to compare"),
        ({"builders": {"naive": lambda: None}}, ValueError, "baseline name"),
        ({"builders": {"least_squares": lambda: None}}, ValueError, "baseline name"),
        ({"builders": {}, "seeds": []}, ValueError, "seeds is empty"),
        ({"builders": {}, "seeds": [1, 1]}, ValueError, "must differ"),
        ({"builders": {}, "seeds": [-1]}, ValueError, "each seed must be a whole number >= 0"),
        ({"builders": {"m": lambda: 3}}, TypeError, "must return a keras.Model"),
    ],
)
def test_bad_input_is_refused_with_a_hint(case, kwargs, error, words):
    with pytest.raises(error, match=words):
        compare.compare_models(case, epochs=1, **kwargs)


def test_case_must_come_from_make_case():
    with pytest.raises(TypeError, match="make_case"):
        compare.compare_models({"X_train": 1}, {}, seeds=[0])
