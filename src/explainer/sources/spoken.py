"""Finds the fillers, stutters, optional phrases and paragraphs of a spoken seed, by writing its
words as a line of text with one character per word.

Two words get the same character when they have the same match keys ("The" and "the,"), so a
stutter is a substring said twice, an optional phrase is a substring, and a paragraph is what a
regular expression over the characters matches. A transcript has tens of thousands of words;
this keeps the work per word in C string methods and leaves Python only the places that match.
At 100 copies of the corpus, marking took 0.56 s with a pass over lists per check and 0.38 s on
the line; cutting paragraphs took 0.13 s with a loop over the words and 0.04 s on the line.

A word that ends a clause ("no," "it."), in a punctuated transcript, gets a character of its own
from a range that stutters never match: a word said again across punctuation ("no, no", "it was,
was it") is a clause boundary, not a stutter. When the transcript is punctuated, a paragraph ends
at a sentence end rather than before an opener word.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count, pairwise, repeat
from operator import contains
from typing import Callable, Iterable, Iterator, Mapping

from explainer.sources.corrections import Vocabulary
from explainer.sources.words import FILLER, OPTIONAL, STUTTER, Words, keys_of

PARAGRAPH_MIN_WORDS = 60
PARAGRAPH_MAX_WORDS = 110
PARAGRAPH_OPENERS = frozenset({"so", "and", "but", "now", "yeah", "well", "i", "okay", "what"})
OPENER_KEYS = frozenset((opener,) for opener in PARAGRAPH_OPENERS)  # a word's first key, as keys[:1]
# A transcript with at least one sentence end per this many words is punctuated: its paragraphs end
# at sentence ends. Speech-recognition output without punctuation has none at all.
PUNCTUATED_WORDS_PER_SENTENCE = 50

HIDDEN = "\x00"  # a filler or a stutter: not in the cleaned text
NO_KEY = "\x01"  # a word with no letters or digits ("—"): never part of a stutter
FIRST_KEY = 2  # the code point of the first key's character
MAX_KEYS = sys.maxunicode + 1 - FIRST_KEY  # one character per key: the most a seed can have

CLAUSE = "\x00,"  # the last element of the line key of a word that ends a clause ("no,"); never a match key
SENTENCE = "\x00."  # ... of a word that ends a sentence ("it.")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_CLAUSE_END = re.compile(r"[,;:][\"'”’)\]]*$")
_MARKS = frozenset(".!?…,;:\"'”’)]")  # the characters a clause or sentence end can end with
_INITIALS = re.compile(r"[\"'“‘(]*(?:[^\W\d_]\.)+")  # "U.S.", "e.g.": a clause mark, not a sentence end

# The order of the characters' groups: plain words, then openers, then punctuated words, laid out so
# that the openers, the punctuated words (stutter barriers) and the sentence ends are each one range.
_PLAIN, _OPENER, _OPENER_CLAUSE, _OPENER_SENTENCE, _SENTENCE, _CLAUSE = range(6)


class TooManyWords(ValueError):
    """A seed has more distinct words than there are characters to write them with."""


@lru_cache(maxsize=1 << 16)
def line_key(text: str) -> tuple[str, ...]:
    """A word's key on the line: its match keys, and CLAUSE or SENTENCE after them when it ends a
    clause or a sentence, so that "no," and "no" are different characters."""
    keys = keys_of(text)
    if not keys or text[-1] not in _MARKS:  # most words end with a letter: no pattern to try
        return keys
    if _SENTENCE_END.search(text):
        return (*keys, CLAUSE if _INITIALS.fullmatch(text) else SENTENCE)
    return (*keys, CLAUSE) if _CLAUSE_END.search(text) else keys


def _group(key: tuple[str, ...]) -> int:
    opener = key[:1] in OPENER_KEYS
    mark = key[-1] if key and key[-1] in (CLAUSE, SENTENCE) else ""
    if mark == SENTENCE:
        return _OPENER_SENTENCE if opener else _SENTENCE
    if mark == CLAUSE:
        return _OPENER_CLAUSE if opener else _CLAUSE
    return _OPENER if opener else _PLAIN


@dataclass(frozen=True)
class Ranges:
    """The ranges of characters, as (first, last) code points, that stand for words of a kind."""

    openers: tuple[int, int]
    barriers: tuple[int, int]  # words that end a clause or a sentence: never part of a stutter
    sentence_ends: tuple[int, int]


def _range(sizes: list[int], first: int, last: int) -> tuple[int, int]:
    """The code points of the groups first to last (an empty range has last < first)."""
    start = FIRST_KEY + sum(sizes[:first])
    return start, start + sum(sizes[first : last + 1]) - 1


@dataclass(frozen=True)
class Speech:
    roles: list[str]  # each word's role
    line: str  # a character per word: HIDDEN for the fillers and stutters
    ranges: Ranges
    punctuated: bool  # paragraphs end at sentence ends


def find_all(line: str, needle: str) -> Iterator[int]:
    """Every index where needle starts in line, overlaps included."""
    at = line.find(needle)
    while at != -1:
        yield at
        at = line.find(needle, at + 1)


def key_characters(keys: list[tuple[str, ...]]) -> tuple[dict[tuple[str, ...], str], Ranges]:
    """A character for each distinct line key, grouped so that openers, barriers and sentence ends
    are each one range of characters; and those ranges."""
    distinct = list(dict.fromkeys(keys))
    if len(distinct) > MAX_KEYS:
        raise TooManyWords(f"{len(distinct):,} distinct words; a spoken seed can have at most {MAX_KEYS:,}")
    groups = list(map(_group, distinct))
    ordered = sorted(range(len(distinct)), key=groups.__getitem__)  # stable: first seen first within a group
    sizes = [groups.count(group) for group in range(6)]
    ranges = Ranges(_range(sizes, _OPENER, _OPENER_SENTENCE), _range(sizes, _OPENER_CLAUSE, _CLAUSE),
                    _range(sizes, _OPENER_SENTENCE, _SENTENCE))
    return dict(zip(map(distinct.__getitem__, ordered), map(chr, count(FIRST_KEY)))), ranges


def char_range(span: tuple[int, int]) -> str:
    """The characters of a range, for a regular expression's character class ("" when empty)."""
    return f"{re.escape(chr(span[0]))}-{re.escape(chr(span[1]))}" if span[1] >= span[0] else ""


