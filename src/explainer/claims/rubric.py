"""Loads the published rubric (content/rubric.yml) and holds every claim to its mechanical rules.

The rubric says, per type of statement, what each verdict means and which verdicts the type
allows. What a rule can decide without judgement is checked here, each with a one-line error at
the claim's line: the type allows the verdict; an outdated statement names what changed, and when,
after it was said; a forecast is rated missed only once its horizon has passed (as of the review).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from explainer.errors import Collector
from explainer.fields import Fields, date_problem, last_day, read_fields
from explainer.model import CLAIM_TYPES, VERDICTS, Claim


PROSE_KEYS = ("intro", "not_rated", "sources", "dates")


@dataclass(frozen=True)
class ClaimType:
    id: str
    name: str
    means: str
    verdicts: dict[str, str]  # the verdicts this type allows, with what each means for it
    examples: dict[str, str]  # verdict: the id of the claim shown as its example
    line: int


@dataclass(frozen=True)
class Rubric:
    verdicts: dict[str, str]  # the common scale: what each verdict means in general
    types: dict[str, ClaimType]
    prose: dict[str, str]  # intro, not_rated, sources, dates

    def meaning(self, claim_type: str, verdict: str) -> str:
        """What a verdict means for a type of statement (its general meaning if the type is unknown)."""
        kind = self.types.get(claim_type)
        return kind.verdicts.get(verdict, "") if kind else self.verdicts.get(verdict, "")


EMPTY = Rubric({}, {}, {})


def load_rubric(path: Path, shown: str, collector: Collector) -> Rubric:
    """The rubric of content/rubric.yml; an unreadable one is reported and read as empty."""
    top = read_fields(path, shown, collector, "the rubric")
    if top is None:
        return EMPTY
    top.allow_only("verdicts", "types", *PROSE_KEYS)
    scale = Fields(top.mapping.get("verdicts"), shown, top.line("verdicts"), collector, "the verdicts")
    scale.allow_only(*VERDICTS)
    verdicts = {verdict: scale.text(verdict) for verdict in VERDICTS}
    types: dict[str, ClaimType] = {}
    listed = Fields(top.mapping.get("types"), shown, top.line("types"), collector, "the claim types")
    listed.allow_only(*CLAIM_TYPES)
    for type_id in CLAIM_TYPES:
        if type_id not in listed.mapping:
            listed.problem("", f"missing type {type_id!r}; the rubric must define every claim type: {', '.join(CLAIM_TYPES)}")
            continue
        fields = Fields(listed.mapping[type_id], shown, listed.line(type_id), collector, f"the type {type_id!r}")
        fields.allow_only("name", "means", "verdicts", "examples")
        allowed = Fields(fields.mapping.get("verdicts"), shown, fields.line("verdicts"), collector, "its verdicts")
        allowed.allow_only(*VERDICTS)
        examples: dict[str, str] = {}
        if "examples" in fields.mapping:
            listed_examples = Fields(fields.mapping["examples"], shown, fields.line("examples"), collector, "its examples")
            listed_examples.allow_only(*VERDICTS)
            examples = {verdict: listed_examples.slug(verdict) for verdict in VERDICTS if verdict in listed_examples.mapping}
        types[type_id] = ClaimType(
            type_id, fields.text("name"), fields.text("means"),
            {verdict: allowed.text(verdict) for verdict in VERDICTS if verdict in allowed.mapping},
            examples,
            fields.line(),
        )
    return Rubric(verdicts, types, {key: top.text(key) for key in PROSE_KEYS})


def horizon_end(date: str) -> str:
    """The last day a date or horizon covers ("2027" ends on 2027-12-31), as YYYY-MM-DD."""
    return last_day(date).isoformat()


def check_claims(claims: list[Claim], rubric: Rubric, shown: str, collector: Collector,
                 rubric_path: str = "content/rubric.yml") -> None:
    """Every mechanical rule of the rubric, one problem per broken rule, at the claim's line."""
    ids = {claim.id: claim for claim in claims}
    for claim in claims:
        def problem(key: str, message: str) -> None:
            collector.add(shown, claim.line, key, message)

        kind = rubric.types.get(claim.type)
        dates = (claim.said, claim.horizon, claim.reviewed, claim.changed.date if claim.changed else "")
        if kind is None or not claim.verdict or any(d and date_problem(d) for d in dates):
            continue  # a missing or unknown type, verdict or date: reported where it was read
        if claim.verdict not in kind.verdicts:
            problem("verdict", f"{claim.verdict!r} is not a verdict for a {claim.type} (see content/rubric.yml); expected one of: {', '.join(kind.verdicts)}")
        if claim.type == "forecast" and claim.verdict == "inaccurate":
            if not claim.horizon:
                problem("horizon", "a forecast rated inaccurate (missed) needs the horizon it named; an open forecast is unsupported (too early to tell)")
            elif horizon_end(claim.horizon) >= claim.reviewed:
                problem("verdict", f"the horizon {claim.horizon} had not passed when reviewed on {claim.reviewed}; expected unsupported (too early to tell)")
        if claim.horizon and claim.type != "forecast":
            problem("horizon", f"only a forecast names a horizon; this claim is a {claim.type}")
        if claim.horizon and claim.said and horizon_end(claim.horizon) < claim.said:
            problem("horizon", f"{claim.horizon} is before the day it was said ({claim.said}); expected a future date")
        if claim.verdict == "outdated":
            if claim.changed is None:
                problem("changed", "an outdated claim needs changed: {date: YYYY-MM-DD, what: ...} naming what overtook it and when")
            elif not claim.said:
                problem("said", "an outdated claim needs the day it was said (its seed has no date): add said: YYYY-MM-DD")
            elif claim.changed.date and claim.changed.date <= claim.said:
                problem("changed", f"changed on {claim.changed.date}, not after it was said ({claim.said}); expected a later date")
        elif claim.changed is not None:
            problem("changed", f"only an outdated claim names what changed; this one is {claim.verdict!r}")
        if claim.said and claim.reviewed and claim.said > horizon_end(claim.reviewed):
            problem("said", f"said on {claim.said}, after it was reviewed ({claim.reviewed}); expected an earlier date")
    for kind in rubric.types.values():
        for verdict, example in kind.examples.items():
            found = ids.get(example)
            if found is None or found.type != kind.id or found.verdict != verdict:
                collector.add(rubric_path, kind.line, "examples",
                              f"{example!r} is not a {kind.id} rated {verdict!r}; expected the id of such a claim")


