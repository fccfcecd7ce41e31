"""Render the executed notebooks as a static website, in course order.

    python scripts/build_site.py                       # every lesson and solution -> build/site
    python scripts/build_site.py --out /tmp/site notebooks/00_start_here.ipynb

Run through `make html`. The notebooks are NOT re-executed: each page shows the outputs
committed in the notebook (run `make notebooks` first if they are stale), so building the
site takes seconds and needs no kernel. A notebook with a code cell that was never run is
refused, because its page would silently lack outputs.

What the site holds:

- ``index.html``: the course title, then every lesson in course order (the order of the
  ``NN_`` prefixes), each under the title taken from the notebook's first ``# `` heading,
  then the solutions, if ``solutions/`` holds any.
- ``cheatsheet.html``: ``docs/cheatsheet.md`` (the course on one page) rendered from Markdown,
  linked from the index; links to it from notebooks point at this page.
- ``notebooks/NN_name.html`` and ``solutions/NN_name_solutions.html``: one page per
  notebook, made by nbconvert's JupyterLab template, with a navigation bar at the top and
  bottom (previous page, contents, next page). Figures are embedded as base64 PNGs and each
  gets an anchor, ``#figure-1``, ``#figure-2``..., so a figure can be linked to.

Links between notebooks (``[next](01_raw_series.ipynb)``) are rewritten to point at the
pages. A link to a notebook that is not part of the build is left alone and reported.
Cells are shown exactly as in the notebook, ``# NBVAL_...`` comments included: removing
them would put the line numbers of a deliberate traceback out of step with the code, and
``# NBVAL_RAISES_EXCEPTION`` tells a reader that the error below is on purpose.

Everything is written inside the output folder and nowhere else. The folder may not be
(or hold, or sit inside) the course's ``notebooks/`` or ``solutions/`` folders or the
folder of any notebook being rendered, so a mistyped ``--out .`` cannot mix pages into
the sources.

The tool is nbconvert, which ships with JupyterLab and is already installed: the site
needs no new dependency, no Node.js and no Sphinx, and a page looks the way the notebook
looks in JupyterLab.
"""

from __future__ import annotations

import argparse
import functools
import html
import logging
import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
from bs4 import BeautifulSoup
from jinja2 import DictLoader
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "build" / "site"
SECTIONS = ("notebooks", "solutions")  # folder names, in the order the index lists them
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
CHEATSHEET = ("docs/cheatsheet.md", "cheatsheet.html")  # (source in the course, page in the site)

