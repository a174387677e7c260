"""Loads the reviewed corrections list and the cleaning vocabulary (fillers, optional phrases)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from explainer.errors import Collector
from explainer.fields import Fields
from explainer.model import Correction
from explainer.yamlfile import load_yaml


SHARED = ""  # the seed id of a shared correction: it applies to every spoken seed


@dataclass(frozen=True)
class Vocabulary:
    """Words a transcript's cleaned text drops, and phrases a quote may leave out."""

    fillers: frozenset[str]
    optional: tuple[tuple[str, ...], ...]


def load_corrections(
    path: Path, shown: str, seed_ids: set[str], collector: Collector
) -> tuple[list[Correction], Vocabulary]:
    """The shared corrections (seed id SHARED) and those per seed, and the cleaning vocabulary,
    from content/corrections.yml."""
    data = load_yaml(path, shown)
    top = Fields(data, shown, 1, collector, "the corrections file")
    top.allow_only("fillers", "optional", "shared", "seeds")
    fillers = frozenset(word.lower() for word in top.text_list("fillers", required=True))
    optional = tuple(tuple(phrase.lower().split()) for phrase in top.text_list("optional"))
    corrections = read_list(top, "shared", SHARED, "the shared list", required=False)
    per_seed = top.mapping.get("seeds")
    if not isinstance(per_seed, dict):
        top.problem("seeds", "expected a mapping of seed ids to lists of corrections")
        return corrections, Vocabulary(fillers, optional)
    for seed_id in per_seed:
        if seed_id not in seed_ids:
            collector.add(shown, top.mapping["seeds"].line_of(seed_id), seed_id,
                          f"no seed with id {seed_id!r} in the manifest")
        corrections += read_list(Fields(per_seed, shown, top.line("seeds"), collector, "seeds"), seed_id, seed_id, seed_id)
    return corrections, Vocabulary(fillers, optional)


def read_list(parent: Fields, key: str, seed_id: str, owner: str, required: bool = True) -> list[Correction]:
    """The corrections listed under a key: wrong, right and an optional note each."""
    corrections: list[Correction] = []
    seen: dict[str, int] = {}
    for item, line in parent.items(key, required):
        fields = Fields(item, parent.path, line, parent.collector, "a correction")
        fields.allow_only("wrong", "right", "note", "why")
        wrong, right = fields.text("wrong"), fields.text("right")
        if wrong in seen:
            fields.problem("wrong", f"{wrong!r} is listed twice for {owner} (line {seen[wrong]})")
        seen[wrong] = line
        if wrong and wrong == right:
            fields.problem("right", "is the same as wrong; nothing to correct")
        # `why` is what `make suggest` writes: pasted as it is, it serves as the note
        corrections.append(Correction(seed_id, wrong, right, fields.text("note", False) or fields.text("why", False), parent.path, line))
    return corrections


def corrections_for(seed_id: str, spoken: bool, corrections: list[Correction]) -> list[Correction]:
    """The corrections that apply to a seed: its own, and for a spoken seed the shared ones whose
    `wrong` it does not list itself (its own entry wins: "Sonet" is the poem in one seed)."""
    own = [c for c in corrections if c.seed_id == seed_id]
    if not spoken:
        return own
    listed = {c.wrong for c in own}
    return own + [c for c in corrections if c.seed_id == SHARED and c.wrong not in listed]
