"""Loads the glossary and renders it as a page and as tooltips for every generated page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from explainer.errors import Collector
from explainer.fields import Fields
from explainer.render.markup import front_matter, generated_notice
from explainer.yamlfile import load_yaml


@dataclass(frozen=True)
class Term:
    term: str
    also: tuple[str, ...]
    definition: str

    @property
    def anchor(self) -> str:
        return "term-" + "-".join("".join(c for c in word if c.isalnum()) for word in self.term.lower().split())


def load_glossary(path: Path, shown: str, collector: Collector) -> list[Term]:
    top = Fields(load_yaml(path, shown), shown, 1, collector, "the glossary")
    top.allow_only("terms")
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for item, line in top.items("terms"):
        fields = Fields(item, shown, line, collector, "a glossary term")
        fields.allow_only("term", "also", "definition")
        term = Term(fields.text("term"), tuple(fields.text_list("also")), fields.text("definition"))
        for spelling in (term.term, *term.also):
            if spelling in seen:
                fields.problem("term", f"{spelling!r} is defined twice (first on line {seen[spelling]})")
            seen[spelling] = line
            if any(c in spelling for c in "[]"):
                fields.problem("term", f"{spelling!r} may not contain brackets")
        terms.append(term)
    return sorted(terms, key=lambda t: t.term.casefold())


def tooltips(terms: list[Term], page: str | None = None) -> str:
    """The abbreviation definitions that Markdown turns into tooltips: for the terms that occur in
    `page`, the Markdown they will apply to, or for every term when no page is given.

    Python-Markdown parses every definition of a page on its own, trying the block parsers on the
    rest of the list each time: sixty definitions cost about 20 ms a page, most of the build time of
    a small page. A spelling that does not occur in that Markdown cannot become a tooltip, so
    leaving its definition out changes no HTML (a test builds the site both ways). Raw HTML blocks,
    such as a source page's seed paragraphs, are not Markdown and may be left out of `page`.
    """
    lines = []
    for term in terms:
        definition = term.definition.replace("\n", " ")
        lines += [f"*[{spelling}]: {definition}" for spelling in (term.term, *term.also) if page is None or spelling in page]
    return "\n" + "\n".join(lines) + "\n" if lines else ""


def render_glossary(terms: list[Term]) -> str:
    parts = [
        front_matter("Glossary", "The terms used on these pages, in plain words."),
        generated_notice("content/glossary.yml"),
        "# Glossary",
        "",
        "These definitions also appear as tooltips wherever a term is used on the site.",
        "",
    ]
    for term in terms:
        also = f" (also: {', '.join(term.also)})" if term.also else ""
        parts += [f"**{term.term}**{also}: {term.definition}", f"{{ #{term.anchor} }}", ""]
    return "\n".join(parts)
