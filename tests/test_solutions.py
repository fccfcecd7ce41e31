"""Every notebook has a worked-solutions notebook that really solves its exercises.

For notebook ``notebooks/NN_name.ipynb`` the solutions are ``solutions/NN_name_solutions.ipynb``.
It must be committed executed top to bottom, call every ``exercises.check_NN_*`` the notebook
calls, and every check it calls must have printed ``Correct:`` in the committed outputs.
nbval (which also collects ``solutions/``) then proves the outputs are still what the code gives.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tutorial_utils import exercises

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))

CALL = re.compile(r"\bexercises\.(check_(\d\d[a-z]?)_\w+)\s*\(")


def _solution_for(notebook: Path) -> Path:
    return ROOT / "solutions" / f"{notebook.stem}_solutions.ipynb"


def _code_cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text())["cells"]
    return [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def _calls(cell: dict) -> list[str]:
    """Names of the checks a code cell calls, comment lines left out."""
    lines = "".join(cell["source"]).splitlines()
    code = "\n".join(ln for ln in lines if not ln.lstrip().startswith("#"))
    return [m[1] for m in CALL.finditer(code)]


def _stdout(cell: dict) -> str:
    return "".join(
        "".join(out.get("text", ""))
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stdout"
    )


def test_there_are_solutions():
    assert SOLUTIONS, "solutions/ holds no notebooks"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_a_solutions_notebook(notebook):
    solution = _solution_for(notebook)
    assert solution.exists(), (
        f"{notebook.name} has no worked solutions: add solutions/{solution.name} "
        "(a title, each exercise restated, the answer with a short why, and the check)"
    )


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_every_solutions_notebook_belongs_to_a_notebook(solution):
    stems = [f"{nb.stem}_solutions" for nb in NOTEBOOKS]
    assert solution.stem in stems, (
        f"solutions/{solution.name} matches no notebook: name it NN_name_solutions.ipynb "
        f"after notebooks/NN_name.ipynb ({', '.join(stems)})"
    )


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_solutions_are_committed_executed_in_order(solution):
    counts = [c["execution_count"] for c in _code_cells(solution)]
    assert counts, f"{solution.name} has no code"
    assert None not in counts, (
        f"{solution.name}: some cells were never run; run "
        f"scripts/execute_notebooks.py solutions/{solution.name}"
    )
    assert counts == list(range(1, len(counts) + 1)), f"{solution.name}: run top to bottom"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_solution_calls_every_check_of_its_notebook(notebook):
    asked = {name for cell in _code_cells(notebook) for name in _calls(cell)}
    prefix = notebook.name.split("_", 1)[0]  # "04" or "04b"
    wrong_number = sorted(n for n in asked if n.split("_")[1] != prefix)
    assert not wrong_number, f"{notebook.name} calls checks of another notebook: {wrong_number}"
    solution = _solution_for(notebook)
    if not asked:
        return  # nothing to answer (a notebook without exercises fails the skeleton test)
    assert solution.exists(), f"no solutions/{solution.name}"
    answered = {name for cell in _code_cells(solution) for name in _calls(cell)}
    missing = sorted(asked - answered)
    assert not missing, f"solutions/{solution.name} never calls {missing}"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_every_check_in_a_solution_printed_correct(solution):
    called = 0
    for cell in _code_cells(solution):
        names = _calls(cell)
        if not names:
            continue
        called += len(names)
        unknown = [n for n in names if not callable(getattr(exercises, n, None))]
        assert not unknown, f"{solution.name} calls checks that do not exist: {unknown}"
        out = _stdout(cell)
        verdicts = re.findall(r"^(Correct|Not yet):", out, flags=re.MULTILINE)
        assert verdicts == ["Correct"] * len(names), (
            f"{solution.name}: the cell calling {names} printed {verdicts} instead of "
            f"'Correct:' once per check. Its output:\n{out}"
        )
    assert called, f"{solution.name} calls no exercises.check_* at all"
