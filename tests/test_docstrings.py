"""The examples in the package's docstrings are documentation: they must stay true."""

import doctest
import importlib
import importlib.util
import os
import pkgutil
import re
from pathlib import Path

import pytest
from backends import keras_modules  # conftest put scripts/ on the path

import tutorial_utils

# Every module of the package, subpackages included, found rather than listed, so a new one
# cannot be forgotten.
MODULES = sorted(
    info.name for info in pkgutil.walk_packages(tutorial_utils.__path__, "tutorial_utils.")
)
# Examples that train a model take seconds each: `make unit` (-m "not slow") leaves them to
# `make test`. Found from the examples themselves, so a new training example is marked too.
TRAINS = re.compile(r">>>.*(epochs=|compare_models|compare_classifiers|train_|fit_model|\.fit\()")


# Under another backend (`make test-jax`) a module that never reaches Keras runs exactly as under
# TensorFlow, so its examples are checked there only (scripts/backends.py finds which reach it).
SAME_ON_EVERY_BACKEND = pytest.mark.skipif(
    os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow",
    reason="its imports never reach Keras (scripts/backends.py): checked under TensorFlow",
)


def _param(name: str):
    source = Path(importlib.util.find_spec(name).origin).read_text(encoding="utf-8")
    marks = [pytest.mark.slow] if TRAINS.search(source) else []
    if name not in keras_modules():
        marks.append(SAME_ON_EVERY_BACKEND)
    return pytest.param(name, marks=marks)


@pytest.mark.parametrize("name", [_param(name) for name in MODULES])
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no docstring examples"
    assert result.failed == 0
