"""Proposes corrections for one seed: words spelled or sounding close to a name of the field, or a
name in the wrong case ("anthropic"). It never applies anything: `make suggest` prints the
proposals as YAML, for an author to review and paste under the seed in content/corrections.yml.

A seed's runs of one to three words are compared with every name of the lexicon at once by
rapidfuzz (edit-distance similarity, in C) and by their Metaphone codes (spelling.py); words that a
reviewed correction already fixed are left out. The names are the lexicon's and those the seed
spells out itself (seednames.py); its speakers' names are taken at a greater distance, as the names
it says most. A run with a version number is read as a model's name (versions.py).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from explainer.sources.clean import Cleaned
from explainer.sources.lexicon import HEARD, MODEL, SURNAME, Name
from explainer.sources.seednames import BODY, HEADER_WORD, seed_names, speaker_names
from explainer.sources.spelling import EDGE, POSSESSIVE, compact, inflected, ordinary_word, sound, spoken_letters
from explainer.sources.versions import versioned, versions
from explainer.sources.words import FILLER, STUTTER

SPELLED_ALIKE = 80  # rapidfuzz ratio (0-100) at which a run of words is spelled like a name ...
SPELLED_ALIKE_SHORT = 85  # ... or, below 8 letters and digits, where one letter weighs more ("Kuang", "Huang")
SOUNDS_ALIKE = 60  # the ratio that suffices when the two also have the same Metaphone code ...
SPEAKER_ALIKE = 50  # ... or for a speaker's name, which a seed says more than any other ("Filiman" for Philomin)
MIN_LOWER_TERM = 10  # a lower-case single-word term shorter than this is an ordinary word: never a target
# A recogniser splits a name into pieces ("deep mind"); it does not glue a small word to it ("a podcaster").
SMALL_WORDS = frozenset({"a", "an", "the", "of", "to", "in", "on", "and", "or", "is", "it", "i", "at", "as", "by", "for",
                         "was", "were", "be", "are", "so", "but", "if", "not", "no", "we", "you", "he", "she", "they",
                         "this", "that", "with", "from", "like", "my", "our", "your", "his", "her", "their"})
CLOSE_TERM_WORD = 75  # the ratio a differing word of a lower-case term needs, unless it sounds the same ("neural nuts")
_ZERO_FOR_O = re.compile(r"^0(?=\d)")  # "03", "04 Mini": the letter o of OpenAI's o-series, written as a digit
_ACRONYM = re.compile(r"[A-Z]{2,5}(?![A-Za-z])")  # a name that starts with an acronym: "GPT-4o", "TPU", "MMLU"


@dataclass(frozen=True)
class Proposal:
    wrong: str
    right: str
    why: str


@dataclass(frozen=True)
class Target:
    """A name as the comparison sees it."""

    name: Name
    compact: str  # lower-case letters and digits only: "gpt3" for "GPT-3"
    digits: str
    sound: str  # Metaphone code of its letters
    tokens: frozenset[str]  # its words, lower-cased
    speaking: bool = False  # one of the seed's speakers, or a part of one's name: the likeliest name in it

    @property
    def proper(self) -> bool:
        return self.name.meant != self.name.meant.lower()


def target(name: Name, speaking: frozenset[str] = frozenset()) -> Target:
    if name.kind == SURNAME and not name.ordinary and ordinary_word(name.text):
        name = Name(name.text, name.kind, True)  # "Brown", "Clark": never proposed for the ordinary word
    if name.text.startswith("The ") and name.kind != HEARD:
        name = Name(name.text[4:], name.kind, name.ordinary)  # "the Cognitive Revolution" is said right
    key = compact(name.text)
    return Target(name, key, "".join(c for c in key if c.isdigit()), sound(name.text),
                  frozenset(compact(part) for part in name.text.split()), key in speaking)


def windows(cleaned: Cleaned) -> list[tuple[int, int, str, bool]]:
    """Every run of one to three words that a correction could replace: (first word, size, the
    words as written without the edge punctuation, whether the last ends in a possessive 's)."""
    words, raw = cleaned.words, cleaned.ingested.raw
    cores = [EDGE.sub("", text) for text in words.text]
    usable = [bool(core) and index not in words.correction and role not in (FILLER, STUTTER)
              for index, (core, role) in enumerate(zip(cores, words.role))]
    found = []
    for first in range(len(words)):
        for size in (1, 2, 3):
            last = first + size - 1
            if last >= len(words) or not usable[last] or not usable[first]:
                break
            # inside a run: whole words with only white space between them, as a correction matches
            if size > 1 and (raw[words.end[last - 1] : words.start[last]].strip() or not words.text[last - 1].endswith(cores[last - 1])
                             or not words.text[last].startswith(cores[last])):
                break
            text = " ".join(cores[first : last + 1])
            possessive = bool(POSSESSIVE.search(text))
            found.append((first, size, POSSESSIVE.sub("", text) if possessive else text, possessive))
    return found


def close_word(part: str, name_part: str, proper: bool, near: float = SOUNDS_ALIKE) -> bool:
    """Whether a word of a run is close enough to the name's word in its place. In a lower-case term
    a word that is another ordinary word must sound the same or be spelled nearly so ("reversal
    course", not "system called", "model upwards")."""
    if part == name_part:
        return True
    ratio = fuzz.ratio(part, name_part)
    if proper:
        return ratio >= near
    return ratio >= CLOSE_TERM_WORD or bool(sound(part)) and sound(part) == sound(name_part) or ratio >= SOUNDS_ALIKE and not ordinary_word(part)


def capitalised(text: str, name: Name, at_start: bool) -> bool:
    """Whether a model whose name begins with a small letter is written with a capital, not at a
    sentence's start ("O3" for OpenAI's o3)."""
    return name.kind == MODEL and name.text[0].islower() and text == name.text[0].upper() + name.text[1:] and not at_start


def judge_heard(text: str, target: Target, ratio: float) -> tuple[float, str] | None:
    """How well a run of words matches a mis-hearing that a correction fixes, and why; None when the
    run is ordinary words or not near enough."""
    name, key, parts = target.name, compact(text), text.split()
    if len(parts) != len(name.text.split()) or all(map(ordinary_word, parts)) and not any(c.isdigit() for c in key):
        return None  # "cloud" for Claude is one seed's judgment, not a rule for every "cloud"
    if {compact(parts[0]), compact(parts[-1])} & SMALL_WORDS and key != target.compact:
        return None  # a small word beside a name ("at openai") is no part of a mis-hearing of it
    why = f"{name.meant!r}, which {name.text!r} is corrected to in content/corrections.yml"
    if key == target.compact:
        return 2.0, f"heard as {why}"
    if len(key) >= 6 and target.digits == "".join(c for c in key if c.isdigit()) and ratio >= SPELLED_ALIKE:
        return ratio / 100, f"is spelled like {name.text!r}, heard for {why}"
    return None


def judge(text: str, size: int, at_start: bool, target: Target, ratio: float) -> tuple[float, str] | None:
    """How well a run of words matches a name it is close to, and why; None when it is no mistake."""
    name, key = target.name, compact(text)
    if name.kind == HEARD:
        return judge_heard(text, target, ratio)
    if not target.proper and len(text.split()) != len(target.tokens):
        return None  # a lower-case term is not heard split or glued ("benchmark exists" is no "benchmarks")
    if key == target.compact:
        if capitalised(text, name, at_start):
            return 2.0, f"{name.text!r} ({name.kind}) begins with a small letter"
        if text == name.text or not target.proper and text.lower() == name.text.lower():
            return None  # written right, or a lower-case term with a capital
        if text.lower() == name.text.lower() and not any(a.islower() and b.isupper() for a, b in zip(text, name.text)):
            return None  # only more capitals than the name has ("Chinese Room", "LLaMA" for "Llama"): a style, no mishearing
        if name.ordinary and text == text.lower() or name.ordinary and at_start and text.lower() == name.text.lower():
            return None  # the ordinary word ("cursor"), or a capital a sentence's start explains
        if name.kind == HEADER_WORD and text.lower() == name.text.lower():
            return None  # one capitalised word of a description is too little to re-case a word ("podcast")
        if name.kind == "term" and text == text.lower() and all(len(w) > 2 and ordinary_word(w) for w in name.text.split()):
            return None  # a term of ordinary words is a phrase too ("their responsible scaling policy")
        if len(text.split()) != len(name.text.split()) and len(target.compact) < 5 and text.split()[0].lower() in SMALL_WORDS:
            return None  # a number with a word before it ("a 100") is not "A100"
        recased = sum(a != b for a, b in zip(text, name.text)) if len(text) == len(name.text) else 0
        return 2.0 - recased / 100, f"{name.text!r} ({name.kind}) written {'in lower case' if text == text.lower() else 'differently'}"
    alike = bool(target.sound) and sound(text) == target.sound
    short = 4 if target.digits or alike and target.proper else 5  # "Grock" sounds like "Grok"
    if len(target.compact) < short or target.digits != "".join(c for c in key if c.isdigit()) or not any(c.isalpha() for c in key):
        return None
    if not any(c.islower() for c in name.text) and not target.digits:
        return None  # an acronym is spelled out, letter by letter: only a near miss with its number is one
    if inflected(key, target.compact) or name.ordinary and text == text.lower() and all(map(ordinary_word, text.split())):
        return None
    if target.compact.startswith(key) and len(target.compact) - len(key) >= 2:
        return None  # the name's first word alone ("open", "character")
    if key.startswith(target.compact) or key.endswith(target.compact):
        return None  # the name with a neighbour glued on ("Benchmark so")
    if not target.proper and " " not in name.text and len(target.compact) < MIN_LOWER_TERM:
        return None
    parts = [compact(part) for part in text.split()]
    shared = [part for part in parts if part in target.tokens]
    if len(parts) != len(target.tokens) and (shared or len(parts) > len(target.tokens) and (parts[0] in SMALL_WORDS or parts[-1] in SMALL_WORDS)):
        return None  # a name's own word with a neighbour ("a Claude"), or a small word glued on ("scale it")
    name_parts = [compact(part) for part in name.text.split()]
    if parts[0] in SMALL_WORDS and parts[0] != name_parts[0] or parts[-1] in SMALL_WORDS and parts[-1] != name_parts[-1]:
        return None  # a small word at an edge of a run that the name does not have ("like state-space models")
    if len(parts) == len(name_parts) > 1 and parts[-1] == name_parts[-1] and all(map(str.startswith, name_parts, parts)):
        return None  # a short first name ("Rich Sutton"); a cut surname ("Chris Ola") is a mis-hearing
    if not shared and all(map(ordinary_word, parts)) and not (target.speaking and text[0].isupper() and not at_start and alike and ratio >= SOUNDS_ALIKE):
        return None  # ordinary words ("cloud", "more training"), unless part of the name is said as written, or
        # a speaker's name is heard as a word that sounds the same, capitalised inside a sentence ("Rider" for Ruder)
    near = SPEAKER_ALIKE if target.speaking else SOUNDS_ALIKE
    if shared and len(parts) == len(target.tokens) and not all(
        close_word(part, name_part, target.proper, near) for part, name_part in zip(parts, map(compact, name.text.split()))
    ):
        return None  # each word that differs is itself close ("Golden Gate Clawed", "Nan Brown"), not another word ("scale it")
    alike = alike and len(key) >= short
    if ratio >= (SPELLED_ALIKE if len(key) >= 8 else SPELLED_ALIKE_SHORT) or alike and ratio >= near:
        return ratio / 100 + (0.2 if alike else 0.0), f"{'sounds' if alike else 'is spelled'} like {name.text!r} ({name.kind})"
    return None


def written_as_heard(text: str, key: str, size: int, by_compact: dict[str, list[Target]],
                     by_letters: dict[tuple[str, str], list[Target]]) -> tuple[float, Name, str] | None:
    """A name written as it sounds rather than as it is spelled, its score and why: the o-series with a
    zero ("03", "04 Mini"), an acronym read letter by letter with letters that rhyme ("gbt", "GPC 40").
    An acronym as written ("API") is another acronym, and an ordinary word ("get") no acronym."""
    if _ZERO_FOR_O.match(text) and (letter := "o" + key[1:]) in by_compact:
        name = by_compact[letter][0].name
        return 2.0, name, f"the letter o of {name.text!r} ({name.kind}) written as the digit 0"
    letters = spoken_letters(key) if size <= 2 else None
    if letters in by_letters and not ordinary_word(text.split()[0]) and (text != text.upper() or any(c.isdigit() for c in text)):
        name = by_letters[letters][0].name
        return 1.5, name, f"sounds like {name.text!r} ({name.kind}) read letter by letter"
    return None


def suggest(cleaned: Cleaned, names: list[Name]) -> list[Proposal]:
    """The corrections proposed for a seed, in the order of their first use in it."""
    speaking = speaker_names(cleaned)
    targets = [target(name, speaking) for name in seed_names(cleaned, names) if len(compact(name.text)) >= 2]  # "C++" is no "C"
    speakers = [item for item in targets if item.speaking]
    known_words = {part for item in targets if item.name.kind not in (BODY, HEARD) for part in map(compact, re.split(r"[\s-]+", item.name.text))}
    by_compact: dict[str, list[Target]] = defaultdict(list)
    by_letters: dict[tuple[str, str], list[Target]] = defaultdict(list)
    for item in targets:
        by_compact[item.compact].append(item)
        if _ACRONYM.match(item.name.text) and (letters := spoken_letters(item.compact)):
            by_letters[letters].append(item)
    choices = [item.compact for item in targets]
    numbered = versions([item.name for item in targets])
    texts = cleaned.words.text
    found: list[tuple[float, int, int, str, str, str]] = []  # score, first word, size, wrong, right, why
    written_right: dict[int, int] = {}  # each word of a name written right: the longest such name's size
    runs = windows(cleaned)
    spelled = Counter(text for _, _, text, _ in runs)  # how often each run is written so: a name of the seed's own beats a rarer variant
    for first, size, text, possessive in runs:
        key = compact(text)
        wrong = " ".join(EDGE.sub("", t) for t in texts[first : first + size])
        exact = [item for item in by_compact.get(key, []) if item.name.kind != BODY]  # a seed's own name may be its mis-hearing
        if not exact and (heard := written_as_heard(text, key, size, by_compact, by_letters)):
            score, name, why = heard
            found.append((score, first, size, wrong, name.meant + ("'s" if possessive else ""), why))
            continue
        if not exact and (fixed := versioned(text, numbered)):
            found.append((1.5, first, size, wrong, fixed[0] + ("'s" if possessive else ""), fixed[1]))
            continue
        at_start = first == 0 or bool(re.search(r"[.!?]['\"”’)]*$", texts[first - 1]))
        close = [(item, 100.0) for item in exact] if exact else [
            (targets[index], score) for _, score, index in process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=SOUNDS_ALIKE, limit=5)
        ] + [(item, ratio) for item in speakers if SPEAKER_ALIKE <= (ratio := fuzz.ratio(key, item.compact)) < SOUNDS_ALIKE]
        best = None
        for item, ratio in close:
            if key == item.compact and item.name.kind not in (HEARD, BODY) and (text == item.name.text or text.lower() == item.name.text.lower() and not item.proper
                                                                     and not capitalised(text, item.name, at_start)):
                for index in range(first, first + size):
                    written_right[index] = max(written_right.get(index, 0), size)
                best = None
                break
            if len(text.split()) not in range(len(item.tokens) - 1, len(item.tokens) + 2) or item.name.kind == BODY and (
                    spelled[text] >= spelled[item.name.text] or key in known_words):
                continue  # a rarer spelling of a name the seed spells out is no mis-hearing when it is a known name's word ("Louis")
            verdict = judge(text, size, at_start, item, ratio)
            if verdict and (best is None or verdict[0] > best[0]):
                right = item.name.meant + ("'s" if possessive else "")
                best = (verdict[0], right, verdict[1])
        if best:
            found.append((best[0], first, size, wrong, best[1], best[2]))
    chosen: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    order: dict[str, int] = {}
    taken: set[int] = set()
    for score, first, size, wrong, right, why in sorted(found, key=lambda f: (-f[2], -f[0], f[1])):
        span = set(range(first, first + size))
        # no proposal overlaps another, or a name written right that is as long ("Nanda" in "Neil Nanda" is shorter)
        if span & taken or any(written_right.get(index, 0) >= size for index in span) or wrong == right:
            continue
        taken |= span
        chosen[wrong][(right, why)] += 1
        order[wrong] = min(order.get(wrong, first), first)
    proposals = []
    for wrong in sorted(chosen, key=order.__getitem__):
        (right, why), times = chosen[wrong].most_common(1)[0]
        proposals.append(Proposal(wrong, right, why + ("" if times == 1 else f"; {times} times")))
    return proposals


def as_yaml(proposals: list[Proposal]) -> str:
    """The proposals as a YAML list, one flow mapping a line, ready to paste under a seed."""
    if not proposals:
        return "[]\n"
    return "".join(f"- {{wrong: {quoted(p.wrong)}, right: {quoted(p.right)}, why: {quoted(p.why)}}}\n" for p in proposals)


def quoted(text: str) -> str:
    """A JSON string, which YAML reads as a double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)
