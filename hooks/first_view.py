"""A MkDocs hook: the theme's stylesheets cut down to the rules the built pages can use.

Material's main stylesheet is 22.6 KiB gzip and its palette another 2 KiB, loaded render-blocking
on every page, though most rules style things no page of this site has: other colours, right-to-left
text, tabs, blogs, search results (which the script draws). After `mkdocs build` this hook writes
`assets/stylesheets/first-view.css`: every rule of those stylesheets and of the site's own
(`extra_css`) whose selector could match an element of some built page, in the original order. overrides/main.html links it in their place and
keeps the full ones in a <noscript> (readers without scripts get them), which its loader inserts at
the reader's first interaction, before Material's script draws anything.

Why the layout cannot move when the full stylesheets arrive: a rule is left out only when its
selector names a tag, class, id or attribute value that occurs in no built page (state pseudo-classes
such as :hover and :checked, and :not() and :has(), never exclude a rule), so every rule that can
apply to an element on the page is present, and in the same order. The full stylesheets come after
the cut one and repeat all of it, so each property ends with the value it has with the full ones
alone. tests/test_browser.py compares the page's boxes and pixels before and after.

Custom properties no kept rule, page or later stylesheet uses (icons of other admonition types) are
left out too. The cut runs for `mkdocs build` only: `mkdocs serve` previews with the full
stylesheets, so an edit never waits for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

FIRST_VIEW = "assets/stylesheets/first-view.css"
FULL_ID = "__theme-css"  # the <noscript> of overrides/main.html that holds the full stylesheets
# Attributes that change before the theme's script runs: the reader opens a <details>, printing opens all.
CHANGING_ATTRIBUTES = frozenset({"open"})
# Pseudo-classes whose argument is a list of selectors any of which may match.
ANY_OF = frozenset({"is", "where", "matches", "-webkit-any", "-moz-any"})
NESTING_AT_RULES = ("@media", "@supports", "@layer", "@container", "@document")

_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"([^\s=/\"'>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:")
_NOSCRIPT = re.compile(rf'<noscript id="{FULL_ID}">(.*?)</noscript>', re.S)
_COMMENT_OR_STRING = re.compile(r"(\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*')|/\*.*?\*/", re.S)
_HREF = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


@dataclass
class Markup:
    """What the built pages contain, as far as a selector can ask: tags, classes, ids, attribute values."""

    tags: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    attributes: dict[str, set[str]] = field(default_factory=dict)
    variables: set[str] = field(default_factory=set)

    def add_page(self, html: str) -> None:
        for tag in _TAG.finditer(html):
            self.tags.add(tag[1].lower())
            for attribute in _ATTRIBUTE.finditer(tag[2]):
                name = attribute[1].lower()
                value = next((v for v in attribute.groups()[1:] if v is not None), "")
                self.attributes.setdefault(name, set()).add(value)
                if name == "class":
                    self.classes.update(value.split())
        self.variables.update(_VAR.findall(html))


def split_top(text: str, separator: str = ",") -> list[str]:
    """Text split at separators outside brackets, parentheses and strings."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def closing(text: str, start: int, pair: str) -> int:
    """The index of the bracket that closes the one opened just before start."""
    depth, quote, i = 1, "", start
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == pair[0]:
            depth += 1
        elif char == pair[1]:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced {pair!r} in stylesheet")


def attribute_may_match(condition: str, markup: Markup) -> bool:
    """Whether an attribute selector's condition (the text between [ and ]) holds for some element."""
    found = re.fullmatch(r"\s*([\w:-]+)\s*(?:([~|^$*]?=)\s*(\"[^\"]*\"|'[^']*'|[^\s\]]+)\s*([iIsS])?)?\s*", condition)
    if not found:
        return True
    name, operator, value, flag = found[1].lower(), found[2], found[3], found[4]
    if name in CHANGING_ATTRIBUTES:
        return True
    values = markup.attributes.get(name)
    if values is None:
        return False
    if not operator:
        return True
    wanted = value.strip("\"'")
    if flag and flag.lower() == "i":
        wanted, values = wanted.lower(), {v.lower() for v in values}
    tests = {
        "=": lambda v: v == wanted,
        "~=": lambda v: wanted in v.split(),
        "^=": lambda v: v.startswith(wanted),
        "$=": lambda v: v.endswith(wanted),
        "*=": lambda v: wanted in v,
        "|=": lambda v: v == wanted or v.startswith(wanted + "-"),
    }
    return any(map(tests[operator], values))


