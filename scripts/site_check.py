"""Check the built site: every page's links and figures, and one page in headless Chromium.

    python scripts/site_check.py                       # build the site, check it
    python scripts/site_check.py --no-build --page 01_raw_series

Run through `make site-check`; not part of `make test` (it needs a browser). Two checks:

1. Every page of the site, read as HTML (pure Python, no browser): each relative link
   (``href``, ``src``) must reach a file of the site, and a ``#fragment`` an element with that
   id, offline (``build_site.dead_links``, which ``make html`` runs too); each notebook's page
   must carry as many embedded PNG figures as the notebook has. One line per problem.
2. One lesson page with a figure (the first, or ``--page``) in headless Chromium, from the
   system (Debian/Ubuntu: ``sudo apt-get install -y chromium``; or set
   ``CHROMIUM=/path/to/chrome``): as loaded, it must have its navigation bar and the
   notebook's figures as ``<img>`` PNGs, and the screenshot (``build/site-check.png``) must
   show the first figure pixel for pixel (decoded and painted at full size).

Exit status: 0 passed, 1 failed, 2 no Chromium (after the first check passed).
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_site  # a sibling script, not an installed module

PNG = re.compile(r'<img[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
FLAGS += ["--force-device-scale-factor=1"]  # one CSS pixel is one screenshot pixel


def chromium(args: list[str]) -> bytes:
    """Run headless Chromium once with a throw-away profile; return what it printed."""
    exe = os.environ.get("CHROMIUM") or next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )
    if exe is None:
        raise FileNotFoundError("Chromium not found: sudo apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [exe, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, timeout=120
        )
    if done.returncode:
        raise RuntimeError(f"chromium failed: {done.stderr.decode(errors='replace')[-1000:]}")
    return done.stdout


def rgb(image: np.ndarray) -> np.ndarray:
    """An image read by matplotlib as uint8 RGB on white.

    Example:
        >>> rgb(np.zeros((1, 1, 4), dtype=np.float32)).tolist()
        [[[255, 255, 255]]]
    """
    x = image.astype(np.float64) / (255.0 if image.dtype == np.uint8 else 1.0)
    if x.shape[-1] == 4:
        x = x[..., :3] * x[..., 3:] + (1.0 - x[..., 3:])
    return np.round(x[..., :3] * 255).astype(np.uint8)


def locate(figure: np.ndarray, shot: np.ndarray) -> tuple[int, int] | None:
    """Where ``figure`` appears pixel for pixel in ``shot`` (row, column), or None.

    Example:
        >>> shot = np.full((5, 6, 3), 255, np.uint8); shot[2:4, 3:5] = 7
        >>> locate(shot[1:4, 2:5].copy(), shot)
        (1, 2)
    """
    height, width = figure.shape[:2]
    probe_row = int(np.argmax((figure != 255).any(axis=2).sum(axis=1)))  # its most inked row
    probe = figure[probe_row].tobytes()
    for y in range(probe_row, shot.shape[0] - height + probe_row + 1):
        start = shot[y].tobytes().find(probe)
        while start != -1:
            top, left = y - probe_row, start // 3
            if start % 3 == 0 and np.array_equal(
                shot[top : top + height, left : left + width], figure
            ):
                return top, left
            start = shot[y].tobytes().find(probe, start + 1)
    return None


def check(page: Path, shot_path: Path) -> list[str]:
    """What is wrong with the page as Chromium shows it (an empty list: nothing)."""
    url = page.resolve().as_uri()
    dom = chromium(["--dump-dom", url]).decode("utf-8", "replace")
    problems = []
    if dom.count('<nav class="site-nav"') != 2:
        problems.append("the navigation bar is not at the top and the bottom")
    figures = PNG.findall(dom)
    if not figures:
        return [*problems, "the page shows no PNG figure"]
    first = rgb(mpimg.imread(io.BytesIO(base64.b64decode(figures[0])), format="png"))
    width = max(1280, first.shape[1] + 400)  # wide enough not to scale the figure down
    shot_path.parent.mkdir(parents=True, exist_ok=True)
    for height in (4000, 8000, 16000):  # headless Chromium does not scroll: grow the window
        chromium([f"--window-size={width},{height}", f"--screenshot={shot_path}", url])
        found = locate(first, rgb(mpimg.imread(shot_path)))
        if found:
            print(f"{page.name}: {len(figures)} figure(s); the first painted at {found}")
            return problems
    return [*problems, f"the first figure is not painted at full size in {shot_path}"]


def missing_figures(site: Path, pages: list[tuple[build_site.Page, dict]]) -> list[str]:
    """Pages that do not embed as many PNG figures as their notebook shows."""
    problems = []
    for page, nb in pages:
        built = site / page.href
        if page.source.suffix != ".ipynb" or not built.is_file():
            continue
        wanted = sum(
            "image/png" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", [])
        )
        shown = len(PNG.findall(built.read_text(encoding="utf-8")))
        if shown < wanted:
            problems.append(f"{page.href}: {shown} of its {wanted} figures embedded")
    return problems


def has_figure(nb: dict) -> bool:
    """Whether a notebook shows a PNG figure."""
    return any("image/png" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=build_site.DEFAULT_OUT)
    parser.add_argument("--no-build", action="store_true", help="check the site as it is")
    parser.add_argument("--page", help="a notebook's name without .ipynb")
    parser.add_argument("--screenshot", type=Path, default=build_site.ROOT / "build/site-check.png")
    args = parser.parse_args(argv)
    if not args.no_build:
        build_site.build_site(args.site)
    read = build_site.discover()
    problems = build_site.dead_links(args.site) + missing_figures(args.site, read)
    n_pages = len(list(args.site.rglob("*.html")))
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    print(f"{n_pages} pages read: {len(problems)} dead links or missing figures")
    pages = [
        page
        for page, nb in read
        if page.source.stem == args.page
        or (args.page is None and page.section == "notebooks" and has_figure(nb))
    ]
    if not pages:
        print(f"site_check: no page {args.page or 'with a figure'}", file=sys.stderr)
        return 1
    try:
        shown = check(args.site / pages[0].href, args.screenshot)
    except FileNotFoundError as error:
        print(f"site_check: {error}", file=sys.stderr)
        return 1 if problems else 2
    for problem in shown:
        print(f"FAIL {pages[0].href}: {problem}", file=sys.stderr)
    return 1 if problems or shown else 0


if __name__ == "__main__":
    sys.exit(main())
