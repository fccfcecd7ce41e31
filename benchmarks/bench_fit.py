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
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from _common import cpu_seconds, machine_lines, markdown_table, run_child

MODELS = (
    "demand:lstm",
    "demand:conv1d",
    "demand:conv1d_lstm",
    "demand:cnn_lstm",
    "sunspots:conv1d",
)
SETTINGS = ("keras", "xla", "xla+steps")
SEEDS = (0, 1, 2)


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
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    machine = [line for line in machine_lines(["tensorflow", "keras", "numpy"]) if line]
    rows, totals = [], dict.fromkeys(args.settings, 0.0)
    for spec in args.models:
        first = None
        for setting in args.settings:
            result = run_child([__file__, "--child", spec, setting])
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


if __name__ == "__main__":
    main()
