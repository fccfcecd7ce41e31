"""Streaming windows vs materialised windows, and training on 1, 2, 4 devices and 2 workers.

    python benchmarks/bench_streaming.py                 # everything (about 10-15 minutes)
    python benchmarks/bench_streaming.py --parts memory  # only some: memory feed devices workers

1. **memory**: a float32 series of 10^5, 10^6 and 10^7 steps saved as ``.npy`` and memory-mapped;
   windows of 336 steps (a week of half-hours), horizon 1. *Materialised*:
   ``windows.make_windows`` on the whole series (only where it fits in ``--max-gb``; above that
   the size is computed, not measured). *Streaming*: ``streaming.window_dataset`` over the
   memory map, shuffled, batch 256, iterated once to the end. For each: peak resident memory
   (RSS) above the process's RSS just before, and windows per second. One fresh process each.
2. **feed**: the course's CNN-LSTM (4 × 12 windows of a synthetic series) trained from the
   materialised arrays (a cached ``tf.data`` pipeline, as ``training.fit_compiled`` feeds it) and
   from ``window_dataset``; steady-epoch windows per second, the two taking turns.
3. **devices**: the same model under ``MirroredStrategy`` on 1, 2 and 4 logical CPU devices,
   64 windows per replica (global batch 64 × devices); steady-epoch windows per second.
4. **workers**: ``distributed.run_workers`` with one and with two worker processes
   (MultiWorkerMirroredStrategy, global batch 64): training seconds and wall seconds.

On TensorFlow, parts feed, devices and workers write rows S21, S22 and S23 of
``benchmarks/figures.csv`` (feed and devices with the default ``--rounds 2 --epochs 3``).
``--no-record`` prints them only; ``--figures PATH`` writes elsewhere.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import (
    add_figures_options,
    child_backend,
    command_line,
    load_average,
    machine_lines,
    markdown_table,
    peak_rss_mb,
    run_child,
    steady_fit_seconds,
    verdict,
    write_figures,
)

WINDOW = 336
STEPS = [10**5, 10**6, 10**7]
TARGET_GROWTH_MB = 200.0
# The settings rows S21 and S22 were measured with, and the parser's defaults.
DEFAULTS = {"rounds": 2, "epochs": 3}

# ---- rows of figures.csv ------------------------------------------------------------------------

ROW_IDS = ("S21", "S22", "S23")


def figure_rows(measured: dict) -> list[dict[str, str]]:
    """Rows S21 to S23 of figures.csv from one run's measurements.

    ``measured``: ``{"settings": {"rounds", "epochs", "backend"}, "feed": {"materialised_s",
    "streaming_s"}, "devices": {n_devices: windows per second}, "cores": n, "workers":
    {n_workers: training seconds}}``, each part present only if it ran. S21 and S22 need the
    default rounds and epochs; all three TensorFlow.
    """
    settings = measured["settings"]
    if settings["backend"] != "tensorflow":
        return []
    timed = {key: settings[key] for key in DEFAULTS} == DEFAULTS
    rows = []
    if timed and "feed" in measured:
        mat, stream = measured["feed"]["materialised_s"], measured["feed"]["streaming_s"]
        rows.append(
            {
                "id": "S21",
                "what": "streaming (`window_dataset`) vs materialised arrays",
                "configuration": "the CNN-LSTM at 4 × 12, batch 64, steady epoch, wall clock, "
                "TensorFlow",
                "value": f"streaming **{mat / stream:.2f}× as fast** ({stream:.2f} vs {mat:.2f} s)",
            }
        )
    if timed and "devices" in measured:
        by_two, by_four = (measured["devices"][n] / measured["devices"][1] for n in (2, 4))
        rows.append(
            {
                "id": "S22",
                "what": "`MirroredStrategy` on 2 and 4 logical CPU devices vs 1",
                "configuration": "the CNN-LSTM at 4 × 12, 64 windows per device (global batch "
                "64, 128, 256), steady epoch, windows per second, TensorFlow",
                "value": f"**{by_two:.2f}×** (2 devices) and **{by_four:.2f}×**"
                " (4) as many windows per second: overhead, not a speed-up (the devices share "
                f"the {measured['cores']} cores)",
            }
        )
    if "workers" in measured:
        one, two = measured["workers"][1], measured["workers"][2]
        says = f"**{two / one:.1f}× slower**" if two >= one else f"**{one / two:.1f}× faster**"
        rows.append(
            {
                "id": "S23",
                "what": "`MultiWorkerMirroredStrategy`, 2 worker processes vs 1",
                "configuration": "the demand task, global batch 64, 2 epochs, custom loop, "
                "training seconds, TensorFlow",
                "value": f"2 workers {says} ({two:.1f} vs {one:.1f} s)",
            }
        )
    return rows


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def write_series(path: Path, steps: int) -> None:
    """A float32 random walk written in chunks, so the parent never holds it whole."""
    rng = np.random.default_rng(0)
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(steps,))
    level = 0.0
    for lo in range(0, steps, 1 << 20):
        chunk = np.cumsum(rng.normal(size=min(1 << 20, steps - lo))) + level
        out[lo : lo + len(chunk)] = chunk
        level = float(chunk[-1])
    out.flush()
    del out


# ---- children: each prints one line of JSON --------------------------------------------------


def child_memory(mode: str, path: str) -> dict:
    import tensorflow as tf  # imported before the baseline in both modes

    from tutorial_utils import streaming, windows

    tf.constant(0)  # start the runtime before the baseline
    series = streaming.open_series(path)
    base = current_rss_mb()
    start = time.perf_counter()
    if mode == "materialised":
        X, y = windows.make_windows(series, WINDOW)
        n = len(X)
        checksum = float(X[-1, -1, 0])
    else:
        dataset = streaming.window_dataset(series, WINDOW, batch_size=256, shuffle=True)
        n = 0
        for _, y in dataset:
            n += int(y.shape[0])
        checksum = 0.0
    seconds = time.perf_counter() - start
    return {
        "windows": n,
        "seconds": seconds,
        "base_mb": base,
        "peak_growth_mb": peak_rss_mb() - base,
        "checksum": checksum,
    }


def _course_data(steps: int = 40_000):
    from tutorial_utils import streaming

    (series,) = streaming.synthetic_fleet(1, steps, seed=0)
    train = streaming.split_views(series)[0]
    return train, streaming.fit_scaler_chunked(train)


def child_feed(rounds: int, epochs: int) -> dict:
    import keras
    import tensorflow as tf

    from tutorial_utils import models, streaming, windows

    train, scaler = _course_data()
    X, y = windows.make_windows(scaler.transform(train), 48)
    X = windows.to_subsequences(X, 4)

    def materialised():
        data = tf.data.Dataset.from_tensor_slices((X, y)).cache()
        return data.shuffle(len(X), seed=0, reshuffle_each_iteration=True).batch(64)

    def streamed():
        return streaming.window_dataset(
            train, 48, n_seq=4, batch_size=64, shuffle=True, seed=0, scalers=scaler
        )

    best = {"materialised": [], "streaming": []}
    for _ in range(rounds):
        for name, make in (("materialised", materialised), ("streaming", streamed)):
            keras.utils.set_random_seed(0)
            model = models.build_cnn_lstm(4, 12, 1)
            model.compile(optimizer="adam", loss="mse")
            best[name].append(steady_fit_seconds(model, make(), epochs))
    return {
        "windows": len(X),
        "materialised_s": min(best["materialised"]),
        "streaming_s": min(best["streaming"]),
    }


def child_devices(n_devices: int, epochs: int) -> dict:
    from tutorial_utils.distributed import use_logical_cpus

    devices = use_logical_cpus(n_devices)
    import keras
    import tensorflow as tf

    from tutorial_utils import models, streaming

    train, scaler = _course_data()
    strategy = tf.distribute.MirroredStrategy(devices)
    data = streaming.window_dataset(
        train, 48, n_seq=4, batch_size=64 * n_devices, shuffle=True, seed=0, scalers=scaler
    )
    keras.utils.set_random_seed(0)
    with strategy.scope():
        model = models.build_cnn_lstm(4, 12, 1)
        model.compile(optimizer="adam", loss="mse")
    seconds = steady_fit_seconds(model, data, epochs)
    n = sum(int(y.shape[0]) for _, y in data)
    return {"windows": n, "seconds": seconds, "replicas": strategy.num_replicas_in_sync}


# ---- the report ------------------------------------------------------------------------------


def part_memory(args, lines: list[str], verdicts: list) -> dict:
    lines += ["### Memory: materialised vs streaming windows (window 336, float32)", ""]
    rows = []
    growth_at_largest = None
    with tempfile.TemporaryDirectory() as folder:
        for steps in args.steps:
            path = Path(folder) / f"series_{steps}.npy"
            write_series(path, steps)
            samples = steps - WINDOW
            need_gb = samples * WINDOW * 4 / 1e9
            for mode in ("materialised", "streaming"):
                if mode == "materialised" and need_gb > args.max_gb:
                    rows.append(
                        [
                            f"{steps:,}",
                            mode,
                            f"{samples:,}",
                            f"≈ {need_gb * 1000:,.0f} (computed)",
                            "not run",
                            f"{need_gb:.1f} GB > --max-gb {args.max_gb}",
                        ]
                    )
                    continue
                r = run_child([__file__, "--child", "memory", mode, str(path)], timeout=3600)
                rate = r["windows"] / r["seconds"]
                rows.append(
                    [
                        f"{steps:,}",
                        mode,
                        f"{r['windows']:,}",
                        f"{r['peak_growth_mb']:,.0f}",
                        f"{rate:,.0f}",
                        f"baseline RSS {r['base_mb']:.0f} MB",
                    ]
                )
                if mode == "streaming" and steps == max(args.steps):
                    growth_at_largest = r["peak_growth_mb"]
            print(f"  memory {steps:,} done", file=sys.stderr)
    lines.append(
        markdown_table(
            ["steps", "windows", "count", "peak RSS growth (MB)", "windows / s", "note"], rows
        )
    )
    lines += [
        "",
        "Materialised X needs `samples × 336 × 4` bytes (plus a float64 copy of the series); "
        "the rows marked *computed* are that arithmetic, not a measurement.",
        "",
    ]
    if growth_at_largest is not None:
        verdicts.append(
            (
                f"streaming peak RSS growth < {TARGET_GROWTH_MB:.0f} MB at "
                f"{max(args.steps):,} steps",
                f"{growth_at_largest:.0f} MB",
                verdict(growth_at_largest < TARGET_GROWTH_MB),
            )
        )
    return {}


def part_feed(args, lines: list[str], verdicts: list) -> dict:
    r = run_child([__file__, "--child", "feed", str(args.rounds), str(args.epochs)], timeout=3600)
    mat = r["windows"] / r["materialised_s"]
    stream = r["windows"] / r["streaming_s"]
    ratio = stream / mat
    lines += [
        "### Feeding the course's CNN-LSTM (4 × 12, batch 64)",
        "",
        f"{r['windows']:,} training windows of a SYNTHETIC series; steady epoch, best of "
        f"{args.rounds} alternating rounds × {args.epochs} epochs.",
        "",
        markdown_table(
            ["fed from", "steady epoch (s)", "windows / s"],
            [
                [
                    "materialised arrays (cached tf.data)",
                    f"{r['materialised_s']:.2f}",
                    f"{mat:,.0f}",
                ],
                ["window_dataset (streaming)", f"{r['streaming_s']:.2f}", f"{stream:,.0f}"],
            ],
        ),
        "",
        f"streaming / materialised: {ratio:.2f}×",
        "",
    ]
    verdicts.append(
        (
            "streaming feeds training at least as fast as materialised (ratio ≥ 1)",
            f"{ratio:.2f}×",
            verdict(ratio >= 1.0),
        )
    )
    return {"feed": r}


def part_devices(args, lines: list[str], verdicts: list) -> dict:
    rows, rates = [], {}
    base = None
    for n in (1, 2, 4):
        r = run_child([__file__, "--child", "devices", str(n), str(args.epochs)], timeout=3600)
        rate = r["windows"] / r["seconds"]
        rates[n] = rate
        base = base or rate
        rows.append([n, 64 * n, f"{r['seconds']:.2f}", f"{rate:,.0f}", f"{rate / base:.2f}×"])
    lines += [
        "### Logical CPU devices under MirroredStrategy",
        "",
        "64 windows per replica; the devices share the same 2 cores, so this measures the "
        "strategy's overhead, not a speed-up.",
        "",
        markdown_table(
            ["devices", "global batch", "steady epoch (s)", "windows / s", "vs 1 device"], rows
        ),
        "",
    ]
    return {"devices": rates, "cores": os.cpu_count()}


def part_workers(args, lines: list[str], verdicts: list) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tutorial_utils.distributed import run_workers

    rows, seconds = [], {}
    for n in (1, 2):
        results = run_workers(n, epochs=2, timeout=600)
        chief = results[0]
        seconds[n] = chief["seconds"]
        rows.append(
            [
                n,
                chief["replicas"],
                f"{chief['seconds']:.1f}",
                f"{max(r['wall_seconds'] for r in results):.1f}",
                " / ".join(f"{v:.4f}" for v in chief["loss"]),
            ]
        )
    lines += [
        "### MultiWorkerMirroredStrategy: one worker vs two (processes on this machine)",
        "",
        "Each worker a process on 127.0.0.1, global batch 64, 2 epochs of the demand task "
        "(`distributed.train_demand_model`). Wall time includes starting Python and TensorFlow.",
        "",
        markdown_table(
            ["workers", "replicas", "training (s)", "wall (s)", "training loss per epoch"], rows
        ),
        "",
    ]
    return {"workers": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", nargs="+", default=["memory", "feed", "devices", "workers"])
    parser.add_argument("--steps", type=int, nargs="+", default=STEPS)
    parser.add_argument(
        "--max-gb", type=float, default=2.0, help="largest materialised X to really build (GB)"
    )
    parser.add_argument("--rounds", type=int, default=DEFAULTS["rounds"])
    parser.add_argument("--epochs", type=int, default=DEFAULTS["epochs"])
    add_figures_options(parser)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

    if args.child:
        kind, *rest = args.child
        if kind == "memory":
            result = child_memory(rest[0], rest[1])
        elif kind == "feed":
            result = child_feed(int(rest[0]), int(rest[1]))
        else:
            result = child_devices(int(rest[0]), int(rest[1]))
        print(json.dumps(result))
        return

    lines = ["## Streaming, devices and workers", ""]
    lines += [ln for ln in machine_lines(["numpy", "tensorflow", "keras"]) if ln]
    lines.append("")
    verdicts: list = []
    measured: dict = {
        "settings": {"rounds": args.rounds, "epochs": args.epochs, "backend": child_backend()}
    }
    parts = {
        "memory": part_memory,
        "feed": part_feed,
        "devices": part_devices,
        "workers": part_workers,
    }
    for name in args.parts:
        measured.update(parts[name](args, lines, verdicts))
    lines.append(f"- load average (1/5/15 min) at the end: {load_average()}")
    lines.append("")
    if verdicts:
        lines += [
            "#### Targets (issue 17)",
            "",
            markdown_table(["target", "measured", "result"], verdicts),
        ]
    print("\n".join(lines))
    write_figures(
        figure_rows(measured),
        ROW_IDS,
        args,
        command_line("bench_streaming.py", sys.argv[1:]),
    )


if __name__ == "__main__":
    main()
