"""How long the course's own checks take: each notebook under nbval, and the whole run.

    python benchmarks/bench_course.py                 # the full suite, as `make test` runs it
    python benchmarks/bench_course.py notebooks/      # only what pytest collects there
    python benchmarks/bench_course.py --workers 0     # the whole run in one process too
    python benchmarks/bench_course.py --no-record     # print, write no rows N

Two ``python -m pytest`` runs in subprocesses, with the project's settings (strict nbval
over every notebook, plus the unit tests), each read from a JUnit XML report:

1. **One notebook at a time** (no pytest workers), for the budget of each notebook: what a
   learner waits for when running it, alone on the machine. A notebook's time is the sum of
   its cells' items, including starting its kernel (pytest counts that in the first cell's
   set-up). Unit-test files are timed in this run too.
2. **The whole run as ``make test`` starts it** (``--workers``, default 2: pytest-xdist with
   ``--dist loadfile``), for the whole-run target: the wall-clock time of that subprocess.
   ``make test`` adds only the check that the install is up to date.

Notebooks are found by what pytest collects, so new ones appear without editing this script.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from _common import (
    ROOT,
    add_figures_options,
    child_env,
    command_line,
    machine_lines,
    markdown_table,
    verdict,
)
from figures import record

TARGET_TOTAL_S = 480.0  # the whole `make test` (about eight minutes)
NOTEBOOK_LIMIT_S = 120.0  # two minutes per notebook
# 05b retrains networks live against the committed race; 05 trains nothing (it reads the race).
SPECIAL_LIMITS_S = {"05b": 240.0}


def limit_for(notebook: str) -> float:
    """The run-time budget of a notebook, by its number: ``05b_the_fair_race.ipynb`` -> ``05b``."""
    return SPECIAL_LIMITS_S.get(Path(notebook).name.split("_")[0], NOTEBOOK_LIMIT_S)


def notebook_title(path: Path) -> str:
    """A notebook's short title: its first heading, up to a colon (``03 · The CNN-LSTM``)."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if line.startswith("# "):
                return line[2:].split(":")[0].strip()
    return path.stem


def test_file(classname: str) -> str:
    """``tests.test_x`` or ``tests.test_x.TestClass`` -> ``tests/test_x.py``."""
    parts = classname.split(".")
    last = next((i for i, p in enumerate(parts) if p.startswith("test_")), len(parts) - 1)
    return "/".join(parts[: last + 1]) + ".py"


def parallel_options(workers: int) -> list[str]:
    """The pytest options ``make test`` adds for ``WORKERS=workers``."""
    return ["-n", str(workers), "--dist", "loadfile"] if workers else []


def summary(run: subprocess.CompletedProcess) -> str:
    """pytest's last line: ``N passed ... in S s``."""
    return run.stdout.strip().splitlines()[-1] if run.stdout.strip() else "(no output)"


def run_pytest(paths: list[str], workers: int):
    """One pytest run: per-notebook and per-test-file seconds, the run, its wall time and
    how many items failed."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            *parallel_options(workers),
            f"--junitxml={report}",
            *paths,
        ]
        start = time.perf_counter()
        result = subprocess.run(
            command, cwd=ROOT, env=child_env(), capture_output=True, text=True, check=False
        )
        wall = time.perf_counter() - start
        if not report.exists():
            sys.exit(f"pytest wrote no report:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        notebooks: dict[str, list[float]] = defaultdict(list)
        test_files: dict[str, list[float]] = defaultdict(list)
        failed = 0
        for case in ET.parse(report).getroot().iter("testcase"):
            name = case.get("classname", "")
            seconds = float(case.get("time", 0.0))
            failed += any(child.tag in ("failure", "error") for child in case)
            if ".ipynb" in name:
                notebooks[name.replace(".", "/", name.count(".") - 1)].append(seconds)
            else:
                test_files[test_file(name)].append(seconds)
    return notebooks, test_files, result, wall, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="what to pass to pytest (default: everything)")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="pytest workers for the whole run, as make test (default 2; 0: one process)",
    )
    add_figures_options(parser)
    args = parser.parse_args()

    print("## The course's own checks: nbval per notebook and the whole run\n")
    print(*machine_lines(["pytest", "nbval", "tensorflow", "keras"]), sep="\n")

    notebooks, test_files, result, wall, failed = run_pytest(args.paths, workers=0)
    if args.workers:
        _, _, whole, whole_wall, whole_failed = run_pytest(args.paths, workers=args.workers)
    else:
        whole, whole_wall, whole_failed = result, wall, failed
    print(f"- one at a time: `{' '.join(['pytest', *args.paths])}` → {summary(result)}")
    parallel = " ".join(["pytest", *parallel_options(args.workers), *args.paths])
    print(f"- as make test runs it: `{parallel}` → {summary(whole)}\n")

    rows, all_ok = [], True
    for notebook in sorted(notebooks):
        seconds = sum(notebooks[notebook])
        ok = seconds < limit_for(notebook)
        all_ok &= ok
        rows.append(
            [
                notebook,
                len(notebooks[notebook]),
                f"{seconds:.1f}",
                f"< {limit_for(notebook):.0f}",
                verdict(ok),
            ]
        )
    notebook_rows = [
        {
            "id": "N" + Path(nb).name.split("_", 1)[0],
            "what": notebook_title(ROOT / nb),
            "configuration": "pytest with nbval, one process, kernel start included",
            "value": f"{sum(notebooks[nb]):.1f} s",
        }
        for nb in sorted(notebooks)
        if nb.startswith("notebooks/")
    ]
    if args.no_record:
        where = "not recorded: --no-record"
    elif failed:
        where = f"not recorded: {failed} checks failed, so these are not the course's times"
    else:
        record(
            notebook_rows,
            command=command_line("bench_course.py", sys.argv[1:]),
            path=args.figures,
        )
        where = f"recorded in {args.figures.name}, rows N"
    print(f"### Notebooks under strict nbval, one at a time ({where})\n")
    print(markdown_table(["notebook", "cells checked", "seconds", "limit", "result"], rows))

    print("\n### Unit-test files\n")
    print(
        markdown_table(
            ["file", "tests", "seconds"],
            [[f, len(t), f"{sum(t):.1f}"] for f, t in sorted(test_files.items())],
        )
    )

    print("\n### Targets\n")
    target_rows = [
        [
            f"whole pytest run under {TARGET_TOTAL_S:.0f} s",
            f"{whole_wall:.0f} s",
            verdict(whole_wall < TARGET_TOTAL_S and whole.returncode == 0),
        ],
        [
            "every notebook under its limit",
            f"{len(rows)} notebooks",
            verdict(all_ok and bool(rows)),
        ],
    ]
    print(markdown_table(["target", "measured", "result"], target_rows))
    for run, failing in ((result, failed), (whole, whole_failed)):
        if run.returncode != 0:
            print(
                f"\npytest exited with {run.returncode} ({failing} failing items): fix those first."
            )
            sys.exit(run.returncode)


if __name__ == "__main__":
    main()
