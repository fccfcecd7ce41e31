"""The committed race (notebooks 05 and 05b) and its one specification agree (evidence), and
today's code is the code it was run with (evidence/race.py's fingerprint)."""

import copy
import dataclasses
import importlib.util
import itertools
import json
from pathlib import Path

import keras
import numpy as np
import pytest

from tutorial_utils import compare, evaluate, evidence, training

_spec = importlib.util.spec_from_file_location(
    "race", Path(__file__).parents[1] / "evidence" / "race.py"
)
race = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(race)


@pytest.fixture(scope="module")
def committed():
    return json.loads(evidence.RESULTS.read_text())


def test_committed_file_matches_the_specification(committed):
    evidence.check_results(committed)  # raises with what differs
    meta = committed["meta"]
    assert meta["spec"]["seeds"]["demand"] == list(evidence.SEEDS)
    for key in ("date", "machine", "python", "keras", "tensorflow", "numpy", "backend"):
        assert meta[key], f"the results file does not say its {key}"
    race = evidence.load()
    assert list(race.comparisons) == list(evidence.CASES)
    for name, result in race.comparisons.items():
        for network in evidence.entrants_for(name, race.picks):
            seeds = [r["seed"] for r in result.runs if r["model"] == network]
            assert seeds == evidence.seeds_for(name), (name, network, seeds)
            assert result.predictions[network].shape == result.y_test.shape
    assert evidence.seeds_for("demand_30min") == list(evidence.SEEDS[:3])


def test_every_demand_network_climbed_the_same_ladder(committed):
    race = evidence.load()
    for network in evidence.NETWORKS:
        rows = [r for r in race.search if r["network"] == network]
        sizes = [r["size"] for r in rows]
        assert sizes == list(evidence.LADDER)[: len(sizes)], (network, sizes)
        picked = [r["size"] for r in rows if r["picked"]]
        assert picked == [race.picks[network]]
        maes = [r["val_mae"] for r in rows]
        # it climbed while validation improved, and stopped at the first size that did not
        assert all(b < a for a, b in itertools.pairwise(maes[:-1]))
        assert len(rows) == len(evidence.LADDER) or maes[-1] >= maes[-2]


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
        r["meta"]["spec"]["fit"] = {**r["meta"]["spec"]["fit"], "patience": 5}

    assert "fit {" in _broken(committed, other_rule)

    def other_pick(r):
        r["search"]["picks"]["lstm"] = "XXL"

    assert "picked sizes" in _broken(committed, other_pick)
    assert "cases" in _broken(committed, lambda r: r["cases"].pop("aligned"))


def test_entrants_and_cases_have_clear_errors():
    with pytest.raises(ValueError, match="no race case 'weather'"):
        evidence.case_for("weather")
    with pytest.raises(ValueError, match="need picks="):
        evidence.entrants_for("demand")
    with pytest.raises(ValueError, match=r"missing or unknown for \['cnn_lstm'\]"):
        evidence.entrants_for("demand", {"lstm": "S", "conv1d": "S", "conv1d_lstm": "S"})
    small = dict.fromkeys(evidence.NETWORKS, "S")
    assert list(evidence.entrants_for("aligned", small)) == ["cnn_lstm"]
    assert list(evidence.entrants_for("demand", small)) == list(evidence.NETWORKS)
    with pytest.raises(ValueError, match="has no entrant"):
        evidence.rerun("sunspots", ["transformer"])
    with pytest.raises(ValueError, match="no network 'gru'"):
        evidence.network("gru", 8, 16)


def test_parameter_counts_without_building_equal_count_params():
    # one odd size per network and resolution (building models is slow on JAX)
    for kind in evidence.NETWORKS:
        for filters, units, day in [(5, 11, 12), (7, 3, 48)]:
            built = evidence.network(kind, filters, units, day=day)().count_params()
            assert evidence.parameter_count(kind, filters, units, day=day) == built, kind
    with pytest.raises(ValueError, match="no network 'gru'"):
        evidence.parameter_count("gru", 8, 16)


def test_matched_networks_sit_near_the_budget_and_are_the_committed_ones():
    committed = evidence.load().comparisons["matched"].summary.column("params")
    for name, (filters, units) in evidence.matched_sizes().items():
        params = evidence.parameter_count(name, filters, units)
        assert abs(params - evidence.BUDGET) < 0.1 * evidence.BUDGET, (name, params)
        assert committed[name] == params, (name, committed[name], params)


