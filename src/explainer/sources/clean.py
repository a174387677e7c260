"""Cleans a seed's body into words that each map back to their span of the raw text.

Written seeds (chat, article) keep their words and lines; spoken seeds (transcripts, caption
pages) also lose fillers and stutters and are cut into paragraphs and chapters. Reviewed
corrections apply to both, whole-word.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, chain, compress, count, repeat
from operator import add, ne

from explainer.sources.corrections import Vocabulary
from explainer.errors import Collector
from explainer.sources.ingest import Ingested
from explainer.model import SPOKEN_KINDS, Chapter, Correction
from explainer.sources.spoken import TooManyWords, find_all, paragraph_firsts, read_speech
from explainer.sources.words import FILLER, SHOWN_ROLES, STUTTER, WORD, Words

_LONG_SPACE = re.compile(r"\s\s+")
_SPACE_RUN = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"[\r\n]")


@dataclass(frozen=True)
class Paragraph:
    id: str
    first: int  # index of its first word
    last: int  # index after its last word
    heading: bool
    chapter: Chapter | None


class KeyStream:
    """The cleaned text as one list of match keys, each tied to its word; what quotes are found in."""

    def __init__(self, words: Words) -> None:
        sizes = list(map(len, words.keys))
        self.keys: list[str] = list(chain.from_iterable(words.keys))
        self.word: list[int] = list(chain.from_iterable(map(repeat, count(), sizes)))
        # A quote may leave a key out when its word is a filler, stutter or optional word.
        self.skippable: list[bool] = list(chain.from_iterable(map(repeat, map(ne, words.role, repeat(WORD)), sizes)))
        self.positions: dict[str, list[int]] = defaultdict(list)
        for position, key in enumerate(self.keys):
            self.positions[key].append(position)


@dataclass(frozen=True)
class Cleaned:
    ingested: Ingested
    words: Words
    paragraphs: tuple[Paragraph, ...]
    fired: Counter[Correction]
    punctuated: bool = False  # a spoken seed whose transcript has punctuation: paragraphs end at sentence ends

    @cached_property
    def stream(self) -> KeyStream:
        return KeyStream(self.words)

    @cached_property
    def _shown(self) -> list[bool] | None:
        """Whether the cleaned text shows each word (no fillers, no stutters); None when it shows all."""
        role = self.words.role
        if not role.count(FILLER) and not role.count(STUTTER):
            return None
        return list(map(SHOWN_ROLES.__contains__, role))

    def shown_texts(self, paragraph: Paragraph) -> list[str]:
        """The texts of the words of a paragraph that the cleaned text shows."""
        texts = self.words.text[paragraph.first : paragraph.last]
        return texts if self._shown is None else list(compress(texts, self._shown[paragraph.first : paragraph.last]))

    def shown_indices(self, paragraph: Paragraph) -> list[int]:
        """The indices of the words of a paragraph that the cleaned text shows."""
        indices = range(paragraph.first, paragraph.last)
        return list(indices) if self._shown is None else list(compress(indices, self._shown[paragraph.first : paragraph.last]))

    def text_of_span(self, start: int, end: int) -> str:
        """The cleaned text of the words that overlap raw[start:end], as the source page shows them:
        corrections applied, fillers and stutters left out, glued words kept together."""
        words = self.words
        first, last = bisect_right(words.end, start), bisect_left(words.start, end)
        pieces: list[str] = []
        for index in range(first, last):
            if words.role[index] in SHOWN_ROLES:
                text = words.text[index]
                pieces.append(text if index in words.glued or not pieces else " " + text)
        return "".join(pieces)

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [self.words.start[paragraph.first] for paragraph in self.paragraphs]

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
    # A place is tried only where a word starts with some correction's first two letters (one when its
    # first word is a letter): with the shared list, one word in three starts with some first letter.
    prefixes = {c.wrong.split()[0][:2] for c in corrections if c.wrong.strip()}
    candidate = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(prefixes, key=lambda p: (-len(p), p)))) + ")")
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


def split_words(ingested: Ingested, corrections: list[tuple[int, int, Correction]]) -> Words:
    """The body's words in order, corrections applied as single words. Built a column at a time
    with str.split and map, not a Python loop over words: a seed has many. Where words are one
    character of white space apart, as almost everywhere, their offsets follow from their lengths."""
    raw = ingested.raw
    text: list[str] = []
    start: list[int] = []
    end: list[int] = []
    glued: set[int] = set()
    corrected: dict[int, Correction] = {}

    def emit_plain(first_offset: int, last_offset: int) -> None:
        """The words of raw[first_offset:last_offset], split at white space."""
        piece = raw[first_offset:last_offset]
        texts = piece.split()
        if not texts:
            return
        lengths = list(map(len, texts))
        if sum(lengths) + len(texts) - 1 != len(piece.strip()):  # white space of two or more characters: rare
            cut = first_offset
            for run in _LONG_SPACE.finditer(raw, first_offset, last_offset):
                emit_plain(cut, run.start())
                cut = run.end()
            emit_plain(cut, last_offset)
            return
        # Every word is one character of white space after the one before.
        first_start = first_offset + len(piece) - len(piece.lstrip())
        if first_start == first_offset and end and end[-1] == first_offset:  # touches the word before
            glued.add(len(text))
        starts = list(accumulate(map((1).__add__, lengths[:-1]), initial=first_start))
        text.extend(texts)
        start.extend(starts)
        end.extend(map(add, starts, lengths))

    pending = iter(corrections)
    nxt = next(pending, None)
    for body_start, body_end in ingested.body:
        cursor = body_start
        while nxt is not None and nxt[0] < body_end:
            c_start, c_end, correction = nxt
            emit_plain(cursor, c_start)
            if end and end[-1] == c_start:
                glued.add(len(text))
            corrected[len(text)] = correction
            text.append(correction.right)
            start.append(c_start)
            end.append(c_end)
            cursor = c_end
            nxt = next(pending, None)
        emit_plain(cursor, body_end)
    return Words(text, start, end, [WORD] * len(text), frozenset(glued), corrected)


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
    spans = [span for at in find_all(raw, parts[anchor]) if (span := phrase_around(raw, parts, anchor, at)) is not None]
    found, end = [], 0
    for start, stop in spans:  # left to right without overlaps, as a regular expression search goes
        if start >= end:
            found.append(start)
            end = stop
    return found


def chapter_starts(ingested: Ingested, words: Words, collector: Collector, shown: str) -> dict[int, Chapter]:
    """For each chapter of the seed, the index of the word it begins at."""
    starts: dict[int, Chapter] = {}
    ends = words.end
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


def is_heading(texts: list[str]) -> bool:
    text = " ".join(texts)
    return len(text) <= 80 and not re.search(r"[.!?:;,\"”')]$", text) and not text.startswith("•") and len(texts) <= 12


def line_starts(raw: str, words: Words) -> set[int]:
    """The words that begin a line: the first, and each with a line break between it and the word
    before. Found from the line breaks, which are far fewer than the words; a break inside a word
    (a correction spanning lines) starts no line."""
    found = {0}
    for line_break in _LINE_BREAK.finditer(raw):
        index = bisect_right(words.start, line_break.start())
        if 0 < index < len(words) and words.end[index - 1] <= line_break.start():
            found.add(index)
    return found


def paragraphs_at(words: Words, firsts: list[int], starts: dict[int, Chapter], headings: bool) -> list[Paragraph]:
    """The paragraphs that begin at each of firsts, in order, each in the chapter begun last; with
    headings, a short unpunctuated paragraph (a line of a written seed) is a heading."""
    paragraphs = []
    chapter = None
    for first, last in zip(firsts, [*firsts[1:], len(words)]):
        chapter = starts.get(first, chapter)
        heading = headings and last < len(words) and is_heading(words.text[first:last])
        paragraphs.append(Paragraph(f"p{words.start[first]}", first, last, heading, chapter))
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
    speech = None
    if ingested.seed.kind in SPOKEN_KINDS:
        try:
            speech = read_speech(words, vocabulary)
        except TooManyWords as error:
            collector.add(f"seeds/{ingested.seed.file}", 1, "", f"has {error}; split it into several seeds")
        else:
            words = words.with_roles(speech.roles)
    starts = chapter_starts(ingested, words, collector, manifest_shown)
    if speech is not None:  # paragraphs of 60 to 110 shown words, broken at a sentence end or before a likely opener
        firsts = paragraph_firsts(speech, starts)
    else:  # a paragraph per line
        firsts = sorted(line_starts(ingested.raw, words) | set(starts)) if len(words) else []
    paragraphs = paragraphs_at(words, firsts, starts, headings=ingested.seed.kind not in SPOKEN_KINDS)
    fired: Counter[Correction] = Counter(c for _, _, c in found)
    return Cleaned(ingested, words, tuple(paragraphs), fired, speech is not None and speech.punctuated)
