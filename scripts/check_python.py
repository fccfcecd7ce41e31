"""Refuse, before any environment is made, a Python outside pyproject.toml's requires-python.

    python3 scripts/check_python.py     # exit 0 if this Python is supported, else 1 and why

The Makefile runs it with $(PYTHON) before ``-m venv``: otherwise an unsupported Python makes
a virtual environment and then fails minutes later, deep inside pip, on a wheel it cannot
find. The supported range is read from pyproject.toml, the one place it is written.

Written for any Python 3 (no tomllib, no newer syntax): its job is to run on the wrong one.
"""

import os
import re
import sys

PYPROJECT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "pyproject.toml")
_BOUND = re.compile(r"^\s*(>=|<=|>|<|==)\s*(\d+)\.(\d+)\s*$")


def requires_python(text):
    """The ``requires-python`` string of pyproject.toml's text, e.g. ``'>=3.11,<3.14'``."""
    match = re.search(r'^requires-python\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        raise ValueError("pyproject.toml has no requires-python line")
    return match.group(1)


def _accepts(spec, version):
    compare = {
        ">=": lambda v, b: v >= b,
        "<=": lambda v, b: v <= b,
        ">": lambda v, b: v > b,
        "<": lambda v, b: v < b,
        "==": lambda v, b: v == b,
    }
    for part in spec.split(","):
        match = _BOUND.match(part)
        if not match:
            raise ValueError("cannot read the bound " + repr(part) + " of " + repr(spec))
        op, major, minor = match.group(1), int(match.group(2)), int(match.group(3))
        if not compare[op](tuple(version[:2]), (major, minor)):
            return False
    return True


def supported(spec):
    """The minor versions ``spec`` allows, e.g. ``['3.11', '3.12', '3.13']`` (3.0 to 3.29)."""
    return ["3." + str(minor) for minor in range(30) if _accepts(spec, (3, minor))]


def problem(spec, version):
    """``None`` if ``version`` fits ``spec``, else the message saying what to do."""
    if _accepts(spec, version):
        return None
    names = supported(spec)
    listed = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)
    return (
        "This course needs Python {listed} (requires-python {spec} in pyproject.toml), but {exe} "
        "is Python {major}.{minor}.\nInstall one of those and point make at it, e.g. "
        "make lab PYTHON=python{first}, or make test PYTHON=python{last} VENV=.venv-{last}."
    ).format(
        listed=listed,
        spec=spec,
        exe=sys.executable or "this interpreter",
        major=version[0],
        minor=version[1],
        first=names[0],
        last=names[-1],
    )


def main():
    with open(PYPROJECT) as handle:
        spec = requires_python(handle.read())
    message = problem(spec, sys.version_info)
    if message:
        sys.stderr.write(message + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
