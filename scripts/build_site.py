"""Render the course as a static website: lessons, solutions and reference pages, in order.

    python scripts/build_site.py                 # -> build/site/index.html
    python scripts/build_site.py --out /tmp/site

Run through `make html`. The pages are found, not listed, so a new notebook or document
appears without a code change:

- ``notebooks/NN*.ipynb``: the lessons, in the order of their names (``04_`` before ``04b_``);
- ``solutions/NN*.ipynb``: the worked solutions, in the same order;
- ``docs/*.md``: reference pages (the cheat sheet, the error index, the instructor guide...).

Each page shows what is committed (notebooks are not re-executed: run `make notebooks` first
if one is stale; a code cell that was never run is refused), under the title of its first
``# `` heading, with previous/next links within its section and a link to ``index.html``,
which lists every page and has a search box. Links from one page to another's ``.ipynb`` or
``.md`` file are rewritten to the page. nbconvert (JupyterLab's template) renders the pages,
offline, so a page looks like the notebook in JupyterLab; figures are embedded.
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import logging
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reading_minutes  # the lessons' parts and reading minutes: one rule, one place

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "build" / "site"
# (folder, heading on the contents page, which files are pages), in site order
SECTIONS = (
    ("notebooks", "Lessons, in reading order", "[0-9][0-9]*.ipynb"),
    ("solutions", "Solutions to the exercises", "[0-9][0-9]*.ipynb"),
    ("docs", "Reference", "*.md"),
)

# nbconvert's JupyterLab page with our navigation bar at the top and bottom. require.js and
# MathJax come from a CDN: load them only when a page needs them, so pages work offline.
PAGE_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}
{%- if resources.site.uses_math -%}{{ super() }}{%- endif -%}
{%- endblock html_head_js_mathjax -%}
{% block extra_css %}<style type="text/css">{{ resources.site.css }}</style>{% endblock %}
{%- block body_header -%}{{ super() }}{{ resources.site.nav }}{%- endblock body_header -%}
{% block body_footer %}{{ resources.site.nav }}{{ super() }}{% endblock body_footer %}
"""
CSS = """
nav.site-nav { display: flex; justify-content: space-between; gap: 1em; margin: 0.5em 0 1em;
  padding: 0.5em 0.75em; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa;
  font: 14px/1.4 system-ui, sans-serif; }
nav.site-nav span { flex: 1 1 0; } nav.site-nav span:last-child { text-align: right; }
nav.site-nav a { color: #0b5cad; text-decoration: none; }
"""
LATEX = re.compile(r"\$\$|\$[^$\s][^$\n]*\$|\\\(|\\\[|\\begin\{")
LINK = re.compile(r'href="([^"]+?\.(?:ipynb|md)(?:#[^"]*)?)"')


@dataclass(frozen=True)
class Page:
    """One source file and the page made from it.

    Example:
        >>> Page(Path("notebooks/00_start_here.ipynb"), "notebooks", "00 · Start here").href
        'notebooks/00_start_here.html'
    """

    source: Path
    section: str
    title: str

    @property
    def href(self) -> str:
        """The page's path from the site root."""
        return f"{self.section}/{self.source.stem}.html"


def read_source(path: Path) -> nbformat.NotebookNode:
    """A notebook as it is committed, or a Markdown file as a one-cell notebook.

    Raises ValueError for a notebook with a code cell that was never run.

    Example:
        >>> read_source(ROOT / "docs" / "instructor.md").cells[0].cell_type
        'markdown'
    """
    if path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    nb = nbformat.read(path, as_version=4)
    unrun = [
        i
        for i, cell in enumerate(nb.cells, start=1)
        if cell.cell_type == "code" and cell.source.strip() and cell.execution_count is None
    ]
    if unrun:
        raise ValueError(
            f"{path.name}: cell {unrun[0]} (and {len(unrun) - 1} more) was never run, and the "
            "site shows committed outputs only. Run `make notebooks NB=<path>` first."
        )
    return nb


