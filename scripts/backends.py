"""Which files can depend on the Keras backend: computed from their imports, never kept by hand.

``make test-jax`` re-runs the suite on JAX against the committed (TensorFlow) outputs. A file
whose code never reaches Keras cannot give another result there, so the JAX run skips it; a
file that teaches TensorFlow itself is skipped for the opposite reason. conftest.py, the tests
and the Makefile read this module; nothing else lists files by backend.

* :func:`keras_modules`: the ``tutorial_utils`` modules that import Keras, TensorFlow or JAX
  anywhere in their source (inside a function too), directly or through another such module.
  ``tutorial_utils.exercises`` only gathers the lessons' checks: a file that uses
  ``exercises.check_03_…`` reaches ``exercises.lesson_03``, not every lesson.
* :func:`backend_neutral_files`: the test files and notebooks that reach none of them. A file
  that imports modules by name at run time (``importlib``, ``pkgutil``) counts as reaching all.
* :data:`TENSORFLOW_ONLY_NOTEBOOKS`, :data:`TENSORFLOW_ONLY_FOLDERS` and
  :data:`TENSORFLOW_ONLY_TESTS`: declared, with the reason,
  because "this lesson is about TensorFlow" is a decision, not a fact the imports show.
"""

from __future__ import annotations

import ast
import json
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tutorial_utils"
BACKENDS = {"keras", "tensorflow", "jax"}
EXERCISES = "tutorial_utils.exercises"
CHECK = re.compile(r"\bcheck_(\d\d[a-z]?)_")
DYNAMIC = {"importlib", "pkgutil"}

# A notebook's number (the part before the first "_", so a lesson and its solutions go
# together) and why it is TensorFlow's own: under another backend it is skipped.
TENSORFLOW_ONLY_NOTEBOOKS: dict[str, str] = {
    "00": "its set-up check asserts KERAS_BACKEND=tensorflow",
    "04": "it shows TensorFlow's error messages, and on JAX the model that raised fails again",
    "04b": "the error atlas shows TensorFlow's messages and a TensorFlow-only TimeDistributed bug",
    "08": "tf.distribute (MirroredStrategy, MultiWorkerMirroredStrategy) is TensorFlow's own",
}
TENSORFLOW_ONLY_FOLDERS: dict[str, str] = {
    "solutions": "a solution runs its lesson's exercise checks on the answers; the lesson and "
    "the checks' own tests (tests/test_exercises_*) run under every backend",
}
TENSORFLOW_ONLY_TESTS: dict[str, str] = {
    "tests/test_distributed.py": "tf.distribute (MultiWorkerMirroredStrategy) is TensorFlow's own",
    "tests/test_start.py": "its fresh processes set KERAS_BACKEND themselves (one TensorFlow, "
    "one JAX): under JAX it would run the same two again",
}


def _code(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return text
    cells = json.loads(text)["cells"]
    lines = []
    for cell in cells:
        if cell["cell_type"] == "code":
            # IPython magics and shell lines are not Python; their imports are not ours.
            src = "".join(cell["source"]).splitlines()
            lines += [ln for ln in src if not ln.lstrip().startswith(("%", "!"))]
    return "\n".join(lines)


def imported_names(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in its code, as dotted names.

    ``from tutorial_utils import data, models`` gives ``tutorial_utils``,
    ``tutorial_utils.data`` and ``tutorial_utils.models``; a relative import inside the package
    is resolved against it.
    """
    tree = ast.parse(_code(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: only inside the package
                package = path.parent.relative_to(ROOT).as_posix().replace("/", ".")
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _package_imports() -> dict[str, set[str]]:
    return {_module_name(p): imported_names(p) for p in sorted(PACKAGE.rglob("*.py"))}


@cache
def keras_modules() -> frozenset[str]:
    """The package's modules that can reach Keras, TensorFlow or JAX (a fixed point).

    >>> "tutorial_utils.models" in keras_modules(), "tutorial_utils.windows" in keras_modules()
    (True, False)
    """
    graph = {m: names for m, names in _package_imports().items() if m != EXERCISES}
    heavy = {m for m, names in graph.items() if {n.split(".")[0] for n in names} & BACKENDS}
    while True:
        more = {m for m, names in graph.items() if m not in heavy and names & heavy}
        if not more:
            return frozenset(heavy)
        heavy |= more


def reaches_keras(path: Path) -> bool:
    """Whether a test file or notebook imports Keras/TensorFlow/JAX or a module that does."""
    names = imported_names(path)
    tops = {n.split(".")[0] for n in names}
    if tops & DYNAMIC and "tutorial_utils" in tops:
        return True
    if EXERCISES in names:
        lessons = {f"{EXERCISES}.lesson_{n}" for n in CHECK.findall(_code(path))}
        names = (names - {EXERCISES}) | lessons
    return bool(tops & BACKENDS or names & keras_modules())


def backend_neutral_files() -> list[str]:
    """Test files and notebooks (paths relative to the repository) that never reach Keras."""
    candidates = [
        *sorted((ROOT / "tests").glob("test_*.py")),
        *sorted((ROOT / "notebooks").glob("*.ipynb")),
        *sorted((ROOT / "solutions").glob("*.ipynb")),
    ]
    return [p.relative_to(ROOT).as_posix() for p in candidates if not reaches_keras(p)]


if __name__ == "__main__":
    print("Keras modules:", ", ".join(sorted(m.split(".", 1)[-1] for m in keras_modules())))
    print("Backend-neutral files (skipped by make test-jax):")
    for name in backend_neutral_files():
        print("  ", name)
