"""Finds the checkable statements of the seeds that no claim checks and no dismissal explains.

A statement is a sentence of a written seed, or a clause of a transcript (its cleaned text cut
before words that usually open a clause). It is checkable when it holds a number, a date, a name
from content/checkable.yml or a superlative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from explainer.clean import Cleaned, locate_phrase
from explainer.errors import Collector
from explainer.fields import Fields
from explainer.model import SPOKEN_KINDS
from explainer.site import Site
from explainer.words import SHOWN_ROLES
from explainer.yamlfile import Mapping, load_yaml

CLAUSE_OPENERS = frozenset({"so", "and", "but", "because", "which", "whereas", "while", "if", "when", "i", "we", "you", "they", "it's", "that's", "there's", "now", "yeah", "well", "right"})
MIN_CLAUSE, MAX_CLAUSE = 8, 30


@dataclass(frozen=True)
class Checkable:
    names: tuple[str, ...]
    words: frozenset[str]


@dataclass(frozen=True)
class Statement:
    seed_id: str
    start: int
    end: int
    text: str
    reasons: tuple[str, ...]


def load_checkable(path: Path, shown: str, collector: Collector) -> Checkable:
    top = Fields(load_yaml(path, shown), shown, 1, collector, "the checkable vocabulary")
    top.allow_only("names", "superlatives", "magnitudes", "months")
    names: list[str] = []
    groups = top.mapping.get("names")
    if isinstance(groups, Mapping):
        for group in groups:
            names += Fields(groups, shown, groups.line, collector, "names").text_list(group)
    words = {w.lower() for key in ("superlatives", "magnitudes") for w in top.text_list(key)}
    # Month names are names: matched case-sensitively, so the verb "may" is not a date.
    names += top.text_list("months")
    return Checkable(tuple(sorted(names, key=len, reverse=True)), frozenset(words))


def statements_of(cleaned: Cleaned) -> list[tuple[int, int]]:
    """Word index ranges of the seed's statements."""
    words = cleaned.words
    spoken = cleaned.ingested.seed.kind in SPOKEN_KINDS
    ranges: list[tuple[int, int]] = []
    for paragraph in cleaned.paragraphs:
        first = paragraph.first
        count = 0
        for index in range(paragraph.first, paragraph.last):
            if words.role[index] not in SHOWN_ROLES:
                continue
            if spoken:
                opener = words.text[index].lower() in CLAUSE_OPENERS
                if count >= MAX_CLAUSE or (count >= MIN_CLAUSE and opener):
                    ranges.append((first, index))
                    first, count = index, 0
            elif count and re.search(r"[.!?][\"”')]*$", words.text[index - 1]):
                ranges.append((first, index))
                first, count = index, 0
            count += 1
        ranges.append((first, paragraph.last))
    return [(a, b) for a, b in ranges if a < b]


def reasons(text: str, checkable: Checkable) -> tuple[str, ...]:
    found = []
    for name in checkable.names:
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            found.append(name)
    for token in re.findall(r"[\w$%.'-]+", text):
        bare = token.strip(".'").lower()
        if re.search(r"\d", token) or bare in checkable.words:
            found.append(token.strip(".'"))
    return tuple(dict.fromkeys(found))


def uncovered(site: Site, checkable: Checkable) -> list[Statement]:
    """Checkable statements that overlap no claim excerpt and no dismissed excerpt."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for claim in site.claims:
        spans.setdefault(claim.seed_id, []).append((claim.start, claim.end))
    for seed_id, excerpt, _ in site.dismissed:
        if seed_id in site.cleaned:
            raw = site.cleaned[seed_id].ingested.raw
            for start in locate_phrase(raw, excerpt):
                spans.setdefault(seed_id, []).append((start, start + len(" ".join(excerpt.split()))))
    result = []
    for seed_id, cleaned in sorted(site.cleaned.items()):
        for first, last in statements_of(cleaned):
            words = [w for w in cleaned.words.rows(first, last) if w.role in SHOWN_ROLES]
            if not words:
                continue
            text = " ".join(w.text for w in words)
            why = reasons(text, checkable)
            start, end = words[0].start, words[-1].end
            if why and not any(s < end and start < e for s, e in spans.get(seed_id, [])):
                result.append(Statement(seed_id, start, end, text, why))
    return result
