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
from functools import cached_property, lru_cache
from itertools import accumulate, chain, compress, count, repeat
from operator import attrgetter, eq, ne, not_
from typing import Iterator, NamedTuple

from explainer.corrections import Vocabulary
from explainer.errors import Collector
from explainer.ingest import Ingested
from explainer.model import SPOKEN_KINDS, Chapter, Correction

WORD = "word"  # kept in the cleaned text, must appear in a quote
OPTIONAL = "optional"  # kept in the cleaned text, a quote may leave it out
FILLER = "filler"  # dropped from the cleaned text
STUTTER = "stutter"  # dropped from the cleaned text
SHOWN_ROLES = frozenset({WORD, OPTIONAL})

PARAGRAPH_MIN_WORDS = 60
PARAGRAPH_MAX_WORDS = 110
PARAGRAPH_OPENERS = frozenset({"so", "and", "but", "now", "yeah", "well", "i", "okay", "what"})
OPENER_KEYS = frozenset((opener,) for opener in PARAGRAPH_OPENERS)  # a word's first key, as keys[:1]
_KEY = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"(\s+)")
_SPACE_RUN = re.compile(r"\s+")


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


_new_tuple = tuple.__new__  # tuple.__new__(Word, fields) is Word(*fields) without NamedTuple's Python-level __new__
_KEYS, _TEXT, _END, _ROLE = attrgetter("keys"), attrgetter("text"), attrgetter("end"), attrgetter("role")


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
        sizes = list(map(len, map(_KEYS, words)))
        self.keys: list[str] = list(chain.from_iterable(map(_KEYS, words)))
        self.word: list[int] = list(chain.from_iterable(map(repeat, count(), sizes)))
        # A quote may leave a key out when its word is a filler, stutter or optional word.
        self.skippable: list[bool] = list(chain.from_iterable(map(repeat, map(ne, map(_ROLE, words), repeat(WORD)), sizes)))
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

    @cached_property
    def _shown(self) -> dict[int, tuple[Word, ...]]:
        """The shown words of every paragraph, by its first word's index: the source page and the
        cleaned text download both need them."""
        shown = list(map(SHOWN_ROLES.__contains__, map(_ROLE, self.words)))
        return {p.first: tuple(compress(self.words[p.first : p.last], shown[p.first : p.last])) for p in self.paragraphs}

    def shown_words(self, paragraph: Paragraph) -> tuple[Word, ...]:
        """The words of a paragraph that the cleaned text shows (no fillers, no stutters)."""
        return self._shown[paragraph.first]

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


def plain_words(raw: str, start: int, end: int, glued: bool) -> Iterator[Word]:
    """The words of raw[start:end], split at white space; `glued` says whether the first touches
    the word before it. Built with map and zip, not a Python loop: a seed has many words."""
    parts = _SPACES.split(raw[start:end])  # words at even indices, white space at odd ones
    bounds = list(accumulate(map(len, parts), initial=start))
    texts, starts, ends = parts[0::2], bounds[0::2], bounds[1::2]
    first = 1 if texts[0] == "" else 0  # the range begins with white space
    last = len(texts) - 1 if len(texts) > first and texts[-1] == "" else len(texts)
    texts = texts[first:last]
    return map(_new_tuple, repeat(Word), zip(texts, starts[first:last], ends[first:last], map(keys_of, texts),
                                             repeat(WORD), chain((glued and first == 0,), repeat(False)), repeat(None)))


def split_words(ingested: Ingested, corrections: list[tuple[int, int, Correction]]) -> list[Word]:
    """The body's words in order, corrections applied as single words."""
    raw = ingested.raw
    words: list[Word] = []

    def emit_plain(start: int, end: int) -> None:
        words.extend(plain_words(raw, start, end, bool(words) and words[-1].end == start))

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


def occurrences(items: list[int], value: int) -> Iterator[int]:
    """Every index of value in items, found by list.index: a rare value costs one pass in C."""
    at = -1
    while True:
        try:
            at = items.index(value, at + 1)
        except ValueError:
            return
        yield at


