"""Shared fixtures: a throwaway copy of the real project, and small in-memory seeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explainer.sources.corrections import Vocabulary
from explainer.errors import Collector
from explainer.sources.ingest import Ingested, cut_chrome
from explainer.model import Correction, Seed

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = Vocabulary(frozenset({"um", "uh"}), (("you", "know"),))


def copy_project(destination: Path, source: Path = ROOT) -> Path:
    """A copy of a project's inputs (seeds, content, theme overrides, configuration) in destination."""
    for name in ("seeds", "content", "overrides", "hooks"):
        shutil.copytree(source / name, destination / name)
    for name in ("mkdocs.yml", "published-links.txt"):
        shutil.copy(source / name, destination / name)
    return destination


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's inputs, safe to break."""
    return copy_project(tmp_path)


def make_seed(kind: str = "transcript", seed_id: str = "s", chapters: tuple = ()) -> Seed:  # type: ignore[type-arg]
    return Seed(seed_id, "s.txt", Path("s.txt"), "S", kind, ("A",), "", "", "", "low", "n", chapters, 1)


def make_ingested(raw: str, kind: str = "transcript") -> Ingested:
    body, _ = cut_chrome(raw, kind, [])
    return Ingested(make_seed(kind), raw, tuple(body), frozenset())


def correction(wrong: str, right: str) -> Correction:
    return Correction("s", wrong, right, "", "c.yml", 1)


def collector() -> Collector:
    return Collector()
