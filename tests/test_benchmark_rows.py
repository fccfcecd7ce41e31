"""The benchmark scripts write their own rows of benchmarks/figures.csv, in the file's words.

Each script builds its rows with a pure function of its measurements (``figure_rows``); these
tests feed it hand-made measurements (the figures of the runs the README describes), check the
ids, words and numbers against the rows now in the file, check that other settings write
nothing, and that ``--figures``/``--no-record`` decide where rows go. Nothing is trained.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import _common  # noqa: E402
import bench_backends  # noqa: E402
import bench_course_task  # noqa: E402
import bench_fit  # noqa: E402
import bench_streaming  # noqa: E402
import bench_timedistributed  # noqa: E402
import figures  # noqa: E402

CSV = {row["id"]: row for row in figures.load()}


def by_id(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in rows}


def same_words(rows: list[dict[str, str]]) -> None:
    """Every built row says what and under which configuration as the file's row does."""
    for row in rows:
        assert set(row) == {"id", "what", "configuration", "value"}
        assert row["what"] == CSV[row["id"]]["what"], row["id"]
        assert row["configuration"] == CSV[row["id"]]["configuration"], row["id"]


# ---- bench_timedistributed: S1 to S11 ---------------------------------------------------------


def epochs(first: float, steady: float, first_cpu: float, steady_cpu: float) -> dict:
    return {
        "first_epoch": first,
        "steady_epoch": steady,
        "first_epoch_cpu": first_cpu,
        "steady_epoch_cpu": steady_cpu,
    }


TD_SETTINGS = {**bench_timedistributed.DEFAULTS, "backend": "tensorflow"}
# Run A (`--kinds td fold`, 2026-11-25): the figures behind S1 to S7.
RUN_A = {
    "settings": TD_SETTINGS,
    "best": {
        "lstm": {
            4: {"td": epochs(2.2, 0.2820, 2.4, 0.50), "fold": epochs(1.8, 0.1870, 1.9, 0.2841)},
            16: {"td": epochs(3.4, 0.3680, 3.7, 0.65), "fold": epochs(1.9, 0.2315, 2.0, 0.3476)},
            64: {"td": epochs(8.204, 0.56, 8.67, 0.99), "fold": epochs(1.996, 0.35, 2.2345, 0.60)},
        },
        "dense": {
            4: {"td": epochs(1.1, 0.2305, 1.3, 0.38), "fold": epochs(0.8, 0.11, 0.8, 0.16)},
            16: {"td": epochs(2.3, 0.27, 2.5, 0.45), "fold": epochs(0.8, 0.10, 0.8, 0.13)},
            64: {
                "td": epochs(6.92, 0.4015, 7.22, 0.69),
                "fold": epochs(0.744, 0.1066, 0.764, 0.13424),
            },
        },
    },
}
# Run B (the defaults, 2026-12-01): the Conv2D against the fold, S8 to S11.
RUN_B = {
    "settings": TD_SETTINGS,
    "best": {
        head: {
            n: {
                "td": epochs(3.0, 0.4, 2.0, 0.4),
                "fold": fold if n == 64 else epochs(2.0, 0.2, 2.0, 0.2),
                "conv2d": conv2d if n == 64 else epochs(1.5, 0.2, 1.4, 0.2),
            }
            for n in (4, 16, 64)
        }
        for head, fold, conv2d in [
            ("lstm", epochs(6.1, 0.73, 2.77, 0.50), epochs(3.7, 0.73, 1.97, 0.47)),
            ("dense", epochs(3.6, 0.09, 0.81, 0.09), epochs(3.3, 0.10, 0.68, 0.07)),
        ]
    },
}


def test_timedistributed_rows_s1_to_s7_are_the_files_words_and_numbers():
    rows = by_id(bench_timedistributed.figure_rows(RUN_A))
    assert list(rows) == ["S1", "S2", "S3", "S4", "S5", "S6", "S7"]  # no Conv2D in run A
    same_words(list(rows.values()))
    for row_id in rows:
        assert rows[row_id]["value"] == CSV[row_id]["value"], row_id
    assert rows["S1"]["value"] == "**1.60×** wall (0.56 vs 0.35 s); 1.65× CPU"


