"""A seed's words as a table: one list per field, not one object per word.

A transcript has tens of thousands of words and every pass over them (marking fillers, cutting
paragraphs, finding quotes, rendering) reads one or two fields, so the fields are kept as
columns. At 100 copies of the corpus (1.4 million words) that took the pipeline from 4.5 s, with a
tuple per word, to 3.9 s. A row view, `words[i]`, is there for code that looks at a few words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Iterator, Mapping, NamedTuple

from explainer.model import Correction

WORD = "word"  # kept in the cleaned text, must appear in a quote
OPTIONAL = "optional"  # kept in the cleaned text, a quote may leave it out
FILLER = "filler"  # dropped from the cleaned text
STUTTER = "stutter"  # dropped from the cleaned text
SHOWN_ROLES = frozenset({WORD, OPTIONAL})
_KEY = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1 << 16)
def keys_of(text: str) -> tuple[str, ...]:
    """The match keys of a text: its runs of letters and digits, case-folded and NFKC-normalised,
    so that a key never depends on its neighbours or on how an accent was encoded."""
    return tuple(_KEY.findall(unicodedata.normalize("NFKC", text.casefold())))


class Word(NamedTuple):
    """One row of the table: a word of the cleaned text and the raw span it comes from."""

    text: str
    start: int
    end: int
    keys: tuple[str, ...]
    role: str
    glued: bool  # no space before it in the raw text
    correction: Correction | None


@dataclass(frozen=True, eq=False)
class Words:
    """The words of a seed in order; the lists are never changed once the table is made."""

    text: list[str]
    start: list[int]  # raw offset of the word's first character
    end: list[int]  # raw offset after its last character
    role: list[str]  # WORD, OPTIONAL, FILLER or STUTTER
    glued: frozenset[int]  # the words with no space before them in the raw text: few
    correction: Mapping[int, Correction]  # the words a reviewed correction made: few

    @cached_property
    def keys(self) -> list[tuple[str, ...]]:
        """Each word's match keys: made when first asked for, as only quoted seeds need them all."""
        return list(map(keys_of, self.text))

    @cached_property
    def irregular(self) -> list[int]:
        """The glued and corrected words, in order: the few where a text is more than its words
        joined by spaces."""
        return sorted(self.glued | self.correction.keys())

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, index: int) -> Word:
        if index < 0:
            index += len(self.text)
        return Word(self.text[index], self.start[index], self.end[index], keys_of(self.text[index]), self.role[index],
                    index in self.glued, self.correction.get(index))

    def __iter__(self) -> Iterator[Word]:
        return map(self.__getitem__, range(len(self.text)))

    def rows(self, first: int, last: int) -> list[Word]:
        """The words first to last - 1, as rows."""
        return [self[index] for index in range(first, min(last, len(self.text)))]

    def with_roles(self, roles: list[str]) -> Words:
        return replace(self, role=roles)
