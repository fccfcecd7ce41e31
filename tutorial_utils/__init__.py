"""Shared helpers for the CNN-LSTM and TimeDistributed course.

Import the module you need, for example ``from tutorial_utils import data``. This file
imports nothing heavy on purpose: preparing data must not start TensorFlow.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__version__ = "0.1.0"


def _moved(old_module: str, new_module: str, *names: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` that keeps names moved to ``new_module`` working in the old one.

    ``__getattr__ = _moved(__name__, "tutorial_utils.diagrams", "draw_fold")`` in ``plots``
    makes ``plots.draw_fold`` (and ``from tutorial_utils.plots import draw_fold``) the function
    of ``diagrams``, looked up on first use: the old module need not import the new one, which
    is built on it, so no module imports upward (tests/test_package_light.py).

    Example:
        >>> from tutorial_utils import plots, diagrams
        >>> plots.draw_fold is diagrams.draw_fold
        True
    """

    def __getattr__(name: str) -> Any:
        if name in names:
            return getattr(importlib.import_module(new_module), name)
        raise AttributeError(f"module {old_module!r} has no attribute {name!r}")

    return __getattr__
