"""Renders the cross-page pages: home, the claims index and the sources overview."""

from __future__ import annotations

from collections import Counter

from explainer.exports import section_minutes
from explainer.markup import front_matter, generated_notice, inert, verdict_label
from explainer.model import VERDICTS, Claim
from explainer.render_source import KIND_NAMES
from explainer.site import Site


def verdict_summary(claims: list[Claim]) -> str:
    counts = Counter(c.verdict for c in claims)
    return ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v]) or "none checked yet"


def render_home(site: Site) -> str:
    parts = [
        front_matter("LLM Explainers", "Explainers on LLM scaling, the Claude model tiers, interpretability and Anthropic's safety testing, with every claim of the sources checked."),
        generated_notice("content/ and src/explainer/render_index.py"),
        "# What the sources say, and what holds up",
        "",
        "These pages explain four topics in large language models from five source documents: two podcast "
        "transcripts with raw speech-recognition text, two scraped web articles and a chat answer. Every quote is checked "
        "against the raw source at build time, and each page ends with **accuracy notes** that test what the sources "
        "claim against primary evidence: the sources contain fabricated figures, mis-heard names, wrong dates and "
        "statements that later events overtook.",
        "",
        "## Topics {#topics}",
        "",
    ]
    for page in site.pages:
        claims = site.claims_for(page.id)
        parts += [f"- **[{inert(page.title)}]({page.id}.md)**: {inert(page.description)} *Accuracy notes: {verdict_summary(claims)}.*"]
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
        "The same data is published as [claims.json](claims.json).",
        "",
    ]
    for page in site.pages:
        claims = site.claims_for(page.id)
        parts += [f"## {inert(page.title)} {{#{page.id}}}", ""]
        if not claims:
            parts += ["None yet.", ""]
            continue
        parts += ["| Verdict | Statement as said | Source |", "|---|---|---|"]
        for claim in claims:
            seed = site.seeds[claim.seed_id]
            parts.append(
                f"| {verdict_label(claim.verdict)} | [“{inert(claim.excerpt)}”]({page.id}.md#claim-{claim.id}) "
                f"| [{inert(seed.title)}](sources/{seed.id}/index.md#{site.anchor_of(seed.id, claim.start)}) |"
            )
        parts.append("")
    return "\n".join(parts)


def render_sources_index(site: Site) -> str:
    parts = [
        front_matter("Sources", "The five source documents, what they are, how far each can be trusted and why."),
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
    seeds = sorted(site.seeds.values(), key=lambda s: (("low", "medium", "high").index(s.reliability), s.file))
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


def render_instructors(site: Site, rendered: dict[str, str]) -> str:
    """The page for instructors: how to link and cite, and every assignable section."""
    parts = [
        front_matter("For instructors", "How to link pages, sections and accuracy notes from a syllabus, how to cite them, and how the links are kept stable."),
        generated_notice("src/explainer/render_index.py"),
        "# For instructors",
        "",
        "Every page, section, accuracy note and source paragraph has a link that keeps working: paste it into a "
        "syllabus in September and it still leads to the same place in June.",
        "",
        "## How to link {#how-to-link}",
        "",
        "| To link | Use | Example |",
        "|---|---|---|",
        "| a page | the page's address | `scaling-hypothesis/` |",
        "| a section | the address plus the section's anchor, from the ¶ sign beside its heading | `scaling-hypothesis/#history` |",
        "| an accuracy note | the address plus `#claim-` and the claim's id, from [all claims](claims.md) | `scaling-hypothesis/#claim-scaling-gpt1-year` |",
        "| a passage of a source | the source page plus the paragraph's anchor, from a quote's link | `sources/lex-fridman-452/#scaling-laws` |",
        "",
        "Prefix each with the site's address. The same addresses, with titles and reading times, are published "
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
