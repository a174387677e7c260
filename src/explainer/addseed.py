"""Adds a new source document: copies it into seeds/ and appends its manifest entry."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

from explainer.errors import Collector, InputError, Problem
from explainer.ingest import decode_seed
from explainer.manifest import MANIFEST, load_manifest
from explainer.pipeline import Layout
from explainer.writer import write_atomically


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def add_seed(layout: Layout, source: Path, kind: str, title: str, date: str, url: str, speakers: list[str]) -> str:
    """Copies source into seeds/ and lists it in the manifest; returns the new seed id."""
    shown = str(source)
    if not source.is_file():
        raise InputError([Problem(shown, 0, "SEED", "no such file; expected the path of a text document")])
    collector = Collector()
    decode_seed(source.read_bytes(), shown, collector)
    seeds = load_manifest(layout.seeds, "seeds", collector)
    collector.raise_if_any()
    seed_id = slugify(title)
    problems = []
    if not seed_id:
        problems.append(Problem(shown, 0, "TITLE", f"{title!r} gives no usable id; expected letters or digits"))
    if date and not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", date):
        problems.append(Problem(shown, 0, "DATE", f"{date!r} is not a date; expected YYYY-MM-DD"))
    for seed in seeds:
        if seed.title.casefold() == title.casefold() or seed.id == seed_id:
            problems.append(Problem("seeds/manifest.yml", seed.manifest_line, "TITLE", f"{title!r} collides with seed {seed.id!r}; choose another title"))
    target = layout.seeds / source.name
    if target.exists() or source.name == MANIFEST:
        problems.append(Problem(f"seeds/{source.name}", 0, "SEED", "a seed with this file name exists already; rename the new file"))
    if problems:
        raise InputError(problems)
    manifest = layout.seeds / MANIFEST
    text = manifest.read_text(encoding="utf-8")
    entry = [
        f"  - id: {seed_id}",
        f"    file: {json.dumps(source.name)}",
        f"    title: {json.dumps(title, ensure_ascii=False)}",
        f"    kind: {kind}",
        f"    speakers: {json.dumps(speakers, ensure_ascii=False)}",
    ]
    entry += [f"    date: {json.dumps(date)}"] if date else []
    entry += [f"    url: {json.dumps(url)}"] if url else []
    entry += [
        "    reliability: low",
        '    reliability_note: "Not reviewed yet: added with make add-seed."',
    ]
    shutil.copyfile(source, target)
    write_atomically(manifest, (text.rstrip("\n") + "\n" + "\n".join(entry) + "\n").encode("utf-8"))
    return seed_id
