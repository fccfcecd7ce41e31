"""The real series shipped with the course, loaded offline and checked.

Every file in ``data/`` is registered here with its SHA-256. :func:`load_series` reads a
file only after its checksum matches, so a learner never trains on a damaged or edited
copy without knowing it. Nothing here touches the network.

NumPy and the standard library only: importing this module must stay instant.
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tutorial_utils.gaps import Gap, find_gaps

__all__ = [
    "DATA_DIR_ENV",
    "ChecksumError",
    "DatasetInfo",
    "Series",
    "course_folder",
    "dataset_info",
    "default_data_dir",
    "list_datasets",
    "load_csv",
    "load_series",
]

DATA_DIR_ENV = "TUTORIAL_UTILS_DATA_DIR"
"""Environment variable that points the loader at another ``data/`` folder."""


@dataclass(frozen=True)
class DatasetInfo:
    """What the course knows about one shipped data file (see ``data/README.md``)."""

    name: str
    filename: str
    sha256: str
    columns: tuple[str, ...]
    units: tuple[str, ...]
    step: np.timedelta64
    description: str
    source: str
    licence: str


@dataclass(frozen=True)
class Series:
    """A loaded series.

    Attributes:
        name: the registered name.
        timestamps: ``datetime64`` array of shape ``(n,)``, strictly increasing.
        values: ``float64`` array, shape ``(n,)`` for one column or ``(n, k)`` for ``k``.
        columns: the column names, in the order of the last axis of ``values``.
        units: one unit per column.
        step: the regular spacing of the index, as ``numpy.timedelta64``.
        gaps: every place where the index skips one or more steps (empty if none).
        notes: what :func:`load_csv` found and kept rather than refused (gaps, blank or
            non-numeric cells kept as NaN, a table that looks wide), one sentence each; empty
            for a shipped series.
    """

    name: str
    timestamps: np.ndarray
    values: np.ndarray
    columns: tuple[str, ...]
    units: tuple[str, ...]
    step: np.timedelta64
    gaps: tuple[Gap, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.timestamps)


class ChecksumError(ValueError):
    """A data file exists but its content is not the one the course was written for."""


_DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in (
        DatasetInfo(
            name="electricity_demand",
            filename="electricity_demand_ew_2000.csv",
            sha256="faa787d2f431eb00eaa19c0b62e0b053009395e86b5911cb5283ff8d75f6bd83",
            columns=("demand_mw",),
            units=("MW",),
            step=np.timedelta64(30, "m"),
            description=(
                "Half-hourly electricity demand in England and Wales, Monday 5 June to "
                "Sunday 27 August 2000: 84 days x 48 half-hours = 4032 values."
            ),
            source=(
                "Taylor (2003), J. Oper. Res. Soc. 54:799-805; as shipped in pmdarima 2.1.1 "
                "(pmdarima/datasets/taylor.py) and in R's forecast package as `taylor`."
            ),
            licence="MIT (pmdarima); data kindly provided by James W. Taylor",
        ),
        DatasetInfo(
            name="weather_greensboro",
            filename="weather_greensboro_tmy3.csv",
            sha256="5d8614ba524e2836c36fecc9474b135753dba8d3689c121c69cb47248ab950fa",
            columns=("ghi_w_m2", "temp_air_c"),
            units=("W/m^2", "degC"),
            step=np.timedelta64(1, "h"),
            description=(
                "Hourly global horizontal irradiance and air temperature, Greensboro NC "
                "(typical meteorological year TMY3: 12 real months from different years, "
                "placed on the nominal year 2001, local standard time UTC-5)."
            ),
            source=(
                "NREL TMY3 station 723170, as shipped in pvlib 0.16.1 (pvlib/data/723170TYA.CSV)."
            ),
            licence="BSD-3-Clause (pvlib); NREL TMY3 data are public",
        ),
        DatasetInfo(
            name="sunspots",
            filename="sunspots_yearly.csv",
            sha256="ff5fe5da7b17975bc09777b21baa2482ed6385659543e7ce8f2f8ac0f163c50d",
            columns=("sunspot_number",),
            units=("sunspots",),
            step=np.timedelta64(1, "Y"),
            description="Yearly mean sunspot number, 1700-2008 (309 values).",
            source=(
                "NOAA National Geophysical Data Center, as shipped in statsmodels 0.15.0 "
                "(statsmodels/datasets/sunspots)."
            ),
            licence="Public domain",
        ),
        DatasetInfo(
            name="co2_mauna_loa",
            filename="co2_mauna_loa_weekly.csv",
            sha256="c2c297e95b4f565a4a00c3be2f47de3734e47cb5fe58b6ba0f2b4991f97aa13b",
            columns=("co2_ppm",),
            units=("ppm",),
            step=np.timedelta64(7, "D"),
            description=(
                "Weekly mean atmospheric CO2 at Mauna Loa, Hawaii, 29 March 1958 to 29 December "
                "2001 (2284 weeks, 59 of them blank: a rising trend with a yearly cycle)."
            ),
            source=(
                "Scripps Institution of Oceanography (Keeling and Whorf 2004, CDIAC), as shipped "
                "in statsmodels 0.15.0 (statsmodels/datasets/co2)."
            ),
            licence="Public domain",
        ),
        DatasetInfo(
            name="elnino_sst",
            filename="elnino_sst_wide.csv",
            sha256="4e5ea5c2d04b11a2fe1bf37fe63febebe9e879ee36819497ad986ad7db8d6503",
            columns=tuple("jan feb mar apr may jun jul aug sep oct nov dec".split()),
            units=("degC",) * 12,
            step=np.timedelta64(1, "Y"),
            description=(
                "Monthly mean sea-surface temperature in the Nino 1+2 region of the Pacific "
                "(0-10 S, 90-80 W), 1950-2010, as a WIDE table: one row per year, one column "
                "per month (61 x 12 = 732 months). Notebook 10 makes it one series."
            ),
            source=(
                "NOAA Climate Prediction Center, ERSST v3b Nino 1+2 index, as shipped in "
                "statsmodels 0.15.0 (statsmodels/datasets/elnino)."
            ),
            licence="Public domain",
        ),
    )
}


def list_datasets() -> list[str]:
    """Return the names :func:`load_series` accepts, sorted.

    Example:
        >>> list_datasets()
        ['co2_mauna_loa', 'electricity_demand', 'elnino_sst', 'sunspots', 'weather_greensboro']
    """
    return sorted(_DATASETS)


def dataset_info(name: str) -> DatasetInfo:
    """Return the registry entry for ``name``; raise ``ValueError`` listing known names."""
    if not isinstance(name, str):
        raise TypeError(f"dataset name must be a str, got {type(name).__name__}: {name!r}")
    try:
        return _DATASETS[name]
    except KeyError:
        known = ", ".join(repr(n) for n in list_datasets())
        raise ValueError(
            f"unknown dataset {name!r}. Known datasets: {known}. "
            "For a file of your own, use tutorial_utils.data.load_csv(path, time_column=...); "
            "every later helper (make_windows, make_case, the baselines) takes plain NumPy "
            "arrays, so series.values (or any array) goes straight in."
        ) from None


def course_folder(name: str) -> Path:
    """The course's ``data`` or ``evidence`` folder, installed or in a clone: the one rule.

    A wheel carries them inside the package, as ``tutorial_utils/_data`` and ``_evidence``
    (``pyproject.toml``); a clone, or an editable install of one, has them beside the package.

    Example:
        >>> (course_folder("data") / "README.md").is_file()
        True
    """
    package = Path(__file__).resolve().parent
    installed = package / f"_{name}"
    return installed if installed.is_dir() else package.parent / name


def default_data_dir() -> Path:
    """The folder searched for data files.

    ``$TUTORIAL_UTILS_DATA_DIR`` if set, else :func:`course_folder` ``("data")``.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return course_folder("data")


