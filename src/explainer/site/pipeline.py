"""The pipeline, declared once: load and validate everything, render, then write.

    manifest → ingest → clean → pages (quotes) → claims → render → write
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import partial, wraps
from pathlib import Path
from typing import Callable, Hashable, ParamSpec, TypeVar, cast

from explainer.claims.changes import load_changes
from explainer.claims.claims import load_claims
from explainer.sources.clean import Cleaned, clean
from explainer.sources.corrections import SHARED, corrections_for, load_corrections
from explainer.errors import Collector, InputError, OutputError, Problem
from explainer.render.exports import render_claims_json, render_links_json
from explainer.claims.facts import check_as_of, load_facts
from explainer.pages.figures import FIGURE, Figure, load_figures
from explainer.pages.glossary import load_glossary, render_glossary, tooltips
from explainer.sources.ingest import Ingested, ingest, load_chrome
from explainer.sources.lexicon import load_lexicon
from explainer.site.links import apply_aliases, load_aliases
from explainer.sources.manifest import load_manifest
from explainer.site.navblock import CONFIG, with_topics
from explainer.pages.pages import load_page
from explainer.render.render_changes import FEED, render_changes_page, render_feed
from explainer.render.render_index import render_claims_index, render_home, render_instructors, render_sources_index
from explainer.render.render_source import clean_file_name, render_clean_text, render_source
from explainer.render.render_rubric import render_how_we_check
from explainer.render.render_topic import render_topic
from explainer.claims.rubric import check_claims, load_review, load_rubric
from explainer.model import SPOKEN_KINDS, Claim, Correction, Page, Seed
from explainer.site.site import Site
from explainer.yamlfile import read_text
from explainer.site.writer import WriteReport, write_atomically, write_outputs

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


@dataclass(frozen=True)
class Texts:
    """The seeds read and cleaned: what the pages, claims and `make suggest` work on."""

    seeds: list[Seed]
    ingested: dict[str, Ingested]
    corrections: list[Correction]
    cleaned: dict[str, Cleaned]


def load_texts(layout: Layout, collector: Collector, memo: Memo | None = None) -> Texts:
    """Reads the manifest, the seeds, the chrome, formats and corrections, and cleans every seed;
    problems go to the collector. With a memo, a seed's ingest and clean steps are run again only
    when what they read has changed."""
    run = memo.get if memo is not None else _now
    seeds = load_manifest(layout.seeds, "seeds", collector)
    rules = load_chrome(layout.content / "chrome.yml", "content/chrome.yml", collector)
    if (layout.content / "formats.yml").is_file():
        rules += load_chrome(layout.content / "formats.yml", "content/formats.yml", collector, required=False)
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
        if rule.required and rule.name not in fired_rules:
            collector.add(rule.path, rule.line, "", f"rule {rule.name!r} matches no seed; remove it or fix its pattern")
    corrections, vocabulary = load_corrections(
        layout.content / "corrections.yml", "content/corrections.yml", {s.id for s in seeds}, collector
    )
    cleaned: dict[str, Cleaned] = {}
    for seed_id, item in ingested.items():
        mine = corrections_for(seed_id, item.seed.kind in SPOKEN_KINDS, corrections)
        cleaned[seed_id] = run("clean", seed_id, (read_keys[seed_id], tuple(mine), vocabulary),
                               partial(clean, item, mine, vocabulary, collector, "seeds/manifest.yml"), collector)
        for correction in mine:
            if correction.seed_id == seed_id and not cleaned[seed_id].fired[correction]:
                collector.add(correction.path, correction.line, "wrong",
                              f"{correction.wrong!r} never occurs as whole words in {item.seed.file}; every correction must fire")
    for correction in corrections:
        if correction.seed_id == SHARED and ingested and not any(c.fired[correction] for c in cleaned.values()):
            collector.add(correction.path, correction.line, "wrong",
                          f"{correction.wrong!r} never occurs as whole words in any spoken seed; a shared correction must fire in at least one")
    return Texts(seeds, ingested, corrections, cleaned)


@without_cyclic_gc
def load_site(layout: Layout, memo: Memo | None = None) -> Site:
    """Reads and validates every input; raises InputError listing all problems. With a memo, a
    seed's ingest and clean steps are run again only when what they read has changed."""
    collector = Collector()
    texts = load_texts(layout, collector, memo)
    seeds, ingested, corrections, cleaned = texts.seeds, texts.ingested, texts.corrections, texts.cleaned
    page_files = sorted((layout.content / "pages").glob("*.md"))
    pages = [load_page(path, layout.shown(path), cleaned, collector) for path in page_files]
    pages.sort(key=lambda p: (p.order, p.id))
    reported = len(collector.problems)
    claims, dismissed = load_claims(
        layout.content / "claims.yml", "content/claims.yml", cleaned, {p.id for p in pages}, collector
    )
    # A registry that could not be read is one problem; checking the pages, the change log and the
    # review against it as if it were empty would bury that problem under dozens of others.
    registry_read = bool(claims or dismissed) or len(collector.problems) == reported
    if registry_read:
        check_pages_have_claims(pages, claims, collector)
    rubric = load_rubric(layout.content / "rubric.yml", "content/rubric.yml", collector)
    check_claims(claims, rubric, "content/claims.yml", collector)
    facts = load_facts(layout.content / "facts.yml", "content/facts.yml", {p.id: p for p in pages}, collector)
    check_as_of({p.id: p for p in pages}, {f.id for f in facts}, layout.root, collector)
    changes, review = [], None
    if registry_read:
        changes = load_changes(layout.content / "changes.yml", "content/changes.yml", {p.id: p for p in pages}, claims, facts, collector)
        withdrawn = {change.claim for change in changes if change.withdraws}
        review = load_review(layout.content / "review.yml", "content/review.yml", {c.id for c in claims} | withdrawn, collector)
    if (layout.content / "lexicon.yml").is_file():  # read by `make suggest`; checked here with every input
        load_lexicon(layout.content / "lexicon.yml", "content/lexicon.yml", collector)
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
        rubric=rubric,
        review=review,
        facts=tuple(facts),
        changes=tuple(changes),
        aliases=tuple(aliases),
        glossary=tuple(glossary),
        figures=figures,
    )


