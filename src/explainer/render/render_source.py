"""Renders one source page per seed, and the raw and cleaned text downloads beside it."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from typing import NamedTuple

from explainer.sources.clean import Cleaned, Paragraph
from explainer.render.markup import count_phrase, front_matter, generated_notice, html_text, inert
from explainer.model import SPOKEN_KINDS, VERDICTS
from explainer.site.site import Site
from explainer.sources.words import FILLER, STUTTER, Words

KIND_NAMES = {
    "chat": "Chat conversation",
    "article": "Web article (scraped)",
    "transcript": "Speech-recognition transcript",
    "caption-page": "Video caption page (automatic captions)",
}


_NO_MARKERS = str.maketrans("", "", "\x00\x01\x02")  # seed text cannot forge the correction markers


def clean_file_name(seed_id: str) -> str:
    return f"{seed_id}.clean.txt"


def without_markers(text: str) -> str:
    """Seed text with the correction markers taken out, so that it cannot forge one; most text has none."""
    return text.translate(_NO_MARKERS) if "\x00" in text or "\x01" in text or "\x02" in text else text


def is_plain(words: Words, paragraph: Paragraph) -> bool:
    """No word of the paragraph is glued to the one before or made by a correction: the usual
    paragraph, whose text is its shown words joined by spaces."""
    return bisect_left(words.irregular, paragraph.first) == bisect_left(words.irregular, paragraph.last)


def paragraph_html(cleaned: Cleaned, paragraph: Paragraph) -> str:
    """A paragraph of seed text as a raw HTML block: escaped, corrections marked."""
    words = cleaned.words
    tag = "h3" if paragraph.heading else "p"
    if is_plain(words, paragraph):
        return f'<{tag} id="{paragraph.id}">{html_text(without_markers(" ".join(cleaned.shown_texts(paragraph))))}</{tag}>'
    pieces: list[str] = []
    for index in cleaned.shown_indices(paragraph):
        text = without_markers(words.text[index])
        if index in words.correction:
            heard = without_markers(" ".join(cleaned.ingested.raw[words.start[index] : words.end[index]].split()))
            text = f"\x00{heard}\x01{text}\x02"  # marked now, escaped as one string below
        pieces.append(text if index in words.glued or not pieces else " " + text)
    body = html_text("".join(pieces))
    body = body.replace("\x00", '<ins class="correction" title="Transcript: ').replace("\x01", '">').replace("\x02", "</ins>")
    return f'<{tag} id="{paragraph.id}">{body}</{tag}>'


def plain_paragraph(cleaned: Cleaned, paragraph: Paragraph) -> str:
    """The shown words of a paragraph as plain text."""
    words = cleaned.words
    if is_plain(words, paragraph):
        return " ".join(cleaned.shown_texts(paragraph))
    shown = cleaned.shown_indices(paragraph)
    return "".join(words.text[index] if n == 0 or index in words.glued else " " + words.text[index] for n, index in enumerate(shown))


def render_clean_text(cleaned: Cleaned) -> str:
    """The cleaned text download: chapters and paragraphs, one blank line between."""
    seed = cleaned.ingested.seed
    lines = [seed.title, "", f"Cleaned text of {seed.file}. Corrections and cleaning: see its source page.", ""]
    chapter = None
    for paragraph in cleaned.paragraphs:
        if paragraph.chapter is not chapter and paragraph.chapter is not None:
            chapter = paragraph.chapter
            lines += [f"## {chapter.title}", ""]
        lines += [plain_paragraph(cleaned, paragraph), ""]
    return "\n".join(lines)


class SourcePage(NamedTuple):
    text: str
    # What Markdown processes of the page: all but the seed's paragraphs, which are raw HTML blocks
    # (Markdown leaves those as they are), so the only text where a glossary term becomes a tooltip.
    markdown: str


def render_source(seed_id: str, site: Site) -> SourcePage:
    seed = site.seeds[seed_id]
    cleaned = site.cleaned[seed_id]
    here = f"sources/{seed.id}/index.md"
    claims = site.claims_of_seed(seed_id)
    counts = Counter(c.verdict for c in claims)
    rows = [
        ("Kind", KIND_NAMES[seed.kind]),
        ("Speakers" if seed.kind in SPOKEN_KINDS else "People", inert(", ".join(seed.speakers)) or "not known"),
        ("Date", seed.date or "not known"),
        ("Publisher", inert(seed.publisher) or "not known"),
        ("Original", f"<{seed.url}>" if seed.url else "not known"),
        ("Seed file", f"`{seed.file}`"),
        ("Downloads", f"[raw text]({seed.file}) (byte for byte) · [cleaned text]({clean_file_name(seed.id)})"),
    ]
    parts = [
        front_matter(seed.title, f"Source document: {seed.title}. Its cleaned text, the corrections applied and the statements checked."),
        generated_notice("seeds/manifest.yml and content/"),
        f"# {inert(seed.title)}",
        "",
        "| About this source | Details |",
        "|---|---|",
        *[f"| {name} | {value} |" for name, value in rows],
        "",
        f'!!! reliability "Reliability: {seed.reliability}"',
        "",
        f"    {seed.reliability_note}",
        "",
    ]
    if claims:
        verdicts = ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v])
        parts += [f"    Statements checked from this source: {len(claims)} ({verdicts}).", ""]
    parts += ["## Statements checked {#claims}", ""]
    if not claims:
        parts += ["None yet.", ""]
    for claim in claims:
        target = site.link(here, f"{claim.page}.md") + f"#claim-{claim.id}"
        anchor = site.anchor_of(seed_id, claim.start)
        parts.append(f"- **{claim.verdict.capitalize()}**: “{inert(claim.excerpt)}” ([in the text](#{anchor}), [accuracy note]({target}))")
    parts += ["", "## Pages that use this source {#used-by}", ""]
    users = site.pages_quoting(seed_id)
    parts += [f"- [{inert(p.title)}]({site.link(here, p.id + '.md')})" for p in users] or ["None yet."]
    parts += ["", "## Corrections applied {#corrections}", ""]
    # The seed's own corrections and the shared ones that fired here (every own one fires).
    fixes = sorted(cleaned.fired, key=lambda c: (c.wrong.lower(), c.wrong, c.right))
    if fixes:
        parts += [
            "Reviewed fixes of speech-recognition errors, applied whole-word. In the text below a corrected word is underlined; hover over it to see what the transcript heard.",
            "",
            "| Transcript heard | Corrected to | Times | Why |",
            "|---|---|---|---|",
            *[f"| {inert(c.wrong)} | {inert(c.right)} | {cleaned.fired[c]} | {inert(c.note)} |" for c in fixes],
            "",
        ]
    else:
        parts += ["None: the text is shown as published.", ""]
    parts += ["## Cleaned text {#text}", ""]
    if seed.kind in SPOKEN_KINDS:
        fillers, stutters = cleaned.words.role.count(FILLER), cleaned.words.role.count(STUTTER)
        breaks = "paragraph breaks are the generator's, at sentence ends" if cleaned.punctuated else "paragraph breaks are the generator's"
        parts += [
            ("The raw text is punctuated but has no speaker labels. " if cleaned.punctuated else "The raw text has no punctuation and no speaker labels. ")
            + f"Cleaning dropped {count_phrase(fillers, 'filler')} "
            f"(um, uh) and {count_phrase(stutters, 'repeated word')}, and applied the corrections above; {breaks}. "
            "Each paragraph's link is its character offset in the raw file, so it never moves.",
            "",
        ]
    markdown = list(parts)
    chapter = None
    for paragraph in cleaned.paragraphs:
        if paragraph.chapter is not None and paragraph.chapter is not chapter:
            chapter = paragraph.chapter
            heading = f"### {inert(chapter.title)} {{#{chapter.id}}}"
            parts += [heading, ""]
            markdown.append(heading)
        parts += [paragraph_html(cleaned, paragraph), ""]
    return SourcePage("\n".join(parts), "\n".join(markdown))
