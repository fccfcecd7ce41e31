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
which lists every page (a lesson with its part and reading minutes, from
``scripts/reading_minutes.py``) and has a search box. Links from one page to another's ``.ipynb``
or ``.md`` file are rewritten to the page. A relative link to any other file of the course is
made to work offline too: a linked Markdown file or notebook outside those folders
(``benchmarks/README.md``) becomes a page of its own, at its path, whose links are followed in
turn; a linked script (``evidence/run_race.py``) becomes a page showing its text; data a browser
shows (``.json``, ``.csv``, images) is copied. nbconvert (JupyterLab's template) renders the
pages, offline, so a page looks like the notebook in JupyterLab; figures are embedded.
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import logging
import posixpath
import re
import shutil
import sys
from collections.abc import Callable
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
# Linked files a browser shows as they are; any other linked text file gets a page of its own.
COPIED = {".json", ".csv", ".txt", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".pdf"}
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
body .jp-OutputArea-output pre { white-space: pre; word-break: normal; overflow-wrap: normal;
  overflow-x: auto; }
pre.site-file { padding: 0.75em; background: #f6f8fa; overflow-x: auto; font-size: 13px; }
"""
LATEX = re.compile(r"\$\$|\$[^$\s][^$\n]*\$|\\\(|\\\[|\\begin\{")
LINK = re.compile(r'(href|src)="([^"]+)"')
CODE_SPAN = re.compile(r"`([^`]+)`")
ANCHOR = re.compile(r'\b(?:id|name)="([^"]+)"')


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
    listed: bool = True  # False: a file the listed pages link to (no previous/next)

    @property
    def href(self) -> str:
        """The page's path from the site root (a script ``x.py`` becomes ``x.py.html``)."""
        name = self.source.stem if self.source.suffix in (".ipynb", ".md") else self.source.name
        return posixpath.join(self.section, f"{name}.html")


def title_html(title: str) -> str:
    """A title as HTML: escaped, its `code` spans set as code.

    Example:
        >>> title_html("06 · Inside `TimeDistributed` & co")
        '06 · Inside <code>TimeDistributed</code> &amp; co'
    """
    return CODE_SPAN.sub(r"<code>\1</code>", html.escape(title))


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
    same = [p for p in pages if p.section == page.section and p.listed] if page.listed else [page]
    i = same.index(page)

    def link(target: Page, rel: str, text: str) -> str:
        href = html.escape(relative(page.href, target.href))
        return f'<a class="site-nav-{rel}" rel="{rel}" href="{href}">{text}</a>'

    prev = link(same[i - 1], "prev", f"← {title_html(same[i - 1].title)}") if i > 0 else ""
    nxt = ""
    if i + 1 < len(same):
        nxt = link(same[i + 1], "next", f"{title_html(same[i + 1].title)} →")
    contents = f'<a class="site-nav-index" href="{relative(page.href, "index.html")}">Contents</a>'
    return f'<nav class="site-nav"><span>{prev}</span>{contents}<span>{nxt}</span></nav>'


def rewrite_links(body: str, page: Page, resolve: Callable[[Path], str | None]) -> str:
    """Point every relative link (``href``, ``src``) at what the site has for its target.

    ``resolve`` maps a file of the course to its path from the site root, or None (the link
    is left as it is, and ``scripts/site_check.py`` reports it if it is dead).
    """

    def repl(match: re.Match[str]) -> str:
        attribute, url = match.groups()
        parts = urlsplit(html.unescape(url))
        if parts.scheme or parts.netloc or not parts.path:
            return match.group(0)
        target = resolve((page.source.parent / unquote(parts.path)).resolve())
        if target is None:
            return match.group(0)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return f'{attribute}="{html.escape(relative(page.href, target) + fragment)}"'

    return LINK.sub(repl, body)


def github_anchors(body: str) -> str:
    """Give each heading GitHub's anchor as well as nbconvert's, so both kinds of link work.

    nbconvert's id keeps the heading's case and punctuation (``The-mistakes-catalogue``);
    GitHub, where the Markdown files are read too, lower-cases and drops punctuation
    (``the-mistakes-catalogue``).

    Example:
        >>> github_anchors('<h2 id="The-mistakes-(00-%C2%B7-09)">The mistakes</h2>')
        '<h2 id="The-mistakes-(00-%C2%B7-09)"><a id="the-mistakes-00--09"></a>The mistakes</h2>'
    """

    def repl(match: re.Match[str]) -> str:
        heading_id = unquote(html.unescape(match.group(2)))
        slug = re.sub(r"[^\w\- ]", "", heading_id.lower())
        if slug == heading_id:
            return match.group(0)
        return f'{match.group(0)}<a id="{html.escape(slug)}"></a>'

    return re.sub(r'<h([1-6]) id="([^"]+)"[^>]*>', repl, body)


def text_page(path: Path, title: str, nav: str) -> str:
    """A page that shows a linked text file (a script, a licence) as it is."""
    text = path.read_text(encoding="utf-8")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{CSS} body {{ max-width: 60em; margin: 1em auto; padding: 0 1em;
font: 15px/1.5 system-ui, sans-serif; }}</style></head>
<body>{nav}<h1><code>{html.escape(title)}</code></h1>
<pre class="site-file">{html.escape(text)}</pre>{nav}</body></html>
"""


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
        if p.section == "notebooks" and p.listed
    }


def index_html(
    pages: list[tuple[Page, nbformat.NotebookNode]],
    title: str,
    rows: dict[str, reading_minutes.Row] | None = None,
) -> str:
    """The contents page: every listed page by section (a lesson with its part and reading
    minutes, from ``rows``), and a search over the pages' text."""
    rows = rows or {}
    blocks = []
    for section, heading, _ in SECTIONS:
        items = []
        for p, _ in pages:
            if p.section != section or not p.listed:
                continue
            row = rows.get(p.href)
            note = f" <small>{row.part}, {row.shown} min</small>" if row else ""
            items.append(
                f'<li><a href="{html.escape(p.href)}">{title_html(p.title)}</a>{note}</li>'
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
        {"href": p.href, "title": title_html(p.title), "text": search_text(nb)} for p, nb in pages
    ]
    data = json.dumps(index, ensure_ascii=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title.replace("`", ""))}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body {{ max-width: 46em; margin: 2em auto; padding: 0 1em;
font: 16px/1.5 system-ui, sans-serif; }} ol {{ padding-left: 1.5em; }} a {{ color: #0b5cad; }}
input {{ width: 100%; font: inherit; padding: 0.3em; }} li {{ margin: 0.3em 0; }}
small {{ color: #57606a; }}</style></head>
<body><main><h1>{title_html(title)}</h1>
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

    Pages the listed ones link to (outside ``notebooks/``, ``solutions/``, ``docs/``) come last,
    ``listed`` False. Refuses an output folder that holds the course or sits inside one of its
    source folders, so a mistyped ``--out`` cannot write pages among the sources.
    """
    out, root = Path(out_dir).resolve(), Path(root).resolve()
    if root.is_relative_to(out) or any(out.is_relative_to(root / s) for s, _, _ in SECTIONS):
        raise ValueError(f"refusing to write the site into {out}: pick a folder like build/site")
    read = discover(root)
    pages = [page for page, _ in read]
    by_source: dict[Path, str] = {page.source: page.href for page in pages}

    def resolve(path: Path) -> str | None:
        """The site's path for a linked file of the course; adds pages and copies as needed."""
        if path in by_source:
            return by_source[path]
        if path.is_dir() and (path / "README.md").is_file():
            return resolve(path / "README.md")
        if not path.is_file() or not path.is_relative_to(root) or out in path.parents:
            return None
        rel = path.relative_to(root)
        if rel.parts[0].startswith("."):  # .venv, .git: never published
            return None
        section = rel.parent.as_posix() if rel.parent != Path(".") else ""
        if path.suffix in (".md", ".ipynb"):
            nb = read_source(path)
            try:
                title = title_of(nb, path.name)
            except ValueError:
                title = rel.as_posix()
            page = Page(path, section, title, listed=False)
            read.append((page, nb))
            pages.append(page)
        elif path.suffix.lower() in COPIED:
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, out / rel)
            by_source[path] = rel.as_posix()
            return by_source[path]
        else:
            page = Page(path, section, rel.as_posix(), listed=False)
            pages.append(page)
        by_source[path] = page.href
        return page.href

    done = 0
    while done < len(pages):  # pages found through links are appended as we go
        page = pages[done]
        done += 1
        target = out / page.href
        target.parent.mkdir(parents=True, exist_ok=True)
        nb = next((nb for p, nb in read if p == page), None)
        if nb is None:
            body = text_page(page.source, page.title, navigation(pages, page))
        else:
            resources = {
                "metadata": {"name": page.title.replace("`", ""), "path": str(page.source.parent)},
                "site": {
                    "css": CSS,
                    "nav": navigation(pages, page),
                    "uses_math": any(LATEX.search(c.source) for c in nb.cells),
                },
            }
            body, _ = _exporter().from_notebook_node(nb, resources=resources)
        body = github_anchors(rewrite_links(body, page, resolve))
        target.write_text(body, encoding="utf-8")
    readme = (
        (root / "README.md").read_text(encoding="utf-8") if (root / "README.md").exists() else ""
    )
    title = next((ln[2:] for ln in readme.splitlines() if ln.startswith("# ")), "The course")
    contents = index_html(read, title, lesson_rows(read, root))
    (out / "index.html").write_text(contents, encoding="utf-8")
    return pages


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
        for _, url in LINK.findall(text):
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: build/site")
    args = parser.parse_args(argv)
    try:
        pages = build_site(args.out)
    except ValueError as error:
        print(f"build_site: {error}", file=sys.stderr)
        return 1
    dead = dead_links(args.out)
    for problem in dead:
        print(f"dead link: {problem}", file=sys.stderr)
    print(f"wrote {len(pages)} pages; open {args.out / 'index.html'}")
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