def _not_found(what: str, filename: str, folder: Path) -> str:
    """Why a shipped file was not found: which file, where the loader looked, and the fix."""
    if os.environ.get(DATA_DIR_ENV) and Path(os.environ[DATA_DIR_ENV]) == folder:
        where = f"the folder ${DATA_DIR_ENV} names"
    elif folder == course_folder("data"):
        where = "the installed package's data" if folder.name == "_data" else "the clone's data/"
    else:
        where = "the data_dir given"
    if not (folder / "README.md").is_file():
        where += ", not the course's data folder: it has no README.md of checksums"
    return (
        f"{what} expects the file {filename!r}, but there is no {folder / filename} ({where}). "
        f"The loader looks in ${DATA_DIR_ENV} if set, else in the installed package's _data, "
        "else in the data/ folder of the clone the package runs from. Fix: run from a complete "
        "clone of the course, or install the course (README.md, 'Run it elsewhere'), or set "
        f"${DATA_DIR_ENV} to the folder that holds the course's data."
    )


def _changed(path: Path, actual: str, expected: str) -> str:
    """Why a shipped file was refused: its checksum, where it lies, and how to restore it."""
    if path.parent.name == "_data":
        fix = "reinstall the course (pip install --force-reinstall <the wheel or the clone>)"
    else:
        fix = f"restore it with `git checkout -- data/{path.name}` in the course clone"
    return (
        f"{path} does not have the expected content: its SHA-256 is {actual}, expected "
        f"{expected} (data/README.md). The file was changed or damaged; {fix}, or unset "
        f"${DATA_DIR_ENV} if it points at another copy."
    )


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as 64 hex digits (read in blocks; shared with recordings).

    Example:
        >>> len(sha256(default_data_dir() / "README.md"))
        64
    """
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def load_series(
    name: str,
    *,
    columns: str | list[str] | tuple[str, ...] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> Series:
    """Load a shipped series after checking its SHA-256.

    Args:
        name: one of :func:`list_datasets`.
        columns: one column name (``values`` is then 1-D) or several (``values`` is
            ``(n, k)`` in that order). By default all columns of the dataset.
        data_dir: where to look for the file; default :func:`default_data_dir`.

    Returns:
        A :class:`Series` whose ``timestamps`` are ``datetime64`` and ``values`` are
        ``float64``. Gaps in the time index are reported in ``Series.gaps``, never filled.

    Raises:
        ValueError: unknown name or column (the message lists the known ones).
        FileNotFoundError: the file is not where it should be (the message says where).
        ChecksumError: the file's SHA-256 differs from the registered one.

    Example:
        >>> demand = load_series("electricity_demand")
        >>> demand.values.shape, demand.values.dtype, demand.step
        ((4032,), dtype('float64'), np.timedelta64(30,'m'))
    """
    info = dataset_info(name)
    wanted = _pick_columns(info, columns)
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    path = folder / info.filename
    if not path.is_file():
        raise FileNotFoundError(_not_found(f"dataset {name!r}", info.filename, folder))
    actual = sha256(path)
    if actual != info.sha256:
        raise ChecksumError(_changed(path, actual, info.sha256))
    with path.open(newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    positions = [header.index(c) for c in wanted]
    timestamps = np.array([row[0] for row in rows], dtype="datetime64")
    # A blank cell is a week nobody measured (co2_mauna_loa has some): NaN, said in notes.
    values = np.array(
        [[float(row[p]) if row[p].strip() else math.nan for p in positions] for row in rows],
        dtype=np.float64,
    )
    blank = int(np.isnan(values).sum())
    notes = (f"{blank} blank cell{'s' * (blank > 1)} kept as NaN.",) if blank else ()
    if len(wanted) == 1:
        values = values[:, 0]
    units = tuple(info.units[info.columns.index(c)] for c in wanted)
    return Series(
        name=name,
        timestamps=timestamps,
        values=values,
        columns=wanted,
        units=units,
        step=info.step,
        gaps=find_gaps(timestamps, info.step),
        notes=notes,
    )


def _pick_columns(
    info: DatasetInfo, columns: str | list[str] | tuple[str, ...] | None
) -> tuple[str, ...]:
    if columns is None:
        return info.columns
    wanted = (columns,) if isinstance(columns, str) else tuple(columns)
    unknown = [c for c in wanted if c not in info.columns]
    if unknown or not wanted:
        raise ValueError(
            f"dataset {info.name!r} has columns {list(info.columns)}; got {list(wanted)}. "
            "Pass one of those names, or a list of them."
        )
    return wanted


_TIME_FORMATS = "ISO dates or date-times such as 2001-03-31, 2001-03 or 2001-03-31T14:30"
_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?)?)?")


def _parse_time(cell: str, line: int, column: str) -> np.datetime64:
    text = cell.strip()
    if len(text) > 10 and text[10] == " ":
        text = text[:10] + "T" + text[11:]  # "2001-03-31 14:30" is ISO with a space
    hint = ""
    if re.fullmatch(r"\d{8}", text):  # NumPy would read 20010331 as a year
        hint = f" It looks like YYYYMMDD: write it {text[:4]}-{text[4:6]}-{text[6:]}."
    try:
        if hint or not _ISO.fullmatch(text) or text[-1] in "Zz" or "+" in text[10:]:
            raise ValueError(text)  # time zones: NumPy would guess or warn, so refuse
        return np.datetime64(text)
    except ValueError:
        raise ValueError(
            f"line {line}: the time column {column!r} holds {cell!r}, which is not a date or "
            f"time; expected {_TIME_FORMATS} (no time zone).{hint} Fix that cell, or convert "
            "the column to ISO format first (e.g. in a spreadsheet, or with datetime.strptime)."
        ) from None


def _number(cell: str) -> float:
    """The cell as a float, or NaN when it is blank or not a number."""
    try:
        value = float(cell)
    except ValueError:
        return math.nan
    return value


def _coarsest_unit(timestamps: np.ndarray) -> np.ndarray:
    """``timestamps`` in the coarsest unit that keeps them exact (month starts become months)."""
    for unit in ("Y", "M", "D", "h", "m", "s"):
        coarse = timestamps.astype(f"datetime64[{unit}]")
        if np.all(coarse == timestamps):
            return coarse
    return timestamps


def load_csv(
    path: str | os.PathLike[str],
    *,
    time_column: str,
    value_columns: str | list[str] | tuple[str, ...] | None = None,
    step: np.timedelta64 | None = None,
) -> Series:
    """Load a series of your own from a CSV file with a header row, checked like the shipped ones.

    The times are parsed (ISO dates or date-times; month starts become months), the step is
    the most common spacing unless you give it, and what is missing is *kept and reported*,
    never dropped: a skipped time step is a :class:`Gap` in ``Series.gaps``, a blank or
    non-numeric cell is ``NaN`` in ``Series.values``, and ``Series.notes`` says how many of
    each there are and where the first is. What cannot be a series is refused with the line
    of the file and the fix. The file is only read.

    Args:
        path: the CSV file (comma-separated, first line = column names).
        time_column: the name of the column that holds the times.
        value_columns: one column name (``values`` is then 1-D) or several (``(n, k)``, in
            that order). By default every other column whose cells are mostly numbers.
        step: the regular spacing, e.g. ``np.timedelta64(7, "D")``; by default the most
            common spacing between consecutive times.

    Returns:
        A :class:`Series` (named after the file, units unknown: ``""``). Every later helper
        takes plain arrays: ``series.values``.

    Raises:
        FileNotFoundError: no file at ``path``.
        TypeError: a column name or the step of the wrong type.
        ValueError: no such column, a column with no number in it, a time that cannot be
            parsed, times that repeat, go backwards or fall off the grid of ``step``.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "shop.csv").write_text(
        ...     "week,sales\\n2024-01-01,10\\n2024-01-08,\\n2024-01-15,12\\n2024-01-29,15\\n")
        >>> shop = load_csv(folder / "shop.csv", time_column="week")
        >>> shop.values.tolist(), shop.step, shop.gaps[0].missing
        ([10.0, nan, 12.0, 15.0], np.timedelta64(7,'D'), 1)
        >>> print("\\n".join(shop.notes))
        1 missing time step in 1 gap; the first after 2024-01-15 (line 4).
        1 blank or non-numeric cell kept as NaN; the first at line 3, column 'sales': ''.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a file path (str or Path), got {type(path).__name__}")
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no CSV file at {path.resolve()}. Check the path and its folder.")
    if not isinstance(time_column, str):
        raise TypeError(
            f"time_column must be a column name (str), got {type(time_column).__name__}: "
            f"{time_column!r}"
        )
    if step is not None and not isinstance(step, np.timedelta64):
        raise TypeError(
            f"step must be a numpy.timedelta64 such as np.timedelta64(7, 'D'), got "
            f"{type(step).__name__}: {step!r}. Or leave it out to infer the most common spacing."
        )
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    if not rows:
        raise ValueError(f"{path.name} is empty; expected a header line and one line per time.")
    header = [name.strip() for name in rows[0]]
    body = [(i + 2, row) for i, row in enumerate(rows[1:]) if any(c.strip() for c in row)]
    if time_column not in header:
        raise ValueError(
            f"{path.name} has no column {time_column!r}; its columns are {header}. "
            "Pass one of those as time_column."
        )
    t_at = header.index(time_column)
    if not body:
        raise ValueError(f"{path.name} has a header but no data lines; nothing to load.")

    def cell(row: list[str], at: int) -> str:
        return row[at].strip() if at < len(row) else ""

    def numeric_share(at: int) -> float:
        filled = [cell(row, at) for _, row in body if cell(row, at)]
        return sum(not math.isnan(_number(c)) for c in filled) / max(len(filled), 1)

    if value_columns is None:
        wanted = tuple(h for i, h in enumerate(header) if i != t_at and numeric_share(i) > 0.5)
        if not wanted:
            raise ValueError(
                f"{path.name} has no column of numbers besides {time_column!r} (columns: "
                f"{header}); a series needs at least one. Check the delimiter is a comma and "
                "the numbers use a decimal point."
            )
    else:
        wanted = (value_columns,) if isinstance(value_columns, str) else tuple(value_columns)
        if not all(isinstance(c, str) for c in wanted):
            raise TypeError(
                f"value_columns must be a column name or a list of names, got {value_columns!r}"
            )
        unknown = [c for c in wanted if c not in header or c == time_column]
        if unknown or not wanted:
            raise ValueError(
                f"{path.name} has no value column(s) {unknown or '(none given)'}; its columns "
                f"are {header} ({time_column!r} holds the times). Pass names from that list."
            )
        for name in wanted:
            if numeric_share(header.index(name)) == 0:
                raise ValueError(
                    f"column {name!r} of {path.name} holds no number at all (first cell: "
                    f"{cell(body[0][1], header.index(name))!r}); expected numbers with a "
                    "decimal point. Choose another column, or convert this one first."
                )
    lines = np.array([line for line, _ in body])
    timestamps = _coarsest_unit(
        np.array([_parse_time(cell(row, t_at), line, time_column) for line, row in body])
    )
    jumps = np.diff(timestamps)
    zero = np.zeros_like(jumps[:1])
    if np.any(jumps <= zero):
        k = int(np.argmax(jumps <= zero))
        same = jumps[k] == zero[0]
        raise ValueError(
            f"times must increase from line to line, but line {lines[k + 1]} "
            f"({timestamps[k + 1]}) {'repeats' if same else 'comes before'} line {lines[k]} "
            f"({timestamps[k]}). "
            + (
                "Each time may appear once: drop or merge the duplicate lines (e.g. average them)."
                if same
                else "Sort the file by time first."
            )
        )
    if step is None:
        if len(jumps) == 0:
            raise ValueError(
                f"{path.name} has one line of data, so the step cannot be inferred; "
                "pass step=, e.g. np.timedelta64(1, 'D'), or load a longer file."
            )
        kinds, counts = np.unique(jumps, return_counts=True)
        step = kinds[int(np.argmax(counts))]
    if not step > np.zeros_like(step):
        raise ValueError(f"step must be a positive time span, got {step}.")
    ratio = jumps / step
    off = ~np.isclose(ratio, np.round(ratio)) | (np.round(ratio) < 1)
    if np.any(off):
        k = int(np.argmax(off))
        raise ValueError(
            f"the times are not on a regular grid of {step}: from line {lines[k]} "
            f"({timestamps[k]}) to line {lines[k + 1]} ({timestamps[k + 1]}) they move by "
            f"{jumps[k]}. Pass the step your data has (step=...), or put the series on a "
            "regular grid first (e.g. monthly totals)."
        )
    values = np.array(
        [[_number(cell(row, header.index(c))) for c in wanted] for _, row in body],
        dtype=np.float64,
    )
    gaps = find_gaps(timestamps, step)
    notes = []
    if gaps:
        missing = sum(g.missing for g in gaps)
        first = int(np.flatnonzero(timestamps == gaps[0].after)[0])
        notes.append(
            f"{missing} missing time step{'s' * (missing > 1)} in {len(gaps)} "
            f"gap{'s' * (len(gaps) > 1)}; the first after {gaps[0].after} (line {lines[first]})."
        )
    if len(wanted) in (4, 12) and np.datetime_data(step) == ("Y", 1):
        part = "quarter" if len(wanted) == 4 else "month"
        notes.append(
            f"one line a year with {len(wanted)} value columns: if they are the {part}s of each "
            f"year (a wide table), they are one series in time order, not {len(wanted)} "
            "features; docs/cheatsheet.md, 'Your own series', shows how to make it."
        )
    holes = np.isnan(values)
    if holes.any():
        r, c = np.argwhere(holes)[0]
        n = int(holes.sum())
        notes.append(
            f"{n} blank or non-numeric cell{'s' * (n > 1)} kept as NaN; the first at line "
            f"{lines[r]}, column {wanted[c]!r}: {cell(body[r][1], header.index(wanted[c]))!r}."
        )
    return Series(
        name=path.stem,
        timestamps=timestamps,
        values=values[:, 0] if len(wanted) == 1 else values,
        columns=wanted,
        units=("",) * len(wanted),
        step=step,
        gaps=gaps,
        notes=tuple(notes),
    )
