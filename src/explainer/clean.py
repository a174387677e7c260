"""Cleans a seed's body into words that each map back to their span of the raw text.

Written seeds (chat, article) keep their words and lines; spoken seeds (transcripts, caption
pages) also lose fillers and stutters and are cut into paragraphs and chapters. Reviewed
corrections apply to both, whole-word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

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


def keys_of(text: str) -> tuple[str, ...]:
    """The match keys of a text: its runs of letters and digits, lowercased."""
    return tuple(_KEY.findall(text.lower()))


@dataclass(frozen=True)
class Word:
    """One word of the cleaned text and the raw span it comes from."""

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


@dataclass(frozen=True)
class Cleaned:
    ingested: Ingested
    words: tuple[Word, ...]
    paragraphs: tuple[Paragraph, ...]
    fired: Counter[Correction]

    def shown_words(self, paragraph: Paragraph) -> list[Word]:
        return [w for w in self.words[paragraph.first : paragraph.last] if w.role in (WORD, OPTIONAL)]

    def paragraph_at(self, offset: int) -> Paragraph:
        """The paragraph that holds a raw offset (or the nearest one before it)."""
        found = self.paragraphs[0]
        for paragraph in self.paragraphs:
            if self.words[paragraph.first].start > offset:
                break
            found = paragraph
        return found


def phrase_pattern(phrase: str) -> str:
    """A regular expression for a phrase as whole words, any white space between them."""
    return r"(?<!\w)" + r"\s+".join(re.escape(part) for part in phrase.split()) + r"(?!\w)"


def find_corrections(ingested: Ingested, corrections: list[Correction]) -> list[tuple[int, int, Correction]]:
    """Where each correction applies in the body; longer phrases win over shorter ones."""
    if not corrections:
        return []
    ordered = sorted(corrections, key=lambda c: (-len(c.wrong), c.wrong))
    pattern = re.compile("|".join(f"(?P<c{i}>{phrase_pattern(c.wrong)})" for i, c in enumerate(ordered)))
    found = []
    for start, end in ingested.body:
        for match in pattern.finditer(ingested.raw, start, end):
            assert match.lastgroup is not None
            found.append((match.start(), match.end(), ordered[int(match.lastgroup[1:])]))
    return found


def split_words(ingested: Ingested, corrections: list[tuple[int, int, Correction]]) -> list[Word]:
    """The body's words in order, corrections applied as single words."""
    raw = ingested.raw
    words: list[Word] = []

    def emit_plain(start: int, end: int) -> None:
        for match in re.finditer(r"\S+", raw[start:end]):
            s, e = start + match.start(), start + match.end()
            glued = bool(words) and words[-1].end == s
            words.append(Word(match.group(), s, e, keys_of(match.group()), WORD, glued, None))

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


def mark_spoken(words: list[Word], vocabulary: Vocabulary) -> list[Word]:
    """Marks fillers, stutters and optional phrases of a spoken text."""
    roles = [FILLER if w.correction is None and w.keys and "".join(w.keys) in vocabulary.fillers else WORD
             for w in words]
    spoken = [i for i, role in enumerate(roles) if role == WORD]
    keys = [words[i].keys for i in spoken]
    for position in range(len(spoken)):
        for size in (1, 2, 3):
            here, after = keys[position : position + size], keys[position + size : position + 2 * size]
            if len(after) == size and here == after and all(k for k in here):
                for j in range(position, position + size):
                    roles[spoken[j]] = STUTTER
                break
        else:
            word, following = words[spoken[position]], words[spoken[position + 1]] if position + 1 < len(spoken) else None
            if following is not None and word.correction is None and following.text.lower().startswith(
                word.text.lower() + "'"
            ):
                roles[spoken[position]] = STUTTER  # a false start: "we we're"
    for phrase in vocabulary.optional:
        size = len(phrase)
        for position in range(len(spoken) - size + 1):
            indices = spoken[position : position + size]
            if all(roles[i] == WORD for i in indices) and tuple(k for i in indices for k in words[i].keys) == phrase:
                for i in indices:
                    roles[i] = OPTIONAL
    return [Word(w.text, w.start, w.end, w.keys, role, w.glued, w.correction) for w, role in zip(words, roles)]


def locate_phrase(raw: str, phrase: str) -> list[int]:
    """Every raw offset where a phrase starts, white space between words ignored."""
    return [m.start() for m in re.finditer(phrase_pattern(phrase), raw)]


def chapter_starts(ingested: Ingested, words: list[Word], collector: Collector, shown: str) -> dict[int, Chapter]:
    """For each chapter of the seed, the index of the word it begins at."""
    starts: dict[int, Chapter] = {}
    for chapter in ingested.seed.chapters:
        offsets = locate_phrase(ingested.raw, chapter.at)
        if len(offsets) != 1:
            found = "not found" if not offsets else f"found {len(offsets)} times"
            collector.add(shown, chapter.line, "at", f"chapter start {chapter.at!r} {found} in {ingested.seed.file}; expected once")
            continue
        index = next((i for i, w in enumerate(words) if w.end > offsets[0]), None)
        if index is None:
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
        if i == 0 or "\n" in raw[words[i - 1].end : word.start] or i in starts:
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