def may_match(selector: str, markup: Markup) -> bool:
    """Whether a complex selector could match an element of some page, in some state.

    Every simple selector that names something (a tag, class, id or attribute value) must occur in
    the pages; pseudo-classes and pseudo-elements never exclude, except that :is() and :where() need
    one of their selectors to match.
    """
    i, text = 0, selector
    while i < len(text):
        char = text[i]
        if char == ".":
            name = re.match(r"-?[\w-]+", text[i + 1:])
            if name is None or name[0] not in markup.classes:
                return False
            i += 1 + len(name[0])
        elif char == "#":
            name = re.match(r"-?[\w-]+", text[i + 1:])
            if name is None or name[0] not in markup.attributes.get("id", set()):
                return False
            i += 1 + len(name[0])
        elif char == "[":
            end = closing(text, i + 1, "[]")
            if not attribute_may_match(text[i + 1:end], markup):
                return False
            i = end + 1
        elif char == ":":
            pseudo = re.match(r"::?([\w-]+)(\()?", text[i:])
            if pseudo is None:
                return True
            i += len(pseudo[0])
            if pseudo[2]:
                end = closing(text, i, "()")
                if pseudo[1].lower() in ANY_OF and not any(may_match(s, markup) for s in split_top(text[i:end])):
                    return False
                i = end + 1
        elif char.isalpha() or char == "-" and (i == 0 or text[i - 1] in " >+~("):
            name = re.match(r"-?[\w-]+", text[i:])
            assert name is not None
            if (i == 0 or text[i - 1] in " >+~") and name[0].lower() not in markup.tags:
                return False
            i += len(name[0])
        else:
            i += 1
    return True


def cut(css: str, markup: Markup) -> list[str]:
    """The rules of a stylesheet (or of an at-rule's block) that may apply, as text, in order."""
    kept, i = [], 0
    while i < len(css):
        brace, semicolon = css.find("{", i), css.find(";", i)
        if brace < 0:
            break
        if 0 <= semicolon < brace and css[i:semicolon].lstrip().startswith("@"):
            kept.append(css[i:semicolon + 1].strip())  # a statement such as @charset
            i = semicolon + 1
            continue
        end = closing(css, brace + 1, "{}")
        prelude, body = css[i:brace].strip(), css[brace + 1:end]
        i = end + 1
        if prelude.startswith(NESTING_AT_RULES):
            inner = cut(body, markup)
            if inner:
                kept.append(f"{prelude}{{{''.join(inner)}}}")
        elif prelude.startswith("@"):
            kept.append(f"{prelude}{{{body}}}")  # @keyframes, @font-face, @page: kept whole
        else:
            selectors = [s.strip() for s in split_top(prelude) if may_match(s.strip(), markup)]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{body}}}")
    return kept


def drop_unused_properties(rules: str, used: set[str]) -> str:
    """The rules without declarations of custom properties that nothing reads."""
    def declarations(found: re.Match[str]) -> str:
        kept = [d for d in split_top(found[2], ";")
                if not (m := _CUSTOM_PROPERTY.match(d.strip())) or m[1] in used]
        return f"{found[1]}{{{';'.join(kept)}}}" if any(d.strip() for d in kept) else ""

    return re.sub(r"([^{};]*)\{([^{}]*)\}", declarations, rules)


def without_comments(css: str) -> str:
    """The stylesheet without its comments (strings, which may hold a `/*`, are left as they are)."""
    return _COMMENT_OR_STRING.sub(lambda found: found[1] or "", css)


def first_view_css(stylesheets: list[str], later: list[str], markup: Markup) -> str:
    """The cut of the given stylesheets for pages described by markup; `later` are the stylesheets
    that load after them whatever happens (whose custom properties must keep their values)."""
    rules = "".join("".join(cut(without_comments(css), markup)) for css in stylesheets)
    used = set(markup.variables)
    for css in [rules, *later]:
        used.update(_VAR.findall(css))
    while True:  # a property kept may read another: repeat until nothing new is read
        trimmed = drop_unused_properties(rules, used)
        more = set(_VAR.findall(trimmed)) - used
        if not more:
            return trimmed + "\n"
        used |= more


def held_stylesheets(page: Path, html: str) -> tuple[list[Path], list[Path]] | None:
    """The stylesheets a page holds back in its <noscript>, and those it links after it; None when
    it holds none back or links them by absolute address (the 404 page)."""
    held = _NOSCRIPT.search(html)
    if held is None:
        return None
    hrefs = [_HREF.findall(held[1]), _HREF.findall(html[held.end():html.find("</head>")])]
    if any(href.startswith("/") or "://" in href for group in hrefs for href in group):
        return None
    held_back, after = ([(page.parent / href).resolve() for href in group] for group in hrefs)
    return held_back, after


def write_first_view(site: Path) -> Path | None:
    """Writes the cut stylesheet for every HTML page of a built site; None when no page asks for it."""
    markup, stylesheets = Markup(), None
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        markup.add_page(html)
        stylesheets = stylesheets or held_stylesheets(path, html)
    if stylesheets is None:
        return None
    held_back, after = ([p.read_text(encoding="utf-8") for p in group] for group in stylesheets)
    target = site / FIRST_VIEW
    target.write_text(first_view_css(held_back, after, markup), encoding="utf-8")
    return target


def on_startup(command: str, dirty: bool) -> None:
    global ENABLED
    ENABLED = command == "build"


ENABLED = False


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # overrides/main.html links the cut stylesheet only when this is set: an engine or a command that
    # runs no hook gets the theme's stylesheets as they are. The site's own stylesheets (extra_css)
    # are held back and cut with Material's, after them as before: one request at first paint, not two
    # (Lighthouse counted 150 ms of render-blocking for the second).
    config.extra["first_view_css"] = FIRST_VIEW if ENABLED else ""
    config.extra["first_view_held"] = list(config.extra_css) if ENABLED else []
    if ENABLED:
        config.extra_css.clear()
    return config


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    if ENABLED:
        write_first_view(Path(config.site_dir))