def test_the_size_search_stops_at_the_first_size_that_does_not_improve(monkeypatch):
    scores = {"lstm": [5.0, 4.0, 4.5, 1.0], "conv1d": [3.0, 2.0, 1.0, 0.5]}
    scores |= {"conv1d_lstm": [2.0, 2.0, 1.0, 1.0], "cnn_lstm": [9.0, 8.0, 7.0, 9.0]}
    order = iter(
        [(k, s) for k, vals in scores.items() for s, _ in zip(evidence.LADDER, vals, strict=True)]
    )

    def scored_search(case, builders, **kwargs):
        (size,) = builders
        kind, want = next(order)
        while want != size:  # the search stopped climbing this network: skip its sizes
            kind, want = next(order)
        mae = scores[kind][list(evidence.LADDER).index(size)]
        return size, evaluate.ResultsTable(
            [{"model": size, "val_mae": mae, "val_mae_sd": 0.0, "params": 1, "epochs": 1.0}]
        )

    monkeypatch.setattr(compare, "validation_search", scored_search)
    picks, rows = race.search_sizes(None, progress=False)
    assert picks == {"lstm": "M", "conv1d": "XL", "conv1d_lstm": "S", "cnn_lstm": "L"}
    assert [(r["network"], r["size"]) for r in rows if r["network"] == "lstm"] == [
        ("lstm", "S"),
        ("lstm", "M"),
        ("lstm", "L"),
    ]
    assert {r["network"]: r["top"] for r in rows} == {
        "lstm": False,
        "conv1d": True,
        "conv1d_lstm": False,
        "cnn_lstm": False,
    }


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


def test_rolling_losses_are_one_mae_per_rolling_origin():
    race = evidence.load()
    demand = race.comparisons["demand"]
    losses = evidence.rolling_losses(race, "demand", "week_back")
    assert losses.shape == (157,)  # an origin every 2 hours of the 14 test days, 12 ahead
    assert np.isclose(losses.mean(), demand.summary["week_back"]["rolling_mae"], rtol=1e-5)
    assert evidence.rolling_losses(race, "demand_30min", "least_squares").shape == (625,)
    assert race.comparisons["demand_30min"].by_lead["least_squares"].shape == (48,)
    with pytest.raises(ValueError, match="'sunspots' has no rolling origins"):
        evidence.rolling_losses(race, "sunspots", "naive")


@pytest.fixture(scope="module")
def holt_winters():
    return {k: evidence.holt_winters_for(k) for k in ("demand_30min", "demand")}


def test_holt_winters_is_scored_on_the_race_targets(holt_winters):
    race = evidence.load()
    for name, hw in holt_winters.items():
        result, case = race.comparisons[name], evidence.case_for(name)
        assert hw.test.shape == result.y_test.shape
        assert hw.roll.shape == (len(race.by_origin[name]["week_back"]), result.y_test.shape[1])
        scale = evaluate.seasonal_naive_scale(case.train_series, case.season)
        assert hw.mase == pytest.approx(hw.mae / scale)
        assert hw.losses.mean() == pytest.approx(hw.mae)
        assert hw.by_lead.mean() == pytest.approx(hw.rolling_mae)
        assert hw.fit.n_fit == 56 * result.y_test.shape[1]  # the 8 training weeks only
    with pytest.raises(ValueError, match="demand_30min"):
        evidence.holt_winters_for("sunspots")


def test_verdict_reads_every_row_from_the_committed_summaries(holt_winters):
    race = evidence.load()
    table = evidence.verdict(race, holt_winters)
    assert [r["model"] for r in table] == list(evidence.VERDICT_ROWS)
    for tag, name in (("30min", "demand_30min"), ("2h", "demand")):
        summary = race.comparisons[name].summary
        for row in table:
            model = row["model"]
            if model == "holt_winters":
                assert row[f"mase_{tag}"] == holt_winters[name].mase and row[f"params_{tag}"] == 5
            elif model in summary.column("mase"):
                assert row[f"mase_{tag}"] == summary[model]["mase"]
                assert row[f"runs_{tag}"] == summary[model]["runs"]
            else:
                assert row[f"mase_{tag}"] == "not raced" and name == "demand_30min"
    assert table["lstm"]["mase_30min"] == "not raced" and table["lstm"]["runs_2h"] == 5
    with pytest.raises(ValueError, match="holt_winters_for"):
        evidence.verdict(race, {"demand": holt_winters["demand"]})


