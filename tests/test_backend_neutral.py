"""What another backend skips must really never touch Keras, and the rule that says so works.

``scripts/backends.py`` decides from the imports which files the JAX run skips. These tests
check the rule on small hand-made files, on modules whose answer is known, and, for every test
file it calls neutral, that importing it really loads no Keras, TensorFlow or JAX.
"""

import json
import subprocess
import sys

import pytest
from backends import (  # conftest put scripts/ on the path
    imported_names,
    keras_modules,
    reaches_keras,
)

from conftest import BACKEND_NEUTRAL, ROOT


def test_the_package_modules_that_reach_keras_are_found_from_their_imports():
    heavy = keras_modules()
    for name in ("models", "layers", "training", "compare", "classify", "exercises.lesson_03"):
        assert f"tutorial_utils.{name}" in heavy, name  # lesson_03 imports Keras in a function
    for name in ("data", "windows", "evaluate", "cases", "checks", "exercises.lesson_01"):
        assert f"tutorial_utils.{name}" not in heavy, name


def _notebook(path, *sources):
    cells = [{"cell_type": "code", "source": src, "metadata": {}, "outputs": []} for src in sources]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}))
    return path


def test_the_rule_reads_notebooks_functions_exercises_and_magics(tmp_path, monkeypatch):
    monkeypatch.setattr("backends.ROOT", tmp_path)
    plain = _notebook(tmp_path / "a.ipynb", "%matplotlib inline\nfrom tutorial_utils import data")
    assert not reaches_keras(plain)
    inside = tmp_path / "b.py"
    inside.write_text("def f():\n    import keras\n    return keras\n")
    assert reaches_keras(inside)
    checks = _notebook(tmp_path / "c.ipynb", "from tutorial_utils import exercises", "")
    assert not reaches_keras(checks)
    checks = _notebook(
        tmp_path / "d.ipynb",
        "from tutorial_utils import exercises\nexercises.check_03_lstm_parameters(1)",
    )
    assert reaches_keras(checks)  # lesson 03's checks build models
    dynamic = tmp_path / "e.py"
    dynamic.write_text("import importlib\nimport tutorial_utils\n")
    assert reaches_keras(dynamic)
    assert "tutorial_utils.models" in imported_names(
        _notebook(tmp_path / "f.ipynb", "from tutorial_utils import data, models")
    )


@pytest.mark.slow  # a fresh Python process: `make unit` skips it
def test_backend_neutral_test_modules_load_no_keras():
    # One process imports them one after another and reports, after each, which backends are
    # loaded: the first module that pulls one in is named, as a process per file would name it.
    names = sorted(n for n in BACKEND_NEUTRAL if n.endswith(".py"))
    modules = [name.rsplit("/", 1)[-1].removesuffix(".py") for name in names]
    code = (
        f"import importlib, sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'tests')!r}, "
        f"{str(ROOT / 'scripts')!r}]\n"
        f"for module in {modules!r}:\n"
        "    importlib.import_module(module)\n"
        "    loaded = [m for m in ('keras', 'tensorflow', 'jax') if m in sys.modules]\n"
        "    print(module, ','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.strip().splitlines()
    assert len(lines) == len(modules) > 10, out.stdout
    loads = [line for line in lines if len(line.split()) > 1]
    assert not loads, f"importing {loads[0].split()[0]} loads {loads[0].split()[1]}"
