"""The committed race of notebook 05 and its one specification agree (tutorial_utils.evidence)."""

import copy
import json

import numpy as np
import pytest

from tutorial_utils import compare, evaluate, evidence


@pytest.fixture(scope="module")
def committed():
    return json.loads(evidence.RESULTS.read_text())


def test_committed_file_matches_the_specification(committed):
    evidence.check_results(committed)  # raises with what differs
    meta = committed["meta"]
    assert meta["seeds"] == list(evidence.SEEDS)
    for key in ("date", "machine", "python", "keras", "tensorflow", "numpy", "backend"):
        assert meta[key], f"the results file does not say its {key}"
    race = evidence.load()
    assert list(race.comparisons) == list(evidence.CASES)
    for name, result in race.comparisons.items():
        networks = list(evidence.entrants_for(name, race.best_size))
        for network in networks:
            seeds = [r["seed"] for r in result.runs if r["model"] == network]
            assert seeds == list(evidence.SEEDS), (name, network, seeds)
            assert result.predictions[network].shape == result.y_test.shape


def _broken(committed, edit):
    results = copy.deepcopy(committed)
    edit(results)
    with pytest.raises(ValueError, match="does not match the race's specification") as err:
        evidence.check_results(results)
    return str(err.value)


def test_a_missing_entrant_a_missing_seed_or_an_edited_mean_is_caught(committed):
    def drop_entrant(r):
        case = r["cases"]["sunspots"]
        case["summary"] = [row for row in case["summary"] if row["model"] != "conv1d"]
        case["runs"] = [row for row in case["runs"] if row["model"] != "conv1d"]

    assert "sunspots: trained entrants" in _broken(committed, drop_entrant)

    def drop_seed(r):
        runs = r["cases"]["SYNTHETIC"]["runs"]
        runs.remove(next(row for row in runs if row["model"] == "lstm" and row["seed"] == 1))

    message = _broken(committed, drop_seed)
    assert "SYNTHETIC/lstm: runs for seeds" in message and "is not the mean" in message

    def edit_mean(r):
        r["cases"]["demand"]["summary"][-1]["mae"] *= 0.9

    assert "demand/cnn_lstm: mae is not the mean of its runs" in _broken(committed, edit_mean)

    def other_rule(r):
        r["meta"]["fit"] = {**r["meta"]["fit"], "patience": 5}

    assert "fit rule" in _broken(committed, other_rule)
    assert "cases" in _broken(committed, lambda r: r["cases"].pop("aligned"))


def test_entrants_and_cases_have_clear_errors():
    with pytest.raises(ValueError, match="no race case 'weather'"):
        evidence.case_for("weather")
    with pytest.raises(ValueError, match="need size= one of"):
        evidence.entrants_for("demand")
    assert list(evidence.entrants_for("aligned", "8 filters, LSTM 16")) == ["cnn_lstm"]
    with pytest.raises(ValueError, match="has no entrant"):
        evidence.rerun("sunspots", ["transformer"], "8 filters, LSTM 16")


def test_within_spread_is_the_committed_range_widened_by_k_sd():
    runs = [10.0, 11.0, 12.0]  # sd = 1
    assert evidence.within_spread(8.0, runs) and evidence.within_spread(14.0, runs)
    assert not evidence.within_spread(7.9, runs) and not evidence.within_spread(14.1, runs)
    assert evidence.within_spread(9.5, runs, k=0.5) and not evidence.within_spread(9.4, runs, k=0.5)
    with pytest.raises(ValueError, match="at least two committed runs"):
        evidence.within_spread(1.0, [1.0])


def _comparison(rows):
    table = evaluate.ResultsTable(rows)
    return compare.Comparison(summary=table, runs=table)


def test_agreement_needs_a_baseline_exactly_and_a_network_among_the_seeds():
    committed = _comparison(
        [
            {"model": "naive", "seed": None, "mae": 5.0},
            {"model": "net", "seed": 0, "mae": 1.0},
            {"model": "net", "seed": 1, "mae": 1.2},
        ]
    )
    same = _comparison(
        [{"model": "naive", "seed": None, "mae": 5.0}, {"model": "net", "seed": 0, "mae": 1.3}]
    )
    assert evidence.agreement(committed, same) == {"naive": True, "net": True}
    off = _comparison(
        [{"model": "naive", "seed": None, "mae": 5.001}, {"model": "net", "seed": 0, "mae": 2.0}]
    )
    assert evidence.agreement(committed, off) == {"naive": False, "net": False}
    with pytest.raises(ValueError, match="has no 'ridge'"):
        evidence.agreement(committed, _comparison([{"model": "ridge", "seed": None, "mae": 1.0}]))


def test_committed_predictions_give_the_committed_errors():
    race = evidence.load()
    demand = race.comparisons["demand"]
    for name in ("week_back", "least_squares"):
        assert np.isclose(
            evaluate.mae(demand.y_test, demand.predictions[name]), demand.summary[name]["mae"]
        )


def test_origin_losses_are_one_mae_per_origin_and_average_to_the_table():
    demand = evidence.load().comparisons["demand"]
    losses = evidence.origin_losses(demand, "least_squares")
    assert losses.shape == (len(demand.y_test),)
    assert np.isclose(losses.mean(), demand.summary["least_squares"]["mae"], rtol=1e-5)
    with pytest.raises(ValueError, match="no forecasts of 'arima'"):
        evidence.origin_losses(demand, "arima")
