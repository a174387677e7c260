"""Properties of the cleaner and the quote matcher, checked on generated text and on the real seeds.

- Any unedited span of a seed's cleaned words verifies as a quote.
- An edit of a kind a quotation may not make (a changed word, an unmarked insertion) is rejected.
- Cleaning keeps every word tied to its own raw span: the raw text there is the word, or the wrong
  phrase of the correction that replaced it.
- The fillers, stutters, optional phrases and paragraphs a spoken seed's line of characters gives
  are the ones a plain reading of its words, one at a time, gives.
- Chrome rules cut the same text from a seed whatever its line ends.
- No bytes crash the seed decoder: it returns text or reports exactly one problem.

Hypothesis runs derandomised and without an example database, so every run tries the same cases
and writes nothing into the project.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from explainer.sources.clean import Cleaned, clean, locate_phrase, phrase_pattern
from explainer.sources.spoken import (
    CLAUSE, PARAGRAPH_MAX_WORDS, PARAGRAPH_MIN_WORDS, PARAGRAPH_OPENERS, PUNCTUATED_WORDS_PER_SENTENCE, SENTENCE,
    line_key, paragraph_firsts, read_speech,
)
from explainer.sources.words import FILLER, OPTIONAL, STUTTER, WORD, Words, keys_of
from explainer.errors import Collector
from explainer.sources.ingest import BOM, ChromeRule, Ingested, cut_chrome, decode_seed, load_chrome
from explainer.model import Correction
from explainer.site.pipeline import Layout, load_site
from explainer.pages.quotes import Match, Miss, find_quote, quote_segments
from tests.conftest import ROOT, VOCABULARY, make_seed

CHECKS = settings(derandomize=True, database=None, max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words a transcript or a scraped page might hold: fillers, stutter-prone short words, optional
# phrases and contractions; then traps: brackets and elisions as written in the seed ("[Music]"),
# case and Unicode oddities, markup; then anything at all.
COMMON_WORDS = [
    "the", "The", "a", "model", "models", "um", "uh", "Um,", "you", "know", "I", "mean", "we", "we're",
    "scaling", "laws", "BYU", "with", "Andrew", "in", "don't", "it's", "Claude's", "claude",
]
TRAP_WORDS = [
    "[Music]", "[1]", "[...]", "[sic]", "[a", "b]", "[[wiki]]", "Σοφός", "ΟΔΟΣ", "İstanbul", "straße", "STRASSE",
    "ﬁne", "café", "cafe\u0301", "10²", "½", "—", "...", "…", "(a)", "“quoted”", "x-y", "e.g.", "$5", "3.5",
    "#452", "*emph*", "<b>", "{{", "}}",
]
WORDS = st.one_of(
    st.sampled_from(COMMON_WORDS),
    st.sampled_from(TRAP_WORDS),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=6),
)
SPACES = st.sampled_from([" ", " ", " ", "\n", "\r\n", "  ", "\t"])
RIGHTS = ["Fixed", "Baidu with Andrew Ng", "GPT-4", "Anthropic's"]


@st.composite
def seeds(draw: st.DrawFn, brackets: bool = True) -> tuple[str, list[Correction], str]:
    """Raw seed text, up to two corrections of phrases it holds, and a seed kind."""
    words = draw(st.lists(WORDS, min_size=1, max_size=40))
    if not brackets:
        words = [w for w in words if "[" not in w and "]" not in w] or ["plain"]
    raw = words[0] + "".join(draw(SPACES) + word for word in words[1:])
    corrections: list[Correction] = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, len(words) - 1))
        wrong = " ".join(words[start : start + draw(st.integers(1, 2))])
        right = draw(st.sampled_from(RIGHTS))
        if wrong != right and all(c.wrong != wrong for c in corrections):
            corrections.append(Correction("s", wrong, right, "", "c.yml", len(corrections) + 1))
    return raw, corrections, draw(st.sampled_from(["transcript", "caption-page", "article", "chat"]))


def cleaned_of(raw: str, corrections: list[Correction], kind: str) -> Cleaned:
    body, _ = cut_chrome(raw, kind, [])
    return clean(Ingested(make_seed(kind), raw, tuple(body), frozenset()), corrections, VOCABULARY, Collector(), "m")


def shown(cleaned: Cleaned) -> list[int]:
    """Indices of the words the cleaned text shows (fillers and stutters left out)."""
    return [i for i, w in enumerate(cleaned.words) if w.role in (WORD, OPTIONAL)]


def span_quote(cleaned: Cleaned, data: st.DataObject) -> tuple[list[int], str]:
    """A span of shown words, drawn by data, and the quote that is exactly those words."""
    indices = shown(cleaned)
    assume(indices)
    first = data.draw(st.integers(0, len(indices) - 1), label="first")
    last = data.draw(st.integers(first, min(first + 30, len(indices) - 1)), label="last")
    span = indices[first : last + 1]
    quote = " ".join(cleaned.words[i].text for i in span)
    assume(quote_segments(quote))  # a quote of bracketed words only has nothing to verify
    return span, quote


def novel_word(cleaned: Cleaned) -> str:
    """A word whose key occurs nowhere in the seed."""
    known = {key for word in cleaned.words for key in word.keys}
    return next(word for n in range(1000) if (word := f"zqxv{n}") not in known)


@lru_cache(maxsize=1)
def real_seeds() -> dict[str, Cleaned]:
    return load_site(Layout(ROOT)).cleaned


REAL_SEED_IDS = ["lex-fridman-452", "amodei-dwarkesh-2023", "claude-2-parameters-article", "claude-chat-weights", "letsai-growing-a-plant"]


# --- the quote matcher ------------------------------------------------------------------------


@CHECKS
@given(seed=seeds(), data=st.data())
def test_any_unedited_span_verifies_as_a_quote(seed: tuple[str, list[Correction], str], data: st.DataObject) -> None:
    cleaned = cleaned_of(*seed)
    _, quote = span_quote(cleaned, data)
    assert isinstance(find_quote(cleaned, quote), Match), quote


@CHECKS
@given(seed_id=st.sampled_from(REAL_SEED_IDS), data=st.data())
def test_any_unedited_span_of_a_real_seed_verifies(seed_id: str, data: st.DataObject) -> None:
    cleaned = real_seeds()[seed_id]
    span, quote = span_quote(cleaned, data)
    found = find_quote(cleaned, quote)
    assert isinstance(found, Match), quote
    assert found.first_word <= span[0]  # the earliest place the words stand


def edited(cleaned: Cleaned, quote_words: list[int], data: st.DataObject) -> str:
    """The span's words with one kept word replaced, or one word inserted, never in brackets."""
    texts = [cleaned.words[i].text for i in quote_words]
    novel = novel_word(cleaned)
    kept = [n for n, i in enumerate(quote_words) if cleaned.words[i].role == WORD and cleaned.words[i].keys]
    replace: bool = data.draw(st.booleans(), label="replace")
    if kept and replace:
        texts[data.draw(st.sampled_from(kept), label="replaced")] = data.draw(st.sampled_from([novel, novel.upper(), f"{novel},"]))
    else:
        texts.insert(data.draw(st.integers(0, len(texts)), label="at"), novel)
    return " ".join(texts)


