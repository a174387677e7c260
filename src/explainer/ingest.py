"""Decodes a seed and finds its body: the text that remains once page chrome is cut away."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from explainer.errors import Collector
from explainer.fields import Fields
from explainer.model import KINDS, Seed
from explainer.yamlfile import load_yaml

MAX_SEED_BYTES = 8 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
ACTIONS = ("drop", "drop_through", "drop_from")


@dataclass(frozen=True)
class ChromeRule:
    """A pattern of page chrome, for the seed kinds it applies to."""

    name: str
    kinds: tuple[str, ...]
    action: str
    pattern: re.Pattern[str]
    line: int


@dataclass(frozen=True)
class Ingested:
    """A seed's decoded text and the ranges of it that are content."""

    seed: Seed
    raw: str
    body: tuple[tuple[int, int], ...]
    fired: frozenset[str]


def load_chrome(path: Path, shown: str, collector: Collector) -> list[ChromeRule]:
    """The chrome rules of content/chrome.yml."""
    data = load_yaml(path, shown)
    top = Fields(data, shown, 1, collector, "the chrome rules")
    top.allow_only("rules")
    rules = []
    for item, line in top.items("rules"):
        fields = Fields(item, shown, line, collector, "a chrome rule")
        fields.allow_only("name", "kinds", *ACTIONS)
        name = fields.text("name")
        kinds = tuple(fields.text_list("kinds", required=True))
        for kind in kinds:
            if kind not in KINDS:
                fields.problem("kinds", f"{kind!r} is not one of: {', '.join(KINDS)}")
        actions = [key for key in ACTIONS if key in fields.mapping]
        if len(actions) != 1:
            fields.problem("", f"a rule needs exactly one of: {', '.join(ACTIONS)}")
            continue
        source = fields.text(actions[0])
        try:
            pattern = re.compile(source, re.MULTILINE)
        except re.error as error:
            fields.problem(actions[0], f"invalid regular expression: {error}")
            continue
        rules.append(ChromeRule(name, kinds, actions[0], pattern, line))
    return rules


def decode_seed(data: bytes, shown: str, collector: Collector) -> str | None:
    """The seed's text (UTF-8, BOM dropped, line ends kept), or None after reporting why not."""
    if len(data) > MAX_SEED_BYTES:
        collector.add(shown, 0, "", f"seed is {len(data)} bytes; the limit is {MAX_SEED_BYTES}")
        return None
    if data.startswith(BOM):
        data = data[len(BOM):]
    if b"\x00" in data:
        collector.add(shown, 0, "", f"binary data (NUL byte at offset {data.index(0)}); expected text")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        collector.add(shown, line, "", f"not valid UTF-8 at byte {error.start}; expected UTF-8 text")
        return None
    if not text.strip():
        collector.add(shown, 0, "", "empty seed; expected some text")
        return None
    return text


def cut_chrome(raw: str, kind: str, rules: list[ChromeRule]) -> tuple[list[tuple[int, int]], set[str]]:
    """The ranges of raw that are content, trimmed of white space, and the rules that fired."""
    dropped: list[tuple[int, int]] = []
    fired: set[str] = set()
    for rule in rules:
        if kind not in rule.kinds:
            continue
        for match in rule.pattern.finditer(raw):
            if rule.action == "drop":
                dropped.append((match.start(), match.end()))
            elif rule.action == "drop_through":
                dropped.append((0, match.end()))
            else:
                dropped.append((match.start(), len(raw)))
            fired.add(rule.name)
            if rule.action != "drop":
                break
    kept: list[tuple[int, int]] = []
    position = 0
    for start, end in sorted(dropped):
        if start > position:
            kept.append((position, start))
        position = max(position, end)
    if position < len(raw):
        kept.append((position, len(raw)))
    return [span for span in (_trim(raw, s, e) for s, e in kept) if span[0] < span[1]], fired


def _trim(raw: str, start: int, end: int) -> tuple[int, int]:
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    return start, end


def ingest(seed: Seed, shown: str, rules: list[ChromeRule], collector: Collector) -> Ingested | None:
    """Reads one seed and cuts its chrome; None when it cannot be read."""
    try:
        data = seed.path.read_bytes()
    except OSError as error:
        collector.add(shown, 0, "", f"cannot read seed: {error.strerror}")
        return None
    raw = decode_seed(data, shown, collector)
    if raw is None:
        return None
    body, fired = cut_chrome(raw, seed.kind, rules)
    if not body:
        collector.add(shown, 0, "", "nothing is left once page chrome is cut; expected content")
        return None
    return Ingested(seed, raw, tuple(body), frozenset(fired))
