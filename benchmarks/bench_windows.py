"""Three ways to cut a long series into (window -> next value) samples, timed.

    python benchmarks/bench_windows.py                    # 100k steps, windows 32/48/336
    python benchmarks/bench_windows.py --steps 20000 --windows 48

1. ``tutorial_utils.windows.make_windows``: NumPy's ``sliding_window_view``, one copy.
2. a Python loop that slices each window and stacks them at the end (what most people
   write first);
3. ``keras.utils.timeseries_dataset_from_array``, iterated to the end and concatenated so
   it produces the same arrays (creating the dataset alone is lazy and costs little). It
   takes seconds, so it is timed once per window rather than repeated.

All three must give identical ``X`` and ``y``; the script checks that before timing. Each
time is the best (smallest) of several repeats in this process: on a CPU shared with other
work, the minimum is the figure least disturbed by the neighbours. Keras is imported
beforehand, so its import time is not counted.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

import numpy as np
from _common import machine_lines, markdown_table, verdict

from tutorial_utils.windows import make_windows

TARGET_SPEEDUP = 50.0  # make_windows vs the Python loop on 100k steps


def python_loop(series: np.ndarray, window: int, horizon: int = 1):
    X, y = [], []
    for i in range(len(series) - window - horizon + 1):
        X.append(series[i : i + window])
        y.append(series[i + window : i + window + horizon])
    return np.array(X, dtype=np.float32)[..., np.newaxis], np.array(y, dtype=np.float32)


def keras_dataset(series: np.ndarray, window: int, horizon: int = 1, batch_size: int = 1024):
    import keras

    samples = len(series) - window - horizon + 1
    targets = np.lib.stride_tricks.sliding_window_view(series[window:], horizon)[:samples]
    dataset = keras.utils.timeseries_dataset_from_array(
        series[: samples + window - 1, np.newaxis].astype(np.float32),
        targets.astype(np.float32),
        sequence_length=window,
        batch_size=batch_size,
    )
    xs, ys = [], []
    for x_batch, y_batch in dataset:
        xs.append(x_batch.numpy())
        ys.append(y_batch.numpy())
    return np.concatenate(xs), np.concatenate(ys)


def best_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--windows", type=int, nargs="+", default=[32, 48, 336])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras  # imported before timing anything

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    t = np.arange(args.steps)
    series = np.sin(2 * np.pi * t / 48) + 0.1 * rng.normal(size=args.steps)

    print("## Windowing a series: make_windows vs a Python loop vs Keras\n")
    print(*machine_lines(["numpy", "tensorflow", "keras"]), sep="\n")
    print(
        f"- data: {args.steps} steps, horizon 1, float32 output; time = best of "
        f"{args.repeats} repeats (make_windows: {4 * args.repeats}; Keras: one run)\n"
    )
    rows, target_rows = [], []
    for window in args.windows:
        X, y = make_windows(series, window)
        start = time.perf_counter()
        keras_out = keras_dataset(series, window)
        ds = time.perf_counter() - start  # one run: it takes seconds, not milliseconds
        for name, (X2, y2) in [("loop", python_loop(series, window)), ("keras", keras_out)]:
            if not (np.array_equal(X, X2) and np.array_equal(y, y2)):
                raise AssertionError(f"{name} gives other windows than make_windows ({window=})")
        del keras_out
        fast = best_time(lambda w=window: make_windows(series, w), 4 * args.repeats)
        loop = best_time(lambda w=window: python_loop(series, w), args.repeats)
        rows.append(
            [
                window,
                f"{X.shape}",
                f"{fast * 1e3:.1f}",
                f"{loop * 1e3:.0f}",
                f"{ds * 1e3:.0f}",
                f"{loop / fast:.0f}×",
                f"{ds / fast:.0f}×",
            ]
        )
        target_rows.append(
            [
                f"make_windows ≥ {TARGET_SPEEDUP:.0f}× faster than the loop, window {window}",
                f"{loop / fast:.0f}×",
                verdict(loop / fast >= TARGET_SPEEDUP),
            ]
        )
    print(
        markdown_table(
            [
                "window",
                "X shape",
                "make_windows (ms)",
                "Python loop (ms)",
                "Keras dataset, iterated once (ms)",
                "loop / make_windows",
                "Keras / make_windows",
            ],
            rows,
        )
    )
    print("\nAll three gave identical X and y for every window.")
    print(f"\n### Targets, {args.steps} steps\n")
    print(markdown_table(["target", "measured", "result"], target_rows))


if __name__ == "__main__":
    main()
