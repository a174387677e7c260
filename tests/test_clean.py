from __future__ import annotations

from explainer.clean import FILLER, OPTIONAL, STUTTER, WORD, clean, occurrences
from explainer.errors import Collector
from tests.conftest import VOCABULARY, correction, make_ingested


def words_of(raw: str, fixes: list[tuple[str, str]] = [], kind: str = "transcript") -> list[tuple[str, str]]:
    cleaned = clean(make_ingested(raw, kind), [correction(w, r) for w, r in fixes], VOCABULARY, Collector(), "m")
    return [(w.text, w.role) for w in cleaned.words]


def test_corrections_are_whole_word_and_span_lines() -> None:
    cleaned = clean(
        make_ingested("I worked at BYU with\nAndrew in late 2014 not BYUX"),
        [correction("BYU with Andrew in", "Baidu with Andrew Ng"), correction("BYU", "Brigham Young")],
        VOCABULARY, Collector(), "m",
    )
    texts = [w.text for w in cleaned.words]
    assert texts == ["I", "worked", "at", "Baidu with Andrew Ng", "late", "2014", "not", "BYUX"]
    fixed = cleaned.words[3]
    assert cleaned.ingested.raw[fixed.start : fixed.end] == "BYU with\nAndrew in"
    assert sum(cleaned.fired.values()) == 1  # the longer entry won; the shorter never fired


def test_fillers_and_stutters_are_marked_not_lost() -> None:
    roles = words_of("so um the the model uh we we're done you know")
    assert roles == [
        ("so", WORD), ("um", FILLER), ("the", STUTTER), ("the", WORD), ("model", WORD), ("uh", FILLER),
        ("we", STUTTER), ("we're", WORD), ("done", WORD), ("you", OPTIONAL), ("know", OPTIONAL),
    ]


def test_optional_phrases_are_marked_wherever_they_occur() -> None:
    roles = words_of("you know it works, you know? you you know we're we")
    assert [r for _, r in roles] == [
        OPTIONAL, OPTIONAL, WORD, WORD, OPTIONAL, OPTIONAL, STUTTER, OPTIONAL, OPTIONAL, WORD, WORD,
    ]


def test_occurrences_finds_every_index_in_order() -> None:
    assert list(occurrences([1, 2, 1, 1], 1)) == [0, 2, 3]
    assert list(occurrences([1, 2, 1, 1], 3)) == []
    assert list(occurrences([], 1)) == []


def test_two_word_stutters() -> None:
    roles = words_of("I think I think it works")
    assert [r for _, r in roles] == [STUTTER, STUTTER, WORD, WORD, WORD, WORD]


def test_written_seeds_keep_every_word_and_line() -> None:
    cleaned = clean(make_ingested("Title here\nThe the text, um, stays.\n", "article"), [], VOCABULARY, Collector(), "m")
    assert all(w.role == WORD for w in cleaned.words)
    assert [p.heading for p in cleaned.paragraphs] == [True, False]
    assert [p.id for p in cleaned.paragraphs] == ["p0", "p11"]


def test_every_word_maps_into_its_raw_span() -> None:
    raw = "alpha  beta\n\ngamma, delta"
    cleaned = clean(make_ingested(raw, "article"), [correction("beta", "BETA")], VOCABULARY, Collector(), "m")
    for word in cleaned.words:
        piece = raw[word.start : word.end]
        assert piece == word.text or word.correction is not None and piece == "beta"


def test_spoken_paragraphs_are_bounded_and_anchored_at_raw_offsets() -> None:
    raw = " ".join(f"w{i}" for i in range(500))
    cleaned = clean(make_ingested(raw), [], VOCABULARY, Collector(), "m")
    sizes = [p.last - p.first for p in cleaned.paragraphs]
    assert sum(sizes) == 500 and max(sizes) <= 110
    for paragraph in cleaned.paragraphs:
        assert paragraph.id == f"p{cleaned.words[paragraph.first].start}"


def test_written_lines_break_at_any_line_break_but_not_inside_a_correction() -> None:
    raw = "First line here.\r\nSecond BYU with\nAndrew line.\n\n  Third line.\rFourth."
    cleaned = clean(make_ingested(raw, "article"), [correction("BYU with Andrew", "Baidu with Andrew Ng")], VOCABULARY, Collector(), "m")
    lines = [" ".join(cleaned.words.text[p.first : p.last]) for p in cleaned.paragraphs]
    assert lines == ["First line here.", "Second Baidu with Andrew Ng line.", "Third line.", "Fourth."]


def test_a_row_of_the_table_is_its_columns_at_that_index() -> None:
    cleaned = clean(make_ingested("so um it works,it works"), [correction("works", "WORKS")], VOCABULARY, Collector(), "m")
    words = cleaned.words
    rows = list(words)
    assert len(rows) == len(words) == 6
    assert [w.text for w in rows] == words.text and [w.role for w in rows] == words.role
    assert [i for i, w in enumerate(rows) if w.glued] == [4] and words[-1] == rows[-1]
    assert [i for i, w in enumerate(rows) if w.correction] == [3, 5] and words.rows(4, 99) == rows[4:]