@CHECKS
@given(seed=seeds(brackets=False), data=st.data())
def test_a_changed_or_added_word_is_rejected(seed: tuple[str, list[Correction], str], data: st.DataObject) -> None:
    cleaned = cleaned_of(*seed)
    span, _ = span_quote(cleaned, data)
    quote = edited(cleaned, span, data)
    assert isinstance(find_quote(cleaned, quote), Miss), quote


@CHECKS
@given(seed_id=st.sampled_from(REAL_SEED_IDS), data=st.data())
def test_a_changed_or_added_word_in_a_real_seed_is_rejected(seed_id: str, data: st.DataObject) -> None:
    cleaned = real_seeds()[seed_id]
    span, _ = span_quote(cleaned, data)
    quote = edited(cleaned, span, data)
    assert isinstance(find_quote(cleaned, quote), Miss), quote


@CHECKS
@given(seed=seeds(brackets=False), data=st.data())
def test_elisions_and_clarifications_of_a_span_verify(seed: tuple[str, list[Correction], str], data: st.DataObject) -> None:
    cleaned = cleaned_of(*seed)
    texts = [cleaned.words[i].text for i in shown(cleaned)]
    assume(len(texts) >= 3)
    first = data.draw(st.integers(0, len(texts) - 3), label="first")
    last = data.draw(st.integers(first + 2, len(texts) - 1), label="last")
    cut = data.draw(st.integers(first + 1, last - 1), label="cut")  # a word left out, marked [...]
    before, after = texts[first:cut], texts[cut + 1 : last + 1]
    assume(any(keys_of(t) for t in before) and any(keys_of(t) for t in after))
    quote = " ".join([*before, "[...]", *after, "[my own words]"])
    assert isinstance(find_quote(cleaned, quote), Match), quote


