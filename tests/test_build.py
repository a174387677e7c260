"""Builds the real site with `mkdocs build --strict` and checks what a reader gets."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest

from explainer.site import pipeline
from explainer.site.cli import main
from explainer.pages.glossary import tooltips
from explainer.render.markup import human_date
from tests.conftest import ROOT, copy_project


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []  # tag, attribute, value

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rel = dict(attrs).get("rel") or ""
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value:
                # canonical and alternate links name a URL; they do not fetch it
                self.refs.append(("link-ref" if tag == "link" and rel in ("canonical", "alternate") else tag, name, value))


def parse(path: Path) -> _Collect:
    collector = _Collect()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built once into a temporary copy, by the same command as `make build`."""
    root = tmp_path_factory.mktemp("project")
    copy_project(root)
    shutil.copytree(ROOT / "docs", root / "docs")
    assert main(["--root", str(root), "build"]) == 0
    return root / "site"


def topic_ids() -> list[str]:
    """The topic pages the build publishes, whatever content/pages/ holds."""
    return [page.id for page in pipeline.load_site(pipeline.Layout(ROOT)).published().pages]


def test_every_page_is_built(built: Path) -> None:
    topics = topic_ids()
    assert topics
    for page in ("index.html", "claims/index.html", "sources/index.html", *(f"{topic}/index.html" for topic in topics)):
        assert (built / page).is_file(), page
    seeds = pipeline.load_site(pipeline.Layout(ROOT)).seeds
    assert sorted(path.parent.name for path in (built / "sources").glob("*/index.html")) == sorted(seeds)


def claim_reviews(html: str) -> list[dict[str, Any]]:
    """The schema.org ClaimReview objects of a page's JSON-LD."""
    found: list[dict[str, Any]] = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        found += [item for item in (data if isinstance(data, list) else [data]) if item.get("@type") == "ClaimReview"]
    return found


def test_accuracy_box_claims_json_and_json_ld_agree(built: Path) -> None:
    """What a reader sees in each box, claims.json and the ClaimReview JSON-LD give every claim the
    same statement, speaker, date said, verdict and review date."""
    claims = json.loads((built / "claims.json").read_text(encoding="utf-8"))["claims"]
    assert claims
    for page in sorted({c["page"] for c in claims}):
        html = (built / page / "index.html").read_text(encoding="utf-8")
        box = re.search(r'<details class="accuracy" open="open">\s*<summary>(.*?)</summary>(.*?)</details>', html, re.S)
        assert box, page
        mine = {c["id"]: c for c in claims if c["page"] == page}
        assert f"{len(mine)} statement{'s' if len(mine) != 1 else ''} checked" in box.group(1)
        assert 'href="../how-we-check/"' in box.group(2), "the box links to the rubric"
        entries = dict(re.findall(r'<p class="claim" id="claim-([a-z0-9-]+)">(.*?)</p>', box.group(2), re.S))
        assert set(entries) == set(mine), page
        reviews = {r["url"].rsplit("#claim-", 1)[1]: r for r in claim_reviews(html)}
        assert set(reviews) == set(mine), page
        for claim_id, claim in mine.items():
            entry = unescape(re.sub(r"<[^>]+>", "", entries[claim_id]))
            assert f"“{claim['statement']}”" in " ".join(entry.split()), claim_id
            assert claim["speaker"] in entry
            assert (human_date(claim["said"]) if claim["said"] else "date not known") in entry
            assert f'class="verdict verdict--{claim["verdict"].replace(" ", "-")}"' in entries[claim_id]
            assert f'href="../how-we-check/#{claim["type"]}-{claim["verdict"].replace(" ", "-")}"' in entries[claim_id]
            assert f'href="#claim-{claim_id}"' in entries[claim_id], "a visible permalink"
            review = reviews[claim_id]
            assert review["claimReviewed"] == claim["statement"]
            assert review["reviewRating"]["alternateName"] == claim["verdict"]
            assert review["datePublished"] == claim["reviewed"]
            assert review["itemReviewed"]["author"]["name"] == claim["speaker"]
            assert review["itemReviewed"].get("datePublished") == (claim["said"] or None)


def test_quote_and_claim_links_land_on_existing_paragraphs(built: Path) -> None:
    checked = 0
    for page in built.rglob("*.html"):
        for tag, _, value in parse(page).refs:
            if tag != "a" or "sources/" not in value or "#p" not in value or value.startswith("http"):
                continue
            path, anchor = value.split("#", 1)
            target = (page.parent / path).resolve()
            target = target / "index.html" if target.is_dir() else target
            assert anchor in parse(target).ids, f"{page.relative_to(built)} -> {value}"
            checked += 1
    assert checked > 100


