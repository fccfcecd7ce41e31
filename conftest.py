"""Pytest set-up shared by the unit tests and the nbval notebook checks."""

import os
from pathlib import Path

import pytest

# Before any test imports TensorFlow: keep its C++ start-up chatter out of the way.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

# The committed outputs are TensorFlow's. Under another backend (`make test-jax`) nbval still
# runs every notebook and compares it with them, except what is listed here.
#
# Notebooks that teach TensorFlow itself, one line each: the number before the first "_"
# (so a lesson and its solutions notebook go together) and why. Under another backend they
# are skipped with that reason.
TENSORFLOW_ONLY_NOTEBOOKS: dict[str, str] = {
    "00": "its set-up check asserts KERAS_BACKEND=tensorflow",
    "04": "it shows TensorFlow's error messages, and on JAX the model that raised fails again",
    "04b": "the error atlas shows TensorFlow's messages and a TensorFlow-only TimeDistributed bug",
    "08": "tf.distribute (MirroredStrategy, MultiWorkerMirroredStrategy) is TensorFlow's own",
}
# Unit-test files that test TensorFlow's own machinery, with the reason; skipped under another
# backend like the notebooks above.
TENSORFLOW_ONLY_TESTS: dict[str, str] = {
    "tests/test_distributed.py": "tf.distribute (MultiWorkerMirroredStrategy) is TensorFlow's own",
}

# Files that never import Keras (NumPy, matplotlib, the committed files, the site): their
# results cannot depend on the backend, and the TensorFlow run already checked them, so another
# backend skips them. tests/test_backend_neutral.py fails if one of them starts to use Keras.
BACKEND_NEUTRAL: dict[str, str] = {
    "tests/test_build_site.py": "renders the committed notebooks",
    "tests/test_checks.py": "NumPy argument checks",
    "tests/test_data.py": "loads the shipped CSV files",
    "tests/test_gaps_and_order.py": "NumPy windows",
    "tests/test_holt_winters.py": "NumPy double seasonal Holt-Winters",
    "tests/test_notebooks_committed.py": "reads the committed notebooks",
    "tests/test_portable_outputs.py": "reads the committed notebooks",
    "tests/test_reading_minutes.py": "reads the committed notebooks and docs as text",
    "tests/test_recordings.py": "NumPy recordings and baselines",
    "tests/test_exercises_09.py": "NumPy recordings",
    "tests/test_synthetic.py": "NumPy series",
    "tests/test_tables.py": "text tables",
    "tests/test_tooling.py": "the Makefile, .ci/run and the version pins",
    "tests/test_windows.py": "NumPy windows",
    "notebooks/01_raw_series.ipynb": "NumPy and matplotlib",
    "notebooks/02_reshaping.ipynb": "NumPy and matplotlib",
    "solutions/00_start_here_solutions.ipynb": "NumPy",
    "solutions/01_raw_series_solutions.ipynb": "NumPy",
    "solutions/02_reshaping_solutions.ipynb": "NumPy",
    "solutions/09_nested_sensor_data_solutions.ipynb": "NumPy",
}
ROOT = Path(__file__).resolve().parent

# A code cell whose output is TensorFlow's own (an error message, a graph count) carries this
# cell tag: it still runs under every backend, but its output is compared under TensorFlow only.
BACKEND_SPECIFIC_TAG = "backend-specific-output"


def pytest_collectstart(collector):
    """nbval: never compare stderr (library warnings differ between machines).

    This is the hook nbval documents for the purpose. What a lesson relies on is printed
    to stdout or asserted in a cell, so nothing it teaches is lost.
    """
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)


def pytest_collection_modifyitems(config, items):
    """Under a backend other than TensorFlow, apply the exceptions above."""
    backend = os.environ["KERAS_BACKEND"]
    if backend == "tensorflow":
        return
    for item in items:
        path = Path(str(item.fspath))
        relative = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else ""
        if relative in TENSORFLOW_ONLY_TESTS:
            why = TENSORFLOW_ONLY_TESTS[relative]
            item.add_marker(pytest.mark.skip(reason=f"TensorFlow only ({why}), not {backend}"))
            continue
        if relative in BACKEND_NEUTRAL:
            why = BACKEND_NEUTRAL[relative]
            item.add_marker(pytest.mark.skip(reason=f"no Keras ({why}): checked under TensorFlow"))
            continue
        if path.suffix != ".ipynb":
            continue
        number = path.name.split("_", 1)[0]
        if number in TENSORFLOW_ONLY_NOTEBOOKS:
            reason = TENSORFLOW_ONLY_NOTEBOOKS[number]
            item.add_marker(pytest.mark.skip(reason=f"TensorFlow only ({reason}), not {backend}"))
        elif BACKEND_SPECIFIC_TAG in getattr(item, "cell", {}).get("metadata", {}).get("tags", []):
            item.options["check"] = False  # run it, but its committed output is TensorFlow's
