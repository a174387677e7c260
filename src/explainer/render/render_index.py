"""Renders the cross-page pages: home, the claims index and the sources overview."""

from __future__ import annotations

from collections import Counter

from explainer.render.exports import section_minutes
from explainer.sources.manifest import RELIABILITY
from explainer.render.markup import front_matter, generated_notice, inert, verdict_label
from explainer.model import VERDICTS, Claim
from explainer.render.render_source import KIND_NAMES
from explainer.render.render_topic import claim_attribution, claim_verdict, type_name
from explainer.site.site import Site
from explainer.claims.stale import claim_recheck


def verdict_summary(claims: list[Claim]) -> str:
    counts = Counter(c.verdict for c in claims)
    return ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v]) or "none checked yet"


# How the home page names the sources of each kind: singular, plural.
KIND_PHRASES = {
    "transcript": ("transcript with raw speech-recognition text", "transcripts with raw speech-recognition text"),
    "caption-page": ("page of automatic video captions", "pages of automatic video captions"),
    "article": ("scraped web article", "scraped web articles"),
    "chat": ("chat answer", "chat answers"),
}
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def number_word(number: int) -> str:
    return NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else str(number)


def counted(number: int, singular: str, plural: str) -> str:
    """"a chat answer", "two scraped web articles", "13 topics"."""
    if number == 1:
        return ("an " if singular[0] in "aeiou" else "a ") + singular
    return f"{number_word(number)} {plural}"


def listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def sources_phrase(site: Site) -> str:
    """What the sources are, counted from the manifest: "five source documents: two ..., a chat answer"."""
    kinds = Counter(seed.kind for seed in site.seeds.values())
    parts = [counted(kinds[kind], *KIND_PHRASES[kind]) for kind in KIND_PHRASES if kinds[kind]]
    return f"{counted(len(site.seeds), 'source document', 'source documents')}: {listed(parts)}" if parts else "no source documents"


def render_home(site: Site) -> str:
    topics = counted(len(site.pages), "topic", "topics")
    parts = [
        front_matter("LLM Explainers", f"Explainers on {topics} in large language models, with every claim of the sources checked."),
        generated_notice("content/ and src/explainer/render/render_index.py"),
        "# What the sources say, and what holds up",
        "",
        f"These pages explain {topics} in large language models from {sources_phrase(site)}. Every quote is checked "
        "against the raw source at build time, and each page ends with **accuracy notes** that test what the sources "
        "claim against primary evidence: the sources contain fabricated figures, mis-heard names, wrong dates and "
        "statements that later events overtook.",
        "",
        "## Topics {#topics}",
        "",
    ]
    for page in site.pages:
        claims = site.claims_for(page.id)
        draft = " **Draft:** shown by `make serve` only." if page.draft else ""
        parts += [f"- **[{inert(page.title)}]({page.id}.md)**: {inert(page.description)} *Accuracy notes: {verdict_summary(claims)}.*{draft}"]
    parts += [
        "",
        "## How to read the accuracy notes {#verdicts}",
        "",
        "| Verdict | Meaning |",
        "|---|---|",
        f"| {verdict_label('accurate')} | The statement matches the primary evidence. |",
        f"| {verdict_label('needs context')} | True in part, or true but misleading without what the note adds. |",
        f"| {verdict_label('inaccurate')} | The primary evidence contradicts it. |",
        f"| {verdict_label('unsupported')} | No primary evidence could be found either way. |",
        f"| {verdict_label('outdated')} | It held when it was said; later events changed it (the note says what and when). |",
        "",
        "What each verdict means depends on the kind of statement (a fact, a forecast, a recollection or a speaker's "
        "account of their own organisation): [how we check](how-we-check.md) gives the rule, with an example of each.",
        "",
        f"All {len(site.claims)} checked statements are listed on one page: [all claims](claims.md). "
        f"The [sources](sources/index.md) page rates each source document's reliability.",
        "",
    ]
    return "\n".join(parts)


