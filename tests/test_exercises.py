"""Module-wide tests of tutorial_utils.exercises (each notebook's checks have their own file)."""

from __future__ import annotations

import doctest
import subprocess
import sys

from tutorial_utils import exercises


def test_doctests_pass():
    result = doctest.testmod(exercises)
    assert result.attempted > 0 and result.failed == 0


def test_importing_exercises_does_not_start_tensorflow():
    code = (
        "import sys, tutorial_utils.exercises; "
        "print(','.join(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
