"""Renders the machine-readable exports: claims.json and links.json."""

from __future__ import annotations

import json
import re
from typing import Any

from explainer.render.render_source import clean_file_name
from explainer.claims.changes import history
from explainer.site.site import Site
from explainer.claims.stale import claim_recheck

WORDS_PER_MINUTE = 200


def dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def page_url(page_id: str) -> str:
    """A page's URL relative to the site root, as MkDocs publishes it."""
    return f"{page_id}/"


def reading_minutes(markdown: str) -> int:
    words = len(re.findall(r"[^\W_]+", re.sub(r"\(.*?\)|<[^>]+>", " ", markdown)))
    return max(1, round(words / WORDS_PER_MINUTE))


SECTION = re.compile(r"(?m)^## .*\{#([a-z0-9-]+)\}\s*$")


def section_minutes(markdown: str) -> dict[str, int]:
    """Reading minutes of each `## Title {#id}` section of a page, by id."""
    parts = SECTION.split(markdown)
    return {parts[i]: reading_minutes(parts[i + 1]) for i in range(1, len(parts), 2)}


def stated_minutes(markdown: str) -> int:
    """The reading time a rendered page states in its front matter, so both always agree."""
    found = re.search(r"(?m)^reading_minutes: (\d+)$", markdown)
    if found is None:
        raise ValueError("rendered topic page without reading_minutes")
    return int(found.group(1))


def render_claims_json(site: Site) -> str:
    return dump(
        {
            "claims": [
                {
                    "id": c.id,
                    "page": c.page,
                    "url": f"{page_url(c.page)}#claim-{c.id}",
                    "seed_file": site.seeds[c.seed_id].file,
                    "start": c.start,
                    "end": c.end,
                    "excerpt": c.excerpt,
                    "statement": c.statement,
                    "speaker": c.speaker,
                    "type": c.type,
                    "said": c.said,
                    "horizon": c.horizon,
                    "verdict": c.verdict,
                    "changed": vars(c.changed) if c.changed else None,
                    "note": c.note,
                    "sources": [vars(s) for s in c.sources],
                    "reviewed": c.reviewed,
                    "recheck": claim_recheck(c),
                    "history": history(c, list(site.changes)),
                }
                for c in site.claims
            ]
        }
    )


def render_links_json(site: Site, rendered: dict[str, str]) -> str:
    pages = []
    for page in site.pages:
        minutes = section_minutes(rendered[f"{page.id}.md"])
        pages.append(
            {
                "url": page_url(page.id),
                "title": page.title,
                "description": page.description,
                "reading_minutes": stated_minutes(rendered[f"{page.id}.md"]),
                "reviewed": page.reviewed,
                "objectives": list(page.objectives),
                "sections": [
                    {"id": s.id, "title": s.title, "url": f"{page_url(page.id)}#{s.id}", "reading_minutes": minutes[s.id]}
                    for s in page.sections
                ],
                "claims": [
                    {"id": c.id, "url": f"{page_url(page.id)}#claim-{c.id}", "verdict": c.verdict}
                    for c in site.claims_for(page.id)
                ],
            }
        )
    sources = [
        {
            "title": seed.title,
            "seed_file": seed.file,
            "url": f"sources/{seed.id}/",
            "clean_text": f"sources/{seed.id}/{clean_file_name(seed.id)}",
            "raw_text": f"sources/{seed.id}/{seed.file}",
        }
        for seed in sorted(site.seeds.values(), key=lambda s: s.file)
    ]
    return dump({"pages": pages, "sources": sources})