def title_of(nb: nbformat.NotebookNode, name: str) -> str:
    """The text of the first ``# `` heading.

    Example:
        >>> cell = nbformat.v4.new_markdown_cell("# 01 · Hi")
        >>> title_of(nbformat.v4.new_notebook(cells=[cell]), "x")
        '01 · Hi'
    """
    for cell in nb.cells:
        for line in cell.source.splitlines() if cell.cell_type == "markdown" else ():
            if line.startswith("# "):
                return line[2:].strip()
    raise ValueError(f"{name} has no '# ' heading to title its page; start it with '# Title'.")


def discover(root: Path = ROOT) -> list[tuple[Page, nbformat.NotebookNode]]:
    """Every page of the site, in site order, read from ``root``.

    Example:
        >>> [page.href for page, _ in discover()][:2]
        ['notebooks/00_start_here.html', 'notebooks/01_raw_series.html']
    """
    pages = []
    for section, _, pattern in SECTIONS:
        for path in sorted((root / section).glob(pattern)):
            nb = read_source(path)
            pages.append((Page(path.resolve(), section, title_of(nb, path.name)), nb))
    return pages


def relative(from_href: str, to_href: str) -> str:
    """The link from one page to another, both given from the site root.

    Example:
        >>> relative("notebooks/01_a.html", "solutions/01_a_solutions.html")
        '../solutions/01_a_solutions.html'
    """
    return posixpath.relpath(to_href, posixpath.dirname(from_href) or ".")


def navigation(pages: list[Page], page: Page) -> str:
    """The previous / contents / next bar of ``page``, within its own section."""
    same = [p for p in pages if p.section == page.section]
    i = same.index(page)

    def link(target: Page, rel: str, text: str) -> str:
        href = html.escape(relative(page.href, target.href))
        return f'<a class="site-nav-{rel}" rel="{rel}" href="{href}">{html.escape(text)}</a>'

    prev = link(same[i - 1], "prev", f"← {same[i - 1].title}") if i > 0 else ""
    nxt = link(same[i + 1], "next", f"{same[i + 1].title} →") if i + 1 < len(same) else ""
    contents = f'<a class="site-nav-index" href="{relative(page.href, "index.html")}">Contents</a>'
    return f'<nav class="site-nav"><span>{prev}</span>{contents}<span>{nxt}</span></nav>'


def rewrite_links(body: str, page: Page, by_source: dict[Path, Page]) -> str:
    """Point links to another page's ``.ipynb`` or ``.md`` file at that page."""

    def repl(match: re.Match[str]) -> str:
        parts = urlsplit(html.unescape(match.group(1)))
        target = by_source.get((page.source.parent / unquote(parts.path)).resolve())
        if parts.scheme or parts.netloc or target is None:
            return match.group(0)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return f'href="{html.escape(relative(page.href, target.href) + fragment)}"'

    return LINK.sub(repl, body)


@functools.cache
def _exporter() -> HTMLExporter:
    exporter = HTMLExporter(
        template_name="lab",
        template_file="page.html.j2",
        extra_loaders=[DictLoader({"page.html.j2": PAGE_TEMPLATE})],
        embed_images=True,
    )
    exporter.log.setLevel(logging.ERROR)  # one "no alt text" warning per figure otherwise
    return exporter


def search_text(nb: nbformat.NotebookNode) -> str:
    """What the search box looks in: the prose and the first line of every error shown.

    Example:
        >>> search_text(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("A  b")]))
        'a b'
    """
    parts = [cell.source for cell in nb.cells if cell.cell_type == "markdown"]
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else ():
            if out.get("output_type") == "error":
                parts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
    return " ".join(" ".join(parts).lower().split())


def lesson_rows(
    pages: list[tuple[Page, nbformat.NotebookNode]], root: Path = ROOT
) -> dict[str, reading_minutes.Row]:
    """Each lesson's part and reading minutes (``scripts/reading_minutes.py``), by page href."""
    return {
        p.href: reading_minutes.row_of(p.source, Path(root).resolve(), nb)
        for p, nb in pages
        if p.section == "notebooks"
    }


