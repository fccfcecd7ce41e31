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

With the settings of rows S1 to S11 of ``benchmarks/figures.csv`` (the defaults: 2048 samples,
window 256, batch 64, 4 epochs, 2 rounds, TensorFlow) the script writes those rows itself:
S1 to S7 (`TimeDistributed` vs fold) and S8 to S11 (Conv2D vs fold), each from the heads,
``n_seq`` and kinds it ran. ``--no-record`` prints them only; ``--figures PATH`` writes elsewhere.
"""

from __future__ import annotations

import argparse
import json
import sys

from _common import (
    add_figures_options,
    check_epoch_timing_args,
    child_backend,
    command_line,
    machine_lines,
    markdown_table,
    peak_rss_mb,
    predict_seconds,
    run_child,
    time_epochs,
    verdict,
    write_figures,
)

TARGET_SPEEDUP = 3.5  # steady epoch at n_seq=64
KINDS = {"td": "TimeDistributed", "fold": "fold", "conv2d": "Conv2D(1, k)"}
HEADS = {"lstm": "the course's CNN-LSTM", "dense": "the wrapped layers with a Dense head"}
TARGET_DIFF = 1e-5
# The settings rows S1 to S11 were measured with, and the parser's defaults.
DEFAULTS = {"window": 256, "samples": 2048, "batch": 64, "epochs": 4, "rounds": 2}

# ---- rows of figures.csv ------------------------------------------------------------------------

ROW_IDS = tuple(f"S{i}" for i in range(1, 12))
# id, head, n_seq, which epoch, the model as the row's configuration names it
TD_VS_FOLD = (
    ("S1", "lstm", 64, "steady", "whole CNN-LSTM (LSTM head)"),
    ("S2", "lstm", 64, "first", "whole CNN-LSTM"),
    ("S3", "dense", 64, "steady", "wrapped layers with a Dense head"),
    ("S4", "dense", 64, "first", "wrapped layers with a Dense head"),
    ("S5", "lstm", 4, "steady", "whole CNN-LSTM"),
    ("S6", "lstm", 16, "steady", "whole CNN-LSTM"),
)
CONV2D_VS_FOLD = (
    ("S8", "lstm", 64, "steady", "whole CNN-LSTM"),
    ("S9", "lstm", 64, "first", "whole CNN-LSTM"),
    ("S10", "dense", 64, "steady", "wrapped layers with a Dense head"),
    ("S11", "dense", 64, "first", "wrapped layers with a Dense head"),
)
# What a row adds to "about equal" (S8 was written with it; the others were not).
ABOUT_EQUAL_NOTE = {"S8": " (within that run's noise)"}


def _shape(n_seq: int, window: int) -> str:
    return f"{n_seq} × {window // n_seq}"


def conv2d_verdict(conv2d: float, fold: float) -> str:
    """How two CPU times compare, in the words of rows S8 to S11.

    Within 0.05 s or 10 % of each other they are "about equal" (two-digit timers on a shared
    machine); otherwise the quicker one is "a little quicker" up to 1.5×, "quicker" beyond.

    >>> conv2d_verdict(0.47, 0.50)
    '**about equal**'
    >>> conv2d_verdict(1.97, 2.77)
    'the Conv2D **a little quicker** (fold / Conv2D 1.41×)'
    """
    if abs(conv2d - fold) < 0.05 or 1 / 1.1 < fold / conv2d < 1.1:
        return "**about equal**"
    quick, slow, names = (conv2d, fold, ("Conv2D", "fold"))
    if fold < conv2d:
        quick, slow, names = (fold, conv2d, ("fold", "Conv2D"))
    how = "a little quicker" if slow / quick < 1.5 else "quicker"
    return f"the {names[0]} **{how}** ({names[1]} / {names[0]} {slow / quick:.2f}×)"


def figure_rows(measured: dict) -> list[dict[str, str]]:
    """Rows S1 to S11 of figures.csv from one run's measurements (none from other settings).

    ``measured``: ``{"settings": {window, samples, batch, epochs, rounds, backend},
    "best": {head: {n_seq: {kind: {"first_epoch": s, "steady_epoch": s, "first_epoch_cpu": s,
    "steady_epoch_cpu": s, ...}}}}}``, each figure the best over the rounds. A row is made when
    the settings are the rows' (:data:`DEFAULTS` on TensorFlow) and the run timed its head,
    ``n_seq`` and kinds.
    """
    settings, best = measured["settings"], measured["best"]
    if settings != {**DEFAULTS, "backend": "tensorflow"}:
        return []
    window, batch = settings["window"], settings["batch"]

    def got(head: str, n_seq: int, *kinds: str) -> dict | None:
        by_kind = best.get(head, {}).get(n_seq, {})
        return by_kind if all(k in by_kind for k in kinds) else None

    rows = []
    for row_id, head, n_seq, epoch, model in TD_VS_FOLD:
        if (t := got(head, n_seq, "td", "fold")) is None:
            continue
        td, fold = t["td"][f"{epoch}_epoch"], t["fold"][f"{epoch}_epoch"]
        cpu = t["td"][f"{epoch}_epoch_cpu"] / t["fold"][f"{epoch}_epoch_cpu"]
        rows.append(
            {
                "id": row_id,
                "what": "`TimeDistributed` vs fold",
                "configuration": f"{model}, {_shape(n_seq, window)}, batch {batch}, "
                f"{epoch} epoch, TensorFlow",
                "value": f"**{td / fold:.2f}×** wall ({td:.2f} vs {fold:.2f} s); {cpu:.2f}× CPU",
            }
        )
    sweep = [got("dense", n, "td", "fold") for n in (4, 16, 64)]
    if all(sweep):
        td = [t["td"]["steady_epoch"] for t in sweep]
        fold = [t["fold"]["steady_epoch"] for t in sweep]
        growth = fold[-1] / fold[0]
        fold_says = "flat" if 1 / 1.2 < growth < 1.2 else f"{growth:.2f}× from 4 to 64"
        rows.append(
            {
                "id": "S7",
                "what": "a steady epoch as `n_seq` grows",
                "configuration": "wrapped layers with a Dense head, "
                + " → ".join(_shape(n, window) for n in (4, 16, 64))
                + f", batch {batch}, steady epoch, TensorFlow",
                "value": "`TimeDistributed` "
                + " → ".join(f"{v:.2f}" for v in td)
                + f" s (**{td[-1] / td[0]:.2f}×** from 4 to 64); fold "
                + " → ".join(f"{v:.2f}" for v in fold)
                + f" s ({fold_says})",
            }
        )
    for row_id, head, n_seq, epoch, model in CONV2D_VS_FOLD:
        if (t := got(head, n_seq, "fold", "conv2d")) is None:
            continue
        conv2d, fold = t["conv2d"][f"{epoch}_epoch_cpu"], t["fold"][f"{epoch}_epoch_cpu"]
        says = conv2d_verdict(conv2d, fold)
        if says == "**about equal**":
            says += ABOUT_EQUAL_NOTE.get(row_id, "")
        rows.append(
            {
                "id": row_id,
                "what": "Conv2D(1, k) vs fold",
                "configuration": f"{model}, {_shape(n_seq, window)}, batch {batch}, "
                f"{epoch} epoch, CPU time, TensorFlow",
                "value": f"{conv2d:.2f} vs {fold:.2f} CPU s: {says}",
            }
        )
    return sorted(rows, key=lambda row: int(row["id"][1:]))


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
    parser.add_argument(
        "--window", type=int, default=DEFAULTS["window"], help="n_seq * n_steps, fixed"
    )
    parser.add_argument("--samples", type=int, default=DEFAULTS["samples"])
    parser.add_argument("--batch", type=int, default=DEFAULTS["batch"])
    parser.add_argument(
        "--epochs", type=int, default=DEFAULTS["epochs"], help="1 first + the rest steady"
    )
    parser.add_argument(
        "--rounds", type=int, default=DEFAULTS["rounds"], help="turns per wrapper; best is kept"
    )
    parser.add_argument("--heads", nargs="+", choices=sorted(HEADS), default=["lstm", "dense"])
    parser.add_argument(
        "--kinds",
        nargs="+",
        choices=sorted(KINDS),
        default=list(KINDS),
        help="what to time next to TimeDistributed (always timed)",
    )
    add_figures_options(parser)
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

    measured = {
        "settings": {**{key: getattr(args, key) for key in DEFAULTS}, "backend": child_backend()},
        "best": {
            head: {n: best for n, (best, _) in by_n.items()} for head, by_n in results.items()
        },
    }
    write_figures(
        figure_rows(measured),
        ROW_IDS,
        args,
        command_line("bench_timedistributed.py", sys.argv[1:]),
    )


if __name__ == "__main__":
    main()
