"""Every checkable statement of the seeds is a claim or explicitly dismissed, and stays so."""

from __future__ import annotations

from pathlib import Path

from explainer.sources.clean import clean
from explainer.claims.coverage import Checkable, load_checkable, reasons, statements_of, uncovered
from explainer.errors import Collector
from explainer.site.pipeline import Layout, load_site
from tests.conftest import ROOT, VOCABULARY, make_ingested


def checkable() -> Checkable:
    collector = Collector()
    found = load_checkable(ROOT / "content" / "checkable.yml", "content/checkable.yml", collector)
    assert collector.problems == []
    return found


def test_the_seeds_have_no_uncovered_checkable_statement() -> None:
    found = uncovered(load_site(Layout(ROOT)), checkable())
    assert [f"{s.seed_id}: {s.text}" for s in found] == [], "run `make uncovered` and add a claim or a dismissal"


def test_numbers_dates_names_and_superlatives_are_checkable() -> None:
    vocabulary = checkable()
    assert reasons("it cost $1 billion in 2024", vocabulary) == ("$1", "billion", "2024")
    assert "Anthropic" in reasons("Anthropic said so", vocabulary)
    assert reasons("the largest model", vocabulary) == ("largest",)
    assert "March" in reasons("released in March", vocabulary)
    assert reasons("it may rain and we talked", vocabulary) == ()


def test_transcripts_are_cut_into_clauses_and_articles_into_sentences(tmp_path: Path) -> None:
    spoken = clean(make_ingested(" ".join(["so we scaled the model up"] * 12)), [], VOCABULARY, Collector(), "m")
    sizes = [b - a for a, b in statements_of(spoken)]
    assert sum(sizes) == 72 and max(sizes) <= 31
    written = clean(make_ingested("One claim here. Another one, in 2020! A third?", "article"), [], VOCABULARY, Collector(), "m")
    texts = [" ".join(written.words.text[a:b]) for a, b in statements_of(written)]
    assert texts == ["One claim here.", "Another one, in 2020!", "A third?"]
