"""How a word or a name is written and how it sounds, for `make suggest`: its letters and digits
alone, its Metaphone code (jellyfish), whether it is an ordinary English word, and an acronym's
letters as they sound read one by one."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish
from english_words import get_english_words_set  # type: ignore[import-untyped]  # the package ships no type hints

INFLECTIONS = ("s", "es", "d", "ed", "ing", "r", "er", "ers", "ly", "al")
EDGE = re.compile(r"^[^\w]+|[^\w]+$")
# Letters whose names rhyme, which a recogniser confuses when an acronym is read letter by letter
# ("GBT", "GPC" for "GPT"): bee, cee, dee, ee, gee, pee, tee, vee, zee; ay, jay, kay; em, en; eye, why; cue, you, double-u.
RHYMES = {**dict.fromkeys("bcdegptvz", "e"), **dict.fromkeys("ajk", "a"), "m": "m", "n": "m", "i": "i", "y": "i", "q": "u", "u": "u", "w": "u"}
_LEADING_LETTERS = re.compile(r"([a-z]{2,5})(?![a-z])(.*)")
POSSESSIVE = re.compile(r"['’]s$")


def compact(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text.casefold()) if c.isalnum())


def sound(text: str) -> str:
    letters = "".join(c for c in compact(text) if c.isalpha() and c.isascii())
    return jellyfish.metaphone(letters) if letters else ""


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The lower-case words of Webster's Second (the web2 list): ordinary words, not names."""
    words: set[str] = get_english_words_set(["web2"], alpha=True)
    return frozenset(word for word in words if word.islower())


def spoken_letters(key: str) -> tuple[str, str] | None:
    """A compact form's leading letters as they sound read one by one (the first kept as it is) and
    the rest, with a zero read as the letter o ("gpc40" and "gpt4o" are both ("gee", "4o"))."""
    match = _LEADING_LETTERS.fullmatch(key)
    if not match:
        return None
    letters, rest = match.groups()
    return letters[0] + "".join(RHYMES.get(c, c) for c in letters[1:]), rest.replace("0", "o")


def ordinary_word(token: str) -> bool:
    """Whether a word is an ordinary English word, or one with an inflection ("types", "trained")."""
    word, words = "".join(c for c in token.lower() if c.isalpha()), english_words()
    return word in words or any(word.endswith(end) and (word[: -len(end)] in words or end in ("ed", "ing", "er") and word[: -len(end)] + "e" in words)
                                for end in INFLECTIONS)  # "overstating": overstate, its e dropped


def inflected(a: str, b: str) -> bool:
    """Whether one compact form is the other with an inflection ("features", "computer")."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short):] in INFLECTIONS
