"""The pipeline, declared once: load and validate everything, render, then write.

    manifest → ingest → clean → pages (quotes) → claims → render → write
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import partial, wraps
from pathlib import Path
from typing import Callable, Hashable, ParamSpec, TypeVar, cast

from explainer.claims import load_claims
from explainer.clean import Cleaned, clean
from explainer.corrections import load_corrections
from explainer.errors import Collector, InputError, Problem
from explainer.exports import render_claims_json, render_links_json
from explainer.figures import FIGURE, Figure, load_figures
from explainer.glossary import load_glossary, render_glossary, tooltips
from explainer.ingest import Ingested, ingest, load_chrome
from explainer.links import apply_aliases, load_aliases
from explainer.manifest import load_manifest
from explainer.pages import load_page
from explainer.render_index import render_claims_index, render_home, render_instructors, render_sources_index
from explainer.render_source import clean_file_name, render_clean_text, render_source
from explainer.render_topic import render_topic
from explainer.model import Page
from explainer.site import Site
from explainer.yamlfile import read_text
from explainer.writer import WriteReport, write_outputs

P = ParamSpec("P")
R = TypeVar("R")


def without_cyclic_gc(stage: Callable[P, R]) -> Callable[P, R]:
    """Runs a stage with the cyclic garbage collector paused.

    At 100 copies of the corpus a stage makes over a million small objects (a tuple per word, none
    of them part of a reference cycle); the collections their allocation triggers took a third of
    the loading time and freed nothing. Reference counting still frees everything as usual.
    """

    @wraps(stage)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return stage(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


@dataclass(frozen=True)
class Layout:
    """Where a project keeps its inputs and outputs."""

    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


class Memo:
    """What the per-seed steps (ingest, clean) produced, kept between runs in one process (the
    preview of `mkdocs serve`), each under a key of everything the step reads, the latest per seed.
    A step that reported a problem is not kept, so that the next run reports it again."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], tuple[Hashable, object]] = {}

    def get(self, step: str, seed_id: str, key: Hashable, make: Callable[[], R], collector: Collector) -> R:
        found = self.kept.get((step, seed_id))
        if found is not None and found[0] == key:
            return cast(R, found[1])
        problems = len(collector.problems)
        value = make()
        if len(collector.problems) == problems:
            self.kept[(step, seed_id)] = (key, value)
        return value


def _now(step: str, seed_id: str, key: Hashable, make: Callable[[], R], collector: Collector) -> R:
    return make()


