"""Finds a curated quote in its seed, allowing only the edits a quotation may make.

Allowed: punctuation, case, fillers and stutters left out, the reviewed corrections, optional
phrases ("you know") left out, elisions marked [...] and clarifications in [brackets]. A
clarification is usually the editor's own words; when the seed itself has the bracketed words
(a scraped "[1]", a caption's "[Music]"), they may match the seed as well.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import deque
from dataclasses import dataclass
from itertools import compress

from explainer.sources.clean import Cleaned, KeyStream
from explainer.sources.words import SHOWN_ROLES, keys_of

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


@dataclass(frozen=True)
class Segment:
    """A run of the quote between elisions: its keys, and the clarifications it may leave out."""

    keys: tuple[str, ...]
    skips: dict[int, int]  # a clarification's first key -> the key after it

    def closure(self, states: set[int]) -> set[int]:
        """The states, and those reached from them by leaving clarifications out."""
        result, todo = set(states), list(states)
        while todo:
            after = self.skips.get(todo.pop())
            if after is not None and after not in result:
                result.add(after)
                todo.append(after)
        return result

    def first_keys(self) -> set[str]:
        return {self.keys[done] for done in self.closure({0}) if done < len(self.keys)}


def quote_segments(text: str) -> list[Segment]:
    """The quote's runs of match keys between elisions; runs of clarifications only are dropped."""
    segments = []
    for part in ELISION.split(text):
        keys: list[str] = []
        skips: dict[int, int] = {}
        position = 0
        for clarification in CLARIFICATION.finditer(part):
            keys += keys_of(part[position : clarification.start()])
            inside = keys_of(clarification.group())
            if inside:
                skips[len(keys)] = len(keys) + len(inside)
                keys += inside
            position = clarification.end()
        keys += keys_of(part[position:])
        segment = Segment(tuple(keys), skips)
        if len(keys) not in segment.closure({0}):
            segments.append(segment)
    return segments


def segment_end(stream: KeyStream, segment: Segment, start: int) -> tuple[int | None, int]:
    """The smallest end of a match of segment starting at start, and how many keys it got to."""
    target = len(segment.keys)
    states = segment.closure({0})
    position = start
    best = 0
    while position < len(stream.keys):
        key, skippable = stream.keys[position], stream.skippable[position]
        following = {done + 1 for done in states if done < target and segment.keys[done] == key}
        if position > start and skippable:
            following |= states  # a filler, stutter or optional word left out of the quote
        if not following:
            break
        states = segment.closure(following)
        best = max(best, max(states))
        position += 1
        if target in states:
            return position, target
    return None, best


def starts_between(stream: KeyStream, keys: set[str], lower: int, upper: int | None) -> list[int]:
    """The stream positions in [lower, upper] holding one of keys, in order."""
    found: list[int] = []
    for key in keys:
        positions = stream.positions.get(key, [])
        high = len(positions) if upper is None else bisect_right(positions, upper)
        found += positions[bisect_left(positions, lower) : high]
    return sorted(found)


def after_elision(stream: KeyStream, keys: set[str], ends: dict[int, int]) -> list[tuple[int, int]]:
    """Where the next segment may start, at most MAX_ELIDED_KEYS after an end of the quote so far,
    each with the earliest start of the quote that reaches it (a sliding-window minimum)."""
    ordered = sorted(ends.items())
    window: deque[tuple[int, int]] = deque()  # (end, origin), origins rising from front to back
    taken = 0
    result = []
    for start in starts_between(stream, keys, ordered[0][0], ordered[-1][0] + MAX_ELIDED_KEYS):
        while taken < len(ordered) and ordered[taken][0] <= start:
            end, origin = ordered[taken]
            taken += 1
            while window and window[-1][1] >= origin:
                window.pop()
            window.append((end, origin))
        while window and window[0][0] < start - MAX_ELIDED_KEYS:
            window.popleft()
        if window:
            result.append((start, window[0][1]))
    return result


def find_quote(cleaned: Cleaned, text: str) -> Match | Miss:
    """Where the quote stands in the seed (its earliest place), or the closest passage when it does not.

    Segments are matched in turn, each time over the whole seed at once, so the time grows with
    the seed and the number of segments, never with their product of candidate places.
    """
    stream = cleaned.stream
    segments = quote_segments(text)
    if not segments:
        return Miss(0, 0, "some words", "")
    best = (-1, 0)  # most keys matched, and where that attempt started
    ends: dict[int, int] = {}  # where the quote so far can end -> the earliest quote start that gets there
    done = 0
    for index, segment in enumerate(segments):
        if index == 0:
            starts = [(start, start) for start in starts_between(stream, segment.first_keys(), 0, None)]
        else:
            starts = after_elision(stream, segment.first_keys(), ends)
        ends = {}
        for start, origin in starts:
            end, reached = segment_end(stream, segment, start)
            if done + reached > best[0]:
                best = (done + reached, start)
            if end is not None and origin < ends.get(end, len(stream.keys)):
                ends[end] = origin
        if not ends:
            break
        done += len(segment.keys)
    if ends:
        origin = min(ends.values())
        return Match(stream.word[origin], stream.word[min(e for e, o in ends.items() if o == origin) - 1])
    total = sum(len(s.keys) for s in segments)
    matched, position = best
    if matched < 0:
        return Miss(0, total, segments[0].keys[0], "")
    flat = [k for s in segments for k in s.keys]
    expected = flat[matched] if matched < len(flat) else ""
    first = stream.word[position]
    words = cleaned.words
    shown = list(compress(words.text[first : first + 60], map(SHOWN_ROLES.__contains__, words.role[first : first + 60])))
    return Miss(matched, total, expected, " ".join(shown[: max(12, matched + 8)]))


def describe_miss(miss: Miss) -> str:
    """One line: how much of the quote was found and the closest passage."""
    if not miss.passage:
        return f"no passage of the seed starts like it (first word {miss.expected!r})"
    return (
        f"closest passage matches {miss.matched} of {miss.total} words, then differs at "
        f"{miss.expected!r}: \"{miss.passage}\""
    )
