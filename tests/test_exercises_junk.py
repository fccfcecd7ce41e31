"""Every exercise check keeps the promise made to learners: whatever it is given, it prints one
line, ``Not yet: <hint>``, returns ``False`` and never raises.

The checks are *found* in ``exercises.__all__``, not listed, so a new lesson's checks are
covered as soon as they are exported. Each is called with every junk value in place of every
argument it requires (answers and context alike).
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from tutorial_utils import exercises
from tutorial_utils.exercises._common import UNREADABLE


def _raises(*args, **kwargs):
    raise RuntimeError("a learner's function that fails")


JUNK = [
    None,
    ...,
    "",
    "abc",
    "12",
    b"12:00",
    0,
    -1,
    3,
    10**12,
    2.5,
    float("nan"),
    float("inf"),
    True,
    np.int64(-3),
    np.bool_(False),
    [],
    [...],
    [1, [2, 3]],
    [336],
    (),
    (None, None, None),
    {},
    {"a": 1},
    {k: ... for k in "ABCDE"},
    {k: np.array([1, 2]) for k in "ABCDE"},
    {k: "1" for k in "abcd"},
    object(),
    np.zeros(0),
    np.array([1, 2]),
    np.zeros((2, 3)),
    np.full((3, 4, 12, 1), np.nan),
    np.array(["a", "b"]),
    (np.zeros((2, 96, 1)),),
    (np.zeros((2, 96, 1)), None),
    (np.zeros((2, 96)), np.zeros((2, 48))),
    lambda: None,
    _raises,
    len,
]

CHECKS = sorted(name for name in exercises.__all__ if name.startswith("check_"))


def test_the_checks_are_found():
    assert len(CHECKS) >= 20
    assert "check_04_diagnosis" in CHECKS


@pytest.mark.parametrize("name", CHECKS)
def test_every_check_uses_the_shared_decorator(name):
    check = getattr(exercises, name)
    assert check.answer_names, f"{name} is not decorated with exercises._common.exercise"
    lesson = name.split("_")[1]  # "04" or "04b"
    doc = inspect.cleandoc(check.__doc__)  # Python 3.13+ strips the indentation itself
    assert doc.startswith(f"Exercise {lesson}."), "docstring: 'Exercise NN.k: ...'"
    assert "\nAnswer: " in doc, "docstring says what to pass, 'Answer: ...'"


@pytest.mark.parametrize("name", CHECKS)
def test_every_check_answers_junk_with_a_hint(name, capsys):
    check = getattr(exercises, name)
    required = [
        p
        for p in inspect.signature(check).parameters.values()
        if p.default is inspect.Parameter.empty
    ]
    for junk in JUNK:
        result = check(*[junk] * len(required))
        out = capsys.readouterr().out
        assert result is False, f"{name}({junk!r}) returned {result!r}"
        assert out.startswith("Not yet: ") and out.count("\n") == 1, f"{name}({junk!r}): {out!r}"
        # the decorator's last resort must not be what answers a value as common as these
        assert UNREADABLE not in out, f"{name}({junk!r}) was not handled: {out!r}"


def test_the_reported_case_no_longer_raises(capsys):
    answers = {k: np.array([1, 2]) for k in "ABCDE"}
    assert exercises.check_04_diagnosis(answers) is False
    assert "whole number" in capsys.readouterr().out


def test_a_wrong_call_gets_a_hint_not_a_type_error(capsys):
    assert exercises.check_06_call_counts(12) is False
    assert "call it as check_06_call_counts(td_calls" in capsys.readouterr().out


@pytest.mark.parametrize("blank", [None, ...])
@pytest.mark.parametrize("name", CHECKS)
def test_none_and_dots_are_both_blank_everywhere(name, blank, capsys):
    check = getattr(exercises, name)
    args = [blank] * len(check.answer_names)
    if name == "check_04_nesting":
        args.append(np.zeros((2, 32, 1)))
    assert check(*args) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet: replace ") and f" {'None' if blank is None else '...'} " in out


@pytest.mark.parametrize(
    ("name", "whole"),
    [
        ("check_00_half_hours_per_week", 336),
        ("check_03_min_n_steps", 7),
        ("check_04_border_n_seq", 8),
    ],
)
def test_whole_numbers_count_in_any_numeric_type(name, whole, capsys):
    check = getattr(exercises, name)
    for spelling in (whole, float(whole), np.int64(whole), np.float32(whole)):
        assert check(spelling) is True
        assert capsys.readouterr().out.startswith("Correct: ")
    for not_whole in (whole + 0.5, str(whole), True):
        assert check(not_whole) is False
        assert "whole number" in capsys.readouterr().out
