"""Finds the fillers, stutters, optional phrases and paragraphs of a spoken seed, by writing its
words as a line of text with one character per word.

Two words get the same character when they have the same match keys ("The" and "the,"), so a
stutter is a substring said twice, an optional phrase is a substring, and a paragraph is what a
regular expression over the characters matches. A transcript has tens of thousands of words;
this keeps the work per word in C string methods and leaves Python only the places that match.
At 100 copies of the corpus, marking took 0.56 s with a pass over lists per check and 0.38 s on
the line; cutting paragraphs took 0.13 s with a loop over the words and 0.04 s on the line.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count, pairwise, repeat
from operator import contains, itemgetter, not_
from typing import Callable, Iterable, Iterator, Mapping

from explainer.corrections import Vocabulary
from explainer.words import FILLER, OPTIONAL, STUTTER, Words, keys_of

PARAGRAPH_MIN_WORDS = 60
PARAGRAPH_MAX_WORDS = 110
PARAGRAPH_OPENERS = frozenset({"so", "and", "but", "now", "yeah", "well", "i", "okay", "what"})
OPENER_KEYS = frozenset((opener,) for opener in PARAGRAPH_OPENERS)  # a word's first key, as keys[:1]

HIDDEN = "\x00"  # a filler or a stutter: not in the cleaned text
NO_KEY = "\x01"  # a word with no letters or digits ("—"): never part of a stutter
FIRST_KEY = 2  # the code point of the first key's character; keys that begin with an opener come first
MAX_KEYS = sys.maxunicode + 1 - FIRST_KEY  # one character per key: the most a seed can have

# A stutter repeats one, two or three words at once ("the the", "I think I think"); the shortest
# repeat wins. The group that matched is the size.
_STUTTER = re.compile(r"(?=([^\x01])\1|([^\x01]{2})\2|([^\x01]{3})\3)", re.DOTALL)


class TooManyWords(ValueError):
    """A seed has more distinct words than there are characters to write them with."""


@dataclass(frozen=True)
class Speech:
    roles: list[str]  # each word's role
    line: str  # a character per word: HIDDEN for the fillers and stutters
    openers: int  # the characters FIRST_KEY to FIRST_KEY + openers - 1 are words that begin with an opener


def find_all(line: str, needle: str) -> Iterator[int]:
    """Every index where needle starts in line, overlaps included."""
    at = line.find(needle)
    while at != -1:
        yield at
        at = line.find(needle, at + 1)


def key_characters(keys: list[tuple[str, ...]]) -> tuple[dict[tuple[str, ...], str], int]:
    """A character for each distinct key, the keys that begin with a paragraph opener first; and
    how many of those there are."""
    distinct = list(dict.fromkeys(keys))
    if len(distinct) > MAX_KEYS:
        raise TooManyWords(f"{len(distinct):,} distinct words; a spoken seed can have at most {MAX_KEYS:,}")
    opens = list(map(OPENER_KEYS.__contains__, map(itemgetter(slice(0, 1)), distinct)))
    ordered = [*compress(distinct, opens), *compress(distinct, map(not_, opens))]
    return dict(zip(ordered, map(chr, count(FIRST_KEY)))), sum(opens)


def char_class(chars: set[str]) -> str:
    return "[" + "".join(map(re.escape, sorted(chars))) + "]"


def read_speech(words: Words, vocabulary: Vocabulary) -> Speech:
    """The roles of a spoken seed's words, and its line with fillers and stutters hidden."""
    texts = list(dict.fromkeys(words.text))
    keys = list(map(keys_of, texts))
    said, openers = key_characters(keys)  # a word's character once fillers are left out
    if () in said:
        said[()] = NO_KEY
    fillers = {"".join(keys_of(filler)) for filler in vocabulary.fillers}
    written = dict(said)
    for key in compress(list(said), map(fillers.__contains__, map("".join, said))):
        written[key] = HIDDEN
    char_of_text = dict(zip(texts, map(written.__getitem__, keys)))
    line = "".join(map(char_of_text.__getitem__, words.text))
    if corrected := [index for index in words.correction if line[index] == HIDDEN]:  # a reviewed correction is never a filler
        line = patched(line, {index: said[keys_of(words.text[index])] for index in corrected})
    fillers_at = list(find_all(line, HIDDEN))
    roles: dict[int, str] = dict.fromkeys(fillers_at, FILLER)
    spoken = line.replace(HIDDEN, "")  # what was said, fillers left out
    gaps = [at - n for n, at in enumerate(fillers_at)]  # where each filler was, counted in spoken words

    def word_at(position: int) -> int:
        """The word index of a position in `spoken`."""
        return position + bisect_right(gaps, position)

    stutters = {match.start(): match.lastindex or 0 for match in _STUTTER.finditer(spoken)}
    for position, size in stutters.items():
        for index in map(word_at, range(position, position + size)):
            roles[index] = STUTTER
    for position in false_starts(words, texts, said, spoken, word_at):
        roles[word_at(position)] = STUTTER
    for parts in dict.fromkeys(vocabulary.optional):
        phrase = [word_keys for word_keys in map(keys_of, parts) if word_keys]
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
    return Speech(marked, patched(line, dict.fromkeys(stuttered, HIDDEN)), openers)


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
            starts.setdefault(text[:at].lower(), set()).add(said[keys_of(text)])
    if not starts:
        return
    firsts = {said[keys_of(text)] for text in compress(texts, map(starts.__contains__, map(str.lower, texts)))}
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
def paragraph_pattern(openers: int) -> re.Pattern[str]:
    """What one paragraph of the line matches: 60 shown words, then more up to the first that begins
    with an opener, or else 110; followed by the shown word that starts the next paragraph."""
    shown = r"\x00*[^\x00]"
    if openers:
        first, last = re.escape(chr(FIRST_KEY)), re.escape(chr(FIRST_KEY + openers - 1))
        opener, other = f"[{first}-{last}]", rf"\x00*[^\x00{first}-{last}]"
        to_opener = rf"(?:{shown}){{{PARAGRAPH_MIN_WORDS}}}(?:{other}){{0,{PARAGRAPH_MAX_WORDS - PARAGRAPH_MIN_WORDS - 1}}}\x00*(?={opener})|"
    else:
        to_opener = ""
    return re.compile(rf"{to_opener}(?:{shown}){{{PARAGRAPH_MAX_WORDS}}}\x00*(?=[^\x00])")


def paragraph_firsts(speech: Speech, chapter_starts: Iterable[int]) -> list[int]:
    """The index of each paragraph's first word; a chapter always starts a paragraph."""
    pattern = paragraph_pattern(speech.openers)
    firsts = []
    for start, end in pairwise(sorted({0, len(speech.line), *chapter_starts})):
        at: int | None = start
        while at is not None:
            firsts.append(at)
            found = pattern.match(speech.line, at, end)
            at = found.end() if found else None
    return firsts
