"""The content model: plain, immutable records that every stage passes along."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("chat", "article", "transcript", "caption-page")
SPOKEN_KINDS = ("transcript", "caption-page")
VERDICTS = ("accurate", "needs context", "inaccurate", "unsupported", "outdated")
CLAIM_TYPES = ("fact", "forecast", "recollection", "account")


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    at: str  # a phrase of the raw seed where the chapter begins
    line: int


@dataclass(frozen=True)
class Seed:
    """One source document, as the manifest describes it."""

    id: str
    file: str
    path: Path
    title: str
    kind: str
    speakers: tuple[str, ...]
    date: str
    url: str
    publisher: str
    reliability: str
    reliability_note: str
    chapters: tuple[Chapter, ...]
    manifest_line: int


@dataclass(frozen=True)
class Correction:
    """A reviewed transcription fix: whole-word `wrong` in one seed reads as `right`."""

    seed_id: str
    wrong: str
    right: str
    note: str
    path: str
    line: int


@dataclass(frozen=True)
class SourceRef:
    title: str
    publisher: str
    date: str
    url: str


@dataclass(frozen=True)
class Change:
    """What overtook an outdated statement, and when."""

    date: str
    what: str


@dataclass(frozen=True)
class Claim:
    """One checked statement of a seed, located in its raw text."""

    id: str
    seed_id: str
    excerpt: str  # the raw words, as transcribed
    page: str
    verdict: str
    note: str
    sources: tuple[SourceRef, ...]
    reviewed: str
    start: int
    end: int
    path: str
    line: int
    speaker: str = ""
    type: str = ""  # one of CLAIM_TYPES
    said: str = ""  # when it was said: the claim's own date, else its seed's; "" when not known
    horizon: str = ""  # a forecast's date or horizon, if it names one
    changed: Change | None = None  # what overtook an outdated statement
    statement: str = ""  # the statement as meant: the cleaned text of the excerpt's span
    recheck: str = ""  # when to check it again, if not the default (a date, or "never")


@dataclass(frozen=True)
class Quote:
    """A curated quote on a page, located in its raw seed."""

    seed_id: str
    speaker: str
    text: str
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True)
class SelfCheck:
    question: str
    answer: str


@dataclass(frozen=True)
class Page:
    """A curated topic page: front matter plus Markdown body with quote directives."""

    id: str
    path: str
    title: str
    description: str
    summary: str
    objectives: tuple[str, ...]
    reviewed: str  # when the facts were last checked against their sources
    updated: str  # when the text last changed
    body: str  # Markdown with quote directives already replaced by placeholders
    quotes: tuple[Quote, ...]
    sections: tuple[Section, ...]
    self_check: tuple[SelfCheck, ...] = field(default=())
    further_reading: tuple[SourceRef, ...] = field(default=())
    order: int = 0
    draft: bool = False  # shown by `make serve` only, under a banner; left out of `make build`
