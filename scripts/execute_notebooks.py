"""Execute notebooks in place, top to bottom, so their committed outputs are fresh.

    python scripts/execute_notebooks.py                 # every notebook and solution
    python scripts/execute_notebooks.py notebooks/03_cnn_lstm.ipynb

Run through `make notebooks`, which sets the same environment as `make test`. Lines that
TensorFlow's C++ runtime writes to stderr at start-up (CUDA probing, absl notices) are
removed from the stored outputs: they say nothing about the lesson, differ per machine,
and nbval does not compare stderr anyway. In tracebacks, absolute paths are shortened
(`tutorial_utils/shapes.py`, `site-packages/keras/...`) so a reader on GitHub does not see
the folders of the machine that ran the notebook; nbval does not compare tracebacks. Every
other output is kept as produced.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called"
    r"|[IWE]\d{4} [\d:.]+\s+\d+ \S+:\d+\]"
    r"|WARNING: All log messages before absl)"
)


SITE_PACKAGES = re.compile(r"/[^\s\x1b'\"]*/site-packages/")


def shorten_paths(text: str) -> str:
    """Make the checkout's files relative and cut installed packages to ``site-packages/``."""
    return SITE_PACKAGES.sub("site-packages/", text).replace(f"{ROOT}/", "")


def strip_runtime_noise(nb: nbformat.NotebookNode) -> None:
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.outputs:
            if out.output_type == "error":
                out.traceback = [shorten_paths(line) for line in out.traceback]
            if out.output_type == "stream" and out.name == "stderr":
                lines = [ln for ln in out.text.splitlines(keepends=True) if not NOISE.match(ln)]
                if not "".join(lines).strip():
                    continue
                out.text = "".join(lines)
            previous = kept[-1] if kept else None
            if (
                previous is not None
                and out.output_type == previous.output_type == "stream"
                and out.name == previous.name
            ):
                previous.text += out.text  # one stream block per cell reads better
            else:
                kept.append(out)
        cell.outputs = kept


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    seconds = time.perf_counter() - start
    strip_runtime_noise(nb)
    nbformat.write(nb, path)
    return seconds


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or sorted(
        p for folder in ("notebooks", "solutions") for p in (ROOT / folder).glob("[0-9]*.ipynb")
    )
    for path in paths:
        print(f"{path.name:40s} {execute(path):6.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
