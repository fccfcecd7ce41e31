"""The course's measured figures: one file, ``benchmarks/figures.csv``, and what is made from it.

Every number that was *measured* (a speed ratio, a run time, how long CI took) is one row of
``figures.csv``: ``id, what, configuration, value, machine, load, date, command``. Benchmark
scripts write their rows with :func:`record`; nobody types a measured number into prose.
Prose cites a row by its id ("row S5"); ``python benchmarks/figures.py`` (``make figures``)
renders the generated blocks of README.md, benchmarks/README.md and docs/instructor.md from the
file, with each row's "quoted in" column found by scanning the citations. ``--check`` exits
non-zero when a block is stale or a citation names no row (tests/test_figures.py runs it).

Row ids: ``S`` speed ratios the lessons quote, ``C`` the test suite and CI, ``N`` one notebook
under strict nbval (``N03`` is notebook 03, kernel start included).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import platform
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from blocks import read_block, replace_block  # noqa: E402

FIGURES = ROOT / "benchmarks" / "figures.csv"
COLUMNS = ["id", "what", "configuration", "value", "machine", "load", "date", "command"]
ID = re.compile(r"^[SCN]\d+[a-z]?$")
# "row S5", "rows S1 to S5", "rows S3, S4", "rows S19 and S20": every id after "row(s)".
CITATION = re.compile(
    r"\brows?\s+([SCN]\d+[a-z]?(?:(?:\s*,\s*|\s+and\s+|\s+to\s+|\s+or\s+)[SCN]\d+[a-z]?)*)"
)
TOKEN = re.compile(r"[SCN]\d+[a-z]?")
CITING = [
    "README.md",
    "CONTRIBUTING.md",
    "docs/*.md",
    "evidence/README.md",
    "notebooks/*.ipynb",
    "solutions/*.ipynb",
]


def _natural(row_id: str) -> tuple[str, int, str]:
    match = re.match(r"([A-Z])(\d+)([a-z]?)", row_id)
    assert match, row_id
    return match.group(1), int(match.group(2)), match.group(3)


def load(path: Path = FIGURES) -> list[dict[str, str]]:
    """The rows of the figures file, checked: known columns, unique ids, no empty field."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise ValueError(f"{path}: columns must be {COLUMNS}, found {reader.fieldnames}")
        rows = list(reader)
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        if not ID.match(row["id"]) or row["id"] in seen:
            raise ValueError(f"{path}:{number}: id {row['id']!r} is not a new S/C/N id")
        seen.add(row["id"])
        empty = [c for c in COLUMNS if not (row[c] or "").strip()]
        if empty:
            raise ValueError(f"{path}:{number}: row {row['id']} has empty {empty}")
        datetime.date.fromisoformat(row["date"])
    return rows


def _write(rows: list[dict[str, str]], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: _natural(r["id"])))
    path.write_text(buffer.getvalue(), encoding="utf-8")


def machine() -> str:
    """This machine, as the figures file names it."""
    from _common import cpu_model  # the benchmarks' one reading of the CPU's name

    system = f"{platform.system()} {platform.machine()}"
    return f"{os.cpu_count()} CPUs ({cpu_model()}), {system}, Python {platform.python_version()}"


def record(new_rows: Iterable[dict[str, str]], command: str, path: Path = FIGURES) -> None:
    """Write measured rows (``id, what, configuration, value``) into the figures file.

    Machine, load average, today's date and the command that measured them are filled in here,
    so every row says where it came from. A row with an existing id replaces it.
    """
    try:
        load_now = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        load_now = "unknown"
    rows = {r["id"]: r for r in load(path)} if path.exists() else {}
    for row in new_rows:
        missing = {"id", "what", "configuration", "value"} - set(row)
        if missing:
            raise ValueError(f"a recorded row needs {sorted(missing)}: {row}")
        rows[row["id"]] = {
            "machine": machine(),
            "load": load_now,
            "date": datetime.date.today().isoformat(),
            "command": command,
            **{k: str(v) for k, v in row.items()},
        }
    _write(list(rows.values()), path)


