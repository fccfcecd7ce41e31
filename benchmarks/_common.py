"""Small helpers shared by the benchmark scripts: the machine, tables, child processes.

Benchmarks print figures; they are never tests. Each script runs its measurements in
fresh Python processes so that one configuration's memory or graph cache cannot leak
into the next one.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

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


markdown_table = functools.partial(format_table, markdown=True)
"""``markdown_table(header, rows)``: the course's one table printer, in markdown."""


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"