def check_pages_have_claims(pages: list[Page], claims: list[Claim], collector: Collector) -> None:
    """A published topic page checks at least one statement; a page still being written says draft: true."""
    checked = {claim.page for claim in claims}
    for page in pages:
        if not page.draft and page.id not in checked:
            collector.add(page.path, 1, "draft", f"no checked statement: no claim of content/claims.yml has page: {page.id}; "
                          "add one, or mark the page draft: true while you write it")


def check_figure_references(layout: Layout, pages: list[Page], figures: dict[str, Figure], collector: Collector) -> None:
    """Every `/// figure | id` line of a page must name a figure of content/figures/."""
    for page in pages:
        lines = read_text(layout.root / page.path, page.path).split("\n")
        for number, line in enumerate(lines, 1):
            found = FIGURE.match(line)
            if found and found["id"] not in figures:
                collector.add(page.path, number, "figure", f"no figure {found['id']!r}; expected one of: {', '.join(sorted(figures))}")


@without_cyclic_gc
def render_site(site: Site, drafts: bool = False) -> dict[str, bytes]:
    """Every generated file of docs/, by path relative to docs/; draft pages (and their claims) only
    with drafts, as `make serve` shows them, each under a banner that says it is a draft."""
    if not drafts:
        site = site.published()
    text: dict[str, str] = {
        "index.md": render_home(site),
        "claims.md": render_claims_index(site),
        "sources/index.md": render_sources_index(site),
    }
    for page in site.pages:
        if f"{page.id}.md" in text:
            raise InputError([Problem(page.path, 0, "", f"page name {page.id!r} is taken by a generated page; rename the file")])
        text[f"{page.id}.md"] = with_draft_banner(render_topic(page, site)) if page.draft else render_topic(page, site)
    text["how-we-check.md"] = render_how_we_check(site)
    text["changes.md"] = render_changes_page(site)
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
    text[FEED] = render_feed(site)
    text["links.json"] = render_links_json(site, text)
    # A seed's raw-text download is not copied here: MkDocs takes it from seeds/ (hooks/downloads.py).
    return {name: value.encode("utf-8") for name, value in text.items()}


def with_draft_banner(text: str) -> str:
    """A rendered topic page with a banner under its title saying it is a draft."""
    title = text.index("\n# ") + 1
    after = text.index("\n", title) + 1
    banner = ('!!! warning draft "Draft"\n    This page is marked `draft: true`: `make serve` shows it, '
              "`make build` leaves it out of the site, its navigation and its links.\n\n")
    return text[:after] + "\n" + banner + text[after:].lstrip("\n")


def configured(layout: Layout, site: Site, force: bool = False) -> tuple[str, str]:
    """mkdocs.yml's text as it is, and with the generated topic list naming the published pages;
    both empty when the project has no mkdocs.yml."""
    path = layout.root / CONFIG
    if not path.is_file():
        return "", ""
    old = read_text(path, CONFIG)
    new, problems = with_topics(old, [page.id for page in site.pages if not page.draft], force)
    if problems:
        raise OutputError(problems)
    return old, new


def generate(layout: Layout, force: bool = False, drafts: bool = False, site: Site | None = None) -> WriteReport:
    """Runs the whole pipeline; docs/ and mkdocs.yml's topic list change only when every stage
    succeeded. With drafts, as `make serve` runs it, draft pages are made too."""
    site = site or load_site(layout)
    return write_site(layout, site, render_site(site, drafts), force)


def write_site(layout: Layout, site: Site, files: dict[str, bytes], force: bool = False) -> WriteReport:
    """Writes the rendered files to docs/ and the topic list to mkdocs.yml's nav, each only if changed."""
    old, new = configured(layout, site, force)
    report = write_outputs(layout.docs, files, "docs", force)
    if new != old:
        write_atomically(layout.root / CONFIG, new.encode("utf-8"))
        report.written.append(CONFIG)
    return report
