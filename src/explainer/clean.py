"""Cleans a seed's body into words that each map back to their span of the raw text.

Written seeds (chat, article) keep their words and lines; spoken seeds (transcripts, caption
pages) also lose fillers and stutters and are cut into paragraphs and chapters. Reviewed
corrections apply to both, whole-word.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple
from functools import cached_property, lru_cache

from explainer.corrections import Vocabulary
from explainer.errors import Collector
from explainer.ingest import Ingested
from explainer.model import SPOKEN_KINDS, Chapter, Correction

WORD = "word"  # kept in the cleaned text, must appear in a quote
OPTIONAL = "optional"  # kept in the cleaned text, a quote may leave it out
FILLER = "filler"  # dropped from the cleaned text
STUTTER = "stutter"  # dropped from the cleaned text

PARAGRAPH_MIN_WORDS = 60
PARAGRAPH_MAX_WORDS = 110
PARAGRAPH_OPENERS = frozenset({"so", "and", "but", "now", "yeah", "well", "i", "okay", "what"})
_KEY = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r"\S+")


@lru_cache(maxsize=1 << 16)
@lru_cache(maxsize=1 << 16)
def keys_of(text: str) -> tuple[str, ...]:
    """The match keys of a text: its runs of letters and digits, case-folded and NFKC-normalised,
    so that a key never depends on its neighbours or on how an accent was encoded."""
    return tuple(_KEY.findall(unicodedata.normalize("NFKC", text.casefold())))


class Word(NamedTuple):
    """One word of the cleaned text and the raw span it comes from (a tuple: seeds have many)."""

    text: str
    start: int
    end: int
    keys: tuple[str, ...]
    role: str
    glued: bool  # no space before it in the raw text
    correction: Correction | None


@dataclass(frozen=True)
class Paragraph:
    id: str
    first: int  # index of its first word
    last: int  # index after its last word
    heading: bool
    chapter: Chapter | None


class KeyStream:
    """The cleaned text as one list of match keys, each tied to its word; what quotes are found in."""

    def __init__(self, words: tuple[Word, ...]) -> None:
        self.keys: list[str] = []
        self.word: list[int] = []
        self.skippable: list[bool] = []  # a quote may leave it out: a filler, stutter or optional word
        for index, word in enumerate(words):
            for key in word.keys:
                self.keys.append(key)
                self.word.append(index)
                self.skippable.append(word.role != WORD)
        self.positions: dict[str, list[int]] = defaultdict(list)
        for position, key in enumerate(self.keys):
            self.positions[key].append(position)


@dataclass(frozen=True)
class Cleaned:
    ingested: Ingested
    words: tuple[Word, ...]
    paragraphs: tuple[Paragraph, ...]
    fired: Counter[Correction]

    @cached_property
    def stream(self) -> KeyStream:
        return KeyStream(self.words)

    def shown_words(self, paragraph: Paragraph) -> list[Word]:
        return [w for w in self.words[paragraph.first : paragraph.last] if w.role in (WORD, OPTIONAL)]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [self.words[paragraph.first].start for paragraph in self.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph:
        """The paragraph that holds a raw offset (or the nearest one before it)."""
        return self.paragraphs[max(bisect_right(self._paragraph_starts, offset) - 1, 0)]


def phrase_pattern(phrase: str) -> str:
    """A regular expression for a phrase as whole words, any white space between them.

    It starts with the phrase's first word as a literal, which the regex engine searches for
    quickly; the check that no word character precedes it comes right after.
    """
    first, *rest = phrase.split()
    return (
        re.escape(first) + rf"(?<!\w.{{{len(first)}}})"
        + "".join(r"\s+" + re.escape(part) for part in rest) + r"(?!\w)"
    )


def find_corrections(ingested: Ingested, corrections: list[Correction]) -> list[tuple[int, int, Correction]]:
    """Where each correction applies in the body, leftmost first; at one place the longer phrase wins.

    Only places where a correction's first character starts a word are tried, each against the
    corrections that begin with that character, so the time grows with the text, not with the list.
    """
    by_first: dict[str, list[Correction]] = defaultdict(list)
    for correction in sorted(corrections, key=lambda c: (-len(c.wrong), c.wrong)):
        if correction.wrong.strip():
            by_first[correction.wrong.strip()[0]].append(correction)
    if not by_first:
        return []
    patterns = {
        char: re.compile("|".join(f"(?P<c{i}>{phrase_pattern(c.wrong)})" for i, c in enumerate(group)))
        for char, group in by_first.items()
    }
    candidate = re.compile(r"(?<!\w)[" + "".join(re.escape(char) for char in by_first) + "]")
    found = []
    for start, end in ingested.body:
        position = start
        while (place := candidate.search(ingested.raw, position, end)) is not None:
            char = ingested.raw[place.start()]
            match = patterns[char].match(ingested.raw, place.start(), end)
            if match is None or match.lastgroup is None:
                position = place.start() + 1
                continue
            found.append((match.start(), match.end(), by_first[char][int(match.lastgroup[1:])]))
            position = match.end()
    return found


def split_words(ingested: Ingested, corrections: list[tuple[int, int, Correction]]) -> list[Word]:
    """The body's words in order, corrections applied as single words."""
    raw = ingested.raw
    words: list[Word] = []

    def emit_plain(start: int, end: int) -> None:
        last_end = words[-1].end if words else -1
        append, make = words.append, tuple.__new__  # a seed has many words: skip NamedTuple's Python-level __new__
        for match in _TOKEN.finditer(raw, start, end):
            text, (s, e) = match.group(), match.span()
            append(make(Word, (text, s, e, keys_of(text), WORD, last_end == s, None)))
            last_end = e

    pending = iter(corrections)
    nxt = next(pending, None)
    for start, end in ingested.body:
        cursor = start
        while nxt is not None and nxt[0] < end:
            c_start, c_end, correction = nxt
            emit_plain(cursor, c_start)
            glued = bool(words) and words[-1].end == c_start
            words.append(Word(correction.right, c_start, c_end, keys_of(correction.right), WORD, glued, correction))
            cursor = c_end
            nxt = next(pending, None)
        emit_plain(cursor, end)
    return words