@dataclass(frozen=True)
class Rating:
    """One statement of a blind second review: the reviewer's verdict beside ours at the time."""

    claim: str
    verdict: str  # the second reviewer's verdict, or "not rated"
    registry_verdict: str  # ours when the review was made
    resolution: str  # why ours was kept or changed


@dataclass(frozen=True)
class Review:
    date: str
    reviewer: str
    method: str
    population: int  # how many claims the registry held when the sample was drawn
    ratings: tuple[Rating, ...]


def load_review(path: Path, shown: str, claim_ids: set[str], collector: Collector) -> Review | None:
    """The blind second review of content/review.yml, if there is one."""
    if not path.is_file():
        return None
    top = read_fields(path, shown, collector, "the second review")
    if top is None:
        return None
    top.allow_only("date", "reviewer", "method", "population", "ratings")
    ratings = []
    for item, line in top.items("ratings"):
        fields = Fields(item, shown, line, collector, "a rating")
        fields.allow_only("claim", "verdict", "registry_verdict", "resolution")
        claim = fields.slug("claim")
        if claim and claim not in claim_ids:
            fields.problem("claim", f"no claim {claim!r} in content/claims.yml or withdrawn in content/changes.yml; expected the id of a reviewed claim")
        ratings.append(Rating(claim, fields.choice("verdict", (*VERDICTS, "not rated")), fields.choice("registry_verdict", (*VERDICTS, "not rated")),
                              fields.text("resolution", required=False)))
    return Review(top.date("date"), top.text("reviewer"), top.text("method"), top.integer("population", 0), tuple(ratings))
