"""Adds a new source document: copies it into seeds/ and appends its manifest entry.

It never overwrites: not a seed file, not a manifest entry. Every check runs before anything is
written, and the new manifest is read back before it replaces the old one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from explainer.errors import Collector, InputError, Problem
from explainer.fields import SLUG, date_problem, title_problem, url_problem
from explainer.sources.ingest import decode_seed, read_seed
from explainer.sources.manifest import MANIFEST, NOT_REVIEWED, load_manifest, seed_file_problem
from explainer.site.pipeline import Layout
from explainer.site.writer import write_atomically
from explainer.yamlfile import parse_yaml

SHOWN_MANIFEST = f"seeds/{MANIFEST}"
# A seed's id is a permanent URL (sources/<id>/), so a default one is short and ends on a whole word.
MAX_ID_LENGTH = 40


def slugify(text: str, limit: int = MAX_ID_LENGTH) -> str:
    """A slug of the text: at most limit characters, cut at a word boundary (a first word longer
    than limit is cut inside it, as there is no boundary to cut at)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) <= limit:
        return slug
    cut = slug.rfind("-", 0, limit + 1)
    return slug[:cut] if cut > 0 else slug[:limit].strip("-")


def id_problem(seed_id: str) -> str:
    """Why a chosen id cannot be a seed's, or "" when it can."""
    if not SLUG.match(seed_id):
        return f"{seed_id!r} is not a slug; expected lowercase letters, digits and single hyphens"
    if len(seed_id) > MAX_ID_LENGTH:
        return f"{seed_id!r} has {len(seed_id)} characters; expected at most {MAX_ID_LENGTH}, as it becomes the source page's URL"
    return ""


def manifest_entry(seed_id: str, file: str, kind: str, title: str, date: str, url: str, speakers: list[str]) -> list[str]:
    """The new entry's lines; JSON strings are valid YAML scalars, so any title stays intact."""
    entry = [
        f"  - id: {seed_id}",
        f"    file: {json.dumps(file)}",
        f"    title: {json.dumps(title, ensure_ascii=False)}",
        f"    kind: {kind}",
        f"    speakers: {json.dumps(speakers, ensure_ascii=False)}",
    ]
    entry += [f"    date: {json.dumps(date)}"] if date else []
    entry += [f"    url: {json.dumps(url)}"] if url else []
    return entry + [
        f"    reliability: {NOT_REVIEWED}",
        '    reliability_note: "Added with make add-seed; its reliability has not been reviewed yet."',
    ]


def appended_cleanly(old: str, new: str, expected: dict[str, object]) -> bool:
    """Whether the new manifest holds the old one's entries unchanged, then one with the expected values."""
    try:
        before, after = parse_yaml(old, SHOWN_MANIFEST), parse_yaml(new, SHOWN_MANIFEST)
    except InputError:
        return False
    if not isinstance(before, dict) or not isinstance(after, dict):
        return False
    old_seeds, new_seeds = before.get("seeds"), after.get("seeds")
    return (
        isinstance(old_seeds, list) and isinstance(new_seeds, list)
        and new_seeds[:-1] == old_seeds and len(new_seeds) == len(old_seeds) + 1
        and isinstance(new_seeds[-1], dict) and all(new_seeds[-1].get(k) == v for k, v in expected.items())
    )


def add_seed(
    layout: Layout, source: Path, kind: str, title: str, date: str, url: str, speakers: list[str], chosen_id: str = ""
) -> str:
    """Copies source into seeds/ and lists it in the manifest; returns the new seed id (chosen_id,
    or by default a slug of the title)."""
    shown = str(source)
    if not source.is_file():
        raise InputError([Problem(shown, 0, "SEED", "no such file; expected the path of a text document")])
    collector = Collector()
    data = read_seed(source)
    decode_seed(data, shown, collector)
    seeds = load_manifest(layout.seeds, "seeds", collector)
    collector.raise_if_any()
    seed_id = chosen_id or slugify(title)
    problems = []
    if chosen_id and (problem := id_problem(chosen_id)):
        problems.append(Problem(shown, 0, "ID", problem))
    if problem := seed_file_problem(source.name):
        problems.append(Problem(shown, 0, "SEED", f"{problem}; rename the file"))
    if not seed_id:
        problems.append(Problem(shown, 0, "TITLE", f"{title!r} gives no usable id; expected letters or digits, or choose one with ID="))
    if problem := title_problem(title):
        problems.append(Problem(shown, 0, "TITLE", problem))
    if date and (problem := date_problem(date)):
        problems.append(Problem(shown, 0, "DATE", problem))
    if url and (problem := url_problem(url)):
        problems.append(Problem(shown, 0, "URL", problem))
    for seed in seeds:
        if seed.title.casefold() == title.casefold():
            problems.append(Problem(SHOWN_MANIFEST, seed.manifest_line, "TITLE", f"{title!r} collides with seed {seed.id!r}; choose another title"))
        elif seed.id == seed_id:
            key, fix = ("ID", "choose another id") if chosen_id else ("TITLE", "choose another title, or an id with ID=")
            problems.append(Problem(SHOWN_MANIFEST, seed.manifest_line, key, f"id {seed_id!r} is taken by seed {seed.id!r}; {fix}"))
    target = layout.seeds / source.name
    if target.exists() or any(seed.file == source.name for seed in seeds):
        problems.append(Problem(f"seeds/{source.name}", 0, "SEED", "a seed with this file name exists already; rename the new file"))
    manifest = layout.seeds / MANIFEST
    old = manifest.read_text(encoding="utf-8")
    new = old.rstrip("\n") + "\n" + "\n".join(manifest_entry(seed_id, source.name, kind, title, date, url, speakers)) + "\n"
    expected: dict[str, object] = {"id": seed_id, "file": source.name, "title": title, "speakers": speakers}
    if not problems and not appended_cleanly(old, new, expected):
        problems.append(Problem(SHOWN_MANIFEST, 0, "", "the new entry cannot be appended to its seeds list as written; add it by hand"))
    if problems:
        raise InputError(problems)
    try:
        stream = target.open("xb")  # "x": fails rather than overwrite a seed that appeared meanwhile
    except FileExistsError:
        raise InputError([Problem(f"seeds/{source.name}", 0, "SEED", "a seed with this file name exists already; rename the new file")]) from None
    try:
        with stream:
            stream.write(data)
        write_atomically(manifest, new.encode("utf-8"))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return seed_id
