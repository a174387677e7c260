"""Model names with a version number, for `make suggest`: the family word before the number and the
tier word after it ("Claude 3.7 Sonnet", "GPT-4 Turbo", "DeepSeek-R1"). Beside a version number, a word
close to a family or a tier is the name mis-heard ("claw 3.5" for Claude 3.5, "3.7 Sonic" for
3.7 Sonnet, "GBD2" for GPT-2), even when it is an ordinary word that alone would never be proposed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from explainer.sources.lexicon import MODEL, Name
from explainer.sources.spelling import compact, inflected, ordinary_word, sound, spoken_letters

# a version: "3", "3.5", "4o", "R1", "V3", "70B"; at most two letters, so "2nd" or "Q4" earnings are rare hits
VERSION = re.compile(r"[A-Za-z]?\d+(?:\.\d+)?[A-Za-z]{0,2}")
_GLUED = re.compile(r"([A-Za-z]{2,})-?(\d+(?:\.\d+)?[a-z]?)")  # "GBD2", "Grok3": a family glued to its number
CLOSE_FAMILY = 75  # rapidfuzz ratio at which a word beside a version is its family ("deeps", "Gro") ...
CLOSE_SOUNDING_FAMILY = 60  # ... or, when one's Metaphone code begins the other's ("claw", "clawed" for Claude)
CLOSE_TIER = 70  # the ratio a word after a version needs to a tier word with the same first letter ...
# ... or the first two consonants of its Metaphone code, when the version and tier make a known name's end ("3.7 Sonic")


@dataclass(frozen=True)
class Versions:
    families: dict[str, str]  # a family's compact form: the family as written, with its joiner ("GPT-", "Claude ")
    tiers: dict[str, str]  # a tier word's compact form: as written ("sonnet": "Sonnet", "mini": "mini")
    ends: frozenset[tuple[str, str]]  # the compact version and tier that end a name: ("37", "sonnet")
    models: frozenset[str]  # the compact forms of the names: "gpt4o"


def versions(names: list[Name]) -> Versions:
    """The families and tiers of the models whose names carry a version number, each written as
    most of those names write it."""
    families: dict[str, Counter[str]] = defaultdict(Counter)
    tiers: dict[str, Counter[str]] = defaultdict(Counter)
    ends: set[tuple[str, str]] = set()
    models = [name for name in names if name.kind == MODEL]
    for name in models:
        parts = re.split(r"(\s+|-)", name.meant)  # words and the joiners between them
        words = parts[::2]
        at = next((index for index, word in enumerate(words) if VERSION.fullmatch(word) and any(c.isdigit() for c in word)), None)
        if at != 1 or not words[0].isalpha():
            continue  # no number, or not one family word before it ("o3", "Llama 2 70B" keeps "Llama")
        families[compact(words[0])][words[0] + parts[1]] += 1
        for word in words[at + 1 :]:
            if word.isalpha():
                tiers[compact(word)][word] += 1
        if len(words) == at + 2:
            ends.add((compact(words[at]), compact(words[at + 1])))
    return Versions({key: spelled.most_common(1)[0][0] for key, spelled in families.items()},
                    {key: spelled.most_common(1)[0][0] for key, spelled in tiers.items()},
                    frozenset(ends), frozenset(compact(name.meant) for name in models))


def close_family(word: str, known: Versions) -> str | None:
    """The family a word before a version stands for, written as its names write it; None when
    the word is no family or one written right."""
    key = compact(word)
    if key in known.families or len(key) < 2:
        return None
    best: tuple[float, str] | None = None
    for family, written in known.families.items():
        if key.startswith(family) or key.endswith(family):
            continue  # the family with a neighbour glued on ("ERGPT-3" for "year GPT-3"): no mis-hearing of it
        ratio = fuzz.ratio(key, family)
        word_sound, family_sound = sound(word), sound(family)
        alike = bool(word_sound) and (family_sound.startswith(word_sound) or word_sound.startswith(family_sound))
        letters = spoken_letters(key) if not ordinary_word(word) else None  # "GBD" is GPT read letter by letter; "get" is a word
        if ratio >= CLOSE_FAMILY or alike and ratio >= CLOSE_SOUNDING_FAMILY or letters and letters == spoken_letters(family) and len(key) == len(family):
            if best is None or ratio > best[0]:
                best = (ratio, written)
    return best[1] if best else None


def close_tier(word: str, version: str, known: Versions) -> str | None:
    """The tier a word after a version stands for ("Sonic": "Sonnet"); None when it is none or right."""
    key = compact(word)
    if key in known.tiers or not key.isalpha():
        return None
    close = []
    for tier, written in known.tiers.items():
        if tier[0] != key[0] or inflected(key, tier):
            continue
        ratio = fuzz.ratio(key, tier)
        word_sound, tier_sound = sound(key), sound(tier)
        if ratio >= CLOSE_TIER or (compact(version), tier) in known.ends and len(word_sound) == len(tier_sound) >= 2 and word_sound[:2] == tier_sound[:2]:
            close.append((ratio, written))
    return max(close)[1] if close else None


def versioned(text: str, known: Versions) -> tuple[str, str] | None:
    """A run of words with a version number whose family or tier is mis-heard: the run as meant
    and why ("claw 3.5": "Claude 3.5"); None when there is no version, or nothing to fix."""
    words = text.split()
    if len(words) == 1 and (glued := _GLUED.fullmatch(words[0])):
        words = list(glued.groups())
    at = [index for index, word in enumerate(words) if VERSION.fullmatch(word) and any(c.isdigit() for c in word)]
    if len(at) != 1 or at[0] > 1 or len(words) - at[0] > 2 or len(words) < 2:
        return None
    version = words[at[0]]
    family = words[0] if at[0] == 1 else None
    tier = words[at[0] + 1] if at[0] + 1 < len(words) else None
    meant_family = close_family(family, known) if family else None
    meant_tier = close_tier(tier, version, known) if tier else None
    if family and not meant_family and compact(family) not in known.families or tier and not meant_tier and compact(tier) not in known.tiers:
        return None  # a word beside the number that is neither a family nor a tier ("page 3", "3 points")
    if not meant_family and not meant_tier:
        return None
    head = meant_family or (family + " " if family else "")  # a family as its names write it, with their joiner
    if meant_family and version.endswith("0") and compact(meant_family + version[:-1] + "o") in known.models:
        version = version[:-1] + "o"  # "GP40": GPT-4o, its letter o heard as a zero
    right = head + version + (" " + (meant_tier or tier) if tier else "")
    fixed = " and ".join(f"{said!r} for {meant.strip(' -')!r}" for said, meant in ((family, meant_family), (tier, meant_tier)) if said and meant)
    return right, f"a model name with a version number: {fixed}"