def stutter_size(keys: list[tuple[str, ...]], position: int) -> int:
    """How many words at position are said again right after ("the the", "I think I think"), or 0."""
    for size in (1, 2, 3):
        if position + 2 * size <= len(keys) and keys[position] == keys[position + size]:
            here = keys[position : position + size]
            if here == keys[position + size : position + 2 * size] and all(here):
                return size
    return 0


def mark_spoken(words: list[Word], vocabulary: Vocabulary) -> list[Word]:
    """Marks fillers, stutters and optional phrases of a spoken text."""
    fillers = {"".join(keys_of(filler)) for filler in vocabulary.fillers}
    roles = [FILLER if w.correction is None and w.keys and "".join(w.keys) in fillers else WORD for w in words]
    spoken = [i for i, role in enumerate(roles) if role == WORD]
    keys = [words[i].keys for i in spoken]
    count = len(keys)
    for position, key in enumerate(keys):
        # A stutter repeats this word within the next three; most words need no closer look.
        after = keys[position + 1 : position + 4]
        near = bool(key) and key in after
        size = stutter_size(keys, position) if near else 0
        for j in range(position, position + size):
            roles[spoken[j]] = STUTTER
        if not size and position + 1 < count and "'" in words[spoken[position + 1]].text:
            word, following = words[spoken[position]], words[spoken[position + 1]]
            if word.correction is None and following.text.lower().startswith(word.text.lower() + "'"):
                roles[spoken[position]] = STUTTER  # a false start: "we we're"
    for phrase in [p for p in dict.fromkeys(keys_of(" ".join(parts)) for parts in vocabulary.optional) if p]:
        for position in range(len(spoken)):
            if not keys[position] or keys[position][0] != phrase[0]:
                continue
            indices = spoken[position : position + len(phrase)]
            if all(roles[i] == WORD for i in indices) and tuple(k for i in indices for k in words[i].keys) == phrase:
                for i in indices:
                    roles[i] = OPTIONAL
    return [w if w.role == role else Word(w.text, w.start, w.end, w.keys, role, w.glued, w.correction)
            for w, role in zip(words, roles)]


