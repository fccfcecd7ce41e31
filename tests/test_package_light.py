"""Preparing data, plotting and checking must not start TensorFlow (the package design in README).

These modules are imported in NumPy-only notebooks and by learners' checks; importing Keras
there would add seconds to every import. Keras-based checks import it inside the function."""

import subprocess
import sys

import pytest

NUMPY_ONLY = [
    "tutorial_utils",
    "tutorial_utils.checks",
    "tutorial_utils.data",
    "tutorial_utils.recordings",
    "tutorial_utils.windows",
    "tutorial_utils.evaluate",
    "tutorial_utils.plots",
    "tutorial_utils.shapes",
    "tutorial_utils.tables",
    "tutorial_utils.exercises",
]


@pytest.mark.parametrize("module", NUMPY_ONLY)
def test_module_does_not_import_tensorflow_or_keras(module):
    code = (
        f"import sys, {module}; "
        "heavy = sorted(m for m in ('tensorflow', 'keras') if m in sys.modules); "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} pulled in {out.stdout.strip()}"
