"""The complete, validated content of a run: what every renderer reads from."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace

from explainer.claims.changes import LogEntry
from explainer.sources.clean import Cleaned
from explainer.claims.facts import Fact
from explainer.pages.figures import Figure
from explainer.pages.glossary import Term
from explainer.site.links import Alias
from explainer.model import Claim, Correction, Page, Seed
from explainer.claims.rubric import EMPTY, Review, Rubric


@dataclass(frozen=True)
class Site:
    seeds: dict[str, Seed]
    cleaned: dict[str, Cleaned]
    corrections: tuple[Correction, ...]
    pages: tuple[Page, ...]
    claims: tuple[Claim, ...]
    dismissed: tuple[tuple[str, str, str], ...]
    aliases: tuple[Alias, ...] = ()
    glossary: tuple[Term, ...] = ()
    figures: dict[str, Figure] | None = None
    rubric: Rubric = EMPTY
    review: Review | None = None
    facts: tuple[Fact, ...] = ()
    changes: tuple[LogEntry, ...] = ()

    def published(self) -> Site:
        """The site without its draft pages and their claims: what `make build` publishes."""
        pages = tuple(page for page in self.pages if not page.draft)
        shown = {page.id for page in pages}
        return replace(self, pages=pages, claims=tuple(claim for claim in self.claims if claim.page in shown),
                       changes=tuple(change for change in self.changes if change.page in shown))

    def claims_for(self, page_id: str) -> list[Claim]:
        return [c for c in self.claims if c.page == page_id]

    def claims_of_seed(self, seed_id: str) -> list[Claim]:
        return [c for c in self.claims if c.seed_id == seed_id]

    def pages_quoting(self, seed_id: str) -> list[Page]:
        """Pages that quote the seed or check a claim from it, in navigation order."""
        claimed = {c.page for c in self.claims if c.seed_id == seed_id}
        return [p for p in self.pages if p.id in claimed or any(q.seed_id == seed_id for q in p.quotes)]

    def anchor_of(self, seed_id: str, offset: int) -> str:
        """The id of the source-page paragraph that holds a raw offset."""
        return self.cleaned[seed_id].paragraph_at(offset).id

    @staticmethod
    def link(here: str, target: str) -> str:
        """A relative link from one docs/ file to another, as MkDocs resolves it."""
        return posixpath.relpath(target, posixpath.dirname(here) or ".")
