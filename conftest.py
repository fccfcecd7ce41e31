"""Pytest set-up shared by the unit tests and the nbval notebook checks."""

import os
import sys
from pathlib import Path

import pytest

# Before any test imports TensorFlow: keep its C++ start-up chatter out of the way.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

# The committed outputs are TensorFlow's. Under another backend (`make test-jax`) nbval still
# runs every notebook and compares it with them, except the files scripts/backends.py names:
# TensorFlow's own (declared there with the reason) and those whose imports never reach Keras
# (computed from the code, so no list here can fall behind it).
ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "scripts"))
from backends import (  # noqa: E402
    TENSORFLOW_ONLY_FOLDERS,
    TENSORFLOW_ONLY_NOTEBOOKS,
    TENSORFLOW_ONLY_TESTS,
    backend_neutral_files,
)

BACKEND_NEUTRAL = frozenset(backend_neutral_files())

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
        why = TENSORFLOW_ONLY_TESTS.get(relative) or TENSORFLOW_ONLY_FOLDERS.get(
            relative.split("/", 1)[0]
        )
        if why:
            item.add_marker(pytest.mark.skip(reason=f"TensorFlow only ({why}), not {backend}"))
            continue
        if relative in BACKEND_NEUTRAL:
            why = "its imports never reach Keras (scripts/backends.py)"
            item.add_marker(pytest.mark.skip(reason=f"{why}: checked under TensorFlow"))
            continue
        if path.suffix != ".ipynb":
            continue
        number = path.name.split("_", 1)[0]
        if number in TENSORFLOW_ONLY_NOTEBOOKS:
            reason = TENSORFLOW_ONLY_NOTEBOOKS[number]
            item.add_marker(pytest.mark.skip(reason=f"TensorFlow only ({reason}), not {backend}"))
        elif BACKEND_SPECIFIC_TAG in getattr(item, "cell", {}).get("metadata", {}).get("tags", []):
            item.options["check"] = False  # run it, but its committed output is TensorFlow's
