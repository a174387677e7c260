"""Loads the change log (content/changes.yml): what changed on the site that a reader who linked a
page should know, as data, since a shallow clone has no history to read it from.

Each entry has a date, the page, what changed and why; it may name the claim, fact or section it
concerns, and a verdict that changed (`from` and `to`, "not rated" for a claim added or
withdrawn). The entries about a claim must agree with the registry: the last verdict they give is
the claim's verdict now, and a claim withdrawn from the registry has an entry that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from explainer.errors import Collector
from explainer.claims.facts import Fact
from explainer.fields import Fields, read_fields
from explainer.model import VERDICTS, Claim, Page


NOT_RATED = "not rated"


@dataclass(frozen=True)
class LogEntry:
    date: str
    page: str
    what: str
    why: str
    claim: str = ""
    fact: str = ""
    section: str = ""
    verdict_from: str = ""
    verdict_to: str = ""
    previous_review: str = ""  # when the verdict it changes from was last confirmed
    line: int = 0

    @property
    def withdraws(self) -> bool:
        return bool(self.claim) and self.verdict_to == NOT_RATED


def load_changes(path: Path, shown: str, pages: dict[str, Page], claims: list[Claim], facts: list[Fact],
                 collector: Collector) -> list[LogEntry]:
    """Every entry of the change log, checked against the pages, the registry and the facts."""
    if not path.is_file():
        return []
    top = read_fields(path, shown, collector, "the change log")
    if top is None:
        return []
    top.allow_only("changes")
    claim_ids = {claim.id: claim for claim in claims}
    fact_ids = {fact.id for fact in facts}
    scale = (*VERDICTS, NOT_RATED)
    withdrawn = {entry.get("claim") for entry in top.mapping.get("changes") or [] if isinstance(entry, dict)
                 and isinstance(entry.get("verdict"), dict) and entry["verdict"].get("to") == NOT_RATED}
    changes: list[LogEntry] = []
    for item, line in top.items("changes"):
        fields = Fields(item, shown, line, collector, "a change")
        fields.allow_only("date", "page", "claim", "fact", "section", "verdict", "previous_review", "what", "why")
        date, page = fields.date("date"), fields.slug("page")
        if page and page not in pages:
            fields.problem("page", f"no page {page!r}; expected one of: {', '.join(sorted(pages))}")
        claim, fact, section = fields.slug("claim", False), fields.slug("fact", False), fields.slug("section", False)
        verdict_from = verdict_to = ""
        if "verdict" in fields.mapping:
            vf = Fields(fields.mapping["verdict"], shown, fields.line("verdict"), collector, "a verdict change")
            vf.allow_only("from", "to")
            verdict_from, verdict_to = vf.choice("from", scale), vf.choice("to", scale)
            if not claim:
                fields.problem("verdict", "a verdict change needs the claim it concerns: add claim: <id>")
        if claim and claim not in claim_ids and claim not in withdrawn:
            fields.problem("claim", f"no claim {claim!r} in content/claims.yml; expected a claim's id, or verdict: {{to: not rated}} for one withdrawn")
        if claim in claim_ids and page and claim_ids[claim].page != page:
            fields.problem("page", f"claim {claim!r} is on page {claim_ids[claim].page!r}, not {page!r}")
        if fact and fact not in fact_ids:
            fields.problem("fact", f"no fact {fact!r} in content/facts.yml; expected a fact's id")
        if section and page in pages and section not in {s.id for s in pages[page].sections}:
            fields.problem("section", f"no section {section!r} on page {page!r}; expected one of: {', '.join(s.id for s in pages[page].sections)}")
        if changes and date and changes[-1].date and date < changes[-1].date:
            fields.problem("date", f"{date} comes before the entry above it ({changes[-1].date}); expected entries in date order, newest last")
        changes.append(LogEntry(date, page, fields.text("what"), fields.text("why"), claim, fact, section, verdict_from,
                              verdict_to, fields.date("previous_review", False), line))
    check_against_registry(changes, claim_ids, shown, collector)
    return changes


def check_against_registry(changes: list[LogEntry], claims: dict[str, Claim], shown: str, collector: Collector) -> None:
    """The last verdict the log gives a claim is its verdict now; a withdrawn claim stays withdrawn."""
    last: dict[str, LogEntry] = {}
    for change in changes:
        if change.claim and change.verdict_to:
            last[change.claim] = change
    for claim_id, change in last.items():
        now = claims[claim_id].verdict if claim_id in claims else NOT_RATED
        if change.verdict_to != now:
            collector.add(shown, change.line, "verdict", f"the log's last verdict for {claim_id!r} is {change.verdict_to!r} but the registry says {now!r}; add an entry for the change")


def history(claim: Claim, changes: list[LogEntry]) -> list[dict[str, str]]:
    """A claim's verdicts with the dates they were given or last confirmed, oldest first."""
    mine = [c for c in changes if c.claim == claim.id and c.verdict_to]
    if not mine:
        return [{"date": claim.reviewed, "verdict": claim.verdict}]
    found = [] if mine[0].verdict_from == NOT_RATED else [{"date": mine[0].previous_review, "verdict": mine[0].verdict_from}]
    return found + [{"date": c.date, "verdict": c.verdict_to} for c in mine]
