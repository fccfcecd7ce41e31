"""Helpers shared by the benchmark scripts: the machine, tables, child processes, epoch timers,
and writing a script's rows into ``figures.csv``.

Benchmarks print figures; they are never tests. Each script runs its measurements in
fresh Python processes so that one configuration's memory or graph cache cannot leak
into the next one. A script that measured a configuration a row of ``figures.csv`` describes
writes that row itself (:func:`write_figures`); its rows are built by a pure function of its
measurements, which the unit tests call without running anything.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import shlex
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from tutorial_utils.tables import format_table

ROOT = Path(__file__).resolve().parent.parent


def child_env() -> dict[str, str]:
    """Environment for child processes: this checkout first on the path, TensorFlow quiet."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("KERAS_BACKEND", "tensorflow")
    return env


def run_child(args: Sequence[str], timeout: float = 900) -> dict:
    """Run ``python <args>`` and return the JSON object it prints on its last stdout line."""
    result = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"child {args} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux and macOS)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used so far, in seconds (Linux and macOS)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> str:
    try:
        return " / ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def machine_lines(packages: Sequence[str] = ()) -> list[str]:
    """A few lines that say where the figures came from."""
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for name in packages:
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return [
        f"- machine: {os.cpu_count()} CPUs ({cpu_model()}), {platform.system()} "
        f"{platform.machine()}, Python {platform.python_version()}",
        f"- versions: {', '.join(versions)}" if versions else "",
        f"- load average (1/5/15 min) when the run started: {load_average()}",
    ]


def time_epochs(model: Any, data: Any, epochs: int) -> dict[str, float]:
    """Train a compiled ``model`` on ``data`` for ``epochs`` (at least 2) in one ``fit``, timed.

    Returns the first epoch, measured from the call to ``fit`` (it also pays for tracing and
    compiling the training step, which happen before ``on_epoch_begin`` would see them), and
    the steady epoch, the fastest of the later ones, each in wall-clock and CPU seconds of this
    process: ``first_epoch``, ``first_epoch_cpu``, ``steady_epoch``, ``steady_epoch_cpu``.
    """
    import keras

    def now() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    starts: list[tuple[float, float]] = []
    ends: list[tuple[float, float]] = []
    timer = keras.callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: starts.append(now()),
        on_epoch_end=lambda epoch, logs: ends.append(now()),
    )
    t0 = now()
    model.fit(data, epochs=epochs, shuffle=False, verbose=0, callbacks=[timer])
    first, first_cpu = (ends[0][k] - t0[k] for k in (0, 1))
    steady, steady_cpu = (
        min(e[k] - s[k] for s, e in zip(starts[1:], ends[1:], strict=True)) for k in (0, 1)
    )
    return {
        "first_epoch": first,
        "first_epoch_cpu": first_cpu,
        "steady_epoch": steady,
        "steady_epoch_cpu": steady_cpu,
    }


def steady_fit_seconds(model: Any, data: Any, epochs: int) -> float:
    """Wall-clock seconds of the fastest of ``epochs`` one-epoch ``fit`` calls on ``data``.

    One ``fit`` first builds the graph and is not counted; each later call is timed whole
    (iterator set-up included), as a training loop that calls ``fit`` per epoch would pay.
    """
    model.fit(data, epochs=1, verbose=0)
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        model.fit(data, epochs=1, verbose=0)
        times.append(time.perf_counter() - start)
    return min(times)


def check_epoch_timing_args(window: int, n_seqs: Sequence[int], epochs: int) -> None:
    """Exit with a message unless ``window`` splits into every ``n_seq`` (parts of at least 4
    steps) and ``epochs`` leaves a steady epoch after the first (see :func:`time_epochs`)."""
    for n_seq in n_seqs:
        if window % n_seq or window // n_seq < 4:
            sys.exit(f"--window {window} must split into n_seq={n_seq} parts of >= 4 steps")
    if epochs < 2:
        sys.exit("--epochs must be at least 2 (one first epoch, then steady ones)")


def predict_seconds(model: Any, x: Any, batch_size: int) -> float:
    """Wall-clock seconds of ``model.predict(x)``, after one call that builds the predict step."""
    model.predict(x, batch_size=batch_size, verbose=0)
    start = time.perf_counter()
    model.predict(x, batch_size=batch_size, verbose=0)
    return time.perf_counter() - start


markdown_table = functools.partial(format_table, markdown=True)
"""``markdown_table(header, rows)``: the course's one table printer, in markdown."""


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# ---- figures.csv: the rows a script measured ---------------------------------------------------

FIGURES = ROOT / "benchmarks" / "figures.csv"


def add_figures_options(parser: argparse.ArgumentParser) -> None:
    """``--no-record`` (print the rows, write nothing) and ``--figures PATH`` (where to write)."""
    parser.add_argument("--no-record", action="store_true", help="print, do not write figures")
    parser.add_argument(
        "--figures",
        type=Path,
        default=FIGURES,
        metavar="PATH",
        help="the figures file to write (default: benchmarks/figures.csv)",
    )


def child_backend() -> str:
    """The Keras backend the child processes run (:func:`child_env`: TensorFlow unless set)."""
    return child_env()["KERAS_BACKEND"]


def command_line(script: str, argv: Sequence[str]) -> str:
    """The command a row records: ``python benchmarks/<script>`` and the options that chose
    what was measured (not ``--no-record`` or ``--figures``, which only say where rows go).

    >>> command_line("bench_fit.py", ["--models", "demand:lstm", "--figures", "/tmp/f.csv"])
    'python benchmarks/bench_fit.py --models demand:lstm'
    """
    kept: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--figures":
            skip = True
        elif arg != "--no-record" and not arg.startswith("--figures="):
            kept.append(arg)
    return shlex.join(["python", f"benchmarks/{script}", *kept])


def _shown(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def write_figures(
    rows: list[dict[str, str]],
    row_ids: Iterable[str],
    args: argparse.Namespace,
    command: str,
) -> list[str]:
    """Print the rows this run measured and, unless ``--no-record``, write them to
    ``--figures``; say which of the script's ``row_ids`` these settings did not measure.
    Returns the ids not recorded for that reason."""
    from figures import record

    name = _shown(args.figures)
    made = [row["id"] for row in rows]
    others = [row_id for row_id in row_ids if row_id not in made]
    if rows:
        print(f"\n### Rows of {name}\n")
        for row in rows:
            print(f"- {row['id']}: {row['what']}: {row['value']} ({row['configuration']})")
        print()
    if rows and args.no_record:
        print(f"{name} not updated (--no-record): rows {', '.join(made)} printed only")
    elif rows:
        record(rows, command=command, path=args.figures)
        print(f"recorded rows {', '.join(made)} in {name}; run `make figures`")
    if others:
        lead = f"{name} not updated" + (" for the other rows" if rows else "")
        print(f"{lead}: these settings are not those of rows {', '.join(others)}")
    return others
