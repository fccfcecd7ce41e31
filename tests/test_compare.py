"""The comparison runner: same windows for every model, seeds that repeat, a tidy table."""

from __future__ import annotations

import numpy as np
import pytest

from tutorial_utils import compare, evaluate, models

SERIES = np.sin(np.arange(240) * 2 * np.pi / 12) + 0.05 * np.arange(240) / 240


@pytest.fixture(scope="module")
def case():
    return compare.make_case("toy", SERIES, window=24, horizon=2, season=12, units="u")


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
        compare.make_case("toy", SERIES, window=6, horizon=1, season=12)


def test_make_case_rejects_a_table_of_series():
    with pytest.raises(ValueError, match=r"shape \(time,\)"):
        compare.make_case("toy", np.zeros((100, 2)), window=24, horizon=1, season=12)


def test_baselines_alone_match_evaluate(case):
    result = compare.compare_models(case, {}, seeds=[0])
    assert [r["model"] for r in result.summary] == ["naive", "seasonal_naive"]
    y = case.to_units(case.y_test)
    expected = evaluate.mase(
        y,
        case.to_units(evaluate.seasonal_naive_forecast(case.X_test, 12, 2)),
        case.train_series,
        12,
    )
    assert result.summary["seasonal_naive"]["mase"] == pytest.approx(expected)
    assert result.summary["naive"]["params"] == 0


@pytest.mark.slow  # trains several models: `make unit` skips it
def test_table_columns_spread_and_repeatable_seeds(case):
    builders = {
        "linear": lambda: models.build_linear(24, 1, horizon=2),
        "cnn_lstm": lambda: models.build_cnn_lstm(2, 12, 1, filters=4, lstm_units=4, horizon=2),
    }
    first = compare.compare_models(case, builders, seeds=[0, 1], epochs=2, baselines=False)
    assert first.summary.columns == [
        "model",
        "mae",
        "mae_sd",
        "mase",
        "mase_sd",
        "params",
        "seconds",
        "runs",
    ]
    assert [r["model"] for r in first.summary] == ["linear", "cnn_lstm"]
    assert first.summary["linear"]["params"] == 24 * 2 + 2
    assert (
        first.summary["cnn_lstm"]["params"]
        == models.build_cnn_lstm(2, 12, 1, filters=4, lstm_units=4, horizon=2).count_params()
    )
    runs = [r for r in first.runs if r["model"] == "linear"]
    assert [r["seed"] for r in runs] == [0, 1]
    maes = [r["mae"] for r in runs]
    assert runs[0]["mae"] != runs[1]["mae"]  # other seed, other start
    assert first.summary["linear"]["mae"] == pytest.approx(np.mean(maes))
    assert first.summary["linear"]["mae_sd"] == pytest.approx(np.std(maes, ddof=1))
    assert first.predictions["cnn_lstm"].shape == case.y_test.shape
    again = compare.compare_models(case, builders, seeds=[0, 1], epochs=2, baselines=False)
    for a, b in zip(first.runs, again.runs, strict=True):
        assert a["mae"] == pytest.approx(b["mae"], rel=1e-6)


@pytest.mark.slow  # trains several models: `make unit` skips it
def test_retrain_equals_training_a_new_model_with_that_seed(case):
    def build():
        return models.build_lstm(24, 1, lstm_units=4, horizon=2)

    args = (case.X_train, case.y_train, case.X_val, case.y_val, case.X_test)
    first = models.train_and_forecast(build, *args, seed=0, epochs=2)
    fresh = models.train_and_forecast(build, *args, seed=5, epochs=2)
    again = compare.retrain(first.model, build, *args, seed=5, epochs=2)
    assert again.history.history["loss"] == pytest.approx(fresh.history.history["loss"], rel=1e-5)
    np.testing.assert_allclose(again.predictions, fresh.predictions, rtol=1e-5, atol=1e-6)


def test_retrain_refuses_an_untrained_model(case):
    def build():
        return models.build_linear(24, 1, horizon=2)

    with pytest.raises(ValueError, match="compiled, trained"):
        compare.retrain(
            build(),
            build,
            case.X_train,
            case.y_train,
            case.X_val,
            case.y_val,
            case.X_test,
            seed=0,
            epochs=1,
        )


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"builders": {"m": "not a function"}}, TypeError, "must be a function"),
        ({"builders": [1, 2]}, TypeError, "must be a dict"),
        ({"builders": {}, "baselines": False}, ValueError, "nothing to compare"),
        ({"builders": {"naive": lambda: None}}, ValueError, "baseline name"),
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
