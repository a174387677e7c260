"""Finds a curated quote in its seed, allowing only the edits a quotation may make.

Allowed: punctuation, case, fillers and stutters left out, the reviewed corrections, optional
phrases ("you know") left out, elisions marked [...] and clarifications in [brackets].
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from explainer.clean import OPTIONAL, WORD, Cleaned, keys_of

ELISION = re.compile(r"\[(?:\.\.\.|…)\]")
CLARIFICATION = re.compile(r"\[[^\[\]]*\]")
MAX_ELIDED_KEYS = 400


@dataclass(frozen=True)
class Match:
    first_word: int
    last_word: int  # inclusive


@dataclass(frozen=True)
class Miss:
    """Why a quote was not found: how far the best attempt went and where."""

    matched: int
    total: int
    expected: str
    passage: str


class _Stream:
    """The cleaned text of a seed as one list of match keys, each tied to its word."""

    def __init__(self, cleaned: Cleaned) -> None:
        self.keys: list[str] = []
        self.word: list[int] = []
        self.skippable: list[bool] = []
        for index, word in enumerate(cleaned.words):
            for key in word.keys:
                self.keys.append(key)
                self.word.append(index)
                self.skippable.append(word.role != WORD)
        self.positions: dict[str, list[int]] = defaultdict(list)
        for position, key in enumerate(self.keys):
            self.positions[key].append(position)

    def ends(self, segment: tuple[str, ...], start: int) -> tuple[int | None, int]:
        """The smallest end of a match of segment starting at start, and how far it got."""
        states = {0}
        position = start
        best = 0
        while states and position < len(self.keys):
            following: set[int] = set()
            for done in states:
                if done == len(segment):
                    return position, len(segment)
                if self.keys[position] == segment[done]:
                    following.add(done + 1)
                if self.skippable[position] and done > 0:
                    following.add(done)
            if not following:
                break
            best = max(best, max(following))
            states = following
            position += 1
        if len(segment) in states:
            return position, len(segment)
        return None, best


def quote_segments(text: str) -> list[tuple[str, ...]]:
    """The quote's runs of match keys between elisions, clarifications left out."""
    parts = ELISION.split(text)
    return [keys for keys in (keys_of(CLARIFICATION.sub(" ", part)) for part in parts) if keys]


def find_quote(cleaned: Cleaned, text: str) -> Match | Miss:
    """Where the quote stands in the seed, or the closest passage when it does not."""
    stream = _Stream(cleaned)
    segments = quote_segments(text)
    total = sum(len(s) for s in segments)
    if not segments:
        return Miss(0, 0, "some words", "")
    best: tuple[int, int, int] = (-1, 0, 0)  # matched keys, start position, index of segment

    def search(index: int, lower: int, upper: int | None, done_keys: int) -> tuple[int, int] | None:
        nonlocal best
        segment = segments[index]
        for start in stream.positions.get(segment[0], []):
            if start < lower or (upper is not None and start > upper):
                continue
            end, reached = stream.ends(segment, start)
            if done_keys + reached > best[0]:
                best = (done_keys + reached, start, index)
            if end is None:
                continue
            if index + 1 == len(segments):
                return start, end
            rest = search(index + 1, end, end + MAX_ELIDED_KEYS, done_keys + len(segment))
            if rest is not None:
                return start, rest[1]
        return None

    found = search(0, 0, None, 0)
    if found is not None:
        start, end = found
        return Match(stream.word[start], stream.word[end - 1])
    matched, position, index = best
    if matched < 0:
        return Miss(0, total, segments[0][0], "")
    flat = [k for s in segments for k in s]
    expected = flat[matched] if matched < len(flat) else ""
    first = stream.word[position]
    shown = [w.text for w in cleaned.words[first : first + 60] if w.role in (WORD, OPTIONAL)]
    return Miss(matched, total, expected, " ".join(shown[: max(12, matched + 8)]))


def describe_miss(miss: Miss) -> str:
    """One line: how much of the quote was found and the closest passage."""
    if not miss.passage:
        return f"no passage of the seed starts like it (first word {miss.expected!r})"
    return (
        f"closest passage matches {miss.matched} of {miss.total} words, then differs at "
        f"{miss.expected!r}: \"{miss.passage}\""
    )
