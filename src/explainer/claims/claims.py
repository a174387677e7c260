"""Loads the claims registry and locates every excerpt in its raw seed."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from pathlib import Path
from typing import Callable

from explainer.sources.clean import Cleaned, locate_phrase
from explainer.errors import Collector
from explainer.fields import Fields, read_fields
from explainer.model import CLAIM_TYPES, VERDICTS, Change, Claim, Seed, SourceRef
from explainer.pages.quotes import Match, describe_miss, find_quote


CLAIM_KEYS = (
    "id", "seed", "excerpt", "occurrence", "speaker", "type", "said", "horizon", "page", "verdict", "changed",
    "note", "sources", "reviewed", "recheck",
)
DISMISSAL_KEYS = ("seed", "excerpt", "reason")


def shorten(text: str, limit: int = 60) -> str:
    """A long value cut for an error message."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_sources(fields: Fields, key: str, required: bool) -> tuple[SourceRef, ...]:
    """The list of sources under key: each with title, publisher, date and URL."""
    sources = []
    for item, line in fields.items(key, required):
        sf = Fields(item, fields.path, line, fields.collector, "a source")
        sf.allow_only("title", "publisher", "date", "url")
        sources.append(SourceRef(sf.text("title"), sf.text("publisher"), sf.date("date"), sf.url("url")))
    return tuple(sources)


def body_text(cleaned: Cleaned) -> tuple[str, Callable[[int], int]]:
    """The raw words of the seed's body as said, joined by single spaces, so that what ingest cut
    between them (a line's prefix, a speaker label) is gone, as it is for quotes; and the raw
    offset of each of its characters."""
    raw, words = cleaned.ingested.raw, cleaned.words
    texts = [raw[start:end] for start, end in zip(words.start, words.end)]
    starts = list(accumulate(map((1).__add__, map(len, texts[:-1])), initial=0)) if texts else []

    def to_raw(offset: int) -> int:
        index = bisect_right(starts, offset) - 1
        return words.start[index] + offset - starts[index]

    return " ".join(texts), to_raw


def closest(cleaned: Cleaned, excerpt: str) -> str:
    """Where the seed says something close to the excerpt, for an error message."""
    found = find_quote(cleaned, excerpt)
    if isinstance(found, Match):
        raw, words = cleaned.ingested.raw, cleaned.words
        said = " ".join(raw[words.start[found.first_word] : words.end[found.last_word]].split())
        return f"the seed says it as \"{shorten(said, 120)}\""
    return describe_miss(found)


def locate_excerpt(
    excerpt: str, occurrence: int, cleaned: Cleaned, fields: Fields, in_body: bool = True
) -> tuple[int, int]:
    """The raw offsets of an excerpt (white space between words ignored, and across what ingest
    cut from the seed's lines), or (-1, -1)."""
    ingested = cleaned.ingested
    text, to_raw = ingested.raw, None
    starts = locate_phrase(text, excerpt)
    if not starts:
        text, to_raw = body_text(cleaned)
        starts = locate_phrase(text, excerpt)
    seed = ingested.seed.file
    if not starts:
        fields.problem("excerpt", f"{shorten(excerpt)!r} not found in {seed}; expected the raw seed's words as said; {closest(cleaned, excerpt)}")
        return -1, -1
    if len(starts) > 1 and occurrence == 0:
        fields.problem("excerpt", f"found {len(starts)} times in {seed}; add occurrence: 1 to {len(starts)}")
        return -1, -1
    if occurrence > len(starts) or occurrence < 0:
        fields.problem("occurrence", f"{occurrence} but the excerpt occurs {len(starts)} times; expected 1 to {len(starts)}")
        return -1, -1
    start = starts[max(occurrence, 1) - 1]
    words = excerpt.split()
    end = start
    for word in words:
        end = text.index(word, end) + len(word)
    if to_raw is not None:  # found among the body's words, so in the content, across what ingest cut
        return to_raw(start), to_raw(end - 1) + 1
    if in_body and not any(s <= start and end <= e for s, e in ingested.body):
        fields.problem("excerpt", f"stands in the page chrome of {seed}, not in its content")
    return start, end


def as_meant(text: str) -> str:
    """A statement as a reader sees it: the cleaned words, with a capital first letter and no
    dangling comma, colon or semicolon where the excerpt was cut."""
    text = text.rstrip(",;:—–- ")
    return text[:1].upper() + text[1:]


