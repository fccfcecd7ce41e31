"""What another backend skips (conftest.BACKEND_NEUTRAL) must really never touch Keras.

The JAX run skips these files because their results cannot depend on the backend. That is only
true while they import neither Keras nor a package module built on it; this test fails as soon
as one does, so the skip list cannot silently hide a backend difference.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BACKEND_NEUTRAL, ROOT

KERAS_MODULES = r"(models|layers|compare|streaming|distributed|evidence|training|explain)"
IMPORT = re.compile(r"^\s*(?:import|from)\s+(.+)$", re.MULTILINE)


def imports_of(path: Path) -> list[str]:
    text = path.read_text()
    if path.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return IMPORT.findall(text)


def keras_imports(lines: list[str]) -> list[str]:
    heavy = re.compile(
        rf"^(keras|tensorflow|jax)\b|tutorial_utils(\.|\s+import\s+.*\b){KERAS_MODULES}\b"
    )
    return [line for line in lines if heavy.search(line)]


def test_the_import_rule_sees_keras_imports():
    assert keras_imports(["keras", "tensorflow as tf", "tutorial_utils import data, models"]) == [
        "keras",
        "tensorflow as tf",
        "tutorial_utils import data, models",
    ]
    assert keras_imports(["numpy as np", "tutorial_utils import data, windows"]) == []


@pytest.mark.parametrize("name", sorted(BACKEND_NEUTRAL))
def test_backend_neutral_file_imports_no_keras(name):
    path = ROOT / name
    assert path.exists(), f"conftest.BACKEND_NEUTRAL lists {name}, which does not exist"
    found = keras_imports(imports_of(path))
    assert not found, (
        f"{name} imports {found}: its result can depend on the backend now; remove it from "
        "conftest.BACKEND_NEUTRAL so the JAX run checks it too"
    )


@pytest.mark.parametrize("name", sorted(n for n in BACKEND_NEUTRAL if n.endswith(".py")))
def test_backend_neutral_test_module_loads_no_keras(name):
    module = Path(name).stem
    code = (
        f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'tests')!r}]; import {module}; "
        "print(','.join(m for m in ('keras', 'tensorflow', 'jax') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"importing {name} loads {out.stdout.strip()}"
