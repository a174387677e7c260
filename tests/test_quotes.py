from __future__ import annotations

import pytest

from explainer.sources.clean import clean
from explainer.errors import Collector
from explainer.pages.quotes import Match, Miss, describe_miss, find_quote
from tests.conftest import VOCABULARY, correction, make_ingested

RAW = (
    "so um I I was working at BYU with Andrew in in late 2014 and you know the first thing we worked on "
    "was speech recognition systems and in those days I think deep learning was a new thing"
)


def cleaned():  # type: ignore[no-untyped-def]
    return clean(make_ingested(RAW), [correction("BYU with Andrew in", "Baidu with Andrew Ng")], VOCABULARY, Collector(), "m")


@pytest.mark.parametrize(
    "quote",
    [
        "I was working at Baidu with Andrew Ng in late 2014",  # stutters and a correction
        "So, I was working at Baidu with Andrew Ng in late 2014 and the first thing we worked on was speech recognition.",
        "I was working at Baidu [...] the first thing we worked on was speech recognition",  # elision
        "In those days, I think, deep learning was a new thing [in AI].",  # clarification
        "I I was working at Baidu",  # keeping the stutter is fine too
        "and, you know, the first thing",  # keeping an optional phrase
    ],
)
def test_allowed_edits_verify(quote: str) -> None:
    assert isinstance(find_quote(cleaned(), quote), Match)


@pytest.mark.parametrize(
    ("quote", "diverges_at"),
    [
        ("I was working at Google with Andrew Ng", "google"),  # a changed word
        ("I was working at BYU with Andrew in late 2014", "byu"),  # the raw error instead of the correction
        ("the first thing we worked on was image recognition", "image"),
        ("deep learning was a new thing in 2014", "in"),  # an unmarked addition
    ],
)
def test_other_edits_fail_with_the_closest_passage(quote: str, diverges_at: str) -> None:
    found = find_quote(cleaned(), quote)
    assert isinstance(found, Miss)
    assert found.expected == diverges_at
    assert "closest passage" in describe_miss(found)


def test_match_maps_to_raw_offsets() -> None:
    c = cleaned()
    found = find_quote(c, "Baidu with Andrew Ng in late 2014")
    assert isinstance(found, Match)
    assert RAW[c.words[found.first_word].start : c.words[found.last_word].end] == "BYU with Andrew in in late 2014"
