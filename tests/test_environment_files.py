"""environment.yml, pyproject.toml and requirements-lock.txt must tell the same story."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _pyproject_requirements() -> list[Requirement]:
    """The package's dependencies and every extra's: what the lock and environment.yml hold."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return [Requirement(r) for r in reqs]


def _lock_markers() -> dict[str, set[str]]:
    """name -> the environment markers of its lines in the lock ('' for none)."""
    markers: dict[str, set[str]] = {}
    for line in (ROOT / "requirements-lock.txt").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            req = Requirement(line)
            markers.setdefault(canonicalize_name(req.name), set()).add(str(req.marker or ""))
    return markers


def _lock_pins() -> dict[str, set[str]]:
    """name -> every version the lock pins (one per Python-version marker)."""
    pins: dict[str, set[str]] = {}
    for line in (ROOT / "requirements-lock.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)(\s*;\s*(.*))?$", line)
        if match:
            name, version, _, marker = match.groups()
            if marker and "python_full_version >= '3.12'" in marker:
                continue  # the course and environment.yml use Python 3.11
            pins.setdefault(canonicalize_name(name), set()).add(version)
    return pins


def _environment_pip_requirements() -> dict[str, Requirement]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return {
        canonicalize_name(req.name): req
        for req in (Requirement(entry) for entry in pip_section if entry != "-e .")
    }


def _environment_pip_pins() -> dict[str, str]:
    pins = {}
    for name, req in _environment_pip_requirements().items():
        (spec,) = req.specifier  # exactly one `==` pin per line
        assert spec.operator == "==", f"environment.yml: {req} is not pinned with =="
        pins[name] = spec.version
    return pins


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    declared = {canonicalize_name(r.name) for r in _pyproject_requirements()}
    assert set(_environment_pip_pins()) == declared


def test_environment_yml_versions_equal_the_lock_and_fit_pyproject_ranges():
    lock = _lock_pins()
    env = _environment_pip_pins()
    for req in _pyproject_requirements():
        name = canonicalize_name(req.name)
        assert lock.get(name) == {env[name]}, f"{name}: lock {lock.get(name)} vs env {env[name]}"
        assert req.specifier.contains(env[name]), f"{name}=={env[name]} outside {req.specifier}"


def test_environment_yml_uses_python_311_and_installs_the_package():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    plain = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in plain
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section


def test_lock_pins_every_dependency_exactly_once_for_python_311():
    lock = _lock_pins()
    for req in _pyproject_requirements():
        versions = lock.get(canonicalize_name(req.name), set())
        assert len(versions) == 1, f"{req.name} pinned {versions or 'nowhere'} in the lock"


def test_the_package_depends_on_what_it_imports_and_the_course_tools_are_an_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    package = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    assert package == {"tensorflow", "keras", "numpy", "matplotlib", "scipy", "scikit-learn"}
    extras = project["optional-dependencies"]
    assert {canonicalize_name(Requirement(r).name) for r in extras["course"]} == {
        "jupyterlab",
        "nbval",
    }
    scripts = {canonicalize_name(Requirement(r).name) for r in extras["scripts"]}
    for module in _third_party_imports(ROOT / "scripts"):
        assert canonicalize_name(IMPORT_NAMES.get(module, module)) in scripts | package, module


IMPORT_NAMES = {"bs4": "beautifulsoup4", "yaml": "pyyaml", "sklearn": "scikit-learn"}


def _third_party_imports(folder: Path) -> set[str]:
    """Top-level modules imported by the .py files in ``folder`` that are not ours or stdlib."""
    found = set()
    ours = {path.stem for path in folder.glob("*.py")} | {"tutorial_utils"}
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found |= {name.split(".")[0] for name in names}
    return {name for name in found - ours if name not in sys.stdlib_module_names}


def test_license_file_and_one_version():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    pyproject = (ROOT / "pyproject.toml").read_text()
    build = tomllib.loads(pyproject)["build-system"]["requires"]
    assert any(
        Requirement(r).specifier.contains("77") and not Requirement(r).specifier.contains("76")
        for r in build
    )
    project = tomllib.loads(pyproject)["project"]
    assert "version" in project["dynamic"] and "version" not in project  # __init__.py has it


def test_jax_has_the_same_extra_and_platform_marker_everywhere():
    """JAX for CPU: the same `cpu` extra, and the same marker (no Intel-Mac wheels) in all three."""
    declared = {canonicalize_name(r.name): r for r in _pyproject_requirements()}
    env = _environment_pip_requirements()
    assert declared["jax"].extras == env["jax"].extras == {"cpu"}
    marker = str(declared["jax"].marker)
    assert 'platform_machine == "arm64"' in marker
    assert str(env["jax"].marker) == marker
    lock = _lock_markers()
    for name in ("jax", "jaxlib"):  # jax and what only it brings in
        # uv may write the same condition in another order: compare where each one holds
        assert len(lock[name]) == 1, f"{name}: several lock markers {lock[name]}"
        assert _where(next(iter(lock[name]))) == _where(marker), (
            f"{name}: lock markers {lock[name]} vs pyproject {marker}"
        )


def _where(marker: str) -> list[bool]:
    """Whether ``marker`` holds on each platform the course names (the wheels' platforms)."""
    platforms = [
        {"sys_platform": system, "platform_machine": machine}
        for system in ("linux", "darwin", "win32")
        for machine in ("x86_64", "arm64", "aarch64", "AMD64")
    ]
    return [Marker(marker).evaluate(p) for p in platforms]


def test_environment_yml_says_plainly_that_it_pins_only_direct_dependencies():
    header = (ROOT / "environment.yml").read_text().split("name:")[0]
    assert "pins only the DIRECT dependencies" in header
    assert "pip install -r requirements-lock.txt" in header


def test_the_package_declares_every_library_it_imports():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    package = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    extras = {
        canonicalize_name(Requirement(r).name)
        for extra in project["optional-dependencies"].values()
        for r in extra
    }
    for folder in (ROOT / "tutorial_utils", ROOT / "tutorial_utils" / "exercises"):
        for module in _third_party_imports(folder):
            name = canonicalize_name(IMPORT_NAMES.get(module, module))
            assert name in package | extras, f"{folder.name} imports {module}, not declared"
