"""The course runs from a wheel, not only from a clone: the wheel carries the data and results.

One slow test builds the wheel from a copy of the sources (offline: the environment's own
setuptools, no build isolation), installs it without edits into a folder of its own, and then,
from an empty folder whose Python sees only that install (plus the environment's NumPy and
friends), loads a series, finds the race's results, and runs notebook 02 top to bottom.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "tutorial_utils", "data", "evidence")

CHECK = """
import json, sys
from pathlib import Path
import tutorial_utils
from tutorial_utils import data
here = Path(tutorial_utils.__file__).resolve().parent
assert here.is_relative_to(Path(sys.argv[1]).resolve()), here
print("data from", data.default_data_dir().relative_to(here.parent))
print("demand", len(data.load_series("electricity_demand")))
results = json.loads((data.course_folder("evidence") / "05_when_not_to_use.json").read_text())
print("race results", bool(results))
sunspots = data.default_data_dir() / "sunspots_yearly.csv"
sunspots.write_text(sunspots.read_text().replace("1700,5", "1700,6"))
try:
    data.load_series("sunspots")
except data.ChecksumError as error:
    print("changed:", error)
sunspots.unlink()
try:
    data.load_series("sunspots")
except FileNotFoundError as error:
    print("missing:", error)
"""


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=True, **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The course's wheel, built here and installed (not editable) into a folder of its own."""
    pytest.importorskip("setuptools", reason="builds the wheel with the environment's setuptools")
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    _run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"), "."],
        cwd=source,
    )
    [wheel] = (tmp / "dist").glob("tutorial_utils-*.whl")
    target = tmp / "site"
    _run([*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)])
    return target


def _isolated_env(target: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TUTORIAL_UTILS_DATA_DIR"}
    env["PYTHONPATH"] = str(target)  # the install only: not the clone
    return env


@pytest.mark.slow
def test_the_wheel_carries_the_data_and_says_what_is_wrong(installed, tmp_path):
    shipped = {p.name for p in (installed / "tutorial_utils/_data").iterdir()}
    assert {p.name for p in (ROOT / "data").glob("*.csv")} | {"README.md"} <= shipped
    assert (installed / "tutorial_utils/_evidence/05_when_not_to_use.json").is_file()
    empty = tmp_path / "empty"
    empty.mkdir()
    out = _run(
        [sys.executable, "-c", CHECK, str(installed)], cwd=empty, env=_isolated_env(installed)
    ).stdout
    assert "data from tutorial_utils/_data\ndemand 4032\nrace results True\n" in out
    changed = out.split("changed: ")[1].split("\nmissing: ")[0]
    assert "sunspots_yearly.csv does not have the expected content" in changed
    assert "reinstall the course" in changed
    missing = out.split("missing: ")[1]
    assert "there is no " in missing and "(the installed package's data)" in missing
    assert "$TUTORIAL_UTILS_DATA_DIR" in missing and "Run it elsewhere" in missing


@pytest.mark.slow
def test_notebook_02_runs_from_an_empty_folder_with_only_the_wheel(installed, tmp_path):
    nbclient = pytest.importorskip("nbclient")
    empty = tmp_path / "empty"
    empty.mkdir()
    nb = nbformat.read(ROOT / "notebooks/02_reshaping.ipynb", as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import json, tutorial_utils\nprint(json.dumps(tutorial_utils.__file__))"
        )
    )
    saved = os.environ.copy()
    os.environ.clear()
    os.environ.update(_isolated_env(installed))  # the kernel inherits this environment
    try:
        nbclient.NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(empty)}}
        ).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    where = Path(json.loads(nb.cells[-1].outputs[0]["text"]))
    assert where.is_relative_to(installed), f"the kernel imported {where}, not the wheel"
    expected = [c for c in nb.cells if "raises-exception" in c.metadata.get("tags", [])]
    errors = [
        o
        for c in nb.cells
        if c not in expected
        for o in c.get("outputs", [])
        if o["output_type"] == "error"
    ]
    assert not errors
    assert list(empty.iterdir()) == [], "the lesson wrote nothing into the reader's folder"