# --- the cleaner -------------------------------------------------------------------------------


def assert_words_keep_their_spans(cleaned: Cleaned) -> None:
    raw = cleaned.ingested.raw
    previous_end = 0
    for word in cleaned.words:
        piece = raw[word.start : word.end]
        if word.correction is None:
            assert piece == word.text, (piece, word)
        else:
            assert piece.split() == word.correction.wrong.split() and word.text == word.correction.right, (piece, word)
        assert previous_end <= word.start < word.end
        assert any(start <= word.start and word.end <= end for start, end in cleaned.ingested.body)
        previous_end = word.end


@CHECKS
@given(seed=seeds())
def test_every_cleaned_word_maps_to_its_own_raw_span(seed: tuple[str, list[Correction], str]) -> None:
    cleaned = cleaned_of(*seed)
    assert_words_keep_their_spans(cleaned)
    assert "".join(cleaned.ingested.raw.split()) == "".join(
        cleaned.ingested.raw[w.start : w.end] for w in cleaned.words
    ).replace(" ", "").replace("\n", "").replace("\r", "").replace("\t", "")  # no raw text lost
    paragraphs = [(p.first, p.last) for p in cleaned.paragraphs]
    assert paragraphs[0][0] == 0 and paragraphs[-1][1] == len(cleaned.words)
    assert all(a[1] == b[0] for a, b in zip(paragraphs, paragraphs[1:]))


@CHECKS
@given(seed=seeds(), data=st.data())
def test_locating_a_phrase_finds_what_its_pattern_finds(seed: tuple[str, list[Correction], str], data: st.DataObject) -> None:
    raw = seed[0]
    words = raw.split()
    start = data.draw(st.integers(0, len(words) - 1))
    phrase = " ".join(words[start : start + data.draw(st.integers(1, 4))])
    phrase = data.draw(st.sampled_from([phrase, phrase.lower(), phrase + " x", phrase[1:] or phrase]))
    expected = [m.start() for m in re.finditer(phrase_pattern(phrase), raw)] if phrase.split() else []
    assert locate_phrase(raw, phrase) == expected
    if phrase == " ".join(words[start : start + len(phrase.split())]):
        assert expected, "a phrase of the text's own words is found"


@pytest.mark.parametrize("raw, phrase, expected", [
    ("a a a a", "a a", [0, 4]),  # matches do not overlap
    ("xa a\n\ta b", "a", [3, 6]),  # whole words only
    ("scaling  laws\nscaling-laws", "scaling laws", [0]),
    ("", "a", []),
    ("a", "  ", []),
])
def test_locating_a_phrase_in_examples(raw: str, phrase: str, expected: list[int]) -> None:
    assert locate_phrase(raw, phrase) == expected


def test_every_word_of_the_real_seeds_maps_to_its_own_raw_span() -> None:
    for cleaned in real_seeds().values():
        assert_words_keep_their_spans(cleaned)


