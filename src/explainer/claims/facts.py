"""Loads the facts of the pages' own prose (content/facts.yml) and finds where each page states them.

A fact is what a topic page says in its own voice ("Claude Opus 5.5 is the current Opus"), with
its primary sources, the day it was last checked, and how fast it goes stale, which sets the day
it is due for re-checking. `text` holds the words of the page that state it (one phrase or a list),
found with white space ignored in the page's prose: its summary, body and self-check answers.
A page can show a fact's review date where it matters: `{as-of:fact-id}` in its prose becomes
"as of 6 December 2026".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from explainer.claims.claims import read_sources
from explainer.errors import Collector
from explainer.fields import Fields, days_after, read_fields
from explainer.model import Page, SourceRef
from explainer.yamlfile import Sequence

# How fast a kind of fact goes stale, and so how long until it is due for re-checking.
PACES = {"fast": 91, "slow": 365, "never": 0}  # days; never: history, which does not change
AS_OF = re.compile(r"\{as-of:([a-z0-9-]+)\}")


@dataclass(frozen=True)
class Fact:
    id: str
    page: str
    texts: tuple[str, ...]  # the page's words that state it
    pace: str
    note: str
    sources: tuple[SourceRef, ...]
    reviewed: str
    recheck: str  # "" when it never needs re-checking
    path: str
    line: int


def squeeze(text: str) -> str:
    return " ".join(text.split())


def page_prose(page: Page) -> str:
    """What a page says in its own voice: summary, body (quotes left out) and self-check answers, white space squeezed."""
    return squeeze(" ".join([page.summary, page.body, *(check.answer for check in page.self_check)]))


def load_facts(path: Path, shown: str, pages: dict[str, Page], collector: Collector) -> list[Fact]:
    """Every fact, each found on its page; problems go to the collector."""
    if not path.is_file():
        return []
    top = read_fields(path, shown, collector, "the facts registry")
    if top is None:
        return []
    top.allow_only("facts")
    facts: list[Fact] = []
    seen: dict[str, int] = {}
    prose = {page_id: page_prose(page) for page_id, page in pages.items()}
    for item, line in top.items("facts"):
        fields = Fields(item, shown, line, collector, "a fact")
        fields.allow_only("id", "page", "text", "pace", "note", "sources", "reviewed", "recheck")
        fact_id, page = fields.slug("id"), fields.slug("page")
        if fact_id in seen:
            fields.problem("id", f"duplicate id {fact_id!r}; expected each id once (first used on line {seen[fact_id]})")
        seen[fact_id] = line
        value = fields.mapping.get("text")
        texts = tuple(fields.text_list("text", required=True)) if isinstance(value, Sequence) else (fields.text("text"),)
        if page and page not in pages:
            fields.problem("page", f"no page {page!r}; expected one of: {', '.join(sorted(pages))}")
        elif page:
            for text in texts:
                if text and squeeze(text) not in prose[page]:
                    fields.problem("text", f"{text!r} is not in the prose of content/pages/{page}.md; expected the page's own words (white space ignored)")
        pace = fields.choice("pace", tuple(PACES))
        reviewed = fields.date("reviewed")
        sources = read_sources(fields, "sources", required=True)
        recheck = fields.date("recheck", required=False) or days_after(reviewed, PACES.get(pace, 0))
        facts.append(Fact(fact_id, page, texts, pace, fields.text("note", required=False), sources, reviewed, recheck, shown, line))
    return facts


def check_as_of(pages: dict[str, Page], known: set[str], root: Path, collector: Collector) -> None:
    """Every {as-of:fact-id} of a page names a registered fact."""
    for page in pages.values():
        source = root / page.path
        if not source.is_file():
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").split("\n"), 1):
            for found in AS_OF.finditer(line):
                if found.group(1) not in known:
                    collector.add(page.path, number, "as-of", f"no fact {found.group(1)!r} in content/facts.yml; expected the id of a registered fact")


def expand_as_of(text: str, facts: dict[str, Fact], human: Callable[[str], str]) -> str:
    """Page text with each {as-of:fact-id} replaced by "as of" and the fact's review date."""
    return AS_OF.sub(lambda m: f"as of {human(facts[m.group(1)].reviewed)}" if m.group(1) in facts else m.group(0), text)
