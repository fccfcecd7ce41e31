"""Render the course site and look at it in a real browser (headless Chromium).

    python scripts/site_check.py                       # build, check the first page with a figure
    python scripts/site_check.py --page 01_raw_series  # check that page instead
    python scripts/site_check.py --no-build            # check build/site as it is

Run through `make site-check` (which builds the site with `make html` first). It is
deliberately not part of `make test`: it needs a browser and takes several seconds.
Chromium comes from the operating system, not from pip; on Debian or Ubuntu:
``sudo apt-get install -y chromium``.

For the page checked it:

1. builds the site into ``build/site`` (as `make html` does; ``--no-build`` skips that);
2. asks Chromium for the page's DOM after loading (``--dump-dom``) and fails unless the
   page has its title, its navigation bar, real text, and every figure the notebook holds
   as an ``<img>`` whose base64 data decodes to a PNG;
3. takes a screenshot (``build/site-check.png``) and fails if it is blank (under 0.5 %
   non-white pixels) or if the pixels of the page's first figure do not appear in it
   exactly as in the notebook (so the figure was really decoded and painted, at full
   size); a crop around that figure is saved next to it (``build/site-check-figure.png``)
   for a human to look at.

Exit status 0 means the page passed; 1 lists what failed; 2 means Chromium is missing
(set CHROMIUM=/path/to/chromium if it is installed under another name).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import io
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_site  # a sibling script, not an installed module

ROOT = build_site.ROOT
SCREENSHOT = ROOT / "build" / "site-check.png"
APT_HINT = "sudo apt-get install -y chromium"
PNG_PREFIX = "data:image/png;base64,"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",  # one CSS pixel = one screenshot pixel
]
# Headless Chromium paints nothing after scrolling to a #fragment, so instead of scrolling
# we make the window as tall as needed for the figure to be in it, growing it if not.
WINDOW_HEIGHTS = (4000, 8000, 16000)
MIN_INK = 0.005  # a page whose screenshot has less than 0.5 % non-white pixels is "blank"


@dataclass
class PageDom:
    """What the dumped DOM of a page holds, as far as this check cares."""

    title: str = ""
    h1: str = ""
    nav_bars: int = 0
    png_sources: list[str] = field(default_factory=list)  # base64 payloads, in page order
    figure_ids: list[str] = field(default_factory=list)
    text_chars: int = 0


class _DomReader(HTMLParser):
    """Collects `PageDom` facts with the standard library's HTML parser."""

    def __init__(self) -> None:
        super().__init__()
        self.dom = PageDom()
        self._open: list[str] = []
        self._skip = 0  # depth inside <script>/<style>, whose text is not page text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "nav" and "site-nav" in attr.get("class", "").split():
            self.dom.nav_bars += 1
        if tag == "img" and attr.get("src", "").startswith(PNG_PREFIX):
            self.dom.png_sources.append(attr["src"][len(PNG_PREFIX) :])
        if attr.get("id", "").startswith("figure-"):
            self.dom.figure_ids.append(attr["id"])
        if tag not in ("img", "meta", "link", "br", "hr", "input"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] == "title":
            self.dom.title += data
        if "h1" in self._open:
            self.dom.h1 += data
        if not self._skip:
            self.dom.text_chars += len(data.strip())


def read_dom(html_text: str) -> PageDom:
    """Parse a page's HTML into the facts the check uses.

    Example:
        >>> read_dom("<title>T</title><h1>T</h1><p>hello</p>").text_chars
        7
    """
    reader = _DomReader()
    reader.feed(html_text)
    reader.close()
    reader.dom.title, reader.dom.h1 = reader.dom.title.strip(), reader.dom.h1.strip()
    return reader.dom