def test_no_request_leaves_the_origin(built: Path) -> None:
    for page in built.rglob("*.html"):
        for tag, attribute, value in parse(page).refs:
            if tag in ("script", "link", "img", "iframe", "source") and re.match(r"^(https?:)?//", value):
                pytest.fail(f"{page.relative_to(built)} loads {value} from another origin")
    for css in built.rglob("*.css"):
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:|fonts\.googleapis", css.read_text(encoding="utf-8")), css


class _ArticleText(HTMLParser):
    """The text a reader sees in a page's article that the generator wrote: without code blocks,
    scripts, styles, figures' drawings and a source page's paragraphs of seed text (`id="p123"`),
    which show the seed as it is."""

    SKIPPED = {"pre", "code", "script", "style", "svg"}

    def __init__(self) -> None:
        super().__init__()
        self.inside_article = 0
        self.skipping: list[str] = []  # the tags being skipped, innermost last
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside_article += tag == "article"
        if tag in self.SKIPPED or (tag in ("p", "h3") and re.fullmatch(r"p\d+", dict(attrs).get("id") or "")) or (self.skipping and tag == self.skipping[0]):
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.inside_article -= tag == "article"
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if self.inside_article and not self.skipping:
            self.parts.append(data)


# Markdown that reached the page as text: an attribute list, an admonition or block opener, an icon
# shortcode, a link whose target was not parsed.
UNRENDERED = re.compile(r"\{\s*[:.#][\w-]|^\s*(!!!|\?\?\?\+?|///)\s|:material-[\w-]+:|\]\((?:\.\./)*[\w/-]+\.md", re.M)


