"""Run nbval on a throw-away notebook, away from the course's own pytest settings.

Two tests prove that the wiring is strict (a stale output, a changed error message fails);
both need nbval with nothing of ``pyproject.toml`` (no sanitizer, no course conftest).
"""

import json
import subprocess
import sys
from pathlib import Path


def one_cell_notebook(path: Path, cell: dict) -> Path:
    """Write a notebook with the single code ``cell`` to ``path`` and return the path."""
    nb = {
        "cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, **cell}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb))
    return path


def run_nbval(notebook: Path) -> subprocess.CompletedProcess:
    """Strict nbval on one notebook, with no configuration file and no cache."""
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--rootdir",
        str(notebook.parent),
        "-c",
        "/dev/null",
        "--nbval",
        "--nbval-current-env",
        str(notebook),
    ]
    return subprocess.run(cmd, capture_output=True, text=True)
