"""Check the built site: every page's links and figures, and one page in headless Chromium.

    python scripts/site_check.py                       # build the site, check it
    python scripts/site_check.py --no-build --page 01_raw_series

Run through `make site-check`; not part of `make test` (it needs a browser). Two checks:

1. Every page of the site, read as HTML (pure Python, no browser): each relative link
   (``href``, ``src``) must reach a file of the site, and a ``#fragment`` an element with that
   id, offline; each notebook's page must carry as many embedded PNG figures as the notebook
   has. One line per problem.
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
import html
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import matplotlib.image as mpimg
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_site  # a sibling script, not an installed module

PNG = re.compile(r'<img[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
ANCHOR = re.compile(r'\b(?:id|name)="([^"]+)"')
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


def dead_links(site: Path) -> list[str]:
    """Every relative link of every page under ``site`` that does not resolve offline.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     _ = (Path(d) / "a.html").write_text('<a href="b.html#x">b</a> <p id="y"></p>'
        ...         '<a href="#y">up</a> <a href="c.html">c</a> <a href="https://x.org">web</a>')
        ...     _ = (Path(d) / "b.html").write_text('<h2 id="z">Z</h2>')
        ...     dead_links(Path(d))
        ['a.html: b.html#x has no element with id "x"', 'a.html: c.html does not exist']
    """
    problems, anchors = [], {}
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        for _, url in build_site.LINK.findall(text):
            parts = urlsplit(html.unescape(url))
            if parts.scheme or parts.netloc or "${" in url:
                continue  # the web, data: URIs, mailto:, the search's script template
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            where = page.relative_to(site).as_posix()
            if not target.is_file():
                problems.append(f"{where}: {parts.path} does not exist")
            elif parts.fragment and target.suffix == ".html":
                if target not in anchors:  # nbconvert writes ids percent-encoded
                    ids = ANCHOR.findall(target.read_text(encoding="utf-8"))
                    anchors[target] = {unquote(html.unescape(i)) for i in ids}
                if unquote(parts.fragment) not in anchors[target]:
                    problems.append(
                        f'{where}: {url} has no element with id "{unquote(parts.fragment)}"'
                    )
    return problems


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
    problems = dead_links(args.site) + missing_figures(args.site, read)
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
