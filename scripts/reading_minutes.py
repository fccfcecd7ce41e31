"""Reading minutes of every notebook, computed by one rule, and the tables that show them.

The rule (the course guide's, for every notebook, exercises included): prose at 180 words a
minute, counting ``re.findall(r"\\w+", markdown)``, plus code at 8 lines a minute, counting the
non-blank lines of code cells that do not start with ``#``. Nobody types a minute figure: this
script computes them for every ``notebooks/*.ipynb`` and writes the generated blocks
(``<!-- begin:NAME -->`` … ``<!-- end:NAME -->``, see ``scripts/blocks.py``) that show them:

- ``course-table`` in ``README.md``: every notebook, its part, what it teaches, its minutes;
- ``course-table`` in a Markdown cell of ``notebooks/00_start_here.ipynb``: the same, shorter;
- ``workshop-plan`` in ``docs/instructor.md``: the three-hour plan on the core path;
- ``reading-minutes`` in any notebook that has one (in "Before you start"): "About N minutes
  to read.", so a lesson states its own minutes without typing them.

A notebook's part comes from its name: ``00``–``05`` core, a number and a letter (``04b``) a
companion, ``06``–``09`` a deep dive, ``10`` and later the capstone. What it teaches comes from
its metadata ``course.summary`` (its title when there is none).

Usage::

    python scripts/reading_minutes.py           # rewrite the blocks
    python scripts/reading_minutes.py --check   # exit 1 if a block differs from the computation
    python scripts/reading_minutes.py --list    # print the minutes, write nothing

Other scripts (the site index) import :func:`course_rows`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from blocks import block_names, replace_block

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_MINUTE = 180
LINES_PER_MINUTE = 8
# The core path's reading budget in minutes (course guide, issue 29), and the workshop's clock.
BUDGETS = {"00": 10, "01": 25, "02": 25, "03": 30, "04": 30, "05": 20}
CORE_BUDGET = 140
WORKSHOP_MINUTES = 180
EXERCISE_MINUTES = 5  # time given to a core lesson's exercises in the room (00's are warm-ups)
BREAK_MINUTES = 10
BREAK_AFTER = "02"  # the break comes after this lesson
PARTS = ("core", "companion", "deep dive", "capstone")
NAME = re.compile(r"(\d\d)([a-z]?)_[a-z0-9_]+\.ipynb")
TITLE = re.compile(r"#\s*(\d\d[a-z]?)\s*·\s*(.+)")


@dataclass(frozen=True)
class Row:
    """One notebook of the course, as the tables show it.

    ``number`` is its prefix (``"04b"``), ``path`` its path from the repository root
    (``"notebooks/04b_error_atlas.ipynb"``), ``minutes`` its reading minutes by the rule,
    unrounded; :attr:`shown` is what the tables print.
    """

    number: str
    path: str
    title: str
    part: str
    summary: str
    minutes: float

    @property
    def short_title(self) -> str:
        """The title up to its first colon: ``"Pitfalls"`` for ``"Pitfalls: five ways …"``."""
        return self.title.split(":", 1)[0].strip()

    @property
    def shown(self) -> int:
        """The minutes as the tables print them: whole minutes, rounded half up."""
        return int(self.minutes + 0.5)


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def prose_words(markdown: str) -> int:
    """The words of a Markdown text by the rule: every run of word characters counts.

    >>> prose_words("## 02 · Reshaping: `(4, 8, 1)` → n_seq")
    6
    """
    return len(re.findall(r"\w+", markdown))


def code_lines(code: str) -> int:
    """The lines of a code cell by the rule: non-blank, and not a comment.

    >>> code_lines("import numpy as np\\n\\n# a comment\\nx = 1  # counted\\n")
    2
    """
    return sum(1 for line in code.splitlines() if line.strip() and not line.strip().startswith("#"))


def reading_minutes(notebook: dict) -> float:
    """Reading minutes of a notebook (its JSON as a dict): prose at 180 words, code at 8 lines.

    >>> cells = [{"cell_type": "markdown", "source": "word " * 360},
    ...          {"cell_type": "code", "source": ["x = 1\\n", "# not counted\\n", "y = 2\\n"]}]
    >>> reading_minutes({"cells": cells})
    2.25
    """
    words = lines = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            words += prose_words(_source(cell))
        elif cell["cell_type"] == "code":
            lines += code_lines(_source(cell))
    return words / WORDS_PER_MINUTE + lines / LINES_PER_MINUTE


def part_of(number: str) -> str:
    """The part of the course a notebook belongs to, from its number.

    >>> [part_of(n) for n in ("00", "05", "04b", "06", "09", "10", "12")]
    ['core', 'core', 'companion', 'deep dive', 'deep dive', 'capstone', 'capstone']
    """
    match = re.fullmatch(r"(\d\d)([a-z]?)", number)
    if not match:
        raise ValueError(f"a notebook number is two digits and maybe a letter, got {number!r}")
    if match[2]:
        return "companion"
    value = int(match[1])
    return "core" if value <= 5 else "deep dive" if value <= 9 else "capstone"


def title_of(notebook: dict, number: str) -> str:
    """The title from the first line of the first Markdown cell, ``# NN · Title``."""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            first = _source(cell).strip().splitlines()[0] if _source(cell).strip() else ""
            match = TITLE.fullmatch(first.strip())
            if not match or match[1] != number:
                raise ValueError(
                    f"notebook {number}: its first line must be '# {number} · Title', got {first!r}"
                )
            return match[2].strip()
    raise ValueError(f"notebook {number} has no Markdown cell, so no title")