def test_paired_pairs_the_same_origins_both_ways(holt_winters):
    race = evidence.load()
    day, step = evidence.paired(race, "cnn_lstm", "week_back")
    back_day, back_step = evidence.paired(race, "week_back", "cnn_lstm")
    assert (day.n, step.n) == (14, 625)
    assert back_day.mean_difference == pytest.approx(-day.mean_difference)
    assert back_step.p_value == pytest.approx(step.p_value)
    losses = evidence.origin_losses(race.comparisons["demand_30min"], "cnn_lstm")
    assert day.mean_difference == pytest.approx(
        losses.mean() - evidence.origin_losses(race.comparisons["demand_30min"], "week_back").mean()
    )
    hw_day, _ = evidence.paired(race, "holt_winters", "week_back", "demand", holt_winters["demand"])
    assert hw_day.n == 14 and hw_day.mean_difference < 0
    with pytest.raises(ValueError, match="hw=holt_winters_for"):
        evidence.paired(race, "holt_winters", "week_back")


@pytest.mark.skipif(
    keras.backend.backend() == "torch",
    reason="the race ran on TensorFlow; on PyTorch fit_model compiles otherwise (one batch per "
    "call, no XLA), so the training part of the fingerprint differs by design",
)
def test_the_committed_race_was_run_with_todays_code(committed):
    # Building the 30 raced models takes over a minute on JAX; their part is the same on
    # every backend (checked when the fingerprint was added), so JAX checks the rest.
    on_tensorflow = keras.backend.backend() == "tensorflow"
    race.check_fingerprint(committed, models=on_tensorflow)  # raises naming what changed
    assert committed["meta"]["fingerprint"]["weights"]["backend"] == "tensorflow"


def test_a_change_that_moves_results_changes_its_part_and_names_the_command(committed, monkeypatch):
    stored = committed["meta"]["fingerprint"]
    monkeypatch.setattr(evidence, "FIT", {**evidence.FIT, "patience": 5})
    assert race.fingerprint_changes(stored, {"spec": race._spec_part()}) == ["spec"]
    monkeypatch.undo()

    case_for = evidence.case_for

    def one_target_moved(name):
        case = case_for(name)
        y_test = case.y_test.copy()
        y_test[0, 0] += 1e-3
        return dataclasses.replace(case, y_test=y_test)

    monkeypatch.setattr(evidence, "case_for", one_target_moved)
    assert race.fingerprint_changes(stored, {"cases": race._cases_part()}) == ["cases"]
    monkeypatch.undo()

    monkeypatch.setattr(training, "STEPS_PER_CALL", 1)
    with pytest.raises(ValueError, match="another training than") as err:
        race.check_fingerprint(committed, models=False)
    assert race.RERUN in str(err.value) and "what fit_model compiles with" in str(err.value)


def test_the_models_part_sees_an_architecture_and_the_weights_part_a_reinitialisation(
    monkeypatch,
):
    def tiny(activation, initializer="glorot_uniform"):
        return lambda: keras.Sequential(
            [
                keras.Input((4, 1)),
                keras.layers.Flatten(),
                keras.layers.Dense(2, activation, kernel_initializer=initializer),
            ]
        )

    def parts(**builders):
        monkeypatch.setattr(race, "_builders", lambda: builders)
        models, sums = race._models()
        return {"models": models, "weights": {"backend": "any", "sums": sums}}

    before = parts(m=tiny("linear"))
    assert race.fingerprint_changes(before, parts(m=tiny("linear"))) == []
    assert race.fingerprint_changes(before, parts(m=tiny("relu"))) == ["models"]
    other = parts(m=tiny("linear", "he_uniform"))
    assert race.fingerprint_changes(before, other) == ["models", "weights"]
    assert race.fingerprint_changes(before, {"weights": other["weights"]}) == ["weights"]


def test_a_partial_race_resumes_only_on_the_same_code(committed, monkeypatch):
    stored = committed["meta"]["fingerprint"]
    monkeypatch.setattr(race, "fingerprint", lambda: stored)
    # a finished race of the same specification and fingerprint: nothing left to train
    assert race.run_race(done=copy.deepcopy(committed), progress=False) == committed

    class Searched(Exception):
        pass

    def search(case, **kwargs):
        raise Searched

    monkeypatch.setattr(race, "search_sizes", search)
    monkeypatch.setattr(race, "fingerprint", lambda: {**stored, "cases": "other windows"})
    with pytest.raises(Searched):  # other code: the partial is dropped, the race starts over
        race.run_race(done=copy.deepcopy(committed), progress=False)
