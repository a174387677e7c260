"""Loads seeds/manifest.yml: which seed files exist, what they are and where they came from."""

from __future__ import annotations

import re
from pathlib import Path

from explainer.errors import Collector
from explainer.fields import Fields
from explainer.model import KINDS, Chapter, Seed
from explainer.yamlfile import load_yaml

MANIFEST = "manifest.yml"
# A seed file is published beside its source page as it is: only plain .txt names, so that it is
# served as text and never read as a page ("x.md") or run as one ("x.html"). Names ending in
# .clean.txt are the generator's own downloads.
SEED_FILE = re.compile(r"^(?!.*\.clean\.txt$)[A-Za-z0-9][A-Za-z0-9._-]*\.txt$")
# A new seed has not been reviewed yet: that is not the same as "low", and the pages say so.
NOT_REVIEWED = "not yet reviewed"
RELIABILITY = ("high", "medium", "low", NOT_REVIEWED)
SEED_KEYS = (
    "id", "file", "title", "kind", "speakers", "date", "url", "publisher",
    "reliability", "reliability_note", "chapters",
)


def seed_file_problem(name: str) -> str:
    """Why a file name cannot be a seed's, or "" when it can."""
    if SEED_FILE.match(name):
        return ""
    return f"{name!r} is not a seed file name; expected a plain .txt name of letters, digits, '.', '_' and '-' (not ending in .clean.txt)"


def load_manifest(seeds_dir: Path, shown_dir: str, collector: Collector) -> list[Seed]:
    """Every seed the manifest lists, validated; problems go to the collector."""
    shown = f"{shown_dir}/{MANIFEST}"
    data = load_yaml(seeds_dir / MANIFEST, shown)
    top = Fields(data, shown, 1, collector, "the manifest")
    top.allow_only("seeds")
    seeds: list[Seed] = []
    ids: dict[str, int] = {}
    files: dict[str, int] = {}
    for item, line in top.items("seeds"):
        fields = Fields(item, shown, line, collector, "a seed entry")
        fields.allow_only(*SEED_KEYS)
        seed_id = fields.slug("id")
        file = fields.text("file")
        for value, seen, key in ((seed_id, ids, "id"), (file, files, "file")):
            if value in seen:
                fields.problem(key, f"duplicate {key} {value!r}; expected each {key} once (first used on line {seen[value]})")
            seen[value] = fields.line(key)
        path = seeds_dir / file
        if file and (problem := seed_file_problem(file)):
            fields.problem("file", problem)
        elif file and not path.is_file():
            fields.problem("file", f"no seed file {file!r} in {shown_dir}/; expected the name of a file there")
        chapters = []
        for chapter, chapter_line in fields.items("chapters", required=False):
            cf = Fields(chapter, shown, chapter_line, collector, "a chapter")
            cf.allow_only("id", "title", "at")
            chapters.append(Chapter(cf.slug("id"), cf.text("title"), cf.text("at"), chapter_line))
        seeds.append(
            Seed(
                id=seed_id,
                file=file,
                path=path,
                title=fields.title("title"),
                kind=fields.choice("kind", KINDS),
                speakers=tuple(fields.text_list("speakers")),
                date=fields.date("date", required=False),
                url=fields.url("url", required=False),
                publisher=fields.text("publisher", required=False),
                reliability=fields.choice("reliability", RELIABILITY),
                reliability_note=fields.text("reliability_note"),
                chapters=tuple(chapters),
                manifest_line=line,
            )
        )
    return sorted(seeds, key=lambda seed: seed.file)