def test_no_markdown_syntax_shows_as_text(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    for page in pages:
        reader = _ArticleText()
        reader.feed(page.read_text(encoding="utf-8"))
        text = "".join(reader.parts)
        found = UNRENDERED.search(text)
        assert not found, f"{page.relative_to(built)} shows {text[max(0, found.start() - 40):found.end() + 20]!r}"
    assert len(pages) >= 15


def test_seed_text_is_shown_as_text(built: Path) -> None:
    html = (built / "sources" / "claude-2-parameters-article" / "index.html").read_text(encoding="utf-8")
    assert "Claude 2 has approximately 12 billion parameters" in html
    assert "<script" not in html.split("<article", 1)[1].split("</article>", 1)[0]


def test_downloads_are_the_raw_and_cleaned_text(built: Path) -> None:
    for seed in (ROOT / "seeds").glob("*.txt"):
        copies = list((built / "sources").glob(f"*/{seed.name}"))
        assert len(copies) == 1 and copies[0].read_bytes() == seed.read_bytes()
        assert not list((ROOT / "docs").rglob(seed.name))  # taken from seeds/ by hooks/downloads.py, not copied into docs/
    clean = (built / "sources" / "lex-fridman-452" / "lex-fridman-452.clean.txt").read_text(encoding="utf-8")
    assert "Baidu with Andrew Ng" in clean and " um " not in clean


def site_differences(first: Path, second: Path) -> list[str]:
    """The files two built sites do not share byte for byte, or that only one of them has."""
    names = {p.relative_to(first) for p in first.rglob("*") if p.is_file()} | {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    return sorted(str(name) for name in names
                  if not (first / name).is_file() or not (second / name).is_file() or (first / name).read_bytes() != (second / name).read_bytes())


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "elsewhere"
    copy_project(copy, built.parent)
    monkeypatch.setenv("PYTHONHASHSEED", "7")
    monkeypatch.chdir(tmp_path)
    assert main(["--root", str(copy), "build"]) == 0
    assert site_differences(built, copy / "site") == []


def test_tooltips_of_the_terms_a_page_uses_give_the_same_site_as_all_of_them(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page carries only the definitions of the glossary terms it contains; every term on every
    page, as a stock site-wide glossary does it, would build the same HTML, only slower."""
    monkeypatch.setattr(pipeline, "tooltips", lambda terms, page: tooltips(terms))
    copy = copy_project(tmp_path / "every-term", built.parent)
    assert main(["--root", str(copy), "build"]) == 0
    generated = (built.parent / "docs" / "index.md").read_text(encoding="utf-8")
    assert "*[GPQA]:" in (copy / "docs" / "index.md").read_text(encoding="utf-8") and "*[GPQA]:" not in generated
    assert site_differences(built, copy / "site") == []


def test_every_figure_of_a_topic_page_is_accessible_and_themed(built: Path) -> None:
    for page in topic_ids():
        html = (built / page / "index.html").read_text(encoding="utf-8")
        figures = re.findall(r'<figure class="explainer-figure".*?</figure>', html, re.S)
        source = (ROOT / "content" / "pages" / f"{page}.md").read_text(encoding="utf-8")
        assert len(figures) == len(re.findall(r"^/// figure \|", source, re.M)), page
        for figure in figures:
            svg = re.search(r'<svg [^>]*role="img" aria-labelledby="(\S+) (\S+)"', figure)
            assert svg, page
            assert re.search(rf'<title id="{svg.group(1)}">[^<]+</title>', figure)
            assert re.search(rf'<desc id="{svg.group(2)}">[^<]{{80,}}</desc>', figure), "alt text should describe the figure"
            assert not re.search(r'(fill|stroke)="#|style="', figure), "colours come from the theme's CSS, for dark mode"
            assert "<script" not in figure and "Source:" in figure


def test_theme_html_is_valid_where_material_falls_short(built: Path) -> None:
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<input\b[^>]*type="checkbox"[^>]*autocomplete=', html), page
        assert 'tabindex=""' not in html, page
        ids = set(re.findall(r'id="([^"]+)"', html))
        assert all(target in ids for target in re.findall(r'<label[^>]*\bfor="([^"]+)"', html)), page
        if 'class="md-search"' in html:
            assert re.search(r'<div class="md-search"[^>]*role="dialog" aria-label="Search"', html), page


def test_palette_override_runs_materials_own_script_first(built: Path) -> None:
    """The override adds a case to Material's palette script; after a theme upgrade it must be redone."""
    import material

    partial = "partials/javascripts/palette.html"
    theirs = (Path(material.__file__).parent / "templates" / partial).read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / partial).read_text(encoding="utf-8")
    script = re.compile(r"<script>(.*)</script>", re.S)
    their_script, our_script = script.search(theirs), script.search(ours)
    assert their_script and our_script
    assert our_script.group(1).startswith(their_script.group(1) + "else{"), "Material's palette script changed: update the override"
    assert our_script.group(0) in (built / "index.html").read_text(encoding="utf-8")


def test_structured_data_describes_each_topic_page(built: Path) -> None:
    claims = json.loads((built / "claims.json").read_text(encoding="utf-8"))["claims"]
    for page in topic_ids():
        html = (built / page / "index.html").read_text(encoding="utf-8")
        blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
        article = next(b for b in blocks if isinstance(b, dict) and b["@type"] == "Article")
        assert article["headline"] and article["url"].endswith(f"/{page}/")
        reviews = claim_reviews(html)
        assert reviews and all(1 <= r["reviewRating"]["ratingValue"] <= 5 for r in reviews)
        assert all(r["itemReviewed"]["appearance"]["name"] for r in reviews)
        og = dict(re.findall(r'<meta property="og:(\w+)" content="([^"]*)"', html))
        assert og["type"] == "article" and og["url"] == article["url"] and og["description"]


def test_every_page_announces_the_feed_and_lists_its_changes(built: Path) -> None:
    for page in built.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in html:
            assert 'rel="alternate" type="application/atom+xml"' in html, page
    assert 'href="../changes.xml"' in (built / "instructors" / "index.html").read_text(encoding="utf-8")
    assert feedparser.parse((built / "changes.xml").read_bytes()).entries
    for entry in pipeline.load_site(pipeline.Layout(ROOT)).changes:
        html = (built / entry.page / "index.html").read_text(encoding="utf-8")
        assert 'id="changes"' in html, entry.page
        if entry.claim:
            assert f'id="claim-{entry.claim}"' in html, f"a link to a changed or withdrawn claim still lands: {entry.claim}"


def held_back(html: str) -> str:
    """What a page's <noscript id="__theme-css"> holds: the full stylesheets of the theme."""
    head = html[:html.index("</head>")]
    return head[head.index('<noscript id="__theme-css">'):head.index("</noscript>")]


def test_every_page_links_the_first_view_stylesheet_cut_from_the_full_ones(built: Path) -> None:
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in html:  # a redirect page of mkdocs-redirects has no theme
            assert 0 < html.find("first-view.css") < html.find(held_back(html)), page
    topic = built / "model-tiers" / "index.html"
    hrefs = re.findall(r'href="([^"]+\.css)"', held_back(topic.read_text(encoding="utf-8")))
    full = "".join((topic.parent / href).resolve().read_text(encoding="utf-8") for href in hrefs)
    first_view = (built / "assets" / "stylesheets" / "first-view.css").read_text(encoding="utf-8")
    assert hrefs and len(first_view) < len(full) / 2
    for body in re.findall(r"\{([^{}]*)\}", first_view):  # every declaration comes from them
        assert all(declaration in full for declaration in body.split(";")), body
