"""Decodes a seed and finds its body: the text that remains once page chrome is cut away."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from explainer.errors import Collector
from explainer.fields import Fields, read_fields
from explainer.model import KINDS, Seed


MAX_SEED_BYTES = 8 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ACTIONS = ("drop", "drop_through", "drop_from")


@dataclass(frozen=True)
class ChromeRule:
    """A pattern of page chrome, for the seed kinds it applies to."""

    name: str
    kinds: tuple[str, ...]
    action: str
    pattern: re.Pattern[str]
    line: int
    path: str = "content/chrome.yml"  # the file that declares it, as shown in messages
    when: tuple[str, ...] = ()  # tried only on a seed that holds one of these texts: a quick test before the pattern
    required: bool = True  # a site's chrome rule must match some seed; a common export format need not


@dataclass(frozen=True)
class Ingested:
    """A seed's decoded text and the ranges of it that are content."""

    seed: Seed
    raw: str
    body: tuple[tuple[int, int], ...]
    fired: frozenset[str]


def load_chrome(path: Path, shown: str, collector: Collector, required: bool = True) -> list[ChromeRule]:
    """The rules of content/chrome.yml (sites' chrome, each required to match some seed) or of
    content/formats.yml (common export formats, required=False); none after reporting a file that
    cannot be read."""
    top = read_fields(path, shown, collector, "the chrome rules" if required else "the export formats")
    if top is None:
        return []
    top.allow_only("rules")
    rules = []
    for item, line in top.items("rules"):
        fields = Fields(item, shown, line, collector, "a chrome rule")
        fields.allow_only("name", "kinds", "when", *ACTIONS)
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
            fields.problem(actions[0], f"invalid regular expression ({error}); expected a Python regular expression")
            continue
        rules.append(ChromeRule(name, kinds, actions[0], pattern, line, shown, tuple(fields.text_list("when")), required))
    return rules


def read_seed(path: Path) -> bytes:
    """A seed's bytes, never more than one past MAX_SEED_BYTES, so that a huge file is refused unread."""
    with path.open("rb") as stream:
        return stream.read(MAX_SEED_BYTES + 1)


def decode_seed(data: bytes, shown: str, collector: Collector) -> str | None:
    """The seed's text (UTF-8, BOM dropped, line ends kept), or None after reporting why not.

    Byte offsets in messages count from the start of the file, BOM included.
    """
    if len(data) > MAX_SEED_BYTES:
        collector.add(shown, 0, "", f"seed is over the size limit of {MAX_SEED_BYTES} bytes (8 MiB, MAX_SEED_BYTES); expected a smaller text")
        return None
    if data.startswith(UTF16_BOMS):
        collector.add(shown, 0, "", "UTF-16 text (byte order mark at byte 0); expected UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8")
        return None
    skipped = len(BOM) if data.startswith(BOM) else 0
    if b"\x00" in data:
        collector.add(shown, 0, "", f"binary data (NUL byte at offset {data.index(0)}); expected text")
        return None
    try:
        text = data[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skipped + error.start
        line = data[:offset].count(b"\n") + 1
        collector.add(shown, line, "", f"not valid UTF-8 at byte {offset}; expected UTF-8 text")
        return None
    if not text.strip():
        collector.add(shown, 0, "", "empty seed; expected some text")
        return None
    return text


def _lf_view(raw: str) -> tuple[str, Callable[[int], int]]:
    """The text with CRLF and CR line ends read as LF, and a map of its offsets back to raw's."""
    if "\r" not in raw:
        return raw, lambda offset: offset
    dropped = [match.start() - index for index, match in enumerate(re.finditer("\r\n", raw))]
    return raw.replace("\r\n", "\n").replace("\r", "\n"), lambda offset: offset + bisect_left(dropped, offset)


def cut_chrome(raw: str, kind: str, rules: list[ChromeRule]) -> tuple[list[tuple[int, int]], set[str]]:
    """The ranges of raw that are content, trimmed of white space, and the rules that fired.

    Rules see every line end as LF, so that one rule serves seeds saved with CRLF too. A rule that
    drops a line's prefix (a bullet, a timestamp) leaves the rest of the line as a range of its own,
    so every word keeps its place in the raw text. A rule with `when` texts is tried only where one
    of them occurs: a regular expression that starts at every line costs about 10 ms per MB of seed,
    a substring test a hundredth of that.
    """
    text, to_raw = _lf_view(raw)
    dropped: list[tuple[int, int]] = []
    fired: set[str] = set()
    for rule in rules:
        if kind not in rule.kinds or rule.when and not any(map(text.__contains__, rule.when)):
            continue
        for match in rule.pattern.finditer(text):
            start, end = to_raw(match.start()), to_raw(match.end())
            if rule.action == "drop":
                dropped.append((start, end))
            elif rule.action == "drop_through":
                dropped.append((0, end))
            else:
                dropped.append((start, len(raw)))
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
        data = read_seed(seed.path)
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
