"""The names a seed spells out itself, compared with its words by `make suggest` beside the
lexicon's: runs of capitalised words and words mixing case or digits in its title and description,
the parts of a title set off by punctuation, names its words spell out more than once, its speakers'
names, first names and surnames, and lower-case terms' plurals."""

from __future__ import annotations

import re
from collections import Counter

from explainer.sources.clean import Cleaned
from explainer.sources.lexicon import PERSON, SURNAME, Name
from explainer.sources.spelling import EDGE, POSSESSIVE, compact, english_words, ordinary_word

_KEY_PREFIX = re.compile(r"^[ \t]*(?:[-*][ \t]+)?[\w ()]{1,40}:[ \t]")  # "Channel: ", "- video_id: "
_TITLE_PARTS = re.compile(r"\s[-–—|&]\s|[,:;()\[\]]")  # what sets off a part of a title
_LEADING = frozenset({"The", "A", "An", "In", "On", "At", "Of", "For", "To", "And", "With", "This", "Our", "Here", "Apply", "Subscribe"})
_MIXED = re.compile(r"[A-Za-z]*[a-z][A-Z][A-Za-z]*(?:-[A-Z0-9]+)?|[A-Za-z]+-?\d+[A-Za-z]*")
HEADER = "named in the seed's own title or description"
HEADER_WORD = "a capitalised word of the seed's own description"
BODY = "spelled so more often in the seed itself"
BODY_TIMES = 2  # a capitalised word or run that is no ordinary word, this often inside sentences: the seed's own name
FIRST_NAME = "a speaker's first name"


def title_names(line: str) -> list[str]:
    """The parts of a title set off by punctuation that are two to four capitalised words: they name
    someone or something ("Zico Kolter & Matt Fredrikson, Gray Swan (Latent Space, 2026)")."""
    names = []
    for part in _TITLE_PARTS.split(line):
        words = [word for word in part.split() if word not in _LEADING]
        if 2 <= len(words) <= 4 and all(word[:1].isupper() and word.isalpha() for word in words):
            names.append(" ".join(words))
    return names


def header_names(cleaned: Cleaned) -> list[Name]:
    """Names that the seed's own title, description and other text around its body spell out:
    runs of two to four capitalised words ("Physical Intelligence", "Martin Casado") and words
    mixing case, digits or hyphens ("PaLM-E", "RT-2", "GPT-1"). An episode's description is
    written by people; its captions are not."""
    raw, found = cleaned.ingested.raw, {cleaned.ingested.seed.title: None}
    cuts = [0, *[edge for span in cleaned.ingested.body for edge in span], len(raw)]
    around = [raw[start:end] for start, end in zip(cuts[::2], cuts[1::2])]
    words: dict[str, None] = {}
    titled: dict[str, None] = {}
    for line in "\n".join([cleaned.ingested.seed.title, *around]).splitlines():
        line = _KEY_PREFIX.sub("", line)
        written = line.split()
        tokens = [POSSESSIVE.sub("", EDGE.sub("", token)) for token in written]
        for token in tokens:
            if _MIXED.fullmatch(token) and not token.isdigit():
                found[token] = None
        capitals = [token[:1].isupper() for token in tokens if token[:1].isalpha()]
        if sum(capitals) * 5 >= len(capitals) * 3:
            titled.update(dict.fromkeys(title_names(line)))  # a title: its capitals are the title's, not names'
            continue
        run: list[str] = []
        for position, token in enumerate([*tokens, ""]):
            if token[:1].isupper() and token.replace("-", "").replace("'", "").isalnum():
                run.append(token)
                # a capitalised word that is no ordinary word, not at a sentence's start: a name ("Lightcone")
                if position and not re.search(r"[.!?:]$", written[position - 1]) and token.isalpha() and not ordinary_word(token):
                    words[token] = None
                continue
            while run and run[0] in _LEADING:
                run.pop(0)
            if 2 <= len(run) <= 4:
                found[" ".join(run)] = None
            run = []
    names = [Name(text, HEADER) for text in found if text and len(compact(text)) >= 3]
    # a title's name of ordinary words ("Latent Space", "Gray Swan"): a near miss is proposed, the phrase in lower case is not
    names += [Name(text, HEADER, all(map(ordinary_word, text.split()))) for text in titled if text not in found]
    return names + [Name(text, HEADER_WORD) for text in words if text not in found and text not in titled and len(text) >= 5]


def body_names(cleaned: Cleaned) -> list[Name]:
    """Names the seed's words spell out themselves: a capitalised word that is no ordinary word, or a
    run of two or three capitalised words, found inside a sentence at least BODY_TIMES times
    ("Cicero", "Transformer Circuits"). A variant written less often is proposed ("Cisero")."""
    words = cleaned.words.text
    cores = [POSSESSIVE.sub("", EDGE.sub("", word)) for word in words]
    inside: Counter[str] = Counter()
    for index, core in enumerate(cores):
        if not index or re.search(r"[.!?:]['\"”’)]*$", words[index - 1]) or not core[:1].isupper():
            continue
        if len(core) >= 4 and core.isalpha() and not ordinary_word(core):
            inside[core] += 1
        for size in (2, 3):
            run = cores[index : index + size]
            if len(run) == size and all(part[:1].isupper() and part.isalpha() for part in run) and not any(re.search(r"[.!?,;:]$", word) for word in words[index : index + size - 1]):
                inside[" ".join(run)] += 1
    return [Name(text, BODY) for text, times in inside.items() if times >= BODY_TIMES]


def speaker_names(cleaned: Cleaned) -> frozenset[str]:
    """The compact forms of the seed's speakers' names and of their first names and surnames (a
    hyphenated first name's parts too): the names `make suggest` takes at a greater distance."""
    parts = [part for speaker in cleaned.ingested.seed.speakers for part in (speaker, *re.split(r"[\s-]+", speaker))]
    return frozenset(compact(part) for part in parts if len(compact(part)) >= 4)


def seed_names(cleaned: Cleaned, names: list[Name]) -> list[Name]:
    """The names compared with one seed's words: the field's, those its title and description spell
    out, its words spell out more than once, its speakers' names, first names ("Samir" for Sameer
    Singh) and surnames, and a lower-case term's plural."""
    speakers = [speaker.split() for speaker in cleaned.ingested.seed.speakers if len(speaker.split()) >= 2]
    more = [*(Name(" ".join(parts), PERSON) for parts in speakers), *(Name(parts[-1], SURNAME) for parts in speakers if len(parts[-1]) >= 4),
            *header_names(cleaned), *body_names(cleaned),
            *(Name(parts[0], FIRST_NAME) for parts in speakers if len(parts[0]) >= 4 and parts[0].lower() not in english_words()),
            *(Name(name.text + "s", name.kind, name.ordinary) for name in names
              if name.kind == "term" and " " in name.text and name.text == name.text.lower() and not name.text.endswith("s"))]
    added: dict[str, Name] = {}
    for name in more:
        added.setdefault(name.text, name)
    known = {name.text for name in names}
    return [*names, *(name for text, name in added.items() if text not in known)]
