"""The package's layering: light modules stay light, and no module imports one above it.

Preparing data, plotting and checking must not start TensorFlow (the package design in
README): these modules are imported in NumPy-only notebooks and by learners' checks, and
importing Keras there would add seconds to every import. Keras-based checks import it inside
the function.

Every module has a place in :data:`LAYERS` (the list is checked against the modules found on
disk, so a new one cannot be forgotten) and may import only modules of earlier layers, at the
top or inside a function. No module forwards names that moved (no module ``__getattr__``), and
none uses another module's private (underscored) names.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tutorial_utils

NUMPY_ONLY = [
    "tutorial_utils",
    "tutorial_utils.checks",
    "tutorial_utils.start",
    "tutorial_utils.data",
    "tutorial_utils.gaps",
    "tutorial_utils.synthetic",
    "tutorial_utils.recordings",
    "tutorial_utils.windows",
    "tutorial_utils.evaluate",
    "tutorial_utils.cases",
    "tutorial_utils.significance",
    "tutorial_utils.holt_winters",
    "tutorial_utils.plots",
    "tutorial_utils.diagram_kit",
    "tutorial_utils.diagrams",
    "tutorial_utils.shapes",
    "tutorial_utils.explain",
    "tutorial_utils.tables",
    "tutorial_utils.exercises",
]

# Lowest first. A module may import modules of earlier rows only (not of its own row).
LAYERS: list[tuple[str, ...]] = [
    ("tutorial_utils",),
    ("checks", "tables", "start"),  # argument checks, table printer, first cell: NumPy / stdlib
    ("gaps", "synthetic"),  # NumPy: gaps in a time index; a SYNTHETIC series
    ("data", "windows"),  # NumPy only
    ("evaluate", "cases", "significance", "shapes", "plots", "diagram_kit", "recordings"),
    ("diagrams", "explain", "layers", "holt_winters"),  # on plots; shapes' hints; Keras; metrics
    ("models", "training"),  # builders; how every model is trained (builds none)
    ("compare", "streaming", "classify"),  # models over seeds; tf.data; models as classifiers
    ("distributed", "evidence"),  # one training under tf.distribute; the race of 05 and 05b
    ("exercises._common",),
    (
        "exercises.lesson_00",
        "exercises.lesson_01",
        "exercises.lesson_01b",
        "exercises.lesson_02",
        "exercises.lesson_02b",
        "exercises.lesson_03",
        "exercises.lesson_04",
        "exercises.lesson_04b",
        "exercises.lesson_04c",
        "exercises.lesson_05",
        "exercises.lesson_05b",
        "exercises.lesson_06",
        "exercises.lesson_07",
        "exercises.lesson_08",
        "exercises.lesson_09",
        "exercises.lesson_10",
    ),
    ("exercises",),
]


def _full(short: str) -> str:
    return "tutorial_utils" if short == "tutorial_utils" else f"tutorial_utils.{short}"


RANK = {_full(name): rank for rank, row in enumerate(LAYERS) for name in row}
PACKAGE_DIR = Path(tutorial_utils.__file__).parent


def _on_disk() -> set[str]:
    found = {"tutorial_utils"}
    found |= {m.name for m in pkgutil.walk_packages(tutorial_utils.__path__, "tutorial_utils.")}
    return found


def _source(module: str) -> Path:
    parts = module.split(".")[1:]
    path = PACKAGE_DIR.joinpath(*parts)
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _imported(module: str) -> set[str]:
    """The package's modules that ``module`` imports anywhere in its code (AST, not a run)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(_source(module).read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # `from tutorial_utils import data` imports the module tutorial_utils.data
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name in RANK and name != module}


def test_every_module_has_a_layer():
    assert set(RANK) == _on_disk(), (
        "tests/test_package_light.py LAYERS must list every module of tutorial_utils: "
        f"missing {sorted(_on_disk() - set(RANK))}, gone {sorted(set(RANK) - _on_disk())}"
    )


@pytest.mark.parametrize("module", sorted(RANK))
def test_module_imports_only_earlier_layers(module):
    upward = {name: RANK[name] for name in _imported(module) if RANK[name] >= RANK[module]}
    assert not upward, (
        f"{module} (layer {RANK[module]}) imports {upward}, not below it; move the shared "
        "code down (and make it public there if several modules use it)"
    )


def test_the_layering_test_sees_imports_inside_functions():
    # distributed imports models and streaming inside its worker function only
    assert {"tutorial_utils.models", "tutorial_utils.streaming"} <= _imported(
        "tutorial_utils.distributed"
    )
    assert "tutorial_utils.plots" in _imported("tutorial_utils.diagrams")


@pytest.mark.parametrize("module", sorted(RANK))
def test_no_shims_and_no_private_names_of_other_modules(module):
    """A name lives in one module: no forwarding ``__getattr__``, no ``other._private``."""
    tree = ast.parse(_source(module).read_text())
    ours = {name.rsplit(".", 1)[-1] for name in RANK if name != "tutorial_utils"}
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
            if node in tree.body:
                problems.append("a module __getattr__ (a shim forwarding moved names)")
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__getattr__" for t in node.targets
        ):
            problems.append("a module __getattr__ (a shim forwarding moved names)")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tutorial_utils"):
            if node.module != module:
                private = [a.name for a in node.names if a.name.startswith("_")]
                problems += [f"imports {node.module}.{name}" for name in private]
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in ours
            and f"tutorial_utils.{node.value.id}" != module
        ):
            problems.append(f"uses {node.value.id}.{node.attr}")
    assert not problems, f"{module}: {problems}"


@pytest.mark.parametrize("module", NUMPY_ONLY)
def test_module_does_not_import_tensorflow_or_keras(module):
    code = (
        f"import sys, {module}; "
        "heavy = sorted(m for m in ('tensorflow', 'keras') if m in sys.modules); "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} pulled in {out.stdout.strip()}"


@pytest.mark.parametrize("module", sorted(_on_disk()))
def test_module_holds_one_idea_in_at_most_600_lines(module):
    lines = len(_source(module).read_text(encoding="utf-8").splitlines())
    assert lines <= 600, (
        f"{module} has {lines} lines: split it along a seam (one idea per module; "
        "CONTRIBUTING.md), without leaving a forwarding name behind"
    )
