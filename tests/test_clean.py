from __future__ import annotations

import pytest

from explainer.sources import spoken
from explainer.sources.clean import clean
from explainer.sources.spoken import find_all
from explainer.sources.words import FILLER, OPTIONAL, STUTTER, WORD
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


def test_find_all_finds_every_index_in_order_overlaps_included() -> None:
    assert list(find_all("abaa", "a")) == [0, 2, 3]
    assert list(find_all("aaa", "aa")) == [0, 1]
    assert list(find_all("abaa", "c")) == []
    assert list(find_all("", "a")) == []


def test_two_and_three_word_stutters() -> None:
    roles = words_of("I think I think it works")
    assert [r for _, r in roles] == [STUTTER, STUTTER, WORD, WORD, WORD, WORD]
    roles = words_of("it is so it is so true")
    assert [r for _, r in roles] == [STUTTER, STUTTER, STUTTER, WORD, WORD, WORD, WORD]


def test_an_optional_phrase_is_not_marked_over_a_stutter() -> None:
    roles = words_of("you know you know it")
    assert [r for _, r in roles] == [STUTTER, STUTTER, OPTIONAL, OPTIONAL, WORD]


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


def test_spoken_paragraphs_break_before_an_opener_once_60_shown_words_are_past() -> None:
    words = [f"w{i}" for i in range(72)]
    words[30], words[59], words[60], words[71] = "and", "um", "so", "I'm"  # "um" is not counted
    cleaned = clean(make_ingested(" ".join(words + ["w72", "w73"])), [], VOCABULARY, Collector(), "m")
    assert [p.first for p in cleaned.paragraphs] == [0, 71]  # "so" came after 59 shown words; "I'm" begins with "I"


@pytest.mark.parametrize("opener_at, firsts", [(109, [0, 109]), (None, [0, 110]), (60, [0, 60]), (59, [0, 110])])
def test_a_spoken_paragraph_ends_before_an_opener_from_60_shown_words_on_or_at_110(opener_at: int | None, firsts: list[int]) -> None:
    words = [f"w{i}" for i in range(130)]
    if opener_at is not None:
        words[opener_at] = "well"
    cleaned = clean(make_ingested(" ".join(words)), [], VOCABULARY, Collector(), "m")
    assert [p.first for p in cleaned.paragraphs] == firsts


@pytest.mark.parametrize("tail", ["", " um", " um uh"])
def test_a_spoken_paragraph_of_110_shown_words_at_the_end_is_one_paragraph(tail: str) -> None:
    cleaned = clean(make_ingested(" ".join(f"w{i}" for i in range(110)) + tail), [], VOCABULARY, Collector(), "m")
    assert [(p.first, p.last) for p in cleaned.paragraphs] == [(0, len(cleaned.words))]


def test_a_spoken_seed_with_more_distinct_words_than_characters_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spoken, "MAX_KEYS", 3)
    problems = Collector()
    cleaned = clean(make_ingested("one two the the three four"), [], VOCABULARY, problems, "m")
    assert [str(p) for p in problems.problems] == [
        "seeds/s.txt:1: has 5 distinct words; a spoken seed can have at most 3; split it into several seeds"
    ]
    assert len(cleaned.words) == 6  # the run goes on, to report every problem at once


def test_a_word_said_again_across_punctuation_is_a_clause_boundary_not_a_stutter() -> None:
    assert [r for _, r in words_of("no, no, I said no")] == [WORD] * 5
    assert [r for _, r in words_of("it was, was it not")] == [WORD] * 5
    assert [r for _, r in words_of("I think, I think so")] == [WORD] * 5
    # without punctuation between them the repeat is still a stutter
    assert [r for _, r in words_of("the the model, the model")] == [STUTTER, WORD, WORD, WORD, WORD]


def test_a_punctuated_transcript_breaks_paragraphs_at_sentence_ends() -> None:
    sentence = "This is one plain sentence of eleven words and no opener."
    cleaned = clean(make_ingested(" ".join([sentence] * 30)), [], VOCABULARY, Collector(), "m")
    lengths = [p.last - p.first for p in cleaned.paragraphs]
    assert all(cleaned.words.text[p.last - 1].endswith(".") for p in cleaned.paragraphs)
    assert all(spoken.PARAGRAPH_MIN_WORDS <= n <= spoken.PARAGRAPH_MAX_WORDS for n in lengths[:-1])


def test_an_unpunctuated_transcript_still_breaks_before_an_opener() -> None:
    raw = " ".join(["words without any punctuation at all here"] * 12 + ["so"] + ["more words"] * 40)
    cleaned = clean(make_ingested(raw), [], VOCABULARY, Collector(), "m")
    assert cleaned.words.text[cleaned.paragraphs[1].first] == "so"


def test_shared_corrections_apply_to_every_spoken_seed_and_a_seeds_own_entry_wins() -> None:
    from explainer.sources.corrections import SHARED, corrections_for
    from explainer.model import Correction

    shared = Correction(SHARED, "Sonet", "Sonnet", "", "c.yml", 1)
    own = Correction("poems", "Sonet", "sonnet", "", "c.yml", 2)
    other = Correction("other", "x", "y", "", "c.yml", 3)
    every = [shared, own, other]
    assert corrections_for("new-talk", True, every) == [shared]  # a new transcript gets it with no edit
    assert corrections_for("poems", True, every) == [own]
    assert corrections_for("an-article", False, every) == []  # written seeds get their own entries only