@lru_cache(maxsize=64)
def stutter_pattern(barriers: tuple[int, int]) -> re.Pattern[str]:
    """A stutter repeats one, two or three words at once ("the the", "I think I think"); the
    shortest repeat wins, and the group that matched is the size. No word of it ends a clause."""
    word = f"[^\\x01{char_range(barriers)}]"
    return re.compile(rf"(?=({word})\1|({word}{{2}})\2|({word}{{3}})\3)", re.DOTALL)


def char_class(chars: set[str]) -> str:
    return "[" + "".join(map(re.escape, sorted(chars))) + "]"


def read_speech(words: Words, vocabulary: Vocabulary) -> Speech:
    """The roles of a spoken seed's words, and its line with fillers and stutters hidden."""
    texts = list(dict.fromkeys(words.text))
    keys = list(map(line_key, texts))
    said, ranges = key_characters(keys)  # a word's character once fillers are left out
    if () in said:
        said[()] = NO_KEY
    fillers = {"".join(keys_of(filler)) for filler in vocabulary.fillers}
    written = dict(said)
    for key in compress(list(said), map(fillers.__contains__, map(_joined_keys, said))):
        written[key] = HIDDEN
    char_of_text = dict(zip(texts, map(written.__getitem__, keys)))
    line = "".join(map(char_of_text.__getitem__, words.text))
    if corrected := [index for index in words.correction if line[index] == HIDDEN]:  # a reviewed correction is never a filler
        line = patched(line, {index: said[line_key(words.text[index])] for index in corrected})
    fillers_at = list(find_all(line, HIDDEN))
    roles: dict[int, str] = dict.fromkeys(fillers_at, FILLER)
    spoken = line.replace(HIDDEN, "")  # what was said, fillers left out
    gaps = [at - n for n, at in enumerate(fillers_at)]  # where each filler was, counted in spoken words

    def word_at(position: int) -> int:
        """The word index of a position in `spoken`."""
        return position + bisect_right(gaps, position)

    stutters = {match.start(): match.lastindex or 0 for match in stutter_pattern(ranges.barriers).finditer(spoken)}
    for position, size in stutters.items():
        for index in map(word_at, range(position, position + size)):
            roles[index] = STUTTER
    for position in false_starts(words, texts, said, spoken, word_at):
        roles[word_at(position)] = STUTTER
    for phrase in optional_variants(vocabulary.optional):
        if not phrase or not all(map(said.__contains__, phrase)):
            continue  # a word of the phrase never occurs here
        needle = "".join(map(said.__getitem__, phrase))
        for position in find_all(spoken, needle):
            indices = list(map(word_at, range(position, position + len(needle))))
            if roles.keys().isdisjoint(indices):
                roles.update(zip(indices, repeat(OPTIONAL)))
    marked = list(words.role)
    for index, role in roles.items():
        marked[index] = role
    stuttered = [index for index, role in roles.items() if role == STUTTER]
    line = patched(line, dict.fromkeys(stuttered, HIDDEN))
    ends = len(re.findall(f"[{char_range(ranges.sentence_ends)}]", line)) if ranges.sentence_ends[1] >= ranges.sentence_ends[0] else 0
    return Speech(marked, line, ranges, ends * PUNCTUATED_WORDS_PER_SENTENCE >= len(line) > 0)


