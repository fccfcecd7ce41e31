"""How long CI takes where it counts: a fresh clone, `.ci/run` as CI runs it, then `make unit`.

    python benchmarks/bench_ci.py              # clone HEAD of this repository into a temp folder
    python benchmarks/bench_ci.py --no-record  # print only
    python benchmarks/bench_ci.py --figures /tmp/figures.csv  # write the rows elsewhere

The clone installs everything itself (`.ci/run` calls the README's commands), so the time
includes the install, as on a new machine. The figures go into benchmarks/figures.csv as rows
C1 (the whole `.ci/run`), C2 (`make test`), C3 (`make test-jax`) and C4 (`make unit`), with
the machine, load, date and commit; `make figures` then renders them into README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import add_figures_options
from figures import ROOT, record

SUMMARY = re.compile(r"=+ (.*(?:passed|failed).*) in ([\d.]+)s")


def _pytest_runs(log: str) -> list[tuple[str, float]]:
    """(counts, seconds) of each pytest summary line in a log, in order."""
    return [(m.group(1), float(m.group(2))) for m in SUMMARY.finditer(log)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_figures_options(parser)
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    env["CI"] = "true"
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        start = time.perf_counter()
        ci = subprocess.run(
            ["bash", ".ci/run"], cwd=clone, env=env, capture_output=True, text=True, check=False
        )
        ci_seconds = time.perf_counter() - start
        start = time.perf_counter()
        unit = subprocess.run(
            ["make", "unit"], cwd=clone, env=env, capture_output=True, text=True, check=False
        )
        unit_seconds = time.perf_counter() - start
    if ci.returncode or unit.returncode:
        print(ci.stdout[-4000:], ci.stderr[-4000:], unit.stdout[-2000:], sep="\n")
        sys.exit(f".ci/run exited {ci.returncode}, make unit {unit.returncode}: nothing recorded")
    runs = _pytest_runs(ci.stdout)
    if len(runs) < 2:
        sys.exit(f"expected two pytest summaries in the .ci/run log, found {runs}")
    (test_counts, test_s), (jax_counts, jax_s) = runs[-2:]
    unit_counts = _pytest_runs(unit.stdout)[-1][0]
    rows = [
        {
            "id": "C1",
            "what": "the whole `.ci/run` in a fresh clone",
            "configuration": f"install included, at commit {commit}",
            "value": f"{ci_seconds:.0f} s ({ci_seconds / 60:.1f} minutes; aim: 12)",
        },
        {
            "id": "C2",
            "what": "`make test` (TensorFlow)",
            "configuration": test_counts,
            "value": f"{test_s:.0f} s (pytest's own count)",
        },
        {
            "id": "C3",
            "what": "`make test-jax`",
            "configuration": jax_counts,
            "value": f"{jax_s:.0f} s (pytest's own count)",
        },
        {
            "id": "C4",
            "what": "`make unit`",
            "configuration": unit_counts,
            "value": f"{unit_seconds:.0f} s wall clock (aim: under a minute)",
        },
    ]
    for row in rows:
        print(f"{row['id']}: {row['what']}: {row['value']} ({row['configuration']})")
    if not args.no_record:
        record(rows, command=f"python benchmarks/bench_ci.py  # {commit}", path=args.figures)
        print(f"recorded in {args.figures}; run `make figures`")


if __name__ == "__main__":
    main()