def render_claims_index(site: Site) -> str:
    parts = [
        front_matter("All checked claims", "Every statement of the sources that was checked, with its verdict and the page that explains it."),
        generated_notice("content/claims.yml"),
        "# All checked claims",
        "",
        f"{len(site.claims)} statements from the sources were checked: {verdict_summary(list(site.claims))}. "
        "Each entry gives the verdict, the kind of statement, the statement as meant, who said it and when; the "
        "source link leads to the words as transcribed. Verdicts follow [one published rule](how-we-check.md). "
        "They are listed by page, then [by review date](#by-review-date). "
        "The same data is published as [claims.json](claims.json).",
        "",
    ]
    for page in site.pages:
        claims = site.claims_for(page.id)
        parts += [f"## {inert(page.title)} {{#{page.id}}}", ""]
        if not claims:
            parts += ["None yet.", ""]
            continue
        for claim in claims:
            seed = site.seeds[claim.seed_id]
            parts.append(
                f"- {claim_verdict(claim, site, 'claims.md')} · {type_name(claim, site)} · "
                f"[“{inert(claim.statement)}”]({page.id}.md#claim-{claim.id}) "
                f"— {claim_attribution(claim)}, [{inert(seed.title)}](sources/{seed.id}/index.md#{site.anchor_of(seed.id, claim.start)} "
                f"\"The words as transcribed, in context\") · reviewed {claim.reviewed}"
            )
        parts.append("")
    parts += ["## By review date {#by-review-date}", "",
              "The same claims, least recently reviewed first, with the day each is due to be checked again "
              "(the pages' own facts have re-check dates too; `make stale` lists whatever is due).", ""]
    for claim in sorted(site.claims, key=lambda c: (c.reviewed, c.id)):
        due = claim_recheck(claim)
        parts.append(f"- **{claim.reviewed}** · {'re-check by ' + due if due else 'no re-check needed'} · "
                     f"{verdict_label(claim.verdict)} · [“{inert(claim.statement)}”]({claim.page}.md#claim-{claim.id})")
    parts.append("")
    return "\n".join(parts)


def render_sources_index(site: Site) -> str:
    parts = [
        front_matter("Sources", f"The {number_word(len(site.seeds))} source documents, what they are, how far each can be trusted and why."
                     if len(site.seeds) != 1 else "The source document, what it is, how far it can be trusted and why."),
        generated_notice("seeds/manifest.yml and content/claims.yml"),
        "# Sources",
        "",
        "The source documents are kept byte for byte as they were collected; fixes of transcription errors are listed "
        "on each source page and never change the file. Each is rated for reliability, with the reason and the "
        "problems the accuracy notes found in it.",
        "",
        "| Source | Kind | Date | Reliability | Problems found | Statements checked |",
        "|---|---|---|---|---|---|",
    ]
    seeds = sorted(site.seeds.values(), key=lambda s: (RELIABILITY[::-1].index(s.reliability), s.file))
    for seed in seeds:
        claims = site.claims_of_seed(seed.id)
        problems = [c for c in claims if c.verdict != "accurate"]
        parts.append(
            f"| [{inert(seed.title)}]({seed.id}/index.md) | {KIND_NAMES[seed.kind]} | {seed.date or 'not known'} "
            f"| {seed.reliability} | {len(problems)} | {len(claims)} |"
        )
    parts.append("")
    for seed in seeds:
        claims = site.claims_of_seed(seed.id)
        problems = [c for c in claims if c.verdict != "accurate"]
        fixes = len(site.cleaned[seed.id].fired) if seed.id in site.cleaned else 0
        parts += [
            f"## {inert(seed.title)} {{#{seed.id}}}",
            "",
            f"**Reliability: {seed.reliability}.** {seed.reliability_note}",
            "",
            f"Of {len(claims)} statements checked, {len(problems)} needed a correction or a caveat"
            + (f" ({verdict_summary(problems)})" if problems else "")
            + f". Transcription fixes applied: {fixes}. [Read the source]({seed.id}/index.md).",
            "",
        ]
    return "\n".join(parts)


