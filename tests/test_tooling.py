"""The maintainer tooling keeps its promises: one ruff version, a clear refusal of an
unsupported Python before anything is installed, and a CI script that checks each run."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import check_python  # noqa: E402

SPEC = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]


def _lock_pins() -> dict[str, set[str]]:
    pins: dict[str, set[str]] = {}
    for line in (ROOT / "requirements-lock.txt").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            req = Requirement(line)
            pins.setdefault(canonicalize_name(req.name), set()).update(
                s.version for s in req.specifier if s.operator == "=="
            )
    return pins


def test_pre_commit_hooks_pin_the_locked_versions():
    path = ROOT / ".pre-commit-config.yaml"
    if not path.exists():
        pytest.skip("no .pre-commit-config.yaml")
    hooks = [hook for repo in yaml.safe_load(path.read_text())["repos"] for hook in repo["hooks"]]
    pinned = [Requirement(dep) for hook in hooks for dep in hook.get("additional_dependencies", [])]
    assert any(canonicalize_name(r.name) == "ruff" for r in pinned), "ruff is not pinned"
    lock = _lock_pins()
    for req in pinned:
        (spec,) = req.specifier
        assert spec.operator == "==", f".pre-commit-config.yaml: {req} is not pinned with =="
        assert lock.get(canonicalize_name(req.name)) == {spec.version}, (
            f".pre-commit-config.yaml pins {req}, requirements-lock.txt "
            f"{sorted(lock.get(canonicalize_name(req.name), []))}: make them agree"
        )


def test_check_python_reads_pyproject_and_names_the_supported_versions():
    assert check_python.requires_python((ROOT / "pyproject.toml").read_text()) == SPEC
    names = check_python.supported(SPEC)
    assert names[0] == "3.11" and names == [f"3.{m}" for m in range(11, 11 + len(names))]
    assert check_python.problem(SPEC, sys.version_info) is None  # the Python running the tests
    too_old = check_python.problem(SPEC, (3, 10))
    too_new = check_python.problem(">=3.11,<3.14", (3, 14))
    assert "needs Python 3.11, 3.12 or 3.13" in too_new and "is Python 3.14" in too_new
    assert f"requires-python {SPEC}" in too_old and "PYTHON=python3.11" in too_old
    with pytest.raises(ValueError, match="cannot read the bound"):
        check_python.supported(">=3.11,~=3")


def _fake_python(tmp_path: Path, version: str) -> Path:
    """An executable that runs Python, but tells scripts it is ``version``."""
    major, minor = (int(p) for p in version.split("."))
    fake = tmp_path / f"python{version}"
    fake.write_text(
        "#!/bin/sh\n"
        f'exec "{sys.executable}" -c "import runpy, sys; '
        f"sys.version_info = ({major}, {minor}, 0, 'final', 0); sys.argv = sys.argv[1:]; "
        'runpy.run_path(sys.argv[0], run_name=\'__main__\')" "$@"\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return fake


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as a fake Python")
def test_make_refuses_an_unsupported_python_before_making_the_venv(tmp_path):
    venv = tmp_path / "venv"
    run = subprocess.run(
        ["make", "install", f"PYTHON={_fake_python(tmp_path, '3.10')}", f"VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert "This course needs Python 3.11, 3.12 or 3.13" in run.stderr
    assert "is Python 3.10" in run.stderr
    assert not venv.exists(), "the check must run before python -m venv"
    dry = subprocess.run(
        ["make", "-n", "install", f"PYTHON={sys.executable}", f"VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert dry.index("scripts/check_python.py") < dry.index("-m venv")


def _ci_run(tmp_path: Path, outputs: dict[str, str]) -> subprocess.CompletedProcess:
    """Run .ci/run with a fake ``make`` that prints ``outputs[target]`` and succeeds."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    make = bin_dir / "make"
    cases = "".join(f"  {target}) echo '{text}';;\n" for target, text in outputs.items())
    make.write_text(f'#!/bin/sh\ncase "$1" in\n{cases}esac\n')
    make.chmod(make.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", str(ROOT / ".ci" / "run")], capture_output=True, text=True, env=env
    )


@pytest.mark.skipif(sys.platform == "win32", reason=".ci/run is a bash script")
@pytest.mark.parametrize(
    ("test_log", "jax_log", "failing"),
    [
        ("== 1138 passed, 1 skipped ==", "== 991 passed, 148 skipped ==", None),
        ("== 1138 passed ==", "== no tests ran ==", "make test-jax"),
        ("== no tests ran ==", "== 991 passed ==", "make test"),  # the combined log passed this
    ],
)
def test_ci_run_needs_passed_tests_in_each_run_log(tmp_path, test_log, jax_log, failing):
    run = _ci_run(tmp_path, {"lint": "", "test": test_log, "test-jax": jax_log})
    if failing is None:
        assert run.returncode == 0, run.stderr
    else:
        assert run.returncode == 1
        assert re.search(rf"{failing} reported no passed tests", run.stderr), run.stderr


def test_github_workflow_runs_the_readme_commands_on_three_systems_weekly():
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    matrix = workflow["jobs"]["test"]["strategy"]["matrix"]
    assert set(matrix["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}
    assert {"3.11", "3.13"} <= set(matrix["python"])
    runs = " ".join(
        step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]
    )
    for command in ("make lint", "make test ", "make test-jax"):
        assert command in runs, f"the workflow never runs `{command.strip()}`"


def test_make_lint_checks_the_workflow_with_actionlint():
    recipe = (ROOT / "Makefile").read_text().split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "actionlint" in recipe and ".github/workflows" in recipe


def test_make_lab_serves_the_course_root_opens_00_and_allows_root(tmp_path):
    """Lessons link to ../solutions, ../docs, ../benchmarks: Lab must serve the whole course."""
    dry = subprocess.run(
        ["make", "-n", "lab", f"PYTHON={sys.executable}", f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    start = next(line for line in dry.splitlines() if "-m jupyter lab" in line)
    assert "--ServerApp.root_dir=." in start
    opened = start.split()[-1]
    assert opened.startswith("notebooks/00_") and (ROOT / opened).is_file()
    as_root = os.getuid() == 0 if hasattr(os, "getuid") else False
    assert ("--allow-root" in start) == as_root
    assert ("passing --allow-root" in dry) == as_root