def locate_phrase(raw: str, phrase: str) -> list[int]:
    """Every raw offset where a phrase starts, white space between words ignored."""
    if not phrase.split():
        return []
    return [m.start() for m in re.finditer(phrase_pattern(phrase), raw)]


def chapter_starts(ingested: Ingested, words: list[Word], collector: Collector, shown: str) -> dict[int, Chapter]:
    """For each chapter of the seed, the index of the word it begins at."""
    starts: dict[int, Chapter] = {}
    ends = [w.end for w in words]
    for chapter in ingested.seed.chapters:
        if not chapter.at:
            continue  # reported by the manifest as missing
        offsets = locate_phrase(ingested.raw, chapter.at)
        if len(offsets) != 1:
            found = "not found" if not offsets else f"found {len(offsets)} times"
            collector.add(shown, chapter.line, "at", f"chapter start {chapter.at!r} {found} in {ingested.seed.file}; expected once")
            continue
        index = bisect_right(ends, offsets[0])
        if index >= len(words):
            collector.add(shown, chapter.line, "at", f"chapter start {chapter.at!r} is not in the body of {ingested.seed.file}")
            continue
        starts[index] = chapter
    return starts


def is_heading(line_words: list[Word]) -> bool:
    text = " ".join(w.text for w in line_words)
    return len(text) <= 80 and not re.search(r"[.!?:;,\"”')]$", text) and not text.startswith("•") and len(line_words) <= 12


def paragraphs_of_written(raw: str, words: list[Word], starts: dict[int, Chapter]) -> list[Paragraph]:
    """One paragraph per line of a written seed; short unpunctuated lines are headings."""
    lines: list[tuple[int, int]] = []
    for i, word in enumerate(words):
        gap = raw[words[i - 1].end : word.start] if i else ""
        if i == 0 or "\n" in gap or "\r" in gap or i in starts:
            lines.append((i, i + 1))
        else:
            lines[-1] = (lines[-1][0], i + 1)
    paragraphs = []
    chapter = None
    for first, last in lines:
        chapter = starts.get(first, chapter)
        heading = is_heading(words[first:last]) and last < len(words)
        paragraphs.append(Paragraph(f"p{words[first].start}", first, last, heading, chapter))
    return paragraphs


def paragraphs_of_spoken(words: list[Word], starts: dict[int, Chapter]) -> list[Paragraph]:
    """Paragraphs of 60 to 110 shown words, broken before a likely sentence opener."""
    bounds: list[int] = [0]
    count = 0
    for i, word in enumerate(words):
        shown = word.role in (WORD, OPTIONAL)
        opener = bool(word.keys) and word.keys[0] in PARAGRAPH_OPENERS
        if i > 0 and (i in starts or shown and (count >= PARAGRAPH_MAX_WORDS or count >= PARAGRAPH_MIN_WORDS and opener)):
            bounds.append(i)
            count = 0
        count += shown
    bounds.append(len(words))
    chapter = None
    paragraphs = []
    for first, last in zip(bounds, bounds[1:]):
        chapter = starts.get(first, chapter)
        paragraphs.append(Paragraph(f"p{words[first].start}", first, last, False, chapter))
    return paragraphs


def clean(
    ingested: Ingested,
    corrections: list[Correction],
    vocabulary: Vocabulary,
    collector: Collector,
    manifest_shown: str,
) -> Cleaned:
    """The cleaned words and paragraphs of one seed, with the count of each correction's uses."""
    found = find_corrections(ingested, corrections)
    words = split_words(ingested, found)
    if ingested.seed.kind in SPOKEN_KINDS:
        words = mark_spoken(words, vocabulary)
    starts = chapter_starts(ingested, words, collector, manifest_shown)
    if ingested.seed.kind in SPOKEN_KINDS:
        paragraphs = paragraphs_of_spoken(words, starts)
    else:
        paragraphs = paragraphs_of_written(ingested.raw, words, starts)
    fired: Counter[Correction] = Counter(c for _, _, c in found)
    return Cleaned(ingested, tuple(words), tuple(paragraphs), fired)
