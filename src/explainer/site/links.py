"""Keeps published links working.

published-links.txt lists every URL and anchor the site has published, one per line, sorted. A
build fails when one of them no longer leads anywhere, unless the page has a redirect (mkdocs.yml,
redirect_maps) or the anchor an alias (content/anchors.yml: a renamed anchor keeps its old id).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from explainer.errors import Collector, Problem
from explainer.fields import Fields
from explainer.site.writer import write_atomically
from explainer.yamlfile import load_yaml

PUBLISHED = "published-links.txt"
ANCHOR = re.compile(r'<(h[2-6]|p|a)\b[^>]*?\sid="([^"]+)"')
REDIRECT = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"', re.I)


@dataclass(frozen=True)
class Alias:
    page: str  # docs/-relative Markdown file
    old: str
    new: str
    line: int


def load_aliases(path: Path, shown: str, collector: Collector) -> list[Alias]:
    """The anchor aliases of content/anchors.yml."""
    if not path.is_file():
        return []
    top = Fields(load_yaml(path, shown), shown, 1, collector, "the anchor aliases")
    top.allow_only("aliases")
    aliases = []
    for item, line in top.items("aliases", required=False):
        fields = Fields(item, shown, line, collector, "an alias")
        fields.allow_only("page", "old", "new")
        aliases.append(Alias(fields.text("page"), fields.slug("old"), fields.slug("new"), line))
    return aliases


def apply_aliases(text: dict[str, str], aliases: list[Alias], shown: str, collector: Collector) -> None:
    """Puts each alias's old id just before the element that now has the new id."""
    for alias in aliases:
        page = text.get(alias.page)
        marker = re.search(rf'(?m)^.*(?:\{{[^}}]*#{re.escape(alias.new)}\b|id="{re.escape(alias.new)}").*$', page or "")
        if page is None or marker is None:
            collector.add(shown, alias.line, "new", f"no anchor {alias.new!r} in {alias.page}; expected the id the old one was renamed to")
            continue
        text[alias.page] = page[: marker.start()] + f'<a id="{alias.old}"></a>\n\n' + page[marker.start() :]


def page_of(site: Path, url: str) -> Path:
    """The HTML file of a site-root-relative URL such as "/" or "/sources/x/"."""
    url = url.lstrip("/")
    return site / url / "index.html" if url.endswith("/") or not url else site / url


def anchors_of(path: Path) -> set[str]:
    """The linkable ids of a page: those of headings, paragraphs and anchors, not the theme's own."""
    html = path.read_text(encoding="utf-8")
    return {m.group(2) for m in ANCHOR.finditer(html) if not m.group(2).startswith("__")}


def published_now(site: Path) -> list[str]:
    """Every page URL and linkable anchor of a built site, sorted."""
    links = []
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        if REDIRECT.search(html):
            continue
        url = "/" + (page.parent.relative_to(site).as_posix() + "/" if page.parent != site else "")
        links.append(url)
        links += [f"{url}#{anchor}" for anchor in anchors_of(page)]
    return sorted(links)


def read_published(path: Path) -> list[tuple[int, str]]:
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]


def check_published(site: Path, listed: list[tuple[int, str]], shown: str) -> list[Problem]:
    """A problem for every listed link that no longer leads to its page and anchor."""
    problems = []
    targets: dict[str, Path | None] = {}
    anchors: dict[Path, set[str]] = {}
    for number, link in listed:
        url, _, anchor = link.partition("#")
        if url not in targets:
            targets[url] = resolve_page(site, url)
        page = targets[url]
        if page is None:
            problems.append(Problem(shown, number, link, "page no longer exists; add a redirect to mkdocs.yml (redirects: redirect_maps)"))
            continue
        if not anchor:
            continue
        if page not in anchors:
            anchors[page] = anchors_of(page)
        if anchor not in anchors[page]:
            problems.append(Problem(shown, number, link, "anchor no longer exists; keep the old id as an alias in content/anchors.yml"))
    return problems


def resolve_page(site: Path, url: str) -> Path | None:
    """The HTML file a URL leads to, following a redirect page; None when there is none."""
    page = page_of(site, url)
    if not page.is_file():
        return None
    redirect = REDIRECT.search(page.read_text(encoding="utf-8"))
    if redirect:
        target = redirect.group(1).split("#")[0]
        page = (page.parent / target / "index.html" if target.endswith("/") else page.parent / target).resolve()
    return page if page.is_file() else None


def update_published(site: Path, path: Path) -> int:
    """Adds the site's new links to the list (never removes one); returns how many were added."""
    listed = {link for _, link in read_published(path)}
    now = set(published_now(site))
    header = "# Every URL and anchor this site has published. Generated by `make links`; never delete a line:\n# add a redirect or an anchor alias instead (see README).\n"
    write_atomically(path, (header + "\n".join(sorted(listed | now)) + "\n").encode("utf-8"))
    return len(now - listed)
