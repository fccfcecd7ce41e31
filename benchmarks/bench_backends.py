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
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from _common import (
    ROOT,
    check_epoch_timing_args,
    child_env,
    load_average,
    machine_lines,
    markdown_table,
    peak_rss_mb,
    predict_seconds,
    time_epochs,
)

MODELS = {"td": "TimeDistributed", "fold": "fold", "conv2d": "Conv2D (1, k)"}
BACKENDS = ("tensorflow", "jax")


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
    parser.add_argument("--n-seq", type=int, nargs="+", default=[4, 16, 64])
    parser.add_argument("--models", nargs="+", choices=list(MODELS), default=list(MODELS))
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--window", type=int, default=256, help="n_seq * n_steps, fixed")
    parser.add_argument("--samples", type=int, default=1024)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=4, help="1 first + the rest steady")
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
    rows = []
    for n_seq in args.n_seq:
        for kind in args.models:
            got = {backend: run(backend, args, kind, n_seq) for backend in args.backends}
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


if __name__ == "__main__":
    main()
