"""The examples in the package's docstrings are documentation: they must stay true."""

import doctest
import importlib
import pkgutil

import pytest

import tutorial_utils

# Every module of the package, subpackages included, found rather than listed, so a new one
# cannot be forgotten.
MODULES = sorted(
    info.name for info in pkgutil.walk_packages(tutorial_utils.__path__, "tutorial_utils.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no docstring examples"
    assert result.failed == 0
