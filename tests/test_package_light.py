"""Preparing data must not start TensorFlow (see GUIDE.md, package design)."""

import subprocess
import sys

import pytest

NUMPY_ONLY = ["tutorial_utils", "tutorial_utils.data", "tutorial_utils.windows"]


@pytest.mark.parametrize("module", NUMPY_ONLY)
def test_module_does_not_import_tensorflow_or_keras(module):
    code = (
        f"import sys, {module}; "
        "heavy = sorted(m for m in ('tensorflow', 'keras') if m in sys.modules); "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} pulled in {out.stdout.strip()}"
