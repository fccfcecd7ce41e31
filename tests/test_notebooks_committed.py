"""Facts about the committed notebooks that nbval alone would not catch."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from isolated_nbval import one_cell_notebook, run_nbval

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# A lesson's prefix: two digits, and a letter for a notebook that sits beside another
# ("04b_error_atlas" follows "04_pitfalls"). Sorting the names gives the reading order.
PREFIX = re.compile(r"(\d\d)([a-z]?)_[a-z0-9_]+\.ipynb")


def _prefix(path: Path) -> str:
    return path.name.split("_", 1)[0]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def _code_cells(path: Path) -> list[dict]:
    return [c for c in _cells(path) if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:1] == ["00_start_here.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_numbered_contiguously(path):
    numbers = sorted({int(p.name[:2]) for p in NOTEBOOKS})
    assert numbers == list(range(len(numbers))), f"notebook numbers must be 00, 01, ...: {numbers}"
    match = PREFIX.fullmatch(path.name)
    assert match, f"{path.name}: name it NN_name.ipynb (or NNb_name.ipynb beside NN)"
    if match[2]:  # a lettered notebook needs the plain one it sits beside
        assert any(_prefix(p) == match[1] for p in NOTEBOOKS), f"{path.name} has no {match[1]}_"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_executed_in_order(path):
    counts = [c["execution_count"] for c in _code_cells(path)]
    assert None not in counts, f"{path.name}: some cells were never run; run `make notebooks`"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: run top to bottom: {counts}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_skeleton(path):
    text = "\n".join("".join(c["source"]) for c in _cells(path) if c["cell_type"] == "markdown")
    assert text.lstrip().startswith(f"# {_prefix(path)} ·"), "first line: '# NN · Title'"
    required = (
        ["## Next"]
        if path.name.startswith("00")
        else ["## You will learn", "## Before you start", "## Summary", "## Exercises", "## Next"]
    )
    missing = [h for h in required if h not in text]
    assert not missing, f"{path.name} lacks the sections {missing}: every lesson has them all"


SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS + SOLUTIONS, ids=lambda p: p.name)
def test_test_machinery_stays_out_of_the_lesson(path):
    """nbval's markers are cell tags (JupyterLab and the site hide them), never source comments."""
    marked = [
        i
        for i, cell in enumerate(_cells(path))
        if cell["cell_type"] == "code" and "NBVAL" in "".join(cell["source"])
    ]
    assert not marked, (
        f"cells {marked} of {path.name} mention NBVAL in their source; use the cell tags "
        "nbval-ignore-output or raises-exception instead"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_tensorflow_runtime_noise_or_progress_bars_committed(path):
    for cell in _code_cells(path):
        for out in cell.get("outputs", []):
            text = "".join(out.get("text", ""))
            assert "cuda_platform.cc" not in text and "\x1b[" not in text and "\r" not in text, (
                f"{path.name}: output has runtime noise; run `make notebooks` and train with "
                "verbose=0 or 2"
            )


MACHINE_PATH = re.compile(r"(/|[A-Za-z]:\\)[^\s'\"\x1b]*(site-packages|tutorial_utils)[/\\]")


@pytest.mark.parametrize(
    "path",
    NOTEBOOKS + sorted((ROOT / "solutions").glob("*.ipynb")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_no_path_of_the_executing_machine_committed(path):
    for cell in _code_cells(path):
        for out in cell.get("outputs", []):
            text = "".join(out.get("text", "")) + "\n".join(out.get("traceback", []))
            found = MACHINE_PATH.search(text)
            assert found is None, (
                f"{path.name}: an output shows {found and found.group(0)!r}, a folder of the "
                "machine that ran it; re-run it with `make notebooks`, which shortens paths"
            )


def test_readme_table_lists_every_notebook_once():
    readme = (ROOT / "README.md").read_text()
    listed = re.findall(r"\]\((notebooks/\d\d[a-z]?_[a-z0-9_]+\.ipynb)\)", readme)
    assert sorted(set(listed)) == [f"notebooks/{p.name}" for p in NOTEBOOKS]


@pytest.mark.slow  # trains or starts a kernel: seconds; `make unit` skips it
def test_nbval_fails_on_a_stale_output(tmp_path):
    """Proves the wiring is strict: a notebook whose stored output is wrong must fail."""

    def printing(stored: str) -> dict:
        return {
            "source": ["print(6 * 7)"],
            "outputs": [{"output_type": "stream", "name": "stdout", "text": [stored]}],
        }

    fresh = one_cell_notebook(tmp_path / "fresh.ipynb", printing("42\n"))
    stale = one_cell_notebook(tmp_path / "stale.ipynb", printing("STORED\n"))
    assert run_nbval(fresh).returncode == 0
    result = run_nbval(stale)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "STORED" in result.stdout
