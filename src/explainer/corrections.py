"""Loads the reviewed corrections list and the cleaning vocabulary (fillers, optional phrases)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from explainer.errors import Collector
from explainer.fields import Fields
from explainer.model import Correction
from explainer.yamlfile import load_yaml


@dataclass(frozen=True)
class Vocabulary:
    """Words a transcript's cleaned text drops, and phrases a quote may leave out."""

    fillers: frozenset[str]
    optional: tuple[tuple[str, ...], ...]


def load_corrections(
    path: Path, shown: str, seed_ids: set[str], collector: Collector
) -> tuple[list[Correction], Vocabulary]:
    """The corrections per seed, and the cleaning vocabulary, from content/corrections.yml."""
    data = load_yaml(path, shown)
    top = Fields(data, shown, 1, collector, "the corrections file")
    top.allow_only("fillers", "optional", "seeds")
    fillers = frozenset(word.lower() for word in top.text_list("fillers", required=True))
    optional = tuple(tuple(phrase.lower().split()) for phrase in top.text_list("optional"))
    corrections: list[Correction] = []
    per_seed = top.mapping.get("seeds")
    if not isinstance(per_seed, dict):
        top.problem("seeds", "expected a mapping of seed ids to lists of corrections")
        return corrections, Vocabulary(fillers, optional)
    for seed_id in per_seed:
        if seed_id not in seed_ids:
            collector.add(shown, top.mapping["seeds"].line_of(seed_id), seed_id,
                          f"no seed with id {seed_id!r} in the manifest")
        seen: dict[str, int] = {}
        for item, line in Fields(per_seed, shown, top.line("seeds"), collector, "seeds").items(seed_id):
            fields = Fields(item, shown, line, collector, "a correction")
            fields.allow_only("wrong", "right", "note")
            wrong, right = fields.text("wrong"), fields.text("right")
            if wrong in seen:
                fields.problem("wrong", f"{wrong!r} is listed twice for {seed_id} (line {seen[wrong]})")
            seen[wrong] = line
            if wrong and wrong == right:
                fields.problem("right", "is the same as wrong; nothing to correct")
            corrections.append(Correction(seed_id, wrong, right, fields.text("note", False), shown, line))
    return corrections, Vocabulary(fillers, optional)