def test_timedistributed_rows_s8_to_s11_compare_the_conv2d_with_the_fold():
    rows = by_id(bench_timedistributed.figure_rows(RUN_B))
    assert list(rows) == [f"S{i}" for i in range(1, 12)]
    same_words(list(rows.values()))
    for row_id in ("S8", "S9", "S10", "S11"):
        assert rows[row_id]["value"] == CSV[row_id]["value"], row_id


def test_conv2d_verdict_words():
    verdict = bench_timedistributed.conv2d_verdict
    assert verdict(0.07, 0.09) == "**about equal**"  # 0.02 s apart
    assert verdict(0.68, 0.81) == "the Conv2D **a little quicker** (fold / Conv2D 1.19×)"
    assert verdict(1.0, 2.0) == "the Conv2D **quicker** (fold / Conv2D 2.00×)"
    assert verdict(2.0, 1.5) == "the fold **a little quicker** (Conv2D / fold 1.33×)"


@pytest.mark.parametrize(
    "change",
    [{"samples": 64}, {"epochs": 2}, {"rounds": 1}, {"window": 128}, {"backend": "jax"}],
)
def test_timedistributed_other_settings_write_no_row(change):
    assert bench_timedistributed.figure_rows({**RUN_A, "settings": {**TD_SETTINGS, **change}}) == []


def test_timedistributed_a_partial_sweep_writes_only_the_rows_it_measured():
    only_64 = {
        "settings": TD_SETTINGS,
        "best": {"lstm": {64: RUN_A["best"]["lstm"][64]}},
    }
    assert [r["id"] for r in bench_timedistributed.figure_rows(only_64)] == ["S1", "S2"]


# ---- bench_backends: S12 to S15 --------------------------------------------------------------

# (tensorflow, jax) per (n_seq, kind): steady-epoch CPU s, first-epoch CPU s, predict s (run C)
RUN_C = {
    (4, "td"): ((0.190, 0.090), (2.19, 3.11), (0.415, 0.048)),
    (4, "fold"): ((0.106, 0.090), (1.84, 2.35), (0.474, 0.027)),
    (4, "conv2d"): ((0.098, 0.109), (1.91, 2.89), (0.425, 0.031)),
    (16, "td"): ((0.343, 0.124), (4.09, 5.80), (0.440, 0.027)),
    (16, "fold"): ((0.121, 0.101), (2.02, 2.55), (0.556, 0.0654)),
    (16, "conv2d"): ((0.133, 0.092), (1.80, 2.78), (0.365, 0.028)),
    (64, "td"): ((0.763, 0.674), (11.55, 23.08), (0.803, 0.051)),
    (64, "fold"): ((0.268, 0.117), (3.22, 2.54), (0.616, 0.028)),
    (64, "conv2d"): ((0.267, 0.138), (2.13, 2.72), (0.745, 0.050)),
}


def backends_measured(settings: dict | None = None, pairs=RUN_C) -> dict:
    got = {
        pair: {
            backend: {
                "steady_epoch_cpu": steady[i],
                "first_epoch_cpu": first[i],
                "predict": predict[i],
            }
            for i, backend in enumerate(("tensorflow", "jax"))
        }
        for pair, (steady, first, predict) in pairs.items()
    }
    return {"settings": settings or dict(bench_backends.DEFAULTS), "got": got}


def test_backends_rows_s12_to_s15():
    rows = by_id(bench_backends.figure_rows(backends_measured()))
    assert list(rows) == ["S12", "S13", "S14", "S15"]
    same_words(list(rows.values()))
    for row_id in ("S13", "S14", "S15"):
        assert rows[row_id]["value"] == CSV[row_id]["value"], row_id
    # The file's S12 adds what a person wrote about that run (busy, and S1's quiet figure).
    assert rows["S12"]["value"] == (
        "JAX **5.8×** (0.674 vs 0.117 CPU s); TensorFlow 2.8× in the same run (0.763 vs 0.268)"
    )
    assert CSV["S12"]["value"].startswith(rows["S12"]["value"].split(" in the same run")[0])


