"""Renders /how-we-check/: the published rubric, a real example for each verdict of each type of
statement, the rules `make check` enforces, and the agreement of the blind second review."""

from __future__ import annotations

from collections import Counter

from explainer.render.markup import front_matter, generated_notice, human_date, inert, verdict_anchor, verdict_label
from explainer.model import CLAIM_TYPES, VERDICTS, Claim
from explainer.claims.rubric import ClaimType
from explainer.site.site import Site

# What `make check` holds every claim to (src/explainer/claims/rubric.py and claims.py), in plain words.
ENFORCED = (
    "Every claim names its speaker, who must be one of the speakers the source's manifest entry declares.",
    "Every claim has a type, and its verdict must be one the rubric allows for that type: a recollection is "
    "never inaccurate or outdated, a forecast is never outdated.",
    "A forecast is rated inaccurate (missed) only when it names a horizon and that horizon had passed on the "
    "day of the review; an open forecast is unsupported (too early to tell).",
    "An outdated claim names what changed and the date it changed, which must come after the day the statement "
    "was said; a statement from an undated source is rated outdated only once the day it was said is known and given.",
    "Every verdict other than accurate cites at least one primary source.",
    "The statement shown is the cleaned text of the excerpt's span in the raw source (corrections applied, "
    "fillers and stutters left out), never retyped, and the excerpt must be found in the raw source.",
)


def example_of(kind: ClaimType, verdict: str, site: Site) -> Claim | None:
    """The claim shown as the example of a verdict for a type: the one the rubric names, else the first."""
    named = kind.examples.get(verdict)
    candidates = [c for c in site.claims if c.type == kind.id and c.verdict == verdict]
    chosen = [c for c in candidates if c.id == named] or sorted(candidates, key=lambda c: c.id)
    return chosen[0] if chosen else None


def render_example(claim: Claim) -> str:
    return (f"Example: “{inert(claim.statement)}” ({inert(claim.speaker)}, "
            f"{human_date(claim.said) or 'date not known'}; [the note]({claim.page}.md#claim-{claim.id})).")


def render_type(kind: ClaimType, site: Site) -> list[str]:
    parts = [f"## {inert(kind.name)} {{#{kind.id}}}", "", kind.means, ""]
    for verdict in VERDICTS:
        if verdict not in kind.verdicts:
            continue
        example = example_of(kind, verdict, site)
        parts += [
            f"{verdict_label(verdict)}: {kind.verdicts[verdict]}",
            f"{{ #{verdict_anchor(kind.id, verdict)} .rubric-verdict }}",
            "",
            render_example(example) if example else "No statement on this site has this rating yet.",
            "{ .rubric-example }",
            "",
        ]
    never = [v for v in VERDICTS if v not in kind.verdicts]
    if never:
        parts += [f"Never rated: {', '.join(never)}.", ""]
    return parts


def render_counts(site: Site) -> list[str]:
    """Claims by type and verdict, a line per type."""
    counts = Counter((c.type, c.verdict) for c in site.claims)
    lines = []
    for type_id in CLAIM_TYPES:
        name = site.rubric.types[type_id].name if type_id in site.rubric.types else type_id
        total = sum(counts[(type_id, v)] for v in VERDICTS)
        found = ", ".join(f"{counts[(type_id, v)]} {v}" for v in VERDICTS if counts[(type_id, v)])
        lines.append(f"- **{inert(name)}**: {total}" + (f" ({found})" if found else ""))
    return lines


def render_review(site: Site) -> list[str]:
    parts = ["## Second review {#second-review}", ""]
    review = site.review
    if review is None or not review.ratings:
        return parts + ["No blind second review has been made yet.", ""]
    now = {c.id: c.verdict for c in site.claims}
    agreed = sum(1 for r in review.ratings if r.verdict == r.registry_verdict)
    changed = [r for r in review.ratings if now.get(r.claim, r.registry_verdict) != r.registry_verdict]
    share = round(100 * agreed / len(review.ratings))
    parts += [
        f"On {human_date(review.date)}, {review.reviewer} rated {len(review.ratings)} of the "
        f"{review.population} claims then in the registry, chosen at random, without seeing our verdicts or notes: "
        f"only the rubric, the sources and each statement. {review.method}",
        "",
        f"**Agreement: {agreed} of {len(review.ratings)} verdicts ({share}%).** Every disagreement was looked at "
        f"again; {len(changed)} led us to change our verdict, the others are kept for the reason given.",
        "",
        "The disagreements, each with ours, the second review's, the verdict now and why:",
        "",
    ]
    for rating in review.ratings:
        if rating.verdict == rating.registry_verdict:
            continue
        claim = next((c for c in site.claims if c.id == rating.claim), None)
        link = f"[{rating.claim}]({claim.page}.md#claim-{claim.id})" if claim else rating.claim
        parts.append(f"- {link}: ours {rating.registry_verdict}, second review {rating.verdict}, "
                     f"now **{now.get(rating.claim, 'not rated')}**. {rating.resolution}")
    return parts + [""]


def render_how_we_check(site: Site) -> str:
    rubric = site.rubric
    parts = [
        front_matter("How we check", "The one rule every verdict of the accuracy notes follows, per kind of statement, with a real example of each, and how well a blind second review agreed."),
        generated_notice("content/rubric.yml"),
        "# How we check",
        "",
        rubric.prose.get("intro", ""),
        "",
        "## The verdicts {#verdicts}",
        "",
        "| Verdict | In general |",
        "|---|---|",
        *[f"| {verdict_label(v)} | {rubric.verdicts.get(v, '')} |" for v in VERDICTS],
        "",
        "What each verdict means depends on the kind of statement, below. Every verdict word in an accuracy box "
        "links to its definition here.",
        "",
    ]
    for type_id in CLAIM_TYPES:
        if type_id in rubric.types:
            parts += render_type(rubric.types[type_id], site)
    parts += [
        "## Not rated {#not-rated}", "", rubric.prose.get("not_rated", ""), "",
        "## Sources {#sources}", "", rubric.prose.get("sources", ""), "",
        "## Dates {#dates}", "", rubric.prose.get("dates", ""), "",
        "## What the build enforces {#enforced}", "",
        "The site is not published unless every claim passes these checks:", "",
        *[f"- {rule}" for rule in ENFORCED],
        "",
        "## The claims by type and verdict {#counts}",
        "",
        *render_counts(site),
        "",
        *render_review(site),
    ]
    return "\n".join(parts)