def _texts(root: Path) -> Iterable[tuple[str, str]]:
    """(file, text) for every file that may cite a row; notebooks give their Markdown."""
    for pattern in CITING:
        for path in sorted(root.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".ipynb":
                cells = json.loads(text)["cells"]
                text = "\n".join(
                    "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
                )
            yield path.relative_to(root).as_posix(), text
    bench = root / "benchmarks" / "README.md"
    if bench.exists():
        text = bench.read_text(encoding="utf-8")
        try:  # the generated table's own ids are not citations
            text = text.replace(read_block(text, "figures:speed"), "")
        except ValueError:
            pass
        yield "benchmarks/README.md", text


def citations(text: str) -> list[str]:
    """The row ids a text cites.

    >>> citations("rows S1 to S3 and row S17; S9 alone is not a citation")
    ['S1', 'S3', 'S17']
    """
    return [token for match in CITATION.finditer(text) for token in TOKEN.findall(match.group(1))]


def cited_in(root: Path = ROOT) -> dict[str, list[str]]:
    """Row id -> the files that cite it."""
    found: dict[str, list[str]] = {}
    for name, text in _texts(root):
        for row_id in citations(text):
            if name not in found.setdefault(row_id, []):
                found[row_id].append(name)
    return found


def _short(name: str) -> str:
    match = re.match(r"(notebooks|solutions)/(\d\d[a-z]?)_", name)
    if match:
        return match.group(2) + (" (solutions)" if match.group(1) == "solutions" else "")
    return name


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _rows(prefix: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows if r["id"].startswith(prefix)]


def render_speed(rows: list[dict[str, str]], root: Path = ROOT) -> str:
    quoted = cited_in(root)
    return _table(
        ["row", "comparison", "configuration", "ratio", "measured", "quoted in"],
        [
            [
                r["id"],
                r["what"],
                r["configuration"],
                r["value"],
                f"{r['date']}, load {r['load']}: `{r['command']}`",
                ", ".join(_short(n) for n in quoted.get(r["id"], [])) or "—",
            ]
            for r in _rows("S", rows)
        ],
    )


def render_suite(rows: list[dict[str, str]], root: Path = ROOT) -> str:
    return _table(
        ["row", "what", "configuration", "measured", "when, where"],
        [
            [
                r["id"],
                r["what"],
                r["configuration"],
                r["value"],
                f"{r['date']}, {r['machine']}, load {r['load']}",
            ]
            for r in _rows("C", rows)
        ],
    )


def render_notebooks(rows: list[dict[str, str]], root: Path = ROOT) -> str:
    return _table(
        ["row", "notebook", "run time under strict nbval", "measured"],
        [
            [r["id"], r["what"], r["value"], f"{r['date']}, load {r['load']}: `{r['command']}`"]
            for r in _rows("N", rows)
        ],
    )


BLOCKS = {
    "benchmarks/README.md": {
        "figures:speed": render_speed,
        "figures:suite": render_suite,
        "figures:notebooks": render_notebooks,
    },
    "README.md": {"figures:suite": render_suite},
    "docs/instructor.md": {"figures:notebooks": render_notebooks},
}


def problems(root: Path = ROOT) -> list[str]:
    """What ``--check`` reports: stale blocks and citations of unknown rows."""
    rows = load(root / "benchmarks" / "figures.csv")
    known = {r["id"] for r in rows}
    found = [
        f"{name} cites row {row_id}, which benchmarks/figures.csv does not have"
        for row_id, names in cited_in(root).items()
        if row_id not in known
        for name in names
    ]
    for name, blocks in BLOCKS.items():
        text = (root / name).read_text(encoding="utf-8")
        for block, render in blocks.items():
            try:
                if read_block(text, block) != render(rows, root):
                    found.append(f"{name}: block {block} is stale; run `make figures`")
            except ValueError as exc:
                found.append(f"{name}: {exc}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report drift, write nothing")
    args = parser.parse_args()
    if args.check:
        found = problems()
        print("\n".join(found) or "figures: every block current, every citation known")
        sys.exit(1 if found else 0)
    rows = load()
    for name, blocks in BLOCKS.items():
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        for block, render in blocks.items():
            text = replace_block(text, block, render(rows, ROOT))
        path.write_text(text, encoding="utf-8")
        print(f"rendered {', '.join(blocks)} in {name}")
    unknown = problems()
    if unknown:
        sys.exit("\n".join(unknown))


if __name__ == "__main__":
    main()