def test_backends_other_settings_or_a_missing_backend_write_no_row():
    assert (
        bench_backends.figure_rows(backends_measured({**bench_backends.DEFAULTS, "samples": 64}))
        == []
    )
    one_backend = backends_measured()
    for by_backend in one_backend["got"].values():
        del by_backend["jax"]
    assert bench_backends.figure_rows(one_backend) == []
    only_64 = {p: v for p, v in RUN_C.items() if p[0] == 64 and p[1] != "conv2d"}
    assert [r["id"] for r in bench_backends.figure_rows(backends_measured(pairs=only_64))] == [
        "S12"
    ]


# ---- bench_course_task: S17, S18 ---------------------------------------------------------------

RUN_D = {
    "td:fit_model:128:10": {"epochs": 49, "cpu": 22.9, "steps_per_call": 32},
    "fold:fit_model:128:10": {"epochs": 49, "cpu": 18.1, "steps_per_call": 32},
    "fold:plain:64:15": {"epochs": 67, "cpu": 21.3, "steps_per_call": 1},
    "fold:fit_model:64:15": {"epochs": 68, "cpu": 25.7, "steps_per_call": 32},
}


def test_course_task_rows_s17_s18():
    rows = bench_course_task.figure_rows({"backend": "tensorflow", "runs": RUN_D})
    assert [r["id"] for r in rows] == ["S17", "S18"]
    same_words(rows)
    for row in rows:
        assert row["value"] == CSV[row["id"]]["value"]


def test_course_task_rows_need_both_configurations_and_tensorflow():
    assert bench_course_task.figure_rows({"backend": "jax", "runs": RUN_D}) == []
    tiny = {"fold:fit_model:128:1": RUN_D["fold:fit_model:128:10"]}
    assert bench_course_task.figure_rows({"backend": "tensorflow", "runs": tiny}) == []
    half = {k: v for k, v in RUN_D.items() if k != "fold:plain:64:15"}
    rows = bench_course_task.figure_rows({"backend": "tensorflow", "runs": half})
    assert [r["id"] for r in rows] == ["S17"]
    other = {**RUN_D, "td:fit_model:128:10": {**RUN_D["td:fit_model:128:10"], "epochs": 50}}
    (s17, _) = bench_course_task.figure_rows({"backend": "tensorflow", "runs": other})
    assert "50 and 49 epochs" in s17["configuration"]  # td, then fold


# ---- bench_fit: S19, S20 ------------------------------------------------------------------------


def fit_runs(cpu: dict[str, tuple[float, float]]) -> dict:
    runs = {}
    for network, (keras_cpu, fit_cpu) in cpu.items():
        runs[network, "keras"] = {"cpu": keras_cpu, "steps_per_call": 1}
        runs[network, "xla+steps"] = {"cpu": fit_cpu, "steps_per_call": 32}
    return runs


RUN_E = {
    "demand:lstm": (106.1, 53.5),
    "demand:conv1d": (4.9, 5.7),
    "demand:cnn_lstm": (22.4, 23.0),
    "sunspots:conv1d": (10.85, 11.15),
}


def test_fit_rows_s19_s20():
    rows = bench_fit.figure_rows({"backend": "tensorflow", "runs": fit_runs(RUN_E)})
    assert [r["id"] for r in rows] == ["S19", "S20"]
    same_words(rows)
    for row in rows:
        assert row["value"] == CSV[row["id"]]["value"]


def test_fit_rows_need_their_networks_and_settings():
    lstm_only = fit_runs({"demand:lstm": RUN_E["demand:lstm"]})
    rows = bench_fit.figure_rows({"backend": "tensorflow", "runs": lstm_only})
    assert [r["id"] for r in rows] == ["S19"]
    no_fit_model = {k: v for k, v in fit_runs(RUN_E).items() if k[1] == "keras"}
    assert bench_fit.figure_rows({"backend": "tensorflow", "runs": no_fit_model}) == []
    assert bench_fit.figure_rows({"backend": "jax", "runs": fit_runs(RUN_E)}) == []


# ---- bench_streaming: S21 to S23 ---------------------------------------------------------------

RUN_F = {
    "settings": {**bench_streaming.DEFAULTS, "backend": "tensorflow"},
    "feed": {"materialised_s": 2.03, "streaming_s": 1.90},
    "devices": {1: 7707.0, 2: 8959.0, 4: 7014.0},
    "cores": 2,
    "workers": {1: 21.3, 2: 57.9},
}