def index_html(
    pages: list[tuple[Page, nbformat.NotebookNode]],
    title: str,
    rows: dict[str, reading_minutes.Row] | None = None,
) -> str:
    """The contents page: every page by section (a lesson with its part and reading minutes,
    from ``rows``), and a search over the pages' text."""
    rows = rows or {}
    blocks = []
    for section, heading, _ in SECTIONS:
        items = []
        for p, _ in pages:
            if p.section != section:
                continue
            row = rows.get(p.href)
            note = f" <small>{row.part}, {row.shown} min</small>" if row else ""
            items.append(
                f'<li><a href="{html.escape(p.href)}">{html.escape(p.title)}</a>{note}</li>'
            )
        if not items:
            continue
        intro = ""
        if section == "notebooks" and rows:
            core = reading_minutes.core_total(list(rows.values()))
            intro = (
                f"<p>The core path (00–05) is the course: {core} reading minutes. Companions "
                "(a letter beside a lesson) and deep dives go further; neither is needed for "
                "the next lesson.</p>\n"
            )
        blocks.append(f"<h2>{heading}</h2>\n{intro}<ol>{''.join(items)}</ol>")
    index = [
        {"href": p.href, "title": html.escape(p.title), "text": search_text(nb)} for p, nb in pages
    ]
    data = json.dumps(index, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body {{ max-width: 46em; margin: 2em auto; padding: 0 1em;
font: 16px/1.5 system-ui, sans-serif; }} ol {{ padding-left: 1.5em; }} a {{ color: #0b5cad; }}
input {{ width: 100%; font: inherit; padding: 0.3em; }}</style></head>
<body><main><h1>{html.escape(title)}</h1>
<p>Every page shows a notebook of the course with the outputs it had when it was last run.
To run the code yourself, open the notebooks in JupyterLab (<code>make lab</code>).</p>
<input id="search" type="search" placeholder="Search the course, e.g. an error message">
<ol id="hits"></ol>
{chr(10).join(blocks)}
</main>
<script>
const pages = {data};
document.getElementById("search").addEventListener("input", (event) => {{
  const words = event.target.value.toLowerCase().split(/\\s+/).filter(Boolean);
  const hits = words.length ? pages.filter((p) => words.every((w) => p.text.includes(w))) : [];
  document.getElementById("hits").innerHTML =
    hits.map((p) => `<li><a href="${{p.href}}">${{p.title}}</a></li>`).join("");
}});
</script></body></html>
"""


def build_site(out_dir: Path = DEFAULT_OUT, root: Path = ROOT) -> list[Page]:
    """Write every page and ``index.html`` into ``out_dir``; return the pages in order.

    Refuses an output folder that holds the course or sits inside one of its source
    folders, so a mistyped ``--out`` cannot write pages among the sources.
    """
    out, root = Path(out_dir).resolve(), Path(root).resolve()
    if root.is_relative_to(out) or any(out.is_relative_to(root / s) for s, _, _ in SECTIONS):
        raise ValueError(f"refusing to write the site into {out}: pick a folder like build/site")
    read = discover(root)
    pages = [page for page, _ in read]
    by_source = {page.source: page for page in pages}
    for page, nb in read:
        resources = {
            "metadata": {"name": page.title, "path": str(page.source.parent)},
            "site": {
                "css": CSS,
                "nav": navigation(pages, page),
                "uses_math": any(LATEX.search(c.source) for c in nb.cells),
            },
        }
        body, _ = _exporter().from_notebook_node(nb, resources=resources)
        target = out / page.href
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rewrite_links(body, page, by_source), encoding="utf-8")
    readme = (
        (root / "README.md").read_text(encoding="utf-8") if (root / "README.md").exists() else ""
    )
    title = next((ln[2:] for ln in readme.splitlines() if ln.startswith("# ")), "The course")
    contents = index_html(read, title.replace("`", ""), lesson_rows(read, root))
    (out / "index.html").write_text(contents, encoding="utf-8")
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: build/site")
    args = parser.parse_args(argv)
    try:
        pages = build_site(args.out)
    except ValueError as error:
        print(f"build_site: {error}", file=sys.stderr)
        return 1
    print(f"wrote {len(pages)} pages; open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
