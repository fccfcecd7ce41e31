"""Generated blocks inside hand-written files: one rule, used by every script that fills them.

A block is the text between ``<!-- begin:NAME -->`` and ``<!-- end:NAME -->`` (in Markdown, in a
notebook's Markdown cell, anywhere text is). Scripts own what is inside; people own the rest.
``replace_block`` rewrites one block; ``read_block`` returns what is there, so a test can compare
the committed text with what the script would write and fail when they drift.
"""

from __future__ import annotations

import re


def _pattern(name: str) -> re.Pattern[str]:
    if not re.fullmatch(r"[A-Za-z0-9_.:-]+", name):
        raise ValueError(f"block name {name!r}: use letters, digits and _ . : - only")
    return re.compile(
        rf"(<!-- begin:{re.escape(name)} -->\n)(.*?)(<!-- end:{re.escape(name)} -->)", re.DOTALL
    )


def block_names(text: str) -> list[str]:
    """The names of the blocks in ``text``, in order.

    >>> block_names("a\\n<!-- begin:t -->\\nx\\n<!-- end:t -->\\n")
    ['t']
    """
    return re.findall(r"<!-- begin:([A-Za-z0-9_.:-]+) -->", text)


def read_block(text: str, name: str) -> str:
    """What block ``name`` holds in ``text`` (without its marker lines).

    >>> read_block("<!-- begin:t -->\\nold\\n<!-- end:t -->", "t")
    'old\\n'
    """
    found = _pattern(name).findall(text)
    if len(found) != 1:
        raise ValueError(
            f"expected exactly one block '<!-- begin:{name} -->' … '<!-- end:{name} -->', "
            f"found {len(found)}; add the two marker lines (each on its own line) where it belongs"
        )
    return found[0][1]


def replace_block(text: str, name: str, content: str) -> str:
    """``text`` with block ``name`` holding ``content`` (a newline is added if it lacks one).

    >>> replace_block("<!-- begin:t -->\\nold\\n<!-- end:t -->", "t", "new")
    '<!-- begin:t -->\\nnew\\n<!-- end:t -->'
    """
    read_block(text, name)  # exactly one, or a clear error
    body = content if content.endswith("\n") else content + "\n"
    return _pattern(name).sub(lambda m: m.group(1) + body + m.group(3), text)
