"""Renders a curated topic page: summary, objectives, sections with quotes, accuracy notes."""

from __future__ import annotations

from collections import Counter

from explainer.render.markup import (
    MONTHS, RUBRIC_PAGE, VERDICT_ORDER, cite_source, count_phrase, front_matter, generated_notice, html_text, human_date,
    inert, verdict_link,
)
from explainer.render.exports import SECTION, reading_minutes, section_minutes
from explainer.claims.facts import expand_as_of
from explainer.render.render_changes import render_page_changes
from explainer.pages.figures import FIGURE, render_figure
from explainer.model import VERDICTS, Claim, Page, Quote, Seed
from explainer.pages.pages import PLACEHOLDER
from explainer.site.site import Site


def verdict_counts(claims: list[Claim]) -> str:
    """The box header: how many statements were checked and the count of each verdict."""
    counts = Counter(c.verdict for c in claims)
    parts = [f"{counts[v]} {v}" for v in VERDICTS if counts[v]]
    return f"Accuracy notes: {count_phrase(len(claims), 'statement')} checked · " + " · ".join(parts)


def render_quote(quote: Quote, site: Site, here: str) -> str:
    seed = site.seeds[quote.seed_id]
    anchor = site.anchor_of(quote.seed_id, quote.start)
    link = site.link(here, f"sources/{seed.id}/index.md") + f"#{anchor}"
    lines = [f"> {inert(quote.text)}", ">", f"> — {quote.speaker}, [{inert(seed.title)}]({link} \"Read it in context\")"]
    return "\n".join(lines)


def claim_attribution(claim: Claim) -> str:
    """Who said it and when: "Dario Amodei, 11 November 2024" (or "date not known")."""
    return f"{inert(claim.speaker)}, {human_date(claim.said) or 'date not known'}"


def type_name(claim: Claim, site: Site) -> str:
    kind = site.rubric.types.get(claim.type)
    return inert(kind.name) if kind else claim.type


def claim_verdict(claim: Claim, site: Site, here: str) -> str:
    """The verdict, linked to its definition for the claim's type on the rubric page."""
    return verdict_link(claim.verdict, claim.type, site.rubric.meaning(claim.type, claim.verdict), site.link(here, RUBRIC_PAGE))


def render_claim(claim: Claim, site: Site, here: str) -> list[str]:
    """One entry of the accuracy box, indented to sit inside it: the statement as meant, who said it
    and when, a link to the raw words in context, and a permalink."""
    seed: Seed = site.seeds[claim.seed_id]
    anchor = site.anchor_of(claim.seed_id, claim.start)
    link = site.link(here, f"sources/{seed.id}/index.md") + f"#{anchor}"
    lines = [
        f"{claim_verdict(claim, site, here)} · {type_name(claim, site)} · “{inert(claim.statement)}” "
        f"— {claim_attribution(claim)}, [{inert(seed.title)}]({link} \"The words as transcribed, in context\") "
        f"[¶](#claim-{claim.id} \"Permanent link to this note\"){{ .claim-permalink }}",
        f"{{ #claim-{claim.id} .claim }}",
        "",
    ]
    if claim.changed is not None:
        lines += [f"**Changed {human_date(claim.changed.date)}:** {claim.changed.what}", "{ .claim-changed }", ""]
    if claim.type == "forecast" and claim.horizon:
        lines += [f"Horizon named: {human_date(claim.horizon)}.", "{ .claim-horizon }", ""]
    lines += [claim.note, ""]
    if claim.sources:
        lines += ["Sources: " + "; ".join(cite_source(s) for s in claim.sources) + ".", ""]
    # a paragraph's attribute list goes on its own last line; after plain text it would show as text
    lines += [f"Reviewed {claim.reviewed}.", "{ .claim-reviewed }", ""]
    return ["    " + line if line else "" for line in lines]


def render_accuracy_box(claims: list[Claim], site: Site, here: str) -> str:
    lines = ["## Accuracy notes {#accuracy-notes}", ""]
    if not claims:
        return "\n".join(lines + ["No statement on this page has been checked yet.", ""])
    lines += [f'???+ accuracy "{verdict_counts(claims)}"', ""]
    lines += [f"    Each statement is rated by [one published rule]({site.link(here, RUBRIC_PAGE)}) for its kind of statement; "
              "hover over or tap a verdict for its meaning.", "    { .claim-rubric }", ""]
    for claim in sorted(claims, key=lambda c: VERDICT_ORDER.index(c.verdict)):
        lines += render_claim(claim, site, here)
    return "\n".join(lines)


