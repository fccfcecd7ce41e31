"""Pytest set-up shared by the unit tests and the nbval notebook checks."""

import os

# Before any test imports TensorFlow: keep its C++ start-up chatter out of the way.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def pytest_collectstart(collector):
    """nbval: never compare stderr (library warnings differ between machines).

    This is the hook nbval documents for the purpose. What a lesson relies on is printed
    to stdout or asserted in a cell, so nothing it teaches is lost.
    """
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