def read_speaker(fields: Fields, seed: Seed, manifest: str) -> str:
    """The claim's speaker, who must be one of the seed's speakers in the manifest."""
    speaker = fields.text("speaker")
    if speaker and speaker not in seed.speakers:
        declared = ", ".join(seed.speakers) if seed.speakers else "none yet"
        fields.problem("speaker", f"{speaker!r} is not a speaker of {seed.id}; expected one of the speakers declared in its "
                                  f"entry at {manifest}:{seed.manifest_line} ({declared}), or add the speaker there")
    return speaker


def read_recheck(fields: Fields) -> str:
    """When to check the claim again, if not the default: a date, or never."""
    return "never" if fields.mapping.get("recheck") == "never" else fields.date("recheck", required=False)


def read_change(fields: Fields) -> Change | None:
    """What overtook an outdated statement: changed: {date, what}."""
    if "changed" not in fields.mapping:
        return None
    cf = Fields(fields.mapping["changed"], fields.path, fields.line("changed"), fields.collector, "what changed")
    cf.allow_only("date", "what")
    return Change(cf.date("date"), cf.text("what"))


def load_claims(
    path: Path,
    shown: str,
    cleaned: dict[str, Cleaned],
    page_ids: set[str],
    collector: Collector,
    manifest: str = "seeds/manifest.yml",
) -> tuple[list[Claim], list[tuple[str, str, str]]]:
    """All claims, located in their seeds with their statements as meant, and the statements
    explicitly dismissed.

    A registry that cannot be read is reported and read as empty, so that the run goes on.
    """
    top = read_fields(path, shown, collector, "the claims registry")
    if top is None:
        return [], []
    top.allow_only("claims", "dismissed")
    claims: list[Claim] = []
    ids: dict[str, int] = {}
    for item, line in top.items("claims"):
        fields = Fields(item, shown, line, collector, "a claim")
        fields.allow_only(*CLAIM_KEYS)
        claim_id = fields.slug("id")
        if claim_id in ids:
            fields.problem("id", f"duplicate id {claim_id!r}; expected each id once (first used on line {ids[claim_id]})")
        ids[claim_id] = line
        seed_id, page = fields.text("seed"), fields.slug("page")
        if page and page not in page_ids:
            fields.problem("page", f"no page {page!r}; expected one of: {', '.join(sorted(page_ids))}")
        verdict = fields.choice("verdict", VERDICTS)
        sources = read_sources(fields, "sources", required=False)
        if verdict and verdict != "accurate" and not sources:
            fields.problem("sources", f"a claim judged {verdict!r} needs at least one primary source")
        excerpt = fields.text("excerpt")
        start, end, speaker, said, statement = -1, -1, "", fields.date("said", required=False), ""
        if seed_id not in cleaned:
            fields.problem("seed", f"no seed with id {seed_id!r} that could be read; expected one of: {', '.join(sorted(cleaned))}")
            fields.text("speaker")
        else:
            seed = cleaned[seed_id].ingested.seed
            speaker = read_speaker(fields, seed, manifest)
            said = said or seed.date
            if excerpt:
                start, end = locate_excerpt(excerpt, fields.integer("occurrence", 0), cleaned[seed_id], fields)
            if start >= 0:
                statement = as_meant(cleaned[seed_id].text_of_span(start, end))
        claims.append(
            Claim(claim_id, seed_id, excerpt, page, verdict, fields.text("note"), sources,
                  fields.date("reviewed"), start, end, shown, line,
                  speaker=speaker, type=fields.choice("type", CLAIM_TYPES), said=said,
                  horizon=fields.date("horizon", required=False), changed=read_change(fields), statement=statement,
                  recheck=read_recheck(fields))
        )
    dismissed = []
    for item, line in top.items("dismissed", required=False):
        fields = Fields(item, shown, line, collector, "a dismissed statement")
        fields.allow_only(*DISMISSAL_KEYS)
        seed_id, excerpt = fields.text("seed"), fields.text("excerpt")
        if seed_id in cleaned and excerpt:
            locate_excerpt(excerpt, 1, cleaned[seed_id], fields, in_body=False)
        dismissed.append((seed_id, excerpt, fields.text("reason")))
    return sorted(claims, key=lambda c: (c.page, c.seed_id, c.start, c.id)), dismissed
