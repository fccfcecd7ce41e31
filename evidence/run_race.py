"""Run the whole race of notebooks 05 and 05b and write evidence/05_when_not_to_use.json.

    .venv/bin/python evidence/run_race.py     # every case, every seed (most of an hour)

Notebook 05 reads the file for its one table; 05b for all of its tables, and retrains a subset live;
tests/test_evidence.py fails when the file and tutorial_utils/evidence.py (the race's one
specification) disagree, or when the fingerprint stored in the file (race.fingerprint, in
evidence/race.py next to this script: the specification, data, cases, builders and training
settings) is not today's code's. Re-run this when that test says so, then re-execute both
notebooks (scripts/execute_notebooks.py notebooks/05*.ipynb).
After each step the partial result is saved next to the results file
(evidence/.partial.json, not committed); an interrupted run picks up from there if the
specification and the fingerprint (the code and data) have not changed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras
from race import run_race, to_json  # evidence/race.py, next to this script

from tutorial_utils import evidence

PARTIAL = evidence.RESULTS.with_name(".partial.json")


def main() -> None:
    if keras.backend.backend() != "tensorflow":
        sys.exit("run the race on the TensorFlow backend: the committed outputs are TensorFlow's")
    keras.utils.disable_interactive_logging()
    done = json.loads(PARTIAL.read_text()) if PARTIAL.exists() else None
    start = time.perf_counter()
    before = (done or {}).get("meta", {}).get("minutes", 0.0)

    def save(partial: dict) -> None:
        partial["meta"]["minutes"] = round(before + (time.perf_counter() - start) / 60, 1)
        PARTIAL.write_text(to_json(partial))

    results = run_race(done=done, save=save)
    save(results)
    evidence.check_results(results)
    evidence.RESULTS.write_text(to_json(results))
    PARTIAL.unlink()
    print(f"wrote {evidence.RESULTS} in {results['meta']['minutes']} minutes")
    record_minutes(results)


def record_minutes(results: dict) -> None:
    """Row C7 of benchmarks/figures.csv: how long the race took (prose cites the row)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from figures import record  # benchmarks/figures.py: the one file of measured figures

    runs = [run for case in results["cases"].values() for run in case["runs"]]
    trainings = sum(run["seed"] is not None for run in runs) + len(results["search"]["rows"])
    record(
        [
            {
                "id": "C7",
                "what": "the race behind 05 and 05b, re-run",
                "configuration": f"the size search and {len(results['cases'])} cases, "
                f"{trainings} trainings to early stopping, TensorFlow",
                "value": f"{results['meta']['minutes']} minutes",
            }
        ],
        command="python evidence/run_race.py",
    )


if __name__ == "__main__":
    main()