def link_examples(site: Site) -> list[str]:
    """The rows of the how-to-link table, each example taken from the first topic page: its address,
    its first section, its first accuracy note and the source paragraph of its first quote."""
    rows = ["| a page | the page's address | `{}` |",
            "| a section | the address plus the section's anchor, from the ¶ sign beside its heading | `{}` |",
            "| an accuracy note | the address plus `#claim-` and the claim's id, from [all claims](claims.md) | `{}` |",
            "| a passage of a source | the source page plus the paragraph's anchor, from a quote's link | `{}` |"]
    page = next(iter(site.pages), None)
    if page is None:
        return []
    claims = site.claims_for(page.id)
    examples = [
        f"{page.id}/",
        f"{page.id}/#{page.sections[0].id}" if page.sections else "",
        f"{page.id}/#claim-{claims[0].id}" if claims else "",
        f"sources/{page.quotes[0].seed_id}/#{site.anchor_of(page.quotes[0].seed_id, page.quotes[0].start)}" if page.quotes else "",
    ]
    return [row.format(example) for row, example in zip(rows, examples) if example]


def render_instructors(site: Site, rendered: dict[str, str]) -> str:
    """The page for instructors: how to link and cite, and every assignable section."""
    parts = [
        front_matter("For instructors", "How to link pages, sections and accuracy notes from a syllabus, how to cite them, and how the links are kept stable."),
        generated_notice("src/explainer/render/render_index.py"),
        "# For instructors",
        "",
        "Every page, section, accuracy note and source paragraph has a link that keeps working: paste it into a "
        "syllabus in September and it still leads to the same place in June.",
        "",
        "## How to link {#how-to-link}",
        "",
        "| To link | Use | Example |",
        "|---|---|---|",
        *link_examples(site),
        "",
        "Every verdict follows one published rule, explained with examples on [how we check](how-we-check.md), "
        "including how often a blind second review agreed with ours. Prefix each with the site's address. The same addresses, with titles and reading times, are published "
        "for course tools as [links.json](links.json); every claim is in [claims.json](claims.json).",
        "",
        "## Assignable sections {#sections}",
        "",
        "| Page | Section | Reading time | Link |",
        "|---|---|---|---|",
    ]
    for page in site.pages:
        minutes = section_minutes(rendered[f"{page.id}.md"])
        for section in page.sections:
            parts.append(
                f"| {inert(page.title)} | [{inert(section.title)}]({page.id}.md#{section.id}) "
                f"| {minutes[section.id]} min | `{page.id}/#{section.id}` |"
            )
    parts += [
        "",
        "## When a page changes {#changes}",
        "",
        "Pages are corrected when the evidence changes. Every change a linking instructor should know about (a "
        "verdict that changed, a statement newly checked or withdrawn, a fact corrected) is logged with its date "
        "and reason: at the end of the page it concerns, on [What's changed](changes.md), and in an "
        "[Atom feed](changes.xml) that a feed reader can follow. A withdrawn accuracy note keeps its link, which then "
        "leads to the reason it was withdrawn.",
        "",
        "## How to cite {#cite}",
        "",
        "Each topic page ends with a **Cite this page** block: an APA-style reference and a BibTeX entry with a "
        "copy button. Its note carries the date the page was last reviewed and its accuracy status at that "
        "review, so a citation records what the reader saw.",
        "",
        "## How the links are kept stable {#stable-links}",
        "",
        "- Section anchors are written by hand in the page sources and do not change when a heading's wording does.",
        "- Accuracy-note anchors are the claim's permanent id; source-paragraph anchors are the paragraph's "
        "character position in the raw source, which never changes.",
        "- Every address and anchor ever published is listed in the project's `published-links.txt`. A build that "
        "would break one of them fails, unless the page has a redirect or the renamed anchor keeps its old id "
        "as an alias.",
        "",
    ]
    return "\n".join(parts)
