"""When each claim and fact is due for re-checking, and which are due on a given day.

A fact of the pages' prose carries its own re-check date (from how fast it goes stale). A claim
may name one (`recheck:` a date, or `never`); otherwise it is due a year after its review, when
an open forecast's horizon ends if that is sooner, and never for a recollection or a statement
already overtaken (history does not change) or a forecast already settled.
"""

from __future__ import annotations

from dataclasses import dataclass

from explainer.fields import date_problem, days_after, last_day
from explainer.model import Claim
from explainer.site.site import Site

YEAR = 365


def claim_recheck(claim: Claim) -> str:
    """The day a claim is due for re-checking, as YYYY-MM-DD; "" for never."""
    if claim.recheck:
        return "" if claim.recheck == "never" or date_problem(claim.recheck) else last_day(claim.recheck).isoformat()
    if claim.type == "recollection" or claim.verdict == "outdated" or not claim.reviewed or date_problem(claim.reviewed):
        return ""
    due = days_after(claim.reviewed, YEAR)
    if claim.type == "forecast" and claim.horizon and not date_problem(claim.horizon):
        if last_day(claim.horizon) < last_day(claim.reviewed):
            return ""  # settled when reviewed: met or missed
        due = min(due, days_after(claim.horizon, 1))
    return due


@dataclass(frozen=True)
class Due:
    recheck: str
    kind: str  # "claim" or "fact"
    id: str
    reviewed: str
    path: str
    line: int


def schedule(site: Site) -> list[Due]:
    """Every claim and fact that will need re-checking, soonest first."""
    items = [Due(r, "claim", c.id, c.reviewed, c.path, c.line) for c in site.claims if (r := claim_recheck(c))]
    items += [Due(f.recheck, "fact", f.id, f.reviewed, f.path, f.line) for f in site.facts if f.recheck]
    return sorted(items, key=lambda d: (d.recheck, d.kind, d.id))


def due_on(site: Site, today: str) -> list[Due]:
    """What is due for re-checking on a day (its re-check date has come), oldest first."""
    return [item for item in schedule(site) if item.recheck <= today]
