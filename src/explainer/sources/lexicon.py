"""Loads the lexicon of the field that `make suggest` compares a transcript's words with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from explainer.errors import Collector
from explainer.fields import Fields, read_fields


KINDS = {"people": "person", "labs": "lab", "models": "model", "shows": "show", "benchmarks": "benchmark", "terms": "term"}
MODEL, PERSON = KINDS["models"], KINDS["people"]
SURNAME = "surname"
HEARD = "heard"  # a mis-hearing a correction already fixes (in some seed): its near variants are proposed too
_NAME_PART = re.compile(r"[A-Z][\w'-]+")


@dataclass(frozen=True)
class Name:
    """A name as it is written, what kind of name it is, and whether it is also an ordinary word.
    A HEARD name is a correction's wrong words; `right` is what they stand for."""

    text: str
    kind: str
    ordinary: bool = False
    right: str = ""

    @property
    def meant(self) -> str:
        return self.right or self.text


def load_lexicon(path: Path, shown: str, collector: Collector) -> tuple[list[Name], set[str]]:
    """The names of content/lexicon.yml, and the ones that are also ordinary English words."""
    top = read_fields(path, shown, collector, "the lexicon")
    if top is None:
        return [], set()
    top.allow_only(*KINDS, "ordinary")
    names: list[Name] = []
    seen: dict[str, int] = {}
    for kind in KINDS:
        for item, line in top.items(kind, required=False):
            if not isinstance(item, str) or not item.strip():
                collector.add(shown, line, kind, "expected a name (text)")
                continue
            if item in seen:
                collector.add(shown, line, kind, f"{item!r} is listed twice (first on line {seen[item]})")
            seen[item] = line
            names.append(Name(item.strip(), KINDS[kind]))
    return names, set(top.text_list("ordinary"))


def field_names(lexicon: list[Name], ordinary: set[str], speakers: list[str], terms: list[str],
                corrections: list[tuple[str, str]]) -> list[Name]:
    """The whole lexicon: the file's names, the speakers' full names, the glossary's terms and the
    corrections' names (a `right` with a capital letter or a digit), each once, with its surname
    ("Amodei") for a person of two or more words; and each such correction's `wrong`, as a HEARD
    name: another seed's mis-hearing, or a near variant of one, is proposed with the same fix."""
    found: dict[str, Name] = {}

    def add(text: str, kind: str) -> None:
        text = text.strip()
        if text and text not in found:
            found[text] = Name(text, kind, text in ordinary)

    for name in lexicon:
        add(name.text, name.kind)
    for speaker in speakers:
        if len(parts := speaker.split()) >= 2 and all(_NAME_PART.fullmatch(part) for part in parts):
            add(speaker, "person")
    for term in terms:
        add(term, "term")
    names = [(wrong, right) for wrong, right in corrections if any(c.isupper() or c.isdigit() for c in right)]
    for _, right in names:
        add(right, "name")
    for name in list(found.values()):
        if name.kind == "person" and len(surname := name.text.split()[-1]) >= 5:
            add(surname, SURNAME)
    heard = {wrong: Name(wrong, HEARD, right=right) for wrong, right in names if wrong not in found}
    return list(found.values()) + list(heard.values())