# schema.org ClaimReview ratings: 5 is "true", 1 "false"; the verdict goes in alternateName.
RATINGS = {"accurate": 5, "needs context": 3, "outdated": 3, "unsupported": 2, "inaccurate": 1}


def claim_review(claim: Claim, site: Site) -> dict[str, object]:
    """What the page template needs to publish one claim as schema.org ClaimReview."""
    seed = site.seeds[claim.seed_id]
    return {
        "id": claim.id, "statement": claim.statement, "speaker": claim.speaker, "said": claim.said,
        "verdict": claim.verdict, "rating": RATINGS[claim.verdict], "reviewed": claim.reviewed,
        "source": seed.title, "source_url": seed.url,
    }


def citation(page: Page, status: str) -> dict[str, str]:
    """The parts of the page's citation that do not depend on where the site is published."""
    year, month, day = (page.reviewed.split("-") + ["", ""])[:3]
    when = f"{year}, {MONTHS[int(month) - 1]} {int(day)}" if month and day else year
    return {"key": f"llm-explainers-{page.id}", "date": when, "year": year, "reviewed": page.reviewed,
            "status": status}


def sections_with_reading_time(body: str) -> str:
    """The body with a reading-time line under each section heading."""
    minutes = section_minutes(body)
    return SECTION.sub(lambda m: f"{m.group(0)}\n\n*About {minutes[m.group(1)]} min to read.*{{ .reading-time }}\n", body)


def render_topic(page: Page, site: Site) -> str:
    here = f"{page.id}.md"
    claims = site.claims_for(page.id)
    facts = {fact.id: fact for fact in site.facts}

    def dated(text: str) -> str:
        return expand_as_of(text, facts, human_date)

    body = dated(page.body)
    for index, quote in enumerate(page.quotes):
        body = body.replace(PLACEHOLDER.format(index), render_quote(quote, site, here))
    figures = site.figures or {}
    body = FIGURE.sub(lambda m: render_figure(figures[m["id"]]), body)
    body = sections_with_reading_time(body.strip())
    status = verdict_counts(claims).removeprefix("Accuracy notes: ") if claims else "no statements checked yet"
    parts = [
        f"# {page.title}",
        "",
        "*Last reviewed {reviewed} · last updated {updated} · about {minutes} min to read, plus the accuracy notes · {status}.*{ .page-facts }",
        "",
        dated(page.summary),
        "",
        '!!! abstract "Learning objectives"',
        "",
        "    After reading this page you should be able to:",
        "",
        *[f"    - {objective}" for objective in page.objectives],
        "",
        body,
        "",
        render_accuracy_box(claims, site, here),
    ]
    if page.self_check:
        parts += ["## Check your understanding {#self-check}", ""]
        for check in page.self_check:
            parts += [f"??? question \"{html_text(check.question)}\"", "", f"    {dated(check.answer)}", ""]
    sources = sorted({q.seed_id for q in page.quotes} | {c.seed_id for c in claims})
    parts += ["## Sources and further reading {#sources}", ""]
    for seed_id in sources:
        seed = site.seeds[seed_id]
        parts.append(f"- [{inert(seed.title)}]({site.link(here, f'sources/{seed.id}/index.md')}) (source document; reliability: {seed.reliability})")
    parts += [f"- {cite_source(ref)}" for ref in page.further_reading]
    parts += ["", render_page_changes(page.id, site)]
    parts += ["", "## Cite this page {#cite}", ""]
    text = "\n".join(parts)
    minutes = reading_minutes(page.summary + "\n" + body)  # the explainer itself; the notes are reference
    text = text.replace("{reviewed}", page.reviewed, 1).replace("{updated}", page.updated, 1).replace("{minutes}", str(minutes), 1).replace("{status}", status, 1)
    meta = front_matter(
        page.title, page.description, page_kind="topic", reviewed=page.reviewed, updated=page.updated, reading_minutes=minutes,
        cite=citation(page, status), claim_review=[claim_review(c, site) for c in claims],
    )
    return meta + generated_notice(page.path) + "\n" + text + "\n"
