"""make_case for a series of your own: changes from the last value (a trend), gaps skipped,
a fractional season refused; and evaluate.origin_losses for the paired test."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tutorial_utils import evaluate
from tutorial_utils.cases import make_case
from tutorial_utils.significance import diebold_mariano

# Differences 1, 2, ..., 9: a series that speeds up, small enough to do by hand.
HAND = np.array([1.0, 2.0, 4.0, 7.0, 11.0, 16.0, 22.0, 29.0, 37.0, 46.0])


def hand_case(**kw):
    return make_case(
        "hand", HAND, window=2, horizon=1, season=1, train=0.6, val=0.2, reach_back=True, **kw
    )


def test_hand_case_exact_numbers():
    case = hand_case(relative_to_last=True)
    root7 = math.sqrt(7.0)  # RMS of the training changes: (1+4+9+16 + 4+9+16+25) / 8 inputs...
    # ... inputs -1,0,-2,0,-3,0,-4,0 and targets 2,3,4,5: sum of squares 84 over 12 values.
    assert case.relative
    assert float(case.scaler.scale) == pytest.approx(root7)
    assert float(case.scaler.mean) == 0.0
    np.testing.assert_allclose(
        case.X_train[:, :, 0] * root7, [[-1, 0], [-2, 0], [-3, 0], [-4, 0]], atol=1e-6
    )
    np.testing.assert_allclose(case.y_train[:, 0] * root7, [2, 3, 4, 5], atol=1e-6)
    np.testing.assert_allclose(case.y_val[:, 0] * root7, [6, 7], atol=1e-6)
    np.testing.assert_array_equal(case.anchors["train"], [2, 4, 7, 11])
    np.testing.assert_array_equal(case.anchors["test"], [29, 37])
    np.testing.assert_array_equal(case.origins["test"], [8, 9])
    np.testing.assert_allclose(case.to_units(case.y_test, "test")[:, 0], [37, 46], atol=1e-5)
    # Inputs come back too, one row per window.
    np.testing.assert_allclose(
        case.to_units(case.X_val[:, :, 0], "val"), [[11, 16], [16, 22]], atol=1e-5
    )
    # The baselines and compare_models work unchanged: naive forecasts "no change".
    from tutorial_utils.compare import compare_models

    table = compare_models(case, {}, seeds=[0], ridges=()).summary
    assert table["naive"]["mae"] == pytest.approx(8.5)  # (37 - 29) and (46 - 37)
    assert table["naive"]["mase"] == pytest.approx(8.5 / 3)  # naive MAE in train: 15 / 5
    levels = compare_models(hand_case(), {}, seeds=[0], ridges=()).summary
    assert levels["naive"]["mae"] == pytest.approx(8.5, abs=1e-4)


def test_relative_case_agrees_with_levels_on_what_does_not_depend_on_the_scaling():
    t = np.arange(600.0)
    series = 0.05 * t + np.sin(2 * np.pi * t / 12) + 0.1 * np.cos(t * 1.7)
    kw = dict(window=24, horizon=3, season=12, rolling=True)
    rel, lev = make_case("r", series, relative_to_last=True, **kw), make_case("l", series, **kw)
    for part, y_rel, y_lev in (("test", rel.y_test, lev.y_test), ("roll", rel.y_roll, lev.y_roll)):
        np.testing.assert_allclose(rel.to_units(y_rel, part), lev.to_units(y_lev), atol=1e-4)
        assert np.array_equal(rel.origins[part], lev.origins[part])
    np.testing.assert_array_equal(rel.train_series, lev.train_series)
    # compare_models scores the rolling origins in the series' units too.
    from tutorial_utils.compare import compare_models

    by_rel = compare_models(rel, {}, seeds=[0], ridges=())
    by_lev = compare_models(lev, {}, seeds=[0], ridges=())
    for row in ("naive", "seasonal_naive"):
        for column in ("mae", "rolling_mae"):
            assert by_rel.summary[row][column] == pytest.approx(
                by_lev.summary[row][column], abs=1e-4
            )
    np.testing.assert_allclose(by_rel.y_roll, by_lev.y_roll, atol=1e-4)
    # Naive and seasonal naive give the same forecasts in the series' units.
    for forecast in (
        lambda X: evaluate.naive_forecast(X, 3),
        lambda X: evaluate.seasonal_naive_forecast(X, 12, 3),
    ):
        np.testing.assert_allclose(
            rel.to_units(forecast(rel.X_test), "test"),
            lev.to_units(forecast(lev.X_test)),
            atol=1e-4,
        )


def test_on_a_trend_the_test_targets_leave_the_training_range_of_levels_but_not_of_changes():
    t = np.arange(800.0)
    rng = np.random.default_rng(0)
    series = 300 + 0.03 * t + 3 * np.sin(2 * np.pi * t / 52) + 0.3 * rng.standard_normal(800)
    kw = dict(window=52, horizon=4, season=52)
    lev, rel = make_case("l", series, **kw), make_case("r", series, relative_to_last=True, **kw)
    assert lev.y_test.min() > lev.y_train.max()  # every test level lies above training
    inside = (rel.y_test >= rel.y_train.min()) & (rel.y_test <= rel.y_train.max())
    assert inside.mean() > 0.99  # the changes stay where training saw them
    # A forecaster bounded by the training range (the network's failure) against least squares.
    stuck = np.full_like(lev.y_test, lev.y_train.max())
    truth = lev.to_units(lev.y_test)
    mase_stuck = evaluate.mase(truth, lev.to_units(stuck), lev.train_series, 52)
    ls = evaluate.least_squares_forecast(rel.X_train, rel.y_train, rel.X_test)
    mase_ls = evaluate.mase(truth, rel.to_units(ls, "test"), rel.train_series, 52)
    assert mase_ls < 0.5 * mase_stuck


def test_to_units_says_which_part_it_needs():
    case = hand_case(relative_to_last=True)
    with pytest.raises(ValueError, match=r"pass part, one of \['test', 'train', 'val'\]"):
        case.to_units(case.y_test)
    with pytest.raises(ValueError, match=r"part must be one of .*got 'tests'"):
        case.to_units(case.y_test, "tests")
    with pytest.raises(ValueError, match=r"the val part has 2 windows, so values needs 2 rows"):
        case.to_units(case.y_test[:1], "val")
    levels = hand_case()
    np.testing.assert_allclose(
        levels.to_units(levels.y_test, "test"), levels.to_units(levels.y_test)
    )


def test_caller_array_untouched_and_flags_checked():
    series = HAND.copy()
    hand_case(relative_to_last=True)
    make_case("x", series, window=2, horizon=1, season=1, relative_to_last=True, reach_back=True)
    np.testing.assert_array_equal(series, HAND)
    with pytest.raises(TypeError, match="relative_to_last must be True or False"):
        hand_case(relative_to_last="yes")


def test_gaps_are_refused_with_the_fixes_or_skipped():
    series = np.sin(np.arange(300.0) / 3) + np.arange(300.0) / 100
    holey = series.copy()
    holey[[50, 51, 52, 250]] = np.nan
    before = holey.copy()
    with pytest.raises(
        ValueError, match=r"4 missing \(NaN\).*index 50.*fill_short_gaps.*skip_gaps"
    ):
        make_case("h", holey, window=12, horizon=2, season=6)
    case = make_case("h", holey, window=12, horizon=2, season=6, skip_gaps=True)
    assert np.array_equal(np.isnan(holey), np.isnan(before))
    full = make_case("f", series, window=12, horizon=2, season=6)
    # Same split points; a window (inputs o-12..o-1, targets o, o+1) touching 50-52 has
    # its origin o in 49..64: those are left out.
    train = full.origins["train"]
    expected = train[~((train >= 49) & (train <= 64))]
    np.testing.assert_array_equal(case.origins["train"], expected)
    val = full.origins["val"]
    np.testing.assert_array_equal(case.origins["val"], val[(val < 249) | (val > 262)])
    assert not np.isnan(case.X_train).any() and not np.isnan(case.y_test).any()
    # The scaler saw the training part's known values only.
    known = holey[:210][~np.isnan(holey[:210])]
    assert float(case.scaler.mean) == pytest.approx(known.mean())
    # Kept windows are the same as on the full series; MASE's scale skips the unknown pairs.
    np.testing.assert_allclose(
        case.to_units(case.X_train[:, :, 0]),
        full.to_units(full.X_train[np.isin(train, expected), :, 0]),
        atol=1e-5,
    )
    assert math.isfinite(evaluate.seasonal_naive_scale(case.train_series, 6))
    rel = make_case(
        "hr", holey, window=12, horizon=2, season=6, skip_gaps=True, relative_to_last=True
    )
    assert np.array_equal(rel.origins["val"], case.origins["val"])
    with pytest.raises(ValueError, match="inf, an error in the data"):
        make_case("i", np.r_[series[:-1], np.inf], window=12, horizon=2, season=6, skip_gaps=True)


def test_fractional_season_is_refused_with_the_nearest_whole_choices():
    with pytest.raises(TypeError, match=r"got 52\.18.*season=52 or season=53"):
        make_case("w", np.arange(500.0), window=60, horizon=1, season=52.18)
    with pytest.raises(TypeError, match=r"seasons\['year'\].*got 52\.18.*52 or .*53"):
        make_case("w", np.arange(500.0), window=60, horizon=1, season=4, seasons={"year": 52.18})
    with pytest.raises(TypeError, match=r"season=52 or season=53"):
        evaluate.seasonal_naive_forecast(np.zeros((1, 60, 1)), 52.18)
    with pytest.raises(TypeError, match=r"season=52 or season=53"):
        evaluate.seasonal_naive_scale(np.arange(100.0), 52.18)
    # 52.0 keeps the old advice: write it without the decimal point.
    with pytest.raises(TypeError, match="Write 52, without the decimal point"):
        make_case("w", np.arange(500.0), window=60, horizon=1, season=52.0)


def test_origin_losses_feed_the_paired_test():
    y = np.array([[1.0, 2.0], [3.0, 5.0], [2.0, 2.0]])
    a = np.array([[1.0, 3.0], [3.0, 3.0], [2.0, 2.0]])
    b = np.array([[2.0, 2.0], [4.0, 6.0], [1.0, 4.0]])
    la, lb = evaluate.origin_losses(y, a), evaluate.origin_losses(y, b)
    np.testing.assert_allclose(la, [0.5, 1.0, 0.0])
    np.testing.assert_allclose(lb, [0.5, 1.0, 1.5])
    assert la.mean() == pytest.approx(evaluate.mae(y, a))
    np.testing.assert_allclose(evaluate.origin_losses(y, b, loss="mse"), [0.5, 1.0, 2.5])
    assert diebold_mariano(la, lb).n == 3
    with pytest.raises(ValueError, match="loss must be 'mae' or 'mse'"):
        evaluate.origin_losses(y, a, loss="mape")
    with pytest.raises(ValueError, match="shape"):
        evaluate.origin_losses(y, a[:2])
    with pytest.raises(ValueError, match="one row per forecast origin"):
        evaluate.origin_losses(np.zeros((2, 2, 2)), np.zeros((2, 2, 2)))


def test_extra_features_stay_scaled_levels_in_a_relative_case():
    t = np.arange(300.0)
    series = np.column_stack([0.1 * t + np.sin(t / 4), np.cos(2 * np.pi * t / 24)])
    kw = dict(window=24, horizon=2, season=24)
    rel, lev = make_case("r", series, relative_to_last=True, **kw), make_case("l", series, **kw)
    np.testing.assert_allclose(rel.X_train[:, :, 1], lev.X_train[:, :, 1], atol=1e-6)
    assert rel.scaler.mean.shape == (2,) and rel.scaler.mean[0] == 0.0
    assert rel.scaler.mean[1] == pytest.approx(lev.scaler.mean[1])
    np.testing.assert_allclose(rel.to_units(rel.y_val, "val"), lev.to_units(lev.y_val), atol=1e-4)
