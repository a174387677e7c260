"""Finds the checkable statements of the seeds that no claim checks and no dismissal explains.

A statement is a sentence of a written seed, or a clause of a transcript (its cleaned text cut
before words that usually open a clause). It is checkable when it holds a number, a date, a name
from content/checkable.yml or a superlative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from explainer.sources.clean import Cleaned, locate_phrase
from explainer.errors import Collector
from explainer.fields import Fields
from explainer.model import SPOKEN_KINDS, Page
from explainer.site.site import Site
from explainer.sources.words import SHOWN_ROLES
from explainer.yamlfile import Mapping, load_yaml

CLAUSE_OPENERS = frozenset({"so", "and", "but", "because", "which", "whereas", "while", "if", "when", "i", "we", "you", "they", "it's", "that's", "there's", "now", "yeah", "well", "right"})
MIN_CLAUSE, MAX_CLAUSE = 8, 30


@dataclass(frozen=True)
class Checkable:
    names: tuple[str, ...]
    words: frozenset[str]
    prose_names: tuple[str, ...] = ()  # what makes a sentence of a page's own prose checkable: model and product names, months


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
    products: list[str] = []
    groups = top.mapping.get("names")
    if isinstance(groups, Mapping):
        for group in groups:
            listed = Fields(groups, shown, groups.line, collector, "names").text_list(group)
            names += listed
            if group in ("models", "benchmarks"):
                products += listed
    words = {w.lower() for key in ("superlatives", "magnitudes") for w in top.text_list(key)}
    # Month names are names: matched case-sensitively, so the verb "may" is not a date.
    months = top.text_list("months")
    names += months
    return Checkable(tuple(sorted(names, key=len, reverse=True)), frozenset(words),
                     tuple(sorted(products + months, key=len, reverse=True)))


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


# Words that make a sentence of a page's own prose time-sensitive.
TIME_WORDS = re.compile(r"(?i)(?<!\w)(?:current(?:ly)?|latest|newest|today|now|as of|so far|recent(?:ly)?|no longer|still)(?!\w)")
_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|\{[^}]*\}|<[^>]+>|\*\*|(?<!\w)[*_`]|\|")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”')]*\s+(?=[\"“(]?[A-Z0-9])")


@dataclass(frozen=True)
class ProseStatement:
    page: str
    path: str
    line: int
    text: str
    reasons: tuple[str, ...]


def body_paragraphs(lines: list[str], first: int) -> list[tuple[int, str]]:
    """The prose paragraphs of a page body (not quotes, figures, headings, tables' rules or code),
    each with the line it starts on."""
    found: list[tuple[int, str]] = []
    paragraph: list[str] = []
    start = 0
    in_fence = in_block = False
    for number, line in enumerate(lines[first - 1 :] + [""], first):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        opens_block = stripped.startswith("/// ") and not in_block
        if opens_block or in_block:
            in_block = opens_block or stripped != "///"
        if in_fence or in_block or opens_block or not stripped or stripped.startswith(("#", "///", "<!--", "|-", "|:")):
            if paragraph:
                found.append((start, " ".join(paragraph)))
            paragraph = []
            continue
        if stripped.startswith("|"):  # a table row is a statement of its own
            if paragraph:
                found.append((start, " ".join(paragraph)))
            found.append((number, stripped.strip("|").replace("|", ";") + "."))
            paragraph = []
            continue
        if not paragraph:
            start = number
        paragraph.append(stripped)
    return found


def prose_of(page: Page, root: Path) -> list[tuple[int, str]]:
    """A page's own prose as (line, Markdown) paragraphs: the summary, the body and the self-check answers."""
    lines = (root / page.path).read_text(encoding="utf-8").split("\n")
    closing = next((n for n in range(2, len(lines) + 1) if lines[n - 1].strip() == "---"), 1)
    keyed = [n for n in range(1, closing) if re.match(r"^\s*(?:- )?(?:summary|answer):", lines[n - 1])]
    texts = [page.summary, *(check.answer for check in page.self_check)]
    return list(zip(keyed, texts)) + body_paragraphs(lines, closing + 1)


def split_sentences(markdown: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(" ".join(markdown.split())) if part.strip()]


def plain(markdown: str) -> str:
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or " ", markdown).split())


def prose_reasons(text: str, names: tuple[str, ...]) -> tuple[str, ...]:
    found = [name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    found += re.findall(r"\$?\d(?:[\d,.]*\d)?%?", text)
    found += [m.group(0).lower() for m in TIME_WORDS.finditer(text)]
    return tuple(dict.fromkeys(found))


def uncovered_prose(site: Site, root: Path, names: tuple[str, ...]) -> list[ProseStatement]:
    """Sentences of the pages' own prose with a date, a number, a model name or a time word that
    no registered fact states and no claim link backs."""
    result = []
    for page in site.pages:
        texts = [" ".join(t.split()) for fact in site.facts if fact.page == page.id for t in fact.texts]
        for line, paragraph in prose_of(page, root):
            for sentence in split_sentences(paragraph):
                why = prose_reasons(plain(sentence), names)
                if why and "#claim-" not in sentence and not any(text in sentence for text in texts):
                    result.append(ProseStatement(page.id, page.path, line, plain(sentence), why))
    return result