# --- the spoken-seed line -----------------------------------------------------------------------

SPOKEN_WORDS = [
    "the", "The", "the,", "a", "model", "um", "Uh,", "uh", "you", "know", "know?", "I", "mean", "I'm", "we", "we're",
    "We're", "were", "it", "it's", "so", "So", "and", "but", "well", "—", "...", "'", "don", "don't", "x'y'z", "x'y",
    "no,", "no", "was,", "was", "it.", "So,", "know,", "U.S.", "now?", "um,",
]


def roles_read_word_by_word(words: Words) -> list[str]:
    """The roles as the cleaning rules state them, checked one word at a time: the reference."""
    fillers = {"".join(keys_of(filler)) for filler in VOCABULARY.fillers}
    roles = [WORD] * len(words)
    said = []
    for index, text in enumerate(words.text):
        if "".join(keys_of(text)) in fillers and index not in words.correction:
            roles[index] = FILLER
        else:
            said.append(index)
    keys = [line_key(words.text[index]) for index in said]
    repeats = set()
    for position in range(len(said)):
        for size in (1, 2, 3):
            here = keys[position : position + size]
            # a word that ends a clause or a sentence ("no," in "no, no") is never part of a stutter
            if len(here) == size and all(here) and not any(ends_clause(key) for key in here) and here == keys[position + size : position + 2 * size]:
                repeats.add(position)
                for index in said[position : position + size]:
                    roles[index] = STUTTER
                break
    for position, (index, following) in enumerate(zip(said, said[1:])):
        if position not in repeats and index not in words.correction and words.text[following].lower().startswith(words.text[index].lower() + "'"):
            roles[index] = STUTTER
    for parts in VOCABULARY.optional:
        phrase = [key for key in map(keys_of, parts) if key]
        for position in range(len(said) - len(phrase) + 1):
            span = said[position : position + len(phrase)]
            here = keys[position : position + len(phrase)]
            last = here[-1:] and (here[-1][:-1] if ends_clause(here[-1]) else here[-1])  # the last word may end a clause
            if here[:-1] == phrase[:-1] and last == phrase[-1] and all(roles[index] == WORD for index in span):
                for index in span:
                    roles[index] = OPTIONAL
    return roles


def firsts_read_word_by_word(words: Words, roles: list[str], chapter_starts: set[int]) -> list[int]:
    """Each paragraph's first word as the rule states it, counting shown words one at a time."""
    shown_ends = sum(1 for text, role in zip(words.text, roles) if role in (WORD, OPTIONAL) and line_key(text)[-1:] == (SENTENCE,))
    punctuated = shown_ends * PUNCTUATED_WORDS_PER_SENTENCE >= len(words) > 0
    firsts, count, after_end = [0], 0, False
    for index, (text, role) in enumerate(zip(words.text, roles)):
        shown = role in (WORD, OPTIONAL)
        opener = keys_of(text)[:1] in {(opener,) for opener in PARAGRAPH_OPENERS}
        breaks = after_end if punctuated else opener  # a punctuated transcript breaks after a sentence end
        if index and (index in chapter_starts or shown and (count >= PARAGRAPH_MAX_WORDS or count >= PARAGRAPH_MIN_WORDS and breaks)):
            firsts.append(index)
            count = 0
        if index in chapter_starts:
            after_end = False
        if shown:
            count += 1
            after_end = line_key(text)[-1:] == (SENTENCE,)
    return firsts


def ends_clause(key: tuple[str, ...]) -> bool:
    return key[-1:] in ((CLAUSE,), (SENTENCE,))


