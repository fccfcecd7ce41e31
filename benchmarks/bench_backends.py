"""The same three CNN-LSTMs on each Keras 3 backend: TensorFlow and JAX, side by side.

    python benchmarks/bench_backends.py                  # the default sweep, ~5-10 min
    python benchmarks/bench_backends.py --n-seq 4 64 --backends tensorflow jax

Three ways to run one Conv1D on every subsequence, each followed by LSTM(32) -> Dense(1):

- ``td``: ``TimeDistributed(Conv1D 16, k3)`` -> ``TimeDistributed(MaxPooling1D 2)`` ->
  ``TimeDistributed(Flatten)``, the course's reference model;
- ``fold``: the same with ``tutorial_utils.layers.FoldTimeDistributed`` (one call on
  ``(batch * n_seq, ...)``);
- ``conv2d``: ``Conv2D(16, (1, 3))`` -> ``MaxPooling2D((1, 2))`` -> ``Reshape((n_seq, -1))``,
  the same arithmetic written as one 2-D layer with a kernel one step tall.

The backend is fixed when Keras is imported, so every (backend, model, n_seq) runs in its own
Python process with ``KERAS_BACKEND`` set. Each reports the first training epoch (from the call
to ``fit``, so it includes tracing and compiling the step), the fastest later epoch, both by
the wall clock and by the CPU time of the process (all threads; far less disturbed by other
programs on a shared machine), a second ``predict`` over all samples, and the peak resident
memory. Data is fed as the course trains, a cached ``tf.data`` pipeline, on both backends.
Ratios are TensorFlow / JAX from the same run.

With the settings of rows S12 to S15 of ``benchmarks/figures.csv`` (the defaults: both
backends, the three models, ``n_seq`` 4, 16 and 64, 1024 samples, window 256, batch 64,
4 epochs) the script writes those rows itself; S12 needs only `TimeDistributed` and the fold
at ``n_seq = 64``. ``--no-record`` prints them only; ``--figures PATH`` writes elsewhere.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from _common import (
    ROOT,
    add_figures_options,
    check_epoch_timing_args,
    child_env,
    command_line,
    load_average,
    machine_lines,
    markdown_table,
    peak_rss_mb,
    predict_seconds,
    time_epochs,
    write_figures,
)

MODELS = {"td": "TimeDistributed", "fold": "fold", "conv2d": "Conv2D (1, k)"}
BACKENDS = ("tensorflow", "jax")
N_SEQS = (4, 16, 64)
# The settings rows S12 to S15 were measured with, and the parser's defaults.
DEFAULTS = {"window": 256, "samples": 1024, "batch": 64, "epochs": 4}

# ---- rows of figures.csv ------------------------------------------------------------------------

ROW_IDS = ("S12", "S13", "S14", "S15")
NAMED = {"td": "`TimeDistributed`", "fold": "the fold", "conv2d": "the Conv2D"}


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def figure_rows(measured: dict) -> list[dict[str, str]]:
    """Rows S12 to S15 of figures.csv from one run's measurements (none from other settings).

    ``measured``: ``{"settings": {window, samples, batch, epochs}, "got": {(n_seq, kind):
    {backend: {"first_epoch_cpu": s, "steady_epoch_cpu": s, "predict": s, ...}}}}``. S12 needs
    `TimeDistributed` and the fold at ``n_seq = 64`` on both backends; S13 to S15 all nine
    (model, ``n_seq``) pairs of the defaults.
    """
    if measured["settings"] != DEFAULTS:
        return []
    got = {
        key: by_backend
        for key, by_backend in measured["got"].items()
        if all(b in by_backend for b in BACKENDS)
    }
    rows = []
    if (64, "td") in got and (64, "fold") in got:
        cpu = {
            b: (got[64, "td"][b]["steady_epoch_cpu"], got[64, "fold"][b]["steady_epoch_cpu"])
            for b in BACKENDS
        }
        (jax_td, jax_fold), (tf_td, tf_fold) = cpu["jax"], cpu["tensorflow"]
        rows.append(
            {
                "id": "S12",
                "what": "`TimeDistributed` vs fold, on each backend",
                "configuration": f"whole CNN-LSTM, 64 × {DEFAULTS['window'] // 64}, "
                f"{DEFAULTS['samples']} samples, batch {DEFAULTS['batch']}, steady epoch, "
                "CPU time, Keras' default compile per backend",
                "value": f"JAX **{jax_td / jax_fold:.1f}×** ({jax_td:.3f} vs {jax_fold:.3f} "
                f"CPU s); TensorFlow {tf_td / tf_fold:.1f}× in the same run "
                f"({tf_td:.3f} vs {tf_fold:.3f})",
            }
        )
    pairs = [(n, kind) for n in N_SEQS for kind in MODELS]
    if not all(pair in got for pair in pairs):
        return rows

    def tf_over_jax(key: str) -> dict[tuple[int, str], float]:
        return {p: got[p]["tensorflow"][key] / got[p]["jax"][key] for p in pairs}

    def where(found: dict[tuple[int, str], float]) -> list[tuple[float, str]]:
        return [(r, f"{NAMED[kind]} at `n_seq = {n}`") for (n, kind), r in found.items()]

    predict = tf_over_jax("predict").values()
    lo, hi = min(predict), max(predict)
    says = f"TensorFlow / JAX {lo:.1f}× to {hi:.1f}×, {len(pairs)} rows"
    rows.append(
        {
            "id": "S13",
            "what": "TensorFlow vs JAX, `predict`",
            "configuration": "the CNN-LSTM with `TimeDistributed`, fold or Conv2D, `n_seq` "
            + ", ".join(map(str, N_SEQS))
            + f", predict {DEFAULTS['samples']} samples, wall clock",
            "value": f"JAX **{int(lo)} to {round(hi)} times faster** ({says})" if lo >= 1 else says,
        }
    )
    steady = tf_over_jax("steady_epoch_cpu")
    less = {p: r for p, r in steady.items() if r > 1}
    more = {p: r for p, r in steady.items() if r <= 1}
    span = f"**{min(less.values()):.1f}× to {max(less.values()):.1f}×**" if less else "no row"
    exceptions = "; ".join(f"{r:.1f}× for {w}" for r, w in where(more))
    rows.append(
        {
            "id": "S14",
            "what": "TensorFlow vs JAX, steady epoch",
            "configuration": f"the same {len(pairs)} configurations, batch {DEFAULTS['batch']}, "
            "steady epoch, CPU time",
            "value": f"JAX uses less CPU in {len(less)} of {len(pairs)} rows "
            f"(TensorFlow / JAX {span}" + (f"; {exceptions})" if more else ")"),
        }
    )
    first = tf_over_jax("first_epoch_cpu")
    slower = {p: r for p, r in first.items() if r < 1}
    faster = {p: r for p, r in first.items() if r >= 1}
    most, rest, word = (slower, faster, "slower")
    if len(faster) > len(slower):
        most, rest, word = (faster, slower, "faster")
    except_ = _and([f"{w} ({r:.1f}×)" for r, w in where(rest)])
    rows.append(
        {
            "id": "S15",
            "what": "TensorFlow vs JAX, first epoch",
            "configuration": f"the same {len(pairs)} configurations, batch {DEFAULTS['batch']}, "
            "first epoch (tracing and compiling), CPU time",
            "value": f"JAX **{word}**: TensorFlow / JAX {min(most.values()):.1f}× to "
            f"{max(most.values()):.1f}×" + (f", except {except_}" if rest else ""),
        }
    )
    return rows


def _build(kind: str, n_seq: int, n_steps: int):
    import keras

    from tutorial_utils.layers import FoldTimeDistributed

    layers = keras.layers
    if kind == "conv2d":
        inner = [
            layers.Conv2D(16, (1, 3), activation="relu"),
            layers.MaxPooling2D((1, 2)),
            layers.Reshape((n_seq, -1)),
        ]
    else:
        wrap = layers.TimeDistributed if kind == "td" else FoldTimeDistributed
        inner = [
            wrap(layers.Conv1D(16, 3, activation="relu")),
            wrap(layers.MaxPooling1D(2)),
            wrap(layers.Flatten()),
        ]
    return keras.Sequential(
        [keras.Input(shape=(n_seq, n_steps, 1)), *inner, layers.LSTM(32), layers.Dense(1)]
    )


def child(kind: str, n_seq: int, n_steps: int, samples: int, batch: int, epochs: int) -> dict:
    import keras
    import numpy as np
    import tensorflow as tf

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(samples, n_seq, n_steps, 1)).astype("float32")
    y = rng.normal(size=(samples, 1)).astype("float32")
    model = _build(kind, n_seq, n_steps)
    model.compile(optimizer="adam", loss="mse")

    data = tf.data.Dataset.from_tensor_slices((x, y)).cache().batch(batch)
    epoch_times = time_epochs(model, data, epochs)
    predict = predict_seconds(model, x, batch)
    return {
        "backend": keras.backend.backend(),
        **epoch_times,
        "predict": predict,
        "peak_rss_mb": peak_rss_mb(),
    }


def run(backend: str, args: argparse.Namespace, kind: str, n_seq: int) -> dict:
    env = child_env()
    env["KERAS_BACKEND"] = backend  # fixed at import: one process per backend
    command = [
        sys.executable,
        "benchmarks/bench_backends.py",
        *("--samples", str(args.samples), "--batch", str(args.batch)),
        *("--epochs", str(args.epochs), "--window", str(args.window)),
        *("--child", kind, str(n_seq)),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=900, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{backend} {kind} n_seq={n_seq} failed:\n{result.stderr[-3000:]}")
    out = json.loads(result.stdout.strip().splitlines()[-1])
    if out["backend"] != backend:
        raise RuntimeError(f"asked for {backend}, the child ran {out['backend']}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n-seq", type=int, nargs="+", default=list(N_SEQS))
    parser.add_argument("--models", nargs="+", choices=list(MODELS), default=list(MODELS))
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument(
        "--window", type=int, default=DEFAULTS["window"], help="n_seq * n_steps, fixed"
    )
    parser.add_argument("--samples", type=int, default=DEFAULTS["samples"])
    parser.add_argument("--batch", type=int, default=DEFAULTS["batch"])
    parser.add_argument(
        "--epochs", type=int, default=DEFAULTS["epochs"], help="1 first + the rest steady"
    )
    add_figures_options(parser)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        kind, n_seq = args.child[0], int(args.child[1])
        out = child(kind, n_seq, args.window // n_seq, args.samples, args.batch, args.epochs)
        print(json.dumps(out))
        return
    check_epoch_timing_args(args.window, args.n_seq, args.epochs)

    print("## The same models on TensorFlow and on JAX\n")
    print(*machine_lines(["tensorflow", "jax", "jaxlib", "keras", "numpy"]), sep="\n")
    print(
        f"- data: {args.samples} samples, window {args.window} steps, batch {args.batch}, "
        f"{args.epochs} epochs (steady = fastest of the last {args.epochs - 1}), Adam, MSE; "
        "models, then backends, take turns\n"
    )
    measures = [
        ("first_epoch", "first epoch (s)", 2),
        ("first_epoch_cpu", "first epoch (CPU s)", 2),
        ("steady_epoch", "steady epoch (s)", 3),
        ("steady_epoch_cpu", "steady epoch (CPU s)", 3),
        ("predict", f"predict {args.samples} (s)", 3),
        ("peak_rss_mb", "peak memory (MB RSS)", 0),
    ]
    rows, measured = [], {}
    for n_seq in args.n_seq:
        for kind in args.models:
            got = {backend: run(backend, args, kind, n_seq) for backend in args.backends}
            measured[n_seq, kind] = got
            print(f"(n_seq={n_seq} {kind} done)", file=sys.stderr, flush=True)
            for key, label, digits in measures:
                values = [got[b][key] for b in args.backends]
                ratio = (
                    f"{values[0] / values[1]:.1f}×" if len(values) == 2 and values[1] > 0 else ""
                )
                rows.append(
                    [
                        f"{n_seq} × {args.window // n_seq}",
                        MODELS[kind],
                        label,
                        *(f"{v:.{digits}f}" for v in values),
                        ratio,
                    ]
                )
    ratio_header = [f"{args.backends[0]} / {args.backends[1]}"] if len(args.backends) == 2 else []
    print(
        markdown_table(["n_seq × n_steps", "model", "measure", *args.backends, *ratio_header], rows)
    )
    print(f"\n- load average (1/5/15 min) when the run ended: {load_average()}")
    print(
        "\nPeak memory is the whole process (Python, TensorFlow, and JAX where it runs, and the "
        "data): the JAX process imports TensorFlow too, for tf.data."
    )
    write_figures(
        figure_rows({"settings": {k: getattr(args, k) for k in DEFAULTS}, "got": measured}),
        ROW_IDS,
        args,
        command_line("bench_backends.py", sys.argv[1:]),
    )


if __name__ == "__main__":
    main()