@without_cyclic_gc
def load_site(layout: Layout, memo: Memo | None = None) -> Site:
    """Reads and validates every input; raises InputError listing all problems. With a memo, a
    seed's ingest and clean steps are run again only when what they read has changed."""
    run = memo.get if memo is not None else _now
    collector = Collector()
    seeds = load_manifest(layout.seeds, "seeds", collector)
    rules = load_chrome(layout.content / "chrome.yml", "content/chrome.yml", collector)
    ingested: dict[str, Ingested] = {}
    fired_rules: set[str] = set()
    read_keys: dict[str, Hashable] = {}
    for seed in seeds:
        if seed.id and seed.path.is_file() and seed.kind:
            stat = seed.path.stat()
            read_keys[seed.id] = (seed, stat.st_mtime_ns, stat.st_size, tuple(rules))
            result = run("ingest", seed.id, read_keys[seed.id],
                         partial(ingest, seed, f"seeds/{seed.file}", rules, collector), collector)
            if result is not None:
                ingested[seed.id] = result
                fired_rules |= result.fired
    for rule in rules:
        if rule.name not in fired_rules:
            collector.add("content/chrome.yml", rule.line, "", f"rule {rule.name!r} matches no seed; remove it or fix its pattern")
    corrections, vocabulary = load_corrections(
        layout.content / "corrections.yml", "content/corrections.yml", {s.id for s in seeds}, collector
    )
    cleaned: dict[str, Cleaned] = {}
    for seed_id, item in ingested.items():
        mine = [c for c in corrections if c.seed_id == seed_id]
        cleaned[seed_id] = run("clean", seed_id, (read_keys[seed_id], tuple(mine), vocabulary),
                               partial(clean, item, mine, vocabulary, collector, "seeds/manifest.yml"), collector)
        for correction in mine:
            if not cleaned[seed_id].fired[correction]:
                collector.add(correction.path, correction.line, "wrong",
                              f"{correction.wrong!r} never occurs as whole words in {item.seed.file}; every correction must fire")
    page_files = sorted((layout.content / "pages").glob("*.md"))
    pages = [load_page(path, layout.shown(path), cleaned, collector) for path in page_files]
    pages.sort(key=lambda p: (p.order, p.id))
    claims, dismissed = load_claims(
        layout.content / "claims.yml", "content/claims.yml", ingested, {p.id for p in pages}, collector
    )
    aliases = load_aliases(layout.content / "anchors.yml", "content/anchors.yml", collector)
    glossary = load_glossary(layout.content / "glossary.yml", "content/glossary.yml", collector)
    figures = load_figures(layout.content / "figures", collector)
    check_figure_references(layout, pages, figures, collector)
    collector.raise_if_any(InputError)
    return Site(
        seeds={s.id: s for s in seeds},
        cleaned=cleaned,
        corrections=tuple(corrections),
        pages=tuple(pages),
        claims=tuple(claims),
        dismissed=tuple(dismissed),
        aliases=tuple(aliases),
        glossary=tuple(glossary),
        figures=figures,
    )


def check_figure_references(layout: Layout, pages: list[Page], figures: dict[str, Figure], collector: Collector) -> None:
    """Every `/// figure | id` line of a page must name a figure of content/figures/."""
    for page in pages:
        lines = read_text(layout.root / page.path, page.path).split("\n")
        for number, line in enumerate(lines, 1):
            found = FIGURE.match(line)
            if found and found["id"] not in figures:
                collector.add(page.path, number, "figure", f"no figure {found['id']!r}; expected one of: {', '.join(sorted(figures))}")


@without_cyclic_gc
def render_site(site: Site) -> dict[str, bytes]:
    """Every generated file of docs/, by path relative to docs/."""
    text: dict[str, str] = {
        "index.md": render_home(site),
        "claims.md": render_claims_index(site),
        "sources/index.md": render_sources_index(site),
    }
    for page in site.pages:
        if f"{page.id}.md" in text:
            raise InputError([Problem(page.path, 0, "", f"page name {page.id!r} is taken by a generated page; rename the file")])
        text[f"{page.id}.md"] = render_topic(page, site)
    text["instructors.md"] = render_instructors(site, text)
    text["glossary.md"] = render_glossary(list(site.glossary))
    markdown: dict[str, str] = {}  # of a page only partly Markdown, that part: where tooltips can be
    for seed_id, cleaned in site.cleaned.items():
        source = render_source(seed_id, site)
        text[f"sources/{seed_id}/index.md"], markdown[f"sources/{seed_id}/index.md"] = source
        text[f"sources/{seed_id}/{clean_file_name(seed_id)}"] = render_clean_text(cleaned)
    terms = list(site.glossary)
    for name in text:
        if name.endswith(".md"):
            text[name] += tooltips(terms, markdown.get(name, text[name]))
    collector = Collector()
    apply_aliases(text, list(site.aliases), "content/anchors.yml", collector)
    collector.raise_if_any(InputError)
    text["claims.json"] = render_claims_json(site)
    text["links.json"] = render_links_json(site, text)
    # A seed's raw-text download is not copied here: MkDocs takes it from seeds/ (hooks/downloads.py).
    return {name: value.encode("utf-8") for name, value in text.items()}


def generate(layout: Layout, force: bool = False) -> WriteReport:
    """Runs the whole pipeline; docs/ changes only when every stage succeeded."""
    site = load_site(layout)
    files = render_site(site)
    return write_outputs(layout.docs, files, "docs", force)
