"""The examples in the package's docstrings are documentation: they must stay true."""

import doctest
import importlib
import importlib.util
import pkgutil
import re
from pathlib import Path

import pytest

import tutorial_utils

# Every module of the package, subpackages included, found rather than listed, so a new one
# cannot be forgotten.
MODULES = sorted(
    info.name for info in pkgutil.walk_packages(tutorial_utils.__path__, "tutorial_utils.")
)
# Examples that train a model take seconds each: `make unit` (-m "not slow") leaves them to
# `make test`. Found from the examples themselves, so a new training example is marked too.
TRAINS = re.compile(r">>>.*(epochs=|compare_models|compare_classifiers|train_|fit_model|\.fit\()")


def _param(name: str):
    source = Path(importlib.util.find_spec(name).origin).read_text(encoding="utf-8")
    return pytest.param(name, marks=pytest.mark.slow) if TRAINS.search(source) else name


@pytest.mark.parametrize("name", [_param(name) for name in MODULES])
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no docstring examples"
    assert result.failed == 0
