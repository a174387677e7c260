"""Fixes two invalid attributes in the HTML that Material for MkDocs 9.8 writes outside any
template block (so `overrides/` cannot reach them without copying the whole of base.html):

- `autocomplete` on checkbox and radio inputs, which HTML allows only on text-like inputs;
- `tabindex=""` on navigation labels, where HTML requires an integer;
- on pages outside the navigation, the table of contents' title label points at a `__toc` toggle
  that is only rendered for pages in the navigation.

Run on the built site by `make build`; each fix only removes an attribute.
"""

from __future__ import annotations

import re
from pathlib import Path

_TOGGLE_INPUT = re.compile(r'<input\b[^>]*\btype="(?:checkbox|radio)"[^>]*>')
_AUTOCOMPLETE = re.compile(r'\s+autocomplete="[^"]*"')
_EMPTY_TABINDEX = re.compile(r'\s+tabindex=""')


def polish_html(html: str) -> str:
    html = _TOGGLE_INPUT.sub(lambda m: _AUTOCOMPLETE.sub("", m.group(0)), html)
    if 'id="__toc"' not in html:
        html = html.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    return _EMPTY_TABINDEX.sub("", html)


def polish_site(site: Path) -> int:
    """Polishes every HTML file of a built site in place; returns how many changed."""
    changed = 0
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        polished = polish_html(text)
        if polished != text:
            path.write_text(polished, encoding="utf-8")
            changed += 1
    return changed
