"""TimeDistributed vs FoldTimeDistributed vs Conv2D(1, k) on the course's CNN-LSTM, as n_seq grows.

    python benchmarks/bench_timedistributed.py            # the default sweep, ~3-5 min
    python benchmarks/bench_timedistributed.py --n-seq 4 64 --samples 1024

The total window stays fixed (default 256 steps), so n_seq=4 means 4 subsequences of 64
steps and n_seq=64 means 64 subsequences of 4 steps. The model is the reference
architecture of the course with either wrapper:

    wrap(Conv1D 16, k3, relu) -> wrap(MaxPooling1D 2) -> wrap(Flatten) -> LSTM(32) -> Dense(1)

and the same computation written without a wrapper (``--kinds conv2d``): ``Conv2D(16, (1, 3))``
-> ``MaxPooling2D((1, 2))`` -> ``Reshape((n_seq, -1))``, whose kernel only spans one
subsequence, so with the same weights it gives the same outputs. And, to see what the wrapper
itself costs, the same three wrapped layers with a light head
(``--heads dense``: Flatten -> Dense(1)) in place of the LSTM, which is identical under both
wrappers and dilutes their difference in the full model. Training data is fed as the course
trains (a cached ``tf.data`` pipeline, see ``tutorial_utils.training.fit_compiled``), so an
epoch's time is the model's and not Keras re-slicing NumPy arrays.

Every (wrapper, n_seq) pair runs in its own fresh Python process, which reports the first
training epoch (includes building the graph), the fastest of the later epochs (each both
by the wall clock and by the CPU time the process used, all threads together; the CPU
time is far less disturbed by other programs on a shared machine), a predict
over all samples after a warm-up call, and the process's peak resident memory. The two
wrappers take turns, ``--rounds`` times each (default 2), and every figure is the best
(smallest) over the rounds: on a CPU shared with other work, the minimum is the figure least
disturbed by the neighbours. A separate process per n_seq builds both models with the same
weights and reports the largest absolute difference between their predictions (TD against
each other kind). Ratios are TimeDistributed / other from the same run.
"""

from __future__ import annotations

import argparse
import json
import sys

from _common import (
    check_epoch_timing_args,
    machine_lines,
    markdown_table,
    peak_rss_mb,
    predict_seconds,
    run_child,
    time_epochs,
    verdict,
)

TARGET_SPEEDUP = 3.5  # steady epoch at n_seq=64
KINDS = {"td": "TimeDistributed", "fold": "fold", "conv2d": "Conv2D(1, k)"}
HEADS = {"lstm": "the course's CNN-LSTM", "dense": "the wrapped layers with a Dense head"}
TARGET_DIFF = 1e-5


def _build(kind: str, n_seq: int, n_steps: int, head: str = "lstm"):
    import keras

    from tutorial_utils.layers import FoldTimeDistributed

    reader = keras.layers.LSTM(32) if head == "lstm" else keras.layers.Flatten()
    if kind == "conv2d":  # a (1, k) kernel never reaches across two subsequences
        per_row = [
            keras.layers.Conv2D(16, (1, 3), activation="relu"),
            keras.layers.MaxPooling2D((1, 2)),
            keras.layers.Reshape((n_seq, -1)),
        ]
    else:
        wrap = keras.layers.TimeDistributed if kind == "td" else FoldTimeDistributed
        per_row = [
            wrap(keras.layers.Conv1D(16, 3, activation="relu")),
            wrap(keras.layers.MaxPooling1D(2)),
            wrap(keras.layers.Flatten()),
        ]
    return keras.Sequential(
        [
            keras.Input(shape=(n_seq, n_steps, 1)),
            *per_row,
            reader,
            keras.layers.Dense(1),
        ],
        name=f"{head}_{kind}",
    )


def _data(samples: int, n_seq: int, n_steps: int):
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.normal(size=(samples, n_seq, n_steps, 1)).astype("float32")
    y = rng.normal(size=(samples, 1)).astype("float32")
    return x, y


def child_time(
    kind: str, n_seq: int, n_steps: int, samples: int, batch: int, epochs: int, head: str
) -> dict:
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(0)
    x, y = _data(samples, n_seq, n_steps)
    rss_before = peak_rss_mb()
    model = _build(kind, n_seq, n_steps, head)
    model.compile(optimizer="adam", loss="mse")

    batches = tf.data.Dataset.from_tensor_slices((x, y)).cache().batch(batch)
    epoch_times = time_epochs(model, batches, epochs)
    predict = predict_seconds(model, x, batch)
    return {
        **epoch_times,
        "predict": predict,
        "peak_rss_mb": peak_rss_mb(),
        "rss_before_model_mb": rss_before,
    }


def child_diff(n_seq: int, n_steps: int, samples: int, batch: int, head: str, kind: str) -> dict:
    import keras
    import numpy as np

    keras.utils.set_random_seed(0)
    x, _ = _data(samples, n_seq, n_steps)
    td = _build("td", n_seq, n_steps, head)
    other = _build(kind, n_seq, n_steps, head)
    weights = td.get_weights()
    if kind == "conv2d":  # Conv1D kernel (k, in, out) is Conv2D kernel (1, k, in, out)
        weights[0] = weights[0][np.newaxis]
    other.set_weights(weights)
    a = td.predict(x, batch_size=batch, verbose=0)
    b = other.predict(x, batch_size=batch, verbose=0)
    return {"max_abs_diff": float(np.max(np.abs(a - b))), "max_abs_output": float(np.abs(a).max())}