def _joined_keys(key: tuple[str, ...]) -> str:
    """A line key's match keys joined, without its clause or sentence mark."""
    return "".join(key[:-1] if key and key[-1] in (CLAUSE, SENTENCE) else key)


def optional_variants(optional: Iterable[tuple[str, ...]]) -> Iterator[list[tuple[str, ...]]]:
    """The line keys of each optional phrase, its last word also as ending a clause or a sentence
    ("you know," in a punctuated transcript)."""
    for parts in dict.fromkeys(optional):
        phrase = [word_keys for word_keys in map(keys_of, parts) if word_keys]
        if not phrase:
            continue
        yield phrase
        yield [*phrase[:-1], (*phrase[-1], CLAUSE)]
        yield [*phrase[:-1], (*phrase[-1], SENTENCE)]


def false_starts(words: Words, texts: list[str], said: Mapping[tuple[str, ...], str], spoken: str,
                 word_at: Callable[[int], int]) -> Iterator[int]:
    """The positions in `spoken` of a word said again as the start of a contraction ("we we're").

    Candidates are found on the line, from the characters of words that could be such a start and
    of contractions; each is then checked on the words' texts.
    """
    contracted = list(compress(texts, map(contains, texts, repeat("'"))))
    starts: dict[str, set[str]] = {}  # each text before an apostrophe, lower-cased: its contractions' characters
    for text in contracted:
        for at in find_all(text, "'"):
            starts.setdefault(text[:at].lower(), set()).add(said[line_key(text)])
    if not starts:
        return
    firsts = {said[line_key(text)] for text in compress(texts, map(starts.__contains__, map(str.lower, texts)))}
    seconds = set().union(*starts.values())
    if not firsts:
        return
    for match in re.finditer(f"(?={char_class(firsts)}{char_class(seconds)})", spoken, re.DOTALL):
        index, following = word_at(match.start()), word_at(match.start() + 1)
        if index not in words.correction and words.text[following].lower().startswith(words.text[index].lower() + "'"):
            yield match.start()


def patched(line: str, replacements: Mapping[int, str]) -> str:
    """The line with the characters at some indices replaced: a few, so it is cut, not copied to a list."""
    pieces, previous = [], 0
    for index in sorted(replacements):
        pieces += [line[previous:index], replacements[index]]
        previous = index + 1
    return "".join([*pieces, line[previous:]])


@lru_cache(maxsize=64)
def paragraph_pattern(ranges: Ranges, punctuated: bool) -> re.Pattern[str]:
    """What one paragraph of the line matches: 60 shown words, then more up to the first that begins
    with an opener (in a punctuated transcript: up to and with the first that ends a sentence), or
    else 110; followed by the shown word that starts the next paragraph."""
    shown = r"\x00*[^\x00]"
    longest = rf"(?:{shown}){{{PARAGRAPH_MAX_WORDS}}}\x00*(?=[^\x00])"
    more = PARAGRAPH_MAX_WORDS - PARAGRAPH_MIN_WORDS
    if punctuated and (ends := char_range(ranges.sentence_ends)):
        return re.compile(rf"(?:{shown}){{{PARAGRAPH_MIN_WORDS - 1}}}(?:\x00*[^\x00{ends}]){{0,{more}}}\x00*[{ends}]\x00*(?=[^\x00])|{longest}")
    if openers := char_range(ranges.openers):
        to_opener = rf"(?:{shown}){{{PARAGRAPH_MIN_WORDS}}}(?:\x00*[^\x00{openers}]){{0,{more - 1}}}\x00*(?=[{openers}])|"
    else:
        to_opener = ""
    return re.compile(rf"{to_opener}{longest}")


def paragraph_firsts(speech: Speech, chapter_starts: Iterable[int]) -> list[int]:
    """The index of each paragraph's first word; a chapter always starts a paragraph."""
    pattern = paragraph_pattern(speech.ranges, speech.punctuated)
    firsts = []
    for start, end in pairwise(sorted({0, len(speech.line), *chapter_starts})):
        at: int | None = start
        while at is not None:
            firsts.append(at)
            found = pattern.match(speech.line, at, end)
            at = found.end() if found else None
    return firsts