def find_chromium() -> str | None:
    """The Chromium executable: $CHROMIUM if set, else the first known name on PATH."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def run_chromium(chromium: str, args: list[str], timeout: float = 120) -> bytes:
    """Run headless Chromium once, with a fresh throw-away profile; return its stdout."""
    with tempfile.TemporaryDirectory(prefix="site-check-profile-") as profile:
        done = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace")[-2000:]
        raise RuntimeError(f"chromium exited with {done.returncode}:\n{tail}")
    return done.stdout


def to_rgb8(image: np.ndarray) -> np.ndarray:
    """Any image from `matplotlib.image.imread` as uint8 RGB, transparency painted on white.

    Example:
        >>> to_rgb8(np.zeros((1, 1, 4), dtype=np.float32)).tolist()
        [[[255, 255, 255]]]
    """
    rgb = image.astype(np.float64) / (255.0 if image.dtype == np.uint8 else 1.0)
    if rgb.ndim == 2:  # grey scale
        rgb = np.stack([rgb] * 3, axis=-1)
    if rgb.shape[2] == 4:
        alpha = rgb[..., 3:]
        rgb = rgb[..., :3] * alpha + (1.0 - alpha)
    return np.round(rgb[..., :3] * 255).astype(np.uint8)


def locate(figure: np.ndarray, shot: np.ndarray) -> tuple[int, int] | None:
    """Top-left (row, column) where ``figure`` appears pixel for pixel in ``shot``, or None.

    Both are uint8 RGB arrays. A row of the figure with the most ink is searched for in
    every row of the screenshot (a fast byte search); each hit is then compared whole.

    Example:
        >>> shot = np.full((5, 6, 3), 255, np.uint8); shot[2:4, 3:5] = 7
        >>> locate(shot[1:4, 2:5].copy(), shot)
        (1, 2)
    """
    height, width = figure.shape[:2]
    probe_row = int(np.argmax((figure != 255).any(axis=2).sum(axis=1)))
    probe = figure[probe_row].tobytes()
    for y in range(probe_row, shot.shape[0] - (height - probe_row) + 1):
        line = shot[y].tobytes()
        start = line.find(probe)
        while start != -1:
            if start % 3 == 0:
                top, left = y - probe_row, start // 3
                if np.array_equal(shot[top : top + height, left : left + width], figure):
                    return top, left
            start = line.find(probe, start + 1)
    return None


def decode_png(payload: str) -> np.ndarray:
    """Decode a base64 PNG into uint8 RGB, raising ValueError if it is not a PNG."""
    try:
        raw = base64.b64decode(payload, validate=True)
    except binascii.Error as error:
        raise ValueError(f"figure data is not valid base64: {error}") from error
    if not raw.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("figure data is not a PNG (wrong signature)")
    return to_rgb8(mpimg.imread(io.BytesIO(raw), format="png"))


def check_page(
    chromium: str, page: build_site.Page, site: Path, expected_pngs: int, shot_path: Path
) -> list[str]:
    """Open one page in Chromium; return what is wrong with it (empty list: all good).

    Writes the screenshot to ``shot_path`` and a crop around the first figure next to it
    (``<name>-figure.png``).
    """
    url = (site / page.href).resolve().as_uri()
    problems: list[str] = []

    dom = read_dom(run_chromium(chromium, ["--dump-dom", url]).decode("utf-8", "replace"))
    if dom.title != page.title:
        problems.append(f"<title> is {dom.title!r}, expected {page.title!r}")
    if page.title not in dom.h1:
        problems.append(f"the page heading is {dom.h1!r}, expected it to hold {page.title!r}")
    if dom.nav_bars != 2:
        problems.append(f"expected the navigation bar at top and bottom, found {dom.nav_bars}")
    if dom.text_chars < 200:
        problems.append(f"the page is (nearly) empty: {dom.text_chars} characters of text")
    if len(dom.png_sources) != expected_pngs:
        problems.append(
            f"the notebook has {expected_pngs} PNG figure(s), the page shows "
            f"{len(dom.png_sources)} as <img>"
        )
    figures = []
    for number, payload in enumerate(dom.png_sources, start=1):
        try:
            figures.append(decode_png(payload))
        except ValueError as error:
            problems.append(f"figure {number}: {error}")
    if not figures:
        problems.append("no figure could be decoded, so none can be looked for on screen")
        return problems

    first = figures[0]
    shot_path.parent.mkdir(parents=True, exist_ok=True)
    width = max(1280, first.shape[1] + 400)  # wide enough that the figure is not scaled down
    found = None
    for height in WINDOW_HEIGHTS:
        shot_path.unlink(missing_ok=True)
        run_chromium(
            chromium, [f"--window-size={width},{height}", f"--screenshot={shot_path}", url]
        )
        if not shot_path.exists():
            problems.append(f"chromium wrote no screenshot to {shot_path}")
            return problems
        shot = to_rgb8(mpimg.imread(shot_path))
        found = locate(first, shot)
        inked_rows = np.flatnonzero((shot < 245).any(axis=(1, 2)))
        page_ended = inked_rows.size == 0 or inked_rows[-1] < height - 50
        if found is not None or page_ended:  # a taller window would show nothing new
            break
    if inked_rows.size:  # keep the page, not the empty window below it
        shot = shot[: inked_rows[-1] + 20]
        mpimg.imsave(shot_path, shot)
    ink = float((shot < 245).any(axis=2).mean())
    if ink < MIN_INK:
        problems.append(f"the screenshot is blank ({ink:.2%} non-white pixels): {shot_path}")
    if found is None:
        problems.append(
            f"figure 1 ({first.shape[1]}×{first.shape[0]} px) does not appear in the "
            f"screenshot {shot_path}: it was not painted, or not at full size"
        )
    else:
        top, _ = found
        crop = shot[max(0, top - 150) : top + first.shape[0] + 150]
        mpimg.imsave(shot_path.with_name(f"{shot_path.stem}-figure.png"), crop)
        print(
            f"  {page.href}: title, navigation, {len(figures)} figure(s) in the DOM; "
            f"figure 1 painted at {found} (row, column); {ink:.1%} of the screenshot inked"
        )
    return problems


def chromium_missing_message() -> str:
    """What to tell someone who has no Chromium: the apt command, and the override.

    Example:
        >>> "apt-get install -y chromium" in chromium_missing_message()
        True
    """
    return (
        "site_check: Chromium not found (looked for $CHROMIUM, then "
        f"{', '.join(CHROMIUM_NAMES)} on PATH). On Debian or Ubuntu install it with:\n"
        f"    {APT_HINT}\n"
        "Elsewhere, install Chromium or Chrome and set CHROMIUM=/path/to/it."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=build_site.DEFAULT_OUT)
    parser.add_argument("--no-build", action="store_true", help="check the site as it is")
    parser.add_argument("--page", help="notebook name without .ipynb, e.g. 01_raw_series")
    parser.add_argument("--screenshot", type=Path, default=SCREENSHOT)
    args = parser.parse_args(argv)

    chromium = find_chromium()
    if chromium is None:
        print(chromium_missing_message(), file=sys.stderr)
        return 2

    read = build_site.read_notebooks(build_site.discover_notebooks())
    if not args.no_build:
        build_site.build_site([page.source for page, _ in read], out_dir=args.site)
        print(f"built {len(read)} pages into {args.site}")
    pngs = {page.href: build_site.count_figures(nb, ("image/png",)) for page, nb in read}
    pages = [page for page, _ in read]
    if args.page:
        chosen = [p for p in pages if p.source.stem == args.page]
        if not chosen:
            names = ", ".join(p.source.stem for p in pages)
            print(f"site_check: no page named {args.page!r}; there are: {names}", file=sys.stderr)
            return 1
    else:
        chosen = [p for p in pages if p.section == "notebooks" and pngs[p.href] > 0][:1]
        if not chosen:
            print("site_check: no lesson page has a figure to look for", file=sys.stderr)
            return 1
    page = chosen[0]
    if pngs[page.href] == 0:
        print(f"site_check: {page.source.stem} holds no PNG figure to look for", file=sys.stderr)
        return 1
    if not (args.site / page.href).exists():
        print(
            f"site_check: {args.site / page.href} does not exist; build the site first "
            "(make html) or drop --no-build.",
            file=sys.stderr,
        )
        return 1

    try:
        problems = check_page(chromium, page, args.site, pngs[page.href], args.screenshot)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        problems = [f"could not run Chromium: {error}"]
    for problem in problems:
        print(f"FAIL {page.href}: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"site check passed for {page.href}; screenshot: {args.screenshot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