def summary_of(notebook: dict, title: str) -> str:
    """What a notebook teaches: metadata ``course.summary``, or its title when that is missing."""
    summary = notebook.get("metadata", {}).get("course", {}).get("summary")
    return " ".join(summary.split()) if isinstance(summary, str) and summary.strip() else title


def row_of(path: Path, root: Path = ROOT, notebook: dict | None = None) -> Row:
    """The :class:`Row` of one notebook file (``notebook``: its JSON, if already read)."""
    match = NAME.fullmatch(path.name)
    if not match:
        raise ValueError(f"{path.name}: name a notebook NN_name.ipynb or NNb_name.ipynb")
    number = match[1] + match[2]
    nb = notebook if notebook is not None else json.loads(path.read_text(encoding="utf-8"))
    title = title_of(nb, number)
    return Row(
        number=number,
        path=path.relative_to(root).as_posix(),
        title=title,
        part=part_of(number),
        summary=summary_of(nb, title),
        minutes=reading_minutes(nb),
    )


def course_rows(root: Path = ROOT) -> list[Row]:
    """Every notebook of ``root/notebooks``, in reading order (the order of the names)."""
    return [row_of(p, root) for p in sorted((root / "notebooks").glob("*.ipynb"))]


def core_total(rows: list[Row]) -> int:
    """The core path's minutes, as the tables print them (the sum of the shown minutes)."""
    return sum(r.shown for r in rows if r.part == "core")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def readme_table(rows: list[Row]) -> str:
    """The course table of README.md (links from the repository root)."""
    lines = [
        "| # | notebook | part | what it teaches | minutes |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r.number} | [{_cell(r.short_title)}]({r.path}) | {r.part} | {_cell(r.summary)} "
            f"| {r.shown} |"
        )
    lines.append(f"| | **the core path, 00–05** | core | | **{core_total(rows)}** |")
    return "\n".join(lines) + "\n"


def notebook_table(rows: list[Row]) -> str:
    """The course table of notebook 00 (links from notebooks/; short titles only: this table
    is part of notebook 00's own reading time)."""
    lines = ["| # | notebook | part | minutes |", "| --- | --- | --- | --- |"]
    for r in rows:
        link = Path(r.path).name
        lines.append(f"| {r.number} | [{_cell(r.short_title)}]({link}) | {r.part} | {r.shown} |")
    lines.append(f"| | **the core path, 00–05** | core | **{core_total(rows)}** |")
    return "\n".join(lines) + "\n"


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def workshop_plan(rows: list[Row]) -> tuple[str, int]:
    """The three-hour plan of docs/instructor.md on the core path, and its total in minutes.

    Each core lesson gets its reading minutes plus :data:`EXERCISE_MINUTES` for its exercises
    (00: reading only; its two warm-ups are part of the set-up check), and the break comes
    after :data:`BREAK_AFTER`. Companions and deep dives are listed after it, outside the clock.
    """
    lines = [
        "| clock | notebook | reading | exercises | slot |",
        "| --- | --- | --- | --- | --- |",
    ]
    clock = 0
    for r in (r for r in rows if r.part == "core"):
        exercises = 0 if r.number == "00" else EXERCISE_MINUTES
        slot = r.shown + exercises
        name = f"{r.number} · {_cell(r.short_title)}"
        lines.append(f"| {_clock(clock)} | {name} | {r.shown} | {exercises} | {slot} |")
        clock += slot
        if r.number == BREAK_AFTER:
            lines.append(f"| {_clock(clock)} | break | | | {BREAK_MINUTES} |")
            clock += BREAK_MINUTES
    lines.append(
        f"| {_clock(clock)} | end of the core path | | | **{clock}** of {WORKSHOP_MINUTES} |"
    )
    optional = [r for r in rows if r.part != "core"]
    if optional:
        lines += [
            "",
            "Outside the clock (homework, a second session, or a look-up during a slot):",
            "",
            "| notebook | part | reading |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| {r.number} · {_cell(r.short_title)} | {r.part} | {r.shown} |" for r in optional
        ]
    return "\n".join(lines) + "\n", clock