def test_streaming_rows_s21_to_s23():
    rows = by_id(bench_streaming.figure_rows(RUN_F))
    assert list(rows) == ["S21", "S22", "S23"]
    same_words(list(rows.values()))
    assert rows["S23"]["value"] == CSV["S23"]["value"]
    # The file's S21 and S22 go on with earlier runs' figures, which a new run does not have.
    for row_id in ("S21", "S22"):
        assert CSV[row_id]["value"].startswith(rows[row_id]["value"] + "; "), row_id
    assert rows["S21"]["value"] == "streaming **1.07× as fast** (1.90 vs 2.03 s)"


def test_streaming_rows_come_from_the_parts_run_with_the_default_rounds_and_epochs():
    memory_only = {"settings": RUN_F["settings"]}
    assert bench_streaming.figure_rows(memory_only) == []
    quick = {**RUN_F, "settings": {"rounds": 1, "epochs": 1, "backend": "tensorflow"}}
    assert [r["id"] for r in bench_streaming.figure_rows(quick)] == ["S23"]  # workers: fixed
    jax = {**RUN_F, "settings": {**RUN_F["settings"], "backend": "jax"}}
    assert bench_streaming.figure_rows(jax) == []


# ---- where rows go: --figures, --no-record, and the recorded command --------------------------


def figures_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    _common.add_figures_options(parser)
    return parser.parse_args(argv)


def test_figures_writes_to_the_given_file(tmp_path, capsys):
    path = tmp_path / "figures.csv"
    rows = bench_fit.figure_rows({"backend": "tensorflow", "runs": fit_runs(RUN_E)})
    others = _common.write_figures(
        rows, bench_fit.ROW_IDS, figures_args("--figures", str(path)), "python b.py"
    )
    assert others == []
    written = figures.load(path)
    assert [r["id"] for r in written] == ["S19", "S20"]
    assert written[0]["command"] == "python b.py" and written[0]["date"]
    assert written[0]["value"] == CSV["S19"]["value"]
    assert "recorded rows S19, S20" in capsys.readouterr().out


def test_figures_defaults_to_the_real_file():
    assert figures_args().figures == figures.FIGURES == _common.FIGURES
    assert figures_args().no_record is False


def test_no_record_and_other_settings_write_nothing(tmp_path, capsys):
    path = tmp_path / "figures.csv"
    rows = bench_fit.figure_rows({"backend": "tensorflow", "runs": fit_runs(RUN_E)})
    args = figures_args("--figures", str(path), "--no-record")
    _common.write_figures(rows, bench_fit.ROW_IDS, args, "python b.py")
    assert not path.exists()
    assert "not updated (--no-record)" in capsys.readouterr().out

    args = figures_args("--figures", str(path))
    others = _common.write_figures([], bench_fit.ROW_IDS, args, "python b.py")
    assert others == ["S19", "S20"] and not path.exists()
    out = capsys.readouterr().out
    assert "not updated: these settings are not those of rows S19, S20" in out

    _common.write_figures(rows[:1], bench_fit.ROW_IDS, args, "python b.py")
    assert [r["id"] for r in figures.load(path)] == ["S19"]
    assert "not updated for the other rows: these settings are not those of rows S20" in (
        capsys.readouterr().out
    )


def test_the_recorded_command_leaves_out_where_the_rows_went():
    line = _common.command_line(
        "bench_streaming.py", ["--parts", "feed", "--figures", "/tmp/x.csv", "--no-record"]
    )
    assert line == "python benchmarks/bench_streaming.py --parts feed"
    assert _common.command_line("bench_fit.py", ["--figures=/tmp/x.csv"]) == (
        "python benchmarks/bench_fit.py"
    )


@pytest.mark.parametrize("module", [_common, bench_timedistributed])
def test_the_examples_in_the_docstrings(module):
    import doctest

    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted and not result.failed


def test_bench_course_names_a_notebook_by_its_short_title():
    import bench_course

    assert bench_course.notebook_title(ROOT / "notebooks" / "03_cnn_lstm.ipynb") == (
        "03 · The CNN-LSTM"
    )
    assert bench_course.notebook_title(ROOT / "notebooks" / "00_start_here.ipynb") == (
        "00 · Start here"
    )