@CHECKS
@given(data=st.data())
def test_the_line_finds_what_reading_word_by_word_finds(data: st.DataObject) -> None:
    # Words from a small pool (some pools have no opener, so paragraphs also run to their longest),
    # in groups of one to three that may be said twice: stutters of every size.
    pool = data.draw(st.lists(st.one_of(st.sampled_from(SPOKEN_WORDS), WORDS), min_size=1, max_size=12, unique=True))
    groups = data.draw(st.lists(st.tuples(st.lists(st.sampled_from(pool), min_size=1, max_size=3), st.integers(1, 2)), min_size=1, max_size=250))
    texts = [text for group, times in groups for text in group * times]
    wrong = data.draw(st.sampled_from(texts))
    fixes = [Correction("s", wrong, data.draw(st.sampled_from(["um", "we", "Fixed"])), "", "c.yml", 1)] if data.draw(st.booleans()) else []
    cleaned = cleaned_of(" ".join(texts), fixes, "transcript")
    words = cleaned.words
    speech = read_speech(words, VOCABULARY)
    assert speech.roles == roles_read_word_by_word(words)
    starts = set(data.draw(st.lists(st.integers(0, len(words) - 1), max_size=3)))
    assert paragraph_firsts(speech, starts) == firsts_read_word_by_word(words, speech.roles, starts)


CHROME_LINES = [
    "Skip to content", "Table of Contents\n1. One\n2. Two", "1. One", "Stay Updated", "Language: en",
    "Resume\nRead\nfile updated 2024", "Q: why?", "Claude:", "Let me know if you have any other questions!",
    "text", "more text", "",
    # export formats (content/formats.yml)
    "---", "title: x", "*  bullet text", "- dash text", "[00:01:02] stamped", "00:00:01,000 --> 00:00:02,000", "1",
    ">> turn", "WEBVTT", "Sprache: de", "## Transcript", "**Show:** [May 1](https://e.com/v)", "You may also like",
]


@pytest.mark.parametrize("kind", ["chat", "article", "transcript", "caption-page"])
@settings(CHECKS, max_examples=60)
@given(lines=st.lists(st.one_of(st.sampled_from(CHROME_LINES), WORDS), min_size=1, max_size=25))
def test_chrome_rules_cut_the_same_text_whatever_the_line_ends(kind: str, lines: list[str]) -> None:
    rules = chrome_rules()
    lf = "\n".join(lines) + "\n"
    crlf = lf.replace("\n", "\r\n")
    lf_body, lf_fired = cut_chrome(lf, kind, rules)
    crlf_body, crlf_fired = cut_chrome(crlf, kind, rules)
    assert [crlf[s:e].replace("\r\n", "\n") for s, e in crlf_body] == [lf[s:e] for s, e in lf_body]
    assert crlf_fired == lf_fired


@lru_cache(maxsize=1)
def chrome_rules() -> list[ChromeRule]:
    return [*load_chrome(ROOT / "content/chrome.yml", "content/chrome.yml", Collector()),
            *load_chrome(ROOT / "content/formats.yml", "content/formats.yml", Collector(), required=False)]


# --- the decoder -------------------------------------------------------------------------------


@CHECKS
@given(data=st.one_of(st.binary(max_size=200), st.builds(lambda b: BOM + b, st.binary(max_size=50)),
                      st.text(max_size=100).map(lambda t: t.encode("utf-8"))))
def test_no_bytes_crash_the_decoder(data: bytes) -> None:
    collector = Collector()
    text = decode_seed(data, "seeds/x.txt", collector)
    if text is None:
        assert len(collector.problems) == 1
        message = str(collector.problems[0])
        assert message.startswith("seeds/x.txt") and "\n" not in message and "expected" in message
        match = re.search(r"not valid UTF-8 at byte (\d+)", message)
        if match:  # the offset counts from the file's first byte and points at the first bad one
            offset = int(match.group(1))
            (data[len(BOM) : offset] if data.startswith(BOM) else data[:offset]).decode("utf-8")
            with pytest.raises(UnicodeDecodeError) as bad:
                data[offset:].decode("utf-8")
            assert bad.value.start == 0
    else:
        assert collector.problems == [] and text.strip()
        assert data in (text.encode("utf-8"), BOM + text.encode("utf-8"))