def mark_spoken(words: list[Word], vocabulary: Vocabulary) -> list[Word]:
    """Marks fillers, stutters and optional phrases of a spoken text.

    Written with map, zip and compress over whole lists where it can be: a transcript has tens
    of thousands of words, and most of them are plain words that need no closer look.
    """
    roles: dict[int, str] = {}  # the index of every word that is not a plain WORD, and its role
    fillers = {"".join(keys_of(filler)) for filler in vocabulary.fillers}
    filler_texts = {text for text in set(map(_TEXT, words)) if "".join(keys_of(text)) in fillers}
    is_filler = list(map(filler_texts.__contains__, map(_TEXT, words)))
    for index in compress(range(len(words)), is_filler):
        if words[index].correction is None:  # a reviewed correction is never a filler
            roles[index] = FILLER
        else:
            is_filler[index] = False
    kept = list(map(not_, is_filler))
    spoken, said = list(compress(range(len(words)), kept)), list(compress(words, kept))
    keys, texts = list(map(_KEYS, said)), list(map(_TEXT, said))
    numbers: dict[tuple[str, ...], int] = {}  # each distinct key tuple as a number: comparing words compares ints
    ids = list(map(numbers.setdefault, keys, count()))
    # A stutter repeats a word within the next three ("the the", "I think I think").
    near = set().union(*(compress(range(len(ids)), map(eq, ids, ids[gap:])) for gap in (1, 2, 3)))
    sizes = {p: stutter_size(keys, p) for p in sorted(near) if keys[p]}
    for position, size in sizes.items():
        roles.update(zip(spoken[position : position + size], repeat(STUTTER)))
    # A false start: "we we're". Which words hold an apostrophe is asked once per distinct word.
    contracted = {text for text in set(texts) if "'" in text}
    for position in compress(range(len(texts) - 1), map(contracted.__contains__, texts[1:])):
        word = said[position]
        if not sizes.get(position) and word.correction is None and texts[position + 1].lower().startswith(word.text.lower() + "'"):
            roles[spoken[position]] = STUTTER
    for parts in dict.fromkeys(vocabulary.optional):
        phrase = [word_keys for word_keys in map(keys_of, parts) if word_keys]
        if not phrase or not all(map(numbers.__contains__, phrase)):
            continue  # a word of the phrase never occurs here
        wanted = list(map(numbers.__getitem__, phrase))
        for position in occurrences(ids, wanted[0]):
            indices = spoken[position : position + len(wanted)]
            if ids[position : position + len(wanted)] == wanted and all(i not in roles for i in indices):
                roles.update(zip(indices, repeat(OPTIONAL)))
    marked = list(words)
    for index, role in roles.items():
        text, start, end, own_keys, _, glued, correction = words[index]
        marked[index] = _new_tuple(Word, (text, start, end, own_keys, role, glued, correction))
    return marked


def is_word_char(char: str) -> bool:
    """Whether a regular expression's \\w matches the character (letters, digits, underscore)."""
    return char.isalnum() or char == "_"


def phrase_around(raw: str, parts: list[str], anchor: int, at: int) -> tuple[int, int] | None:
    """The span of the phrase whose part number `anchor` is at `at`, if the text holds the whole phrase there."""
    start = at
    for part in reversed(parts[:anchor]):
        space = start
        while space > 0 and raw[space - 1].isspace():
            space -= 1
        if space == start or not raw.endswith(part, 0, space):
            return None
        start = space - len(part)
    end = at + len(parts[anchor])
    for part in parts[anchor + 1 :]:
        run = _SPACE_RUN.match(raw, end)
        if run is None or not raw.startswith(part, run.end()):
            return None
        end = run.end() + len(part)
    if start > 0 and is_word_char(raw[start - 1]) or end < len(raw) and is_word_char(raw[end]):
        return None
    return start, end


def locate_phrase(raw: str, phrase: str) -> list[int]:
    """Every raw offset where a phrase starts as whole words, any white space between them: the
    places a search for phrase_pattern(phrase) finds, without compiling a pattern per phrase (a
    build locates hundreds). The search looks for the phrase's longest word, which has the fewest
    false hits, and checks the words around each hit."""
    parts = phrase.split()
    if not parts:
        return []
    anchor = max(range(len(parts)), key=lambda index: len(parts[index]))
    spans = []
    at = raw.find(parts[anchor])
    while at != -1:
        if (span := phrase_around(raw, parts, anchor, at)) is not None:
            spans.append(span)
        at = raw.find(parts[anchor], at + 1)
    found, end = [], 0
    for start, stop in spans:  # left to right without overlaps, as a regular expression search goes
        if start >= end:
            found.append(start)
            end = stop
    return found


def chapter_starts(ingested: Ingested, words: list[Word], collector: Collector, shown: str) -> dict[int, Chapter]:
    """For each chapter of the seed, the index of the word it begins at."""
    starts: dict[int, Chapter] = {}
    ends = list(map(_END, words))
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
    shown_count = 0
    for i, shown, keys in zip(count(), map(SHOWN_ROLES.__contains__, map(_ROLE, words)), map(_KEYS, words)):
        if i and (i in starts or shown and (shown_count >= PARAGRAPH_MAX_WORDS or shown_count >= PARAGRAPH_MIN_WORDS and keys[:1] in OPENER_KEYS)):
            bounds.append(i)
            shown_count = 0
        shown_count += shown
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
