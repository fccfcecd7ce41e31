"""The examples in the package's docstrings are documentation: they must stay true."""

import doctest
import importlib

import pytest

MODULES = [
    "tutorial_utils.data",
    "tutorial_utils.windows",
    "tutorial_utils.evaluate",
    "tutorial_utils.plots",
    "tutorial_utils.models",
    "tutorial_utils.compare",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no docstring examples"
    assert result.failed == 0
