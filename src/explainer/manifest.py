"""Loads seeds/manifest.yml: which seed files exist, what they are and where they came from."""

from __future__ import annotations

from pathlib import Path

from explainer.errors import Collector
from explainer.fields import Fields
from explainer.model import KINDS, Chapter, Seed
from explainer.yamlfile import load_yaml

MANIFEST = "manifest.yml"
RELIABILITY = ("high", "medium", "low")
SEED_KEYS = (
    "id", "file", "title", "kind", "speakers", "date", "url", "publisher",
    "reliability", "reliability_note", "chapters",
)


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
                fields.problem(key, f"duplicate {key} {value!r} (first used on line {seen[value]})")
            seen[value] = fields.line(key)
        path = seeds_dir / file
        if file and (Path(file).name != file or not path.is_file()):
            fields.problem("file", f"no seed file {file!r} in {shown_dir}/")
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
                title=fields.text("title"),
                kind=fields.choice("kind", KINDS),
                speakers=tuple(fields.text_list("speakers")),
                date=fields.date("date", required=False),
                url=fields.text("url", required=False),
                publisher=fields.text("publisher", required=False),
                reliability=fields.choice("reliability", RELIABILITY),
                reliability_note=fields.text("reliability_note"),
                chapters=tuple(chapters),
                manifest_line=line,
            )
        )
    return sorted(seeds, key=lambda seed: seed.file)