# The page template: nbconvert's JupyterLab page, plus our navigation bar at the top and
# bottom of <main>, plus its style. require.js is only loaded when the notebook holds
# widgets, MathJax only when it holds LaTeX: both come from a CDN, and a page without them
# loads instantly offline.
PAGE_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}
{%- if "widgets" in nb.metadata -%}{{ super() }}{%- endif -%}
{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}
{%- if resources.site.uses_math -%}{{ super() }}{%- endif -%}
{%- endblock html_head_js_mathjax -%}
{% block extra_css %}
<style type="text/css">{{ resources.site.css }}</style>
{% endblock extra_css %}
{%- block body_header -%}
{{ super() }}
{{ resources.site.nav }}
{%- endblock body_header -%}
{% block body_footer %}
{{ resources.site.nav }}
{{ super() }}
{% endblock body_footer %}
"""

NAV_CSS = """
nav.site-nav { display: flex; justify-content: space-between; align-items: baseline;
  gap: 1em; margin: 0.5em 0 1em; padding: 0.5em 0.75em; border: 1px solid #d0d7de;
  border-radius: 6px; background: #f6f8fa;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
nav.site-nav a { color: #0b5cad; text-decoration: none; }
nav.site-nav a:hover { text-decoration: underline; }
nav.site-nav .site-nav-prev, nav.site-nav .site-nav-next { flex: 1 1 0; }
nav.site-nav .site-nav-next { text-align: right; }
nav.site-nav .site-nav-index { flex: 0 0 auto; font-weight: 600; }
"""

INDEX_CSS = """
body { max-width: 46em; margin: 2em auto; padding: 0 1em; color: #1f2328;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.7em; line-height: 1.25; }
ol.site-toc { padding-left: 0; list-style: none; }
ol.site-toc li { margin: 0.4em 0; }
a { color: #0b5cad; }
code { font-size: 0.9em; background: #f6f8fa; padding: 0.1em 0.3em; border-radius: 4px; }
footer { margin-top: 3em; color: #59636e; font-size: 0.9em; }
"""

LATEX = re.compile(r"\$\$|\$[^$\s][^$\n]*\$|\\\(|\\\[|\\begin\{")


@dataclass(frozen=True)
class Page:
    """One notebook and the page made from it.

    Example:
        >>> page = Page(Path("notebooks/00_start_here.ipynb"), "notebooks", "00 · Start here")
        >>> page.href
        'notebooks/00_start_here.html'
    """

    source: Path
    section: str
    title: str

    @property
    def href(self) -> str:
        """Path of the page relative to the site root, with forward slashes."""
        return f"{self.section}/{self.source.stem}.html"


@dataclass
class SiteReport:
    """What `build_site` wrote, and what it found worth telling the maintainer."""

    out_dir: Path
    pages: list[Page]
    figures: dict[str, int] = field(default_factory=dict)  # page href -> number of figures
    warnings: list[str] = field(default_factory=list)


def discover_notebooks(root: Path = ROOT) -> list[Path]:
    """Every ``NN_*.ipynb`` in ``notebooks/`` then in ``solutions/``, each folder sorted.

    Example:
        >>> [p.name for p in discover_notebooks()][:1]
        ['00_start_here.ipynb']
    """
    found: list[Path] = []
    for section in SECTIONS:
        found += sorted((root / section).glob(NOTEBOOK_GLOB))
    return found


def notebook_title(nb: nbformat.NotebookNode, name: str = "notebook") -> str:
    """The text of the first level-1 Markdown heading, e.g. ``"00 · Start here"``.

    Example:
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 01 · Hi")])
        >>> notebook_title(nb)
        '01 · Hi'
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            match = re.match(r"#\s+(\S.*?)\s*#*\s*$", line)
            if match:
                return match.group(1)
    raise ValueError(
        f"{name} has no '# ' heading in a Markdown cell, so the site cannot give it a title. "
        "Start its first cell with '# NN · Title' (GUIDE.md, house style)."
    )


def check_executed(nb: nbformat.NotebookNode, name: str = "notebook") -> None:
    """Raise ValueError if a non-empty code cell was never run (its page would lack outputs).

    Example:
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
        >>> check_executed(nb, "x.ipynb")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: x.ipynb has 1 code cell(s) that were never run (first: cell 1) ...
    """
    unrun = [
        i
        for i, cell in enumerate(nb.cells, start=1)
        if cell.cell_type == "code" and cell.source.strip() and cell.execution_count is None
    ]
    if unrun:
        raise ValueError(
            f"{name} has {len(unrun)} code cell(s) that were never run (first: cell {unrun[0]}) "
            "and the site shows committed outputs only. Run `make notebooks NB=<path>` and "
            "commit the executed notebook, then build again."
        )


def count_figures(
    nb: nbformat.NotebookNode, kinds: tuple[str, ...] = ("image/png", "image/jpeg", "image/svg+xml")
) -> int:
    """How many outputs of the notebook hold an image of one of ``kinds``.

    Example:
        >>> cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        ...     "display_data", data={"image/png": "iVBO", "text/plain": "<Figure>"})])
        >>> count_figures(nbformat.v4.new_notebook(cells=[cell]))
        1
    """
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if any(kind in out.get("data", {}) for kind in kinds)
    )


def _relative_href(from_href: str, to_href: str) -> str:
    """Relative URL from one page to another, both given relative to the site root.

    Example:
        >>> _relative_href("notebooks/01_a.html", "solutions/01_a_solutions.html")
        '../solutions/01_a_solutions.html'
    """
    return posixpath.relpath(to_href, posixpath.dirname(from_href) or ".")


def navigation_html(pages: list[Page], index: int) -> str:
    """The prev / contents / next bar for ``pages[index]``, within its own section.

    Lessons link to lessons and solutions to solutions; the first and last page of a
    section simply have no previous or next link.
    """
    page = pages[index]
    same = [p for p in pages if p.section == page.section]
    pos = same.index(page)
    here = page.href

    def link(target: Page, rel: str, text: str) -> str:
        href = html.escape(_relative_href(here, target.href))
        return f'<a class="site-nav-{rel}" rel="{rel}" href="{href}">{html.escape(text)}</a>'

    prev = link(same[pos - 1], "prev", f"← {same[pos - 1].title}") if pos > 0 else ""
    nxt = link(same[pos + 1], "next", f"{same[pos + 1].title} →") if pos + 1 < len(same) else ""
    contents = f'<a class="site-nav-index" href="{_relative_href(here, "index.html")}">Contents</a>'
    return (
        '<nav class="site-nav" aria-label="Course navigation">'
        f'<span class="site-nav-prev">{prev}</span>{contents}'
        f'<span class="site-nav-next">{nxt}</span></nav>'
    )


@functools.cache
def _exporter() -> HTMLExporter:
    """One exporter for all pages: compiling its templates is the slow part of a build."""
    exporter = HTMLExporter(
        template_name="lab",
        template_file="course_page.html.j2",
        extra_loaders=[DictLoader({"course_page.html.j2": PAGE_TEMPLATE})],
        embed_images=True,  # images referenced from Markdown become part of the page
    )
    # nbconvert warns once per figure that it has no alt text; we add one ourselves.
    exporter.log.setLevel(logging.ERROR)
    return exporter


def _postprocess(
    page_html: str, page: Page, by_source: dict[Path, Page], warnings: list[str]
) -> str:
    """Rewrite links between notebooks to the pages, and name every figure."""
    soup = BeautifulSoup(page_html, features="html.parser")
    for anchor in soup.select("a[href]"):
        parts = urlsplit(anchor["href"])
        if parts.scheme or parts.netloc:
            continue
        target = (page.source.parent / unquote(parts.path)).resolve()
        if parts.path.endswith(CHEATSHEET[0].rsplit("/", 1)[1]) and target.parent.name == "docs":
            anchor["href"] = _relative_href(page.href, CHEATSHEET[1])
            continue
        if not parts.path.endswith(".ipynb"):
            continue
        if target in by_source:
            new = _relative_href(page.href, by_source[target].href)
            anchor["href"] = new + (f"#{parts.fragment}" if parts.fragment else "")
        else:
            warnings.append(
                f"{page.source.name} links to {parts.path}, which is not part of this site"
            )
    figures = soup.select(".jp-OutputArea-output img, .jp-OutputArea-output svg")
    for number, figure in enumerate(figures, start=1):
        figure["id"] = f"figure-{number}"
        if figure.name == "img":
            figure["alt"] = f"Figure {number} of {page.title}"
    return str(soup)


def _course_title(root: Path) -> str:
    readme = root / "README.md"
    if readme.exists():
        for line in readme.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return "Course notebooks"


def _inline_code(text: str) -> str:
    """Escape text for HTML, turning `backticks` into <code> (enough for a title)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def index_html(pages: list[Page], course_title: str, cheatsheet: bool = False) -> str:
    """The contents page: lessons in course order, then solutions (if any); with
    ``cheatsheet``, a link to the one-page cheat sheet after the introduction."""
    headings = {"notebooks": "Lessons, in reading order", "solutions": "Solutions to the exercises"}
    blocks = []
    for section in SECTIONS:
        items = [
            f'<li><a href="{html.escape(p.href)}">{html.escape(p.title)}</a></li>'
            for p in pages
            if p.section == section
        ]
        if items:
            blocks.append(
                f'<section id="{section}"><h2>{headings[section]}</h2>\n'
                f'<ol class="site-toc">\n' + "\n".join(items) + "\n</ol></section>"
            )
    title = _inline_code(course_title)
    plain = html.escape(course_title.replace("`", ""))
    sheet = (
        f'<p>The whole course on one page: <a href="{CHEATSHEET[1]}">the cheat sheet</a>.</p>'
        if cheatsheet
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{plain}</title>
<style type="text/css">{INDEX_CSS}</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p>Every page below is a notebook of the course, shown with the outputs it produced when it
was last executed. To run the code yourself, open the notebooks in JupyterLab
(<code>make lab</code>).</p>
{sheet}
{chr(10).join(blocks)}
<footer>Built from the committed notebooks with <code>make html</code>.</footer>
</main>
</body>
</html>
"""


def read_notebooks(paths: list[Path]) -> list[tuple[Page, nbformat.NotebookNode]]:
    """Read the notebooks, check them, and put them in site order (lessons, then solutions).

    Raises ValueError for a notebook outside ``notebooks/``/``solutions/``, without a title,
    or with a code cell that was never run.

    Example:
        >>> [page.title for page, _ in read_notebooks(discover_notebooks())][:1]
        ['00 · Start here']
    """
    read: list[tuple[Page, nbformat.NotebookNode]] = []
    for path in {Path(p).resolve() for p in paths}:
        if path.parent.name not in SECTIONS:
            raise ValueError(
                f"{path} is not in a folder named {' or '.join(SECTIONS)}; the site keeps "
                "that layout so links between notebooks keep working. Move it there."
            )
        nb = nbformat.read(path, as_version=4)
        check_executed(nb, path.name)
        read.append((Page(path, path.parent.name, notebook_title(nb, path.name)), nb))
    read.sort(key=lambda item: (SECTIONS.index(item[0].section), item[0].source.name))
    return read


def check_out_dir(out_dir: Path, source_dirs: list[Path]) -> Path:
    """The output folder, resolved, after checking it cannot mix pages into the sources.

    Raises ValueError if ``out_dir`` is, holds, or sits inside one of ``source_dirs`` (the
    folders the notebooks come from): ``--out .`` or ``--out notebooks`` would do that.

    Example:
        >>> check_out_dir(Path("/tmp/site"), [Path("/course/notebooks")]).as_posix()
        '/tmp/site'
        >>> check_out_dir(Path("/course"), [Path("/course/notebooks")])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: the output folder /course holds the notebook folder /course/notebooks...
    """
    out = Path(out_dir).resolve()
    for source in sorted({Path(d).resolve() for d in source_dirs}):
        if out == source or out.is_relative_to(source):
            where = f"is inside the notebook folder {source}"
        elif source.is_relative_to(out):
            where = f"holds the notebook folder {source}"
        else:
            continue
        raise ValueError(
            f"the output folder {out} {where}, so pages would be written next to the "
            "notebooks (and stale pages deleted there). Pick a separate folder, for "
            "example the default build/site."
        )
    return out


def _inside(out_dir: Path, relative: str) -> Path:
    """``out_dir / relative``, refusing any path that resolves outside ``out_dir``.

    ``out_dir`` must already be resolved. This catches a ``..`` in ``relative`` and a
    symbolic link inside the output folder that points elsewhere.

    Example:
        >>> _inside(Path("/tmp/site"), "../elsewhere/page.html")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: refusing to write /tmp/elsewhere/page.html: it is outside ...
    """
    target = (out_dir / relative).resolve()
    if not target.is_relative_to(out_dir):
        raise ValueError(
            f"refusing to write {target}: it is outside the output folder {out_dir}. "
            "Remove the symbolic link or '..' that leads there, or pick another folder."
        )
    return target


def build_site(
    notebooks: list[Path] | None = None, out_dir: Path = DEFAULT_OUT, root: Path = ROOT
) -> SiteReport:
    """Write the site for ``notebooks`` (default: all of the course) into ``out_dir``.

    Each notebook must sit in a folder named ``notebooks`` or ``solutions``; its page goes
    to the folder of the same name under ``out_dir``. Pages in those folders that belong to
    no notebook of this build (left over from a renamed notebook) are deleted; nothing
    else is touched, and nothing is ever written or deleted outside ``out_dir``.

    Example:
        >>> report = build_site(out_dir=Path("/tmp/site"))  # doctest: +SKIP
        >>> report.pages[0].href  # doctest: +SKIP
        'notebooks/00_start_here.html'
    """
    paths = discover_notebooks(root) if notebooks is None else [Path(p) for p in notebooks]
    if not paths:
        raise ValueError(
            f"no notebooks to render: none given and none matching {NOTEBOOK_GLOB} in "
            f"{root}/notebooks. Pass notebook paths, or run from the course folder."
        )
    read = read_notebooks(paths)
    sources = [Path(root) / section for section in SECTIONS] + [p.parent for p in paths]
    out_dir = check_out_dir(out_dir, sources)
    pages = [page for page, _ in read]
    by_source = {page.source: page for page in pages}
    for page in pages:  # check every target before writing anything
        _inside(out_dir, page.href)

    report = SiteReport(out_dir=out_dir, pages=pages)
    exporter = _exporter()
    for index, (page, nb) in enumerate(read):
        resources = {
            "metadata": {"name": page.title, "path": str(page.source.parent)},
            "site": {
                "css": NAV_CSS,
                "nav": navigation_html(pages, index),
                "uses_math": any(
                    LATEX.search(cell.source) for cell in nb.cells if cell.cell_type == "markdown"
                ),
            },
        }
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        target = _inside(out_dir, page.href)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_postprocess(body, page, by_source, report.warnings), encoding="utf-8")
        report.figures[page.href] = count_figures(nb)

    wanted = {_inside(out_dir, page.href) for page in pages}
    for section in SECTIONS:
        for stale in (out_dir / section).glob("*.html"):
            if stale.resolve() not in wanted and stale.resolve().is_relative_to(out_dir):
                stale.unlink()
    sheet = Path(root) / CHEATSHEET[0]
    if sheet.exists():
        _inside(out_dir, CHEATSHEET[1]).write_text(markdown_page(sheet), encoding="utf-8")
    _inside(out_dir, "index.html").write_text(
        index_html(pages, _course_title(root), cheatsheet=sheet.exists()), encoding="utf-8"
    )
    return report


def markdown_page(path: Path) -> str:
    """A stand-alone HTML page from a Markdown file (nbconvert's renderer), titled by its
    first ``# `` heading, with a link back to the contents.

    Example:
        >>> "<h2" in markdown_page(ROOT / CHEATSHEET[0])
        True
    """
    from nbconvert.filters import markdown2html

    text = Path(path).read_text(encoding="utf-8")
    title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), path.stem)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(title.replace("`", ""))}</title>
<style type="text/css">{INDEX_CSS}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #d0d7de; padding: 0.2em 0.5em; }}
</style>
</head>
<body>
<main>
<p><a href="index.html">Contents</a></p>
{markdown2html(text)}
</main>
</body>
</html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: the whole course")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: build/site")
    args = parser.parse_args(argv)
    try:
        report = build_site(args.notebooks or None, args.out)
    except ValueError as error:
        print(f"build_site: {error}", file=sys.stderr)
        return 1
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    figures = sum(report.figures.values())
    index = report.out_dir / "index.html"
    print(f"wrote {len(report.pages)} pages with {figures} figures; open {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
