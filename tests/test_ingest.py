from __future__ import annotations

import re

import pytest

from explainer.errors import Collector
from explainer.sources.ingest import ChromeRule, cut_chrome, decode_seed


def decode(data: bytes) -> tuple[str | None, list[str]]:
    collector = Collector()
    text = decode_seed(data, "seeds/x.txt", collector)
    return text, [str(p) for p in collector.problems]


def test_bom_is_dropped_and_crlf_kept() -> None:
    text, problems = decode(b"\xef\xbb\xbfHello\r\nworld\r\n")
    assert problems == []
    assert text == "Hello\r\nworld\r\n"


def test_invalid_utf8_names_file_line_and_byte() -> None:
    text, problems = decode(b"ok\nfine \xff here")
    assert text is None
    assert problems == ["seeds/x.txt:2: not valid UTF-8 at byte 8; expected UTF-8 text"]


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty seed"), (b"  \n\t", "empty seed"), (b"PK\x03\x04\x00\x00", "binary data (NUL byte at offset 4)")],
)
def test_unusable_seeds_are_refused(data: bytes, message: str) -> None:
    text, problems = decode(data)
    assert text is None
    assert len(problems) == 1 and message in problems[0]


def rule(action: str, pattern: str, kinds: tuple[str, ...] = ("article",)) -> ChromeRule:
    return ChromeRule(action, kinds, action, re.compile(pattern, re.MULTILINE), 1)


def test_chrome_actions_cut_the_right_ranges() -> None:
    raw = "HEADER\nLanguage: en\nbody one\nSkip\nbody two\nFooter\nmore footer"
    rules = [rule("drop_through", r"^Language: en$"), rule("drop", r"^Skip\n"), rule("drop_from", r"^Footer$")]
    body, fired = cut_chrome(raw, "article", rules)
    assert [raw[s:e] for s, e in body] == ["body one", "body two"]
    assert fired == {"drop_through", "drop", "drop_from"}


def test_rules_apply_only_to_their_kinds() -> None:
    body, fired = cut_chrome("Skip\ntext", "chat", [rule("drop", r"^Skip\n")])
    assert fired == set()
    assert body == [(0, 9)]


def format_rules() -> list[ChromeRule]:
    from pathlib import Path

    from explainer.sources.ingest import load_chrome

    collector = Collector()
    rules = load_chrome(Path(__file__).resolve().parent.parent / "content/formats.yml", "content/formats.yml", collector, required=False)
    assert collector.problems == [] and all(not r.required for r in rules)
    return rules


@pytest.mark.parametrize(
    ("raw", "kind", "kept"),
    [
        ("*  so the the model\n*  learns, you know.\n", "transcript", ["so the the model", "learns, you know."]),
        ("- one line\n- two lines\n", "caption-page", ["one line", "two lines"]),
        ("[00:01:02] we began\n(12:34) and went on\n00:01:05 then\n", "transcript", ["we began", "and went on", "then"]),
        ("- [00:00] I spent 18 months\n- [00:02] turning it\n", "caption-page", ["I spent 18 months", "turning it"]),
        ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000 align:start\nhello there\n\n2\n00:00:04,000 --> 00:00:06,000\n>> and you\n", "caption-page", ["hello there", "and you"]),
        ("[00:00:00] than humans are. >> Before we start &gt;&gt; thank you\n", "transcript", ["than humans are.", "Before we start", "thank you"]),
        ("a >>b and x>>y stay\n", "transcript", ["a >>b and x>>y stay"]),
        ("[0.0s] in the time\n[1034.2s] it takes [3s] too\n", "caption-page", ["in the time", "it takes [3s] too"]),
        ("# Podcast Transcript\n# Show: X\n\nHey everyone\n### Cold open\n\n**0:00** · You need\n**1:27** · Hey, #1 **bold**\n", "transcript",
         ["Hey everyone", "You need", "Hey, #1 **bold**"]),
        ("(upbeat music) Hey listeners. Hi \\[music\\] I'm Matt [Applause] and (laughs) the music (of the spheres)\n", "transcript",
         ["Hey listeners. Hi", "I'm Matt", "and", "the music (of the spheres)"]),  # only a marker between words is one
        ("---\ntitle: x\nduration: 3\n---\nthe words\n", "transcript", ["the words"]),
        ("Titel: Ein Gespräch\nSprache: de\nLangue: fr\nIdioma: es\nChannel: X\nthe words\n", "transcript", ["the words"]),
        ("# Show title\n**Podcast:** [May 1, 2024](https://example.com/v)\n*  the words\n", "transcript", ["the words"]),
        ("## Description\nchapters here\n## Transcript\nthe words\n", "caption-page", ["the words"]),
        ("The article body.\nYou may also like\nAnother story\n", "article", ["The article body."]),
        ("The article body.\n© 2024 Example Media. All rights reserved.\nPrivacy Policy | Terms of Use\n", "article", ["The article body."]),
        ("at 10:30 we met\nand - yes - agreed\n", "transcript", ["at 10:30 we met\nand - yes - agreed"]),  # times and dashes inside a line stay
    ],
)
def test_export_formats_leave_only_the_words(raw: str, kind: str, kept: list[str]) -> None:
    body, _ = cut_chrome(raw, kind, format_rules())
    assert [raw[s:e] for s, e in body] == kept