# Where each block lives: (file, block name, renderer). Notebook 00's block is in a Markdown cell.
README = "README.md"
INSTRUCTOR = "docs/instructor.md"
START = "notebooks/00_start_here.ipynb"
BLOCK = "course-table"
PLAN = "workshop-plan"
MINUTES = "reading-minutes"  # optional, in any notebook: "About N minutes to read."


def _render_notebook(text: str, name: str, content: str) -> str:
    notebook = json.loads(text)
    markdown = [c for c in notebook["cells"] if c["cell_type"] == "markdown"]
    cells = [c for c in markdown if _has_block(_source(c), name)]
    if len(cells) != 1:
        raise ValueError(f"expected one Markdown cell holding block {name!r}, found {len(cells)}")
    new = replace_block(_source(cells[0]), name, content)
    cells[0]["source"] = new.splitlines(keepends=True)
    return json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def minutes_line(row: Row) -> str:
    """What a notebook's own ``reading-minutes`` block says (a fixed number of words, so
    filling it in never changes the minutes it reports)."""
    return f"About {row.shown} minutes to read."


def _has_block(text: str, name: str) -> bool:
    return name in block_names(text)


def rendered(root: Path = ROOT) -> dict[str, str]:
    """The new text of every file that holds a block, keyed by its path from ``root``.

    A notebook's blocks are prose too, so they count towards its own minutes: the rows are
    computed from the notebooks as they will be written, until the minutes settle.
    """
    paths = sorted((root / "notebooks").glob("*.ipynb"))
    texts = {p: p.read_text(encoding="utf-8") for p in paths}
    start = root / START
    rows = [row_of(p, root, json.loads(texts[p])) for p in paths]
    for _ in range(10):
        new = dict(texts)
        new[start] = _render_notebook(new[start], BLOCK, notebook_table(rows))
        for p, r in zip(paths, rows, strict=True):
            if _has_block(new[p], MINUTES):
                new[p] = _render_notebook(new[p], MINUTES, minutes_line(r))
        new_rows = [row_of(p, root, json.loads(new[p])) for p in paths]
        settled = [r.shown for r in new_rows] == [r.shown for r in rows]
        rows = new_rows
        if settled:
            texts = new
            break
    else:  # pragma: no cover - whole minutes settle in a step or two
        raise RuntimeError("the notebooks' minutes do not settle")
    out = {
        p.relative_to(root).as_posix(): texts[p]
        for p in paths
        if p == start or _has_block(texts[p], MINUTES)
    }
    readme = (root / README).read_text(encoding="utf-8")
    out[README] = replace_block(readme, BLOCK, readme_table(rows))
    instructor = (root / INSTRUCTOR).read_text(encoding="utf-8")
    out[INSTRUCTOR] = replace_block(instructor, PLAN, workshop_plan(rows)[0])
    return out


def drift(root: Path = ROOT) -> list[str]:
    """The files whose blocks differ from what the script computes (empty: all in step)."""
    return [
        name
        for name, text in rendered(root).items()
        if (root / name).read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if a block is out of date")
    group.add_argument("--list", action="store_true", help="print the minutes, write nothing")
    args = parser.parse_args(argv)
    if args.list:
        rows = course_rows()
        for r in rows:
            budget = BUDGETS.get(r.number)
            over = f"  OVER its budget of {budget}" if budget and r.minutes > budget else ""
            print(f"{r.number:4s} {r.part:10s} {r.minutes:5.1f}  {r.title}{over}")
        print(f"core path: {core_total(rows)} of {CORE_BUDGET}")
        return 0
    if args.check:
        stale = drift()
        for name in stale:
            print(
                f"{name}: its reading-minutes block is out of date; run "
                "`python scripts/reading_minutes.py` (or `make minutes`)",
                file=sys.stderr,
            )
        return 1 if stale else 0
    for name, text in rendered().items():
        path = ROOT / name
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"updated {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
