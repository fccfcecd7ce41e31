"""How `training.fit_model` compiles: the cost of training the race's networks three ways.

`fit_model` compiles the training step with XLA (`jit_compile=True`) and runs
`training.STEPS_PER_CALL` batches per call into it (`steps_per_execution`). Neither changes
what a step computes (XLA may order floating-point sums differently, so results agree to
rounding), so a network should train for the same epochs to about the same error; only the
time should change. This script checks both claims on the entrants of the race
that notebooks 05 and 05b read (`evidence/`):

- ``keras``: Keras' defaults on a CPU (no XLA with TensorFlow, one batch per call);
- ``xla``: XLA, one batch per call;
- ``xla+steps``: XLA and `STEPS_PER_CALL` batches per call (what `fit_model` does).

Each (network, setting) trains as the race does (`compare.compare_models`: seeds 0, 1 and 2,
the later seeds reusing the compiled step; Adam 0.003, batch 64, patience 20, at most 500
epochs, until early stopping ends each run), in a fresh process: the epochs each seed used,
the mean test MAE, and the CPU and wall-clock seconds of all three (building, tracing and
compiling included).

    python benchmarks/bench_fit.py
    python benchmarks/bench_fit.py --models demand:lstm --settings keras xla+steps

On TensorFlow, with ``keras`` and ``xla+steps`` among the settings, the script writes rows S19
(``demand:lstm``) and S20 (``demand:conv1d``, ``demand:cnn_lstm`` and ``sunspots:conv1d``) of
``benchmarks/figures.csv``, each when it trained that row's networks (the defaults train all).
``--no-record`` prints them only; ``--figures PATH`` writes elsewhere.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from _common import (
    add_figures_options,
    child_backend,
    command_line,
    cpu_seconds,
    machine_lines,
    markdown_table,
    run_child,
    write_figures,
)

MODELS = (
    "demand:lstm",
    "demand:conv1d",
    "demand:conv1d_lstm",
    "demand:cnn_lstm",
    "sunspots:conv1d",
)
SETTINGS = ("keras", "xla", "xla+steps")
SEEDS = (0, 1, 2)

# ---- rows of figures.csv ------------------------------------------------------------------------

ROW_IDS = ("S19", "S20")
# Row S20's networks, named as its configuration names them.
SMALLEST = {
    "demand:conv1d": "demand Conv1D",
    "demand:cnn_lstm": "fold CNN-LSTM",
    "sunspots:conv1d": "sunspot Conv1D",
}


def figure_rows(measured: dict) -> list[dict[str, str]]:
    """Rows S19 and S20 of figures.csv from one run's measurements.

    ``measured``: ``{"backend": "tensorflow", "runs": {(network, setting): {"cpu", "wall",
    "epochs", "mae", "jit", "steps_per_call"}}}``. A row compares ``xla+steps`` with ``keras``
    in CPU time: S19 for ``demand:lstm``, S20 for the three networks of :data:`SMALLEST`.
    """
    runs = measured["runs"]
    if measured["backend"] != "tensorflow":
        return []

    def speedup(network: str) -> float | None:
        keras, fit = runs.get((network, "keras")), runs.get((network, "xla+steps"))
        return keras["cpu"] / fit["cpu"] if keras and fit else None

    rows = []
    if (lstm := speedup("demand:lstm")) is not None:
        keras, fit = runs["demand:lstm", "keras"], runs["demand:lstm", "xla+steps"]
        faster = f"**{lstm:.2f}× faster**" if lstm >= 1 else f"**{1 / lstm:.2f}× slower**"
        rows.append(
            {
                "id": "S19",
                "what": f"`fit_model`'s compile (XLA, {fit['steps_per_call']} batches per call) "
                "vs Keras' defaults",
                "configuration": "notebook 05's plain LSTM (84 steps), batch 64, three seeds to "
                "early stopping, CPU time, TensorFlow",
                "value": f"{faster} ({keras['cpu']:.1f} → {fit['cpu']:.1f} CPU s)",
            }
        )
    small = [speedup(network) for network in SMALLEST]
    if all(s is not None for s in small):
        gain = "**no gain**" if max(small) < 1.005 else f"**up to {max(small):.2f}×**"
        rows.append(
            {
                "id": "S20",
                "what": "`fit_model`'s compile vs Keras' defaults",
                "configuration": f"notebook 05's smallest networks ({', '.join(SMALLEST.values())})"
                ", as S19",
                "value": f"{gain}: " + ", ".join(f"{s:.2f}×" for s in small) + " as fast",
            }
        )
    return rows


def evidence_fit() -> dict:
    from tutorial_utils import evidence

    return evidence.FIT


def child(spec: str, setting: str) -> None:
    from tutorial_utils import compare, evidence, training

    jit = setting != "keras"
    fit = evidence.FIT if jit else {**evidence.FIT, "jit_compile": "auto"}  # Keras' own rule
    if setting in ("keras", "xla"):
        training.STEPS_PER_CALL = 1
    case_name, network = spec.split(":")
    # The race's own cases and builders (its one specification, `evidence`), at the sizes these
    # figures were first measured with: LSTM 32, Conv1D 16, Conv1D -> LSTM 16/32, CNN-LSTM 32/64.
    case = evidence.case_for(case_name)
    sizes = {"lstm": "M", "conv1d": "M", "conv1d_lstm": "M", "cnn_lstm": "L"}
    builders = evidence.entrants_for(case_name, sizes)

    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    # As the race trains: seeds 0, 1, 2, the later ones reusing the first one's compiled
    # step (compare_models), so what compiling costs is paid once per network.
    result = compare.compare_models(
        case, {network: builders[network]}, seeds=SEEDS, baselines=False, **fit
    )
    cpu_s, wall_s = cpu_seconds() - cpu0, time.perf_counter() - wall0
    row = result.summary[network]
    print(
        json.dumps(
            {
                "epochs": [r["epochs"] for r in result.runs],
                "mae": row["mae"],
                "cpu": cpu_s,
                "wall": wall_s,
                "jit": jit,
                "steps_per_call": training.STEPS_PER_CALL,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=list(MODELS))
    parser.add_argument("--settings", nargs="+", default=list(SETTINGS), choices=SETTINGS)
    add_figures_options(parser)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    machine = [line for line in machine_lines(["tensorflow", "keras", "numpy"]) if line]
    rows, totals, measured = [], dict.fromkeys(args.settings, 0.0), {}
    for spec in args.models:
        first = None
        for setting in args.settings:
            result = run_child([__file__, "--child", spec, setting])
            measured[spec, setting] = result
            totals[setting] += result["cpu"]
            first = first or result
            rows.append(
                (
                    spec,
                    setting,
                    f"{result['jit']}, {result['steps_per_call']}",
                    " / ".join(map(str, result["epochs"])),
                    f"{result['mae']:.2f}",
                    f"{result['cpu']:.1f}",
                    f"{result['wall']:.1f}",
                    f"{first['cpu'] / result['cpu']:.2f}×",
                )
            )
            print(f"done: {spec} {setting}", file=sys.stderr)
    print("\n".join(machine))
    print(f"- rule: {evidence_fit()}, seeds {SEEDS}, one fresh process per row")
    print()
    header = (
        "case:network",
        "setting",
        "XLA, batches per call",
        "epochs (seeds 0 / 1 / 2)",
        "mean test MAE",
        "CPU s",
        "wall s",
        f"CPU speed-up vs {args.settings[0]}",
    )
    print(markdown_table(header, rows))
    print()
    print("CPU seconds, all rows: " + ", ".join(f"{k} {v:.1f}" for k, v in totals.items()))
    write_figures(
        figure_rows({"backend": child_backend(), "runs": measured}),
        ROW_IDS,
        args,
        command_line("bench_fit.py", sys.argv[1:]),
    )


if __name__ == "__main__":
    main()
