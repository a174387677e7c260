"""The topic list of mkdocs.yml's nav: a marked block of lines the generator keeps up to date.

MkDocs has no way to add pages to a hand-written nav, and its own inference orders pages by file
name; so the generator writes the topic entries, in the order of the pages' `order:`, between two
marker lines, and the rest of the nav stays hand-written. The nav stays in mkdocs.yml itself, so an
engine that reads mkdocs.yml and runs no hooks builds the same navigation. The first marker carries
a checksum of the lines the generator wrote: lines that no longer match it were edited by hand,
and the generator refuses to replace them unless forced, as it does for docs/.
"""

from __future__ import annotations

import hashlib
import re

from explainer.errors import Problem

CONFIG = "mkdocs.yml"
BEGIN = re.compile(r"^(?P<indent>[ \t]*)# BEGIN generated topics\b.*\(checksum (?P<sum>[0-9a-f]{12})\)[ \t]*$")
END = re.compile(r"^[ \t]*# END generated topics[ \t]*$")
NAV = re.compile(r"^nav:", re.M)
BEGIN_TEXT = ("# BEGIN generated topics: `make pages` writes these lines from content/pages/*.md, ordered by "
              "their order:; edit the pages, not these lines (checksum {})")
END_TEXT = "# END generated topics"


def checksum(lines: list[str]) -> str:
    """A short hash of the block's entries, as written."""
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:12]


def with_topics(text: str, page_ids: list[str], force: bool = False) -> tuple[str, list[Problem]]:
    """mkdocs.yml's text with the generated block listing page_ids, and the problems that keep it
    from being written (then the text is returned unchanged). A config with no `nav:` lets MkDocs
    infer the navigation from docs/, which lists every page: it is returned unchanged."""
    lines = text.split("\n")
    begin = next((index for index, line in enumerate(lines) if BEGIN.match(line)), None)
    end = None if begin is None else next((index for index in range(begin + 1, len(lines)) if END.match(lines[index])), None)
    if begin is None or end is None:
        nav = NAV.search(text)
        if nav is None:
            return text, []
        line = text.count("\n", 0, nav.start()) + 1
        return text, [Problem(CONFIG, line, "nav", f"has no generated topic list; expected the lines '{BEGIN_TEXT.format('')[:24]}...' "
                              f"and '{END_TEXT}' where the topics go, which `make pages` fills in (see README)")]
    opened = BEGIN.match(lines[begin])
    assert opened is not None
    if not force and checksum(lines[begin + 1 : end]) != opened["sum"]:
        return text, [Problem(CONFIG, begin + 2, "nav", "the generated topic list was edited by hand; a topic's place in the nav comes "
                              "from its page's order: (or draft: true) in content/pages/, so edit that, or pass --force to discard the edit")]
    indent = opened["indent"]
    entries = [f"{indent}- {page_id}.md" for page_id in page_ids]
    block = [indent + BEGIN_TEXT.format(checksum(entries)), *entries, indent + END_TEXT]
    return "\n".join(lines[:begin] + block + lines[end + 1 :]), []
