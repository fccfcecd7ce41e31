"""Run notebook 05's whole race and write evidence/05_when_not_to_use.json.

    .venv/bin/python evidence/run_race.py            # every case, every seed (about 10 minutes)

The notebook reads the file for its tables and claims, and retrains a subset live;
tests/test_evidence.py fails when the file and tutorial_utils/evidence.py (the race's one
specification) disagree. Re-run this after changing the specification, a builder or the
stopping rule, then re-execute the notebook (make notebooks NB=notebooks/05_when_not_to_use.ipynb).
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras

from tutorial_utils import evidence


def main() -> None:
    if keras.backend.backend() != "tensorflow":
        sys.exit("run the race on the TensorFlow backend: the committed outputs are TensorFlow's")
    keras.utils.disable_interactive_logging()
    start = time.perf_counter()
    results = evidence.run_race()
    results["meta"]["minutes"] = round((time.perf_counter() - start) / 60, 1)
    evidence.check_results(results)
    evidence.RESULTS.write_text(evidence.to_json(results))
    print(f"wrote {evidence.RESULTS} in {results['meta']['minutes']} minutes")


if __name__ == "__main__":
    main()