def _sweep(args: argparse.Namespace, common: list[str], head: str) -> dict:
    """Time every kind around one head for every n_seq; print the table."""
    kinds = ["td", *(k for k in args.kinds if k != "td")]
    others = kinds[1:]
    rows = []
    results = {}
    print(f"\n### {HEADS[head]} (--heads {head})\n")
    for n_seq in args.n_seq:
        rounds: dict[str, list[dict]] = {kind: [] for kind in kinds}
        for _ in range(args.rounds):
            for kind in rounds:
                rounds[kind].append(run_child([*common, "--child", "time", kind, str(n_seq), head]))
        best = {
            kind: {key: min(r[key] for r in rounds[kind]) for key in rounds[kind][0]}
            for kind in kinds
        }
        diffs = {
            kind: run_child([*common, "--child", "diff", str(n_seq), head, kind]) for kind in others
        }
        results[n_seq] = (best, diffs)
        shape = f"{n_seq} × {args.window // n_seq}"
        td = best["td"]
        for key, label in [
            ("first_epoch", "first epoch (s)"),
            ("steady_epoch", "steady epoch (s)"),
            ("first_epoch_cpu", "first epoch (CPU s)"),
            ("steady_epoch_cpu", "steady epoch (CPU s)"),
            ("predict", f"predict {args.samples} (s)"),
            ("peak_rss_mb", "peak memory (MB RSS)"),
        ]:
            digits = 0 if key == "peak_rss_mb" else 2
            rows.append(
                [shape, label]
                + [f"{best[kind][key]:.{digits}f}" for kind in kinds]
                + [f"{td[key] / best[kind][key]:.2f}×" for kind in others]
            )
        rows.append(
            [shape, "max abs output difference from TD", ""]
            + [f"{diffs[kind]['max_abs_diff']:.1e}" for kind in others]
            + [""] * len(others)
        )
        print(f"({head}, n_seq={n_seq} done)", file=sys.stderr, flush=True)

    print(
        markdown_table(
            ["n_seq × n_steps", "measure"]
            + [KINDS[kind] for kind in kinds]
            + [f"TD / {KINDS[kind]}" for kind in others],
            rows,
        )
    )
    print(
        "\nPeak memory is the whole process (Python, TensorFlow and the data; about "
        f"{results[args.n_seq[0]][0]['td']['rss_before_model_mb']:.0f} MB before the model is "
        "built)."
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n-seq", type=int, nargs="+", default=[4, 16, 64])
    parser.add_argument("--window", type=int, default=256, help="n_seq * n_steps, fixed")
    parser.add_argument("--samples", type=int, default=2048)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=4, help="1 first + the rest steady")
    parser.add_argument("--rounds", type=int, default=2, help="turns per wrapper; best is kept")
    parser.add_argument("--heads", nargs="+", choices=sorted(HEADS), default=["lstm", "dense"])
    parser.add_argument(
        "--kinds",
        nargs="+",
        choices=sorted(KINDS),
        default=list(KINDS),
        help="what to time next to TimeDistributed (always timed)",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        mode, *rest = args.child
        if mode == "time":
            kind, n_seq, head = rest[0], int(rest[1]), rest[2]
            out = child_time(
                kind, n_seq, args.window // n_seq, args.samples, args.batch, args.epochs, head
            )
        else:
            n_seq, head, kind = int(rest[0]), rest[1], rest[2]
            out = child_diff(n_seq, args.window // n_seq, args.samples, args.batch, head, kind)
        print(json.dumps(out))
        return

    check_epoch_timing_args(args.window, args.n_seq, args.epochs)
    if args.rounds < 1:
        sys.exit("--rounds must be at least 1")

    print("## TimeDistributed vs fold-into-batch (FoldTimeDistributed) vs Conv2D(1, k)\n")
    print(*machine_lines(["tensorflow", "keras", "numpy"]), sep="\n")
    print(
        f"- data: {args.samples} samples, window {args.window} steps, batch {args.batch}, "
        f"{args.epochs} epochs (steady = fastest of the last {args.epochs - 1}), Adam, MSE; "
        f"best of {args.rounds} alternating rounds per wrapper\n"
    )
    common = [
        "benchmarks/bench_timedistributed.py",
        "--window",
        str(args.window),
        "--samples",
        str(args.samples),
        "--batch",
        str(args.batch),
        "--epochs",
        str(args.epochs),
    ]
    results: dict[str, dict] = {}
    for head in args.heads:
        results[head] = _sweep(args, common, head)
    print("\n### Targets\n")
    target_rows = []
    for head in args.heads:
        if 64 not in results[head]:
            continue
        best, _ = results[head][64]
        if "fold" not in best:
            continue
        td, fold = best["td"], best["fold"]
        for key, clock in [("steady_epoch", "wall clock"), ("steady_epoch_cpu", "CPU time")]:
            speedup = td[key] / fold[key]
            target_rows.append(
                [
                    f"fold ≥ {TARGET_SPEEDUP}× faster, steady epoch, n_seq=64, "
                    f"{HEADS[head]} ({clock})",
                    f"{speedup:.2f}×",
                    verdict(speedup >= TARGET_SPEEDUP),
                ]
            )
    worst = max(
        (
            d["max_abs_diff"]
            for by_n in results.values()
            for _, diffs in by_n.values()
            for d in diffs.values()
        ),
        default=0.0,
    )
    target_rows.append(
        [
            f"max abs output difference < {TARGET_DIFF:.0e}",
            f"{worst:.1e}",
            verdict(worst < TARGET_DIFF),
        ]
    )
    print(markdown_table(["target", "measured", "result"], target_rows))


if __name__ == "__main__":
    main()
