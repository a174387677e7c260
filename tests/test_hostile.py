"""Hostile and broken inputs: nothing lost, nothing injected, every problem one clear line.

Seeds come from scraped pages and speech recognition and content files are edited by hand, so
every input is untrusted. These tests feed the generator what a careless or hostile author could,
and check that it refuses with one line per problem, renders seed text as text, never writes half
a file or half a site, and gives the same bytes whatever the hash seed or working folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from explainer.sources.addseed import add_seed
from explainer.claims.claims import load_claims
from explainer.sources.clean import clean
from explainer.site.cli import main
from explainer.sources.corrections import corrections_for, load_corrections
from explainer.errors import Collector, InputError, OutputError, Problem
from explainer.sources.ingest import MAX_SEED_BYTES, Ingested, cut_chrome, decode_seed, load_chrome, read_seed
from explainer.site.pipeline import Layout, load_site, render_site
from explainer.pages.quotes import Match, Miss, find_quote
from explainer.site.writer import RECORD, digest, write_atomically, write_outputs
from tests.conftest import ROOT, VOCABULARY, make_ingested, make_seed

LEX = "004_df5116a7d6976ecd.txt"
ERROR_LINE = re.compile(r"^error: (?P<path>[^:]+)(?::(?P<line>\d+))?: (?:(?P<key>[A-Za-z_]+): )?(?P<message>.+)$")


def run(project: Path, *args: str) -> int:
    return main(["--root", str(project), *args])


def snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): digest(p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, marker: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert text.count(marker) == 1, marker
    return text[: text.index(marker)].count("\n") + 1


def errors(err: str) -> list[str]:
    lines = err.strip().splitlines()
    assert lines and all(ERROR_LINE.match(line) for line in lines), err
    return lines


# --- seeds: encodings, line ends, sizes -------------------------------------------------------


def to_bom_crlf(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def test_chrome_rules_cut_the_same_text_from_a_crlf_seed() -> None:
    article = "Skip to content\nTitle\nTable of Contents\n1. One\n2. Two\nThe body text.\nStay Updated\nSign up now\n"
    rules = load_chrome(ROOT / "content/chrome.yml", "content/chrome.yml", Collector())
    collector = Collector()
    lf = decode_seed(article.encode(), "seeds/a.txt", collector)
    crlf = decode_seed(to_bom_crlf(article.encode()), "seeds/b.txt", collector)
    assert collector.problems == [] and lf is not None and crlf is not None and crlf.count("\r\n") == 8
    lf_body, lf_fired = cut_chrome(lf, "article", rules)
    crlf_body, crlf_fired = cut_chrome(crlf, "article", rules)
    assert [lf[s:e] for s, e in lf_body] == ["Title", "The body text."]
    assert [crlf[s:e] for s, e in crlf_body] == ["Title", "The body text."]
    assert crlf_fired == lf_fired == {"skip link", "table of contents block", "newsletter, community calls, author bio and promo footer"}


def test_every_seed_saved_with_bom_and_crlf_builds_the_same_text(project: Path) -> None:
    before = load_site(Layout(project))
    for path in (project / "seeds").glob("*.txt"):
        path.write_bytes(to_bom_crlf(path.read_bytes()))
    after = load_site(Layout(project))  # every quote, chapter, chrome rule and claim still verifies
    for seed_id, cleaned in before.cleaned.items():
        assert [w.text for w in after.cleaned[seed_id].words] == [w.text for w in cleaned.words], seed_id
    quotes = [(q.seed_id, q.text) for p in after.pages for q in p.quotes]
    assert quotes == [(q.seed_id, q.text) for p in before.pages for q in p.quotes]
    for claim in after.claims:
        raw = after.cleaned[claim.seed_id].ingested.raw
        assert raw[claim.start : claim.end].split() == claim.excerpt.split()


def test_a_quote_across_a_crlf_line_end_verifies() -> None:
    raw = "so um we were\r\nworking at the\r\nlab you know\r\n"
    body, _ = cut_chrome(raw, "transcript", [])
    cleaned = clean(Ingested(make_seed(), raw, tuple(body), frozenset()), [], VOCABULARY, Collector(), "m")
    found = find_quote(cleaned, "We were working at the lab.")
    assert isinstance(found, Match)
    assert raw[cleaned.words[found.first_word].start : cleaned.words[found.last_word].end] == "we were\r\nworking at the\r\nlab"


@pytest.mark.parametrize(
    ("raw", "quote"),
    [
        ("die Straße ist lang", "DIE STRASSE IST LANG"),  # case, as Unicode folds it
        ("ΟΔΟΣ ΚΑΙ", "οδοσ και"),  # a final sigma is a sigma
        ("un café au lait", "un cafe\u0301 au lait"),  # one accent, two encodings
        ("the ﬁrst model", "the first model"),  # a ligature
        ("we heard [Music] and then applause", "we heard [Music] and then applause"),  # brackets in the seed itself
    ],
)
def test_quotes_match_whatever_the_case_and_unicode_form(raw: str, quote: str) -> None:
    cleaned = clean(make_ingested(raw, "article"), [], VOCABULARY, Collector(), "m")
    assert isinstance(find_quote(cleaned, quote), Match)


def test_a_quote_of_many_elisions_is_checked_without_running_out_of_stack() -> None:
    cleaned = clean(make_ingested(" ".join(f"w{i}" for i in range(3000)), "article"), [], VOCABULARY, Collector(), "m")
    quote = " [...] ".join(f"w{2 * i}" for i in range(1200))
    assert find_quote(cleaned, quote) == Match(0, 2398)
    assert isinstance(find_quote(cleaned, quote + " [...] w1"), Miss)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"fine\nalso fine\nbad \xc3\x28 here", "seeds/004_df5116a7d6976ecd.txt:3: not valid UTF-8 at byte 19; expected UTF-8 text"),
        (b"\xef\xbb\xbfok\n\xff", "seeds/004_df5116a7d6976ecd.txt:2: not valid UTF-8 at byte 6; expected UTF-8 text"),
        (b"", "seeds/004_df5116a7d6976ecd.txt: empty seed; expected some text"),
        (b"\xef\xbb\xbf \r\n\t", "seeds/004_df5116a7d6976ecd.txt: empty seed; expected some text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "seeds/004_df5116a7d6976ecd.txt: binary data (NUL byte at offset 8); expected text"),
        ("hello".encode("utf-16"), "seeds/004_df5116a7d6976ecd.txt: UTF-16 text (byte order mark at byte 0); expected UTF-8"),
    ],
)
def test_an_unreadable_seed_is_one_line_naming_file_and_place(
    project: Path, capsys: pytest.CaptureFixture[str], data: bytes, message: str
) -> None:
    (project / "seeds" / LEX).write_bytes(data)
    assert run(project, "check") == 1
    lines = errors(capsys.readouterr().err)
    mine = [line for line in lines if line.startswith(f"error: seeds/{LEX}")]
    assert len(mine) == 1 and mine[0].startswith(f"error: {message}"), lines


def test_a_seed_over_the_size_limit_is_refused_by_name_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (MAX_SEED_BYTES // 5 + 1))
    data = read_seed(big)
    assert len(data) == MAX_SEED_BYTES + 1
    collector = Collector()
    assert decode_seed(data, "seeds/big.txt", collector) is None
    assert [str(p) for p in collector.problems] == [
        f"seeds/big.txt: seed is over the size limit of {MAX_SEED_BYTES} bytes (8 MiB, MAX_SEED_BYTES); expected a smaller text"
    ]


def synthetic_transcript(size: int) -> str:
    """Caption-like text of about size characters made of the real transcript's own phrases."""
    words = (ROOT / "seeds" / LEX).read_text(encoding="utf-8").split()
    chunks, total, index = [], 0, 0
    while total < size:
        chunk = " ".join(words[index % (len(words) - 40) : index % (len(words) - 40) + 40]) + "\n"
        chunks.append(chunk)
        total += len(chunk)
        index += 977
    chunks.insert(len(chunks) // 2, "the unmistakable zebra quokka platypus sentence\n")
    return "".join(chunks)


def time_stages(text: str, tmp_path: Path) -> float:
    """Seconds to ingest, clean, check claims and find a quote in one seed of text."""
    rules = load_chrome(ROOT / "content/chrome.yml", "content/chrome.yml", Collector())
    corrections, vocabulary = load_corrections(ROOT / "content/corrections.yml", "c", {"lex-fridman-452", "amodei-dwarkesh-2023"}, Collector())
    mine = corrections_for("lex-fridman-452", True, corrections)
    registry = tmp_path / "claims.yml"
    registry.write_text(
        "claims:\n- {id: zebra, seed: big, excerpt: zebra quokka platypus, speaker: A, type: fact, page: p, verdict: accurate, note: n, reviewed: '2026'}\n"
        "- {id: scaling, seed: big, excerpt: scaling laws, occurrence: 1, speaker: A, type: fact, page: p, verdict: accurate, note: n, reviewed: '2026'}\n",
        encoding="utf-8",
    )
    data = text.encode("utf-8")
    started = time.perf_counter()
    collector = Collector()
    raw = decode_seed(data, "seeds/big.txt", collector)
    assert raw is not None
    body, fired = cut_chrome(raw, "transcript", rules)
    ingested = Ingested(make_seed("transcript", "big"), raw, tuple(body), frozenset(fired))
    cleaned = clean(ingested, mine, vocabulary, collector, "m")
    claims, _ = load_claims(registry, "claims.yml", {"big": cleaned}, {"p"}, collector)
    found = find_quote(cleaned, "the [...] the [...] unmistakable zebra quokka platypus")
    elapsed = time.perf_counter() - started
    assert collector.problems == [] and len(claims) == 2 and isinstance(found, Match)
    return elapsed


def test_a_big_seed_builds_in_linear_time(tmp_path: Path) -> None:
    small = synthetic_transcript(1 << 20)
    large = synthetic_transcript(5 << 20)
    assert len(large.encode()) < MAX_SEED_BYTES
    ratio = time_stages(large, tmp_path) / time_stages(small, tmp_path)
    assert ratio < 12, f"5x the text took {ratio:.1f}x the time; expected about 5x (linear)"


# --- seed text is shown as text ---------------------------------------------------------------

HOSTILE = [
    "Hostile page",
    '<script>alert("seed")</script> and <img src=x onerror=alert(1)> here.',
    'A [link](javascript:alert(1)) and ![image](http://evil.example/x.png) and <a href="javascript:alert(2)">click</a>.',
    'Templates {{ config.site_name }} and {% include "base.html" %} and :smile: and *emph* and `code` and # no heading.',
    '<!-- open &amp; &lt; <div markdown="1">**bold**</div> ]]> --> <iframe src="http://evil.example/"></iframe>.',
    "<style>body{display:none}</style> <form action=x><input></form> [^1] [[wiki]] &#60;b&#62;",
]
HOSTILE_EXCERPT = '<script>alert("seed")</script> and <img src=x onerror=alert(1)>'


class _Page(HTMLParser):
    """The text and the tags of a built page's <article>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif self.depth:
            self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def article_of(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def add_hostile_seed(project: Path, tmp_path: Path) -> str:
    source = tmp_path / "hostile.txt"
    source.write_text("\n".join(HOSTILE) + "\n", encoding="utf-8")
    seed_id = add_seed(Layout(project), source, "article", "A hostile page", "", "", ["A. Writer"])
    claim = (
        f"claims:\n- id: hostile-excerpt\n  seed: {seed_id}\n  excerpt: '{HOSTILE_EXCERPT}'\n  speaker: A. Writer\n  type: fact\n  page: model-tiers\n"
        "  verdict: accurate\n  note: Shown as text.\n  reviewed: '2026-11-22'\n"
    )
    edit(project / "content/claims.yml", "claims:\n", claim)
    return seed_id


def test_hostile_seed_text_is_inert_in_the_generated_markdown(project: Path, tmp_path: Path) -> None:
    seed_id = add_hostile_seed(project, tmp_path)
    files = render_site(load_site(Layout(project)))
    source = files[f"sources/{seed_id}/index.md"].decode()
    text = source.split("{#text}", 1)[1]
    assert re.findall(r"<(?!/?(?:p|h3|ins)[ >])", text) == []  # only the generator's own tags
    assert re.findall(r"&(?!(?:lt|gt|amp|quot|#x?[0-9a-f]+);)", text) == []
    for line in HOSTILE:
        assert " ".join(line.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") in text
    for name in ("model-tiers.md", "claims.md"):
        body = files[name].decode().split("\n---\n", 1)[1]  # the front matter is data, not Markdown
        assert "&#60;script&#62;alert&#40;&#34;seed&#34;&#41;&#60;/script&#62;" in body, name
        assert "<script" not in body and "<img" not in body, name


def test_hostile_seed_builds_to_text_not_markup(project: Path, tmp_path: Path) -> None:
    seed_id = add_hostile_seed(project, tmp_path)
    assert run(project, "build") == 0
    site = project / "site"
    source = site / "sources" / seed_id / "index.html"
    page = article_of(source)
    shown = " ".join("".join(page.text).split())
    for line in HOSTILE[1:]:
        assert " ".join(line.split()) in shown, line  # as written: no template ran, no Markdown or emoji applied
    paragraphs = re.findall(r'<p id="p\d+">(.*?)</p>', source.read_text(encoding="utf-8"), re.S)
    assert len(paragraphs) == len(HOSTILE) - 1 and all("<" not in inner for inner in paragraphs)
    for path in (source, site / "model-tiers" / "index.html", site / "claims" / "index.html"):
        built = article_of(path)
        assert not {tag for tag, _ in built.tags} & {"script", "img", "iframe", "style", "form", "input"}, path
        assert not [a for _, a in built.tags for v in a.values() if v and v.strip().lower().startswith("javascript:")], path
        assert not [a for _, a in built.tags if any(name.startswith("on") for name in a)], path
        assert HOSTILE_EXCERPT in " ".join("".join(built.text).split()), path
        html = path.read_text(encoding="utf-8")  # the head too: titles, descriptions, structured data
        assert '<script>alert("seed")' not in html and "<img src=x" not in html, path


@pytest.mark.parametrize(
    ("title", "problem"),
    [
        ('Evil "><script>alert(1)</script>', "holds '\"'"),
        ("Fish &lt;/title&gt;", "holds '&l'"),
        ("Two\u2028lines", "control character"),
    ],
)
def test_a_title_that_would_reach_the_html_head_as_markup_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str, problem: str
) -> None:
    # The theme prints page titles and descriptions into <title> and <meta> unescaped.
    manifest = project / "seeds" / "manifest.yml"
    before = manifest.read_bytes()
    source = tmp_path / "talk.txt"
    source.write_text("some text\n", encoding="utf-8")
    assert run(project, "add-seed", str(source), "--kind", "article", "--title", title) == 1
    (line,) = errors(capsys.readouterr().err)
    assert line.startswith(f"error: {source}: TITLE: ") and problem in line and "expected plain text" in line
    assert manifest.read_bytes() == before and not (project / "seeds" / "talk.txt").exists()
    edit(manifest, 'title: "Training a Large Language Model is Like Growing a Plant"', f"title: {json.dumps(title)}")
    assert run(project, "check") == 1
    (line,) = errors(capsys.readouterr().err)
    assert line.startswith(f"error: seeds/manifest.yml:{line_of(manifest, json.dumps(title))}: title: ") and problem in line


@pytest.mark.parametrize(
    ("path", "old", "new", "key"),
    [
        ("seeds/manifest.yml", "url: https://www.dwarkeshpatel.com/p/dario-amodei", "url: javascript:alert(1)", "url"),
        ("seeds/manifest.yml", "url: https://www.dwarkeshpatel.com/p/dario-amodei", "url: https://x.org/><script>alert(1)</script", "url"),
        ("content/claims.yml", "url: https://arxiv.org/abs/2001.08361", "url: https://arxiv.org/abs/2001.08361)![x](https://evil.example/x.png", "url"),
        ("seeds/manifest.yml", "file: 001_b1850fbeb5d2e7b9.txt", "file: page.md", "file"),
        ("seeds/manifest.yml", "file: 001_b1850fbeb5d2e7b9.txt", "file: ../content/claims.yml", "file"),
    ],
)
def test_links_and_file_names_that_could_inject_markup_are_refused(
    project: Path, capsys: pytest.CaptureFixture[str], path: str, old: str, new: str, key: str
) -> None:
    edit(project / path, old, new)
    assert run(project, "check") == 1
    lines = [line for line in errors(capsys.readouterr().err) if line.startswith(f"error: {path}:")]
    value = new.split(": ", 1)[1]
    assert lines and f": {key}: {value!r} " in lines[0] and "expected" in lines[0], lines


# --- invalid inputs: one line each, all at once ------------------------------------------------

CASES = [
    # path, old, new, the line's marker, key, the offending value shown
    ("seeds/manifest.yml", "file: 000_6314641456e20574.txt", "file: missing.txt", "file: missing.txt", "file", "'missing.txt'"),
    ("seeds/manifest.yml", "id: letsai-growing-a-plant", "id: claude-chat-weights",
     "id: claude-chat-weights\n    file: 001", "id", "'claude-chat-weights'"),
    ("seeds/manifest.yml", "kind: transcript", "kind: podcast", "kind: podcast", "kind", "'podcast'"),
    ("seeds/manifest.yml", "    publisher: LetsAI (blog)", "    publisher: LetsAI (blog)\n    colour: red", "colour: red", "colour", "colour"),
    ("content/claims.yml", "verdict: inaccurate", "verdict: inacurate", "verdict: inacurate", "verdict", "'inacurate'"),
    ("content/claims.yml", "page: interpretability", "page: no-such-page", "page: no-such-page", "page", "'no-such-page'"),
    ("content/claims.yml", "excerpt: then claw 35 Sonet in July", "excerpt: then claw 35 Sonet in August",
     "excerpt: then claw 35 Sonet in August", "excerpt", "'then claw 35 Sonet in August'"),
    ("content/claims.yml", "  seed: lex-fridman-452\n  excerpt: then claw", "  seed: lex-fridman-452\n  sorce: x\n  excerpt: then claw",
     "sorce: x", "sorce", "sorce"),
    ("content/pages/model-tiers.md", "is a large work", "is a huge work",
     "/// quote | lex-fridman-452 | Dario Amodei\nand Opus, like a magnum opus, is a huge work", "quote", "'huge'"),
    ("content/chrome.yml", "drop: '^[ \\t]*Skip to content[ \\t]*$'", "drop: '^(Skip to content'", "drop: '^(Skip", "drop", "regular expression"),
]


@pytest.mark.parametrize(("path", "old", "new", "marker", "key", "value"), CASES)
def test_each_problem_is_one_line_with_file_line_key_value_and_expectation(
    project: Path, capsys: pytest.CaptureFixture[str], path: str, old: str, new: str, marker: str, key: str, value: str
) -> None:
    edit(project / path, old, new)
    assert run(project, "check") == 1
    lines = errors(capsys.readouterr().err)
    line = line_of(project / path, marker)
    mine = [entry for entry in lines if entry.startswith(f"error: {path}:{line}: {key}: ")]
    assert len(mine) == 1, lines
    assert value in mine[0] and ("expected" in mine[0] or "one of:" in mine[0]), mine[0]


def test_all_problems_of_a_run_are_reported_together_and_docs_stay(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "pages") == 0
    before = snapshot(project / "docs")
    capsys.readouterr()
    expected = []
    for path, old, new, marker, key, _ in CASES[1:]:  # a missing seed file would add follow-on errors
        edit(project / path, old, new)
    for path, _, _, marker, key, _ in CASES[1:]:
        expected.append(f"error: {path}:{line_of(project / path, marker)}: {key}: ")
    assert run(project, "pages") == 1
    lines = errors(capsys.readouterr().err)
    for start in expected:
        assert sum(line.startswith(start) for line in lines) == 1, (start, lines)
    assert snapshot(project / "docs") == before


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("seeds/manifest.yml", "seeds:\n", "seeds: [\n"),
        ("content/claims.yml", "  verdict: inaccurate\n", "  verdict: [inaccurate\n"),
        ("content/pages/model-tiers.md", "order: 2\n", "order: [2\n"),
    ],
)
def test_malformed_yaml_is_one_line_with_its_line(project: Path, capsys: pytest.CaptureFixture[str], path: str, old: str, new: str) -> None:
    edit(project / path, old, new)
    assert run(project, "check") == 1
    lines = [line for line in errors(capsys.readouterr().err) if "invalid YAML" in line]
    assert len(lines) == 1 and re.match(rf"error: {re.escape(path)}:\d+: invalid YAML: ", lines[0]), lines


def test_a_page_front_matter_error_does_not_hide_the_other_problems(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "content/pages/model-tiers.md", "order: 2\n", "order: [2\n")
    edit(project / "content/claims.yml", "verdict: inaccurate", "verdict: inacurate")
    edit(project / "content/pages/rsp-testing.md", "## Race to the top {#race-to-the-top}", "## Race to the top")
    assert run(project, "check") == 1
    err = capsys.readouterr().err
    assert "model-tiers.md" in err and "'inacurate'" in err and "needs an explicit id" in err


@pytest.mark.parametrize("name", ["index", "claims", "Bad_Name"])
def test_a_page_whose_name_would_replace_a_generated_page_is_refused(project: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    pages = project / "content" / "pages"
    (pages / f"{name}.md").write_bytes((pages / "model-tiers.md").read_bytes().replace(b"order: 2", b"order: 7"))
    assert run(project, "check") == 1
    lines = errors(capsys.readouterr().err)
    assert any(line.startswith(f"error: content/pages/{name}.md: '{name}' is ") and "expected" in line for line in lines), lines


def test_messages_with_control_characters_stay_one_line() -> None:
    problem = Problem("seeds/x.txt", 3, "quote", 'text "\x1b[2Jgone\nforged: line\u202e"')
    assert str(problem) == 'seeds/x.txt:3: quote: text "\\x1b[2Jgone\\nforged: line\\u202e"'


def test_debug_shows_the_traceback_for_add_seed(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "--debug", "add-seed", str(tmp_path / "none.txt"), "--kind", "article", "--title", "T"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and err.strip().splitlines()[-1] == f"error: {tmp_path / 'none.txt'}: SEED: no such file; expected the path of a text document"


# --- add-seed ----------------------------------------------------------------------------------


def test_add_seed_appends_and_never_rewrites_an_entry(project: Path, tmp_path: Path) -> None:
    manifest = project / "seeds" / "manifest.yml"
    before = manifest.read_text(encoding="utf-8")
    source = tmp_path / "talk.txt"
    source.write_bytes(to_bom_crlf("so um we talked\nabout scaling\n".encode()))
    assert add_seed(Layout(project), source, "transcript", "Ein Gespräch", "2024-01", "https://example.org/talk_(1)", ["Zoë"]) == "ein-gesprach"
    after = manifest.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n") + "\n") and "Gespräch" in after
    assert (project / "seeds" / "talk.txt").read_bytes() == source.read_bytes()
    assert manifest.stat().st_mode & 0o777 == (ROOT / "seeds/manifest.yml").stat().st_mode & 0o777
    site = load_site(Layout(project))
    assert site.seeds["ein-gesprach"].speakers == ("Zoë",) and site.seeds["ein-gesprach"].url == "https://example.org/talk_(1)"
    with pytest.raises(InputError) as again:
        add_seed(Layout(project), source, "transcript", "EIN GESPRÄCH", "", "", [])
    assert {p.key for p in again.value.problems} == {"TITLE", "SEED"}
    assert manifest.read_text(encoding="utf-8") == after


def seeds_state(project: Path) -> dict[str, str]:
    return snapshot(project / "seeds")


@pytest.mark.parametrize(
    ("name", "data", "args", "expected"),
    [
        ("talk.md", b"text\n", ["--title", "A talk"], r"^error: {src}: SEED: 'talk\.md' is not a seed file name; expected a plain \.txt name"),
        ("talk.html", b"<script>x</script>\n", ["--title", "A talk"], r"^error: {src}: SEED: 'talk\.html' is not a seed file name"),
        ("talk.txt", b"ok\n\xff\xfe", ["--title", "A talk"], r"^error: {src}:2: not valid UTF-8 at byte 3; expected UTF-8 text$"),
        ("talk.txt", b"", ["--title", "A talk"], r"^error: {src}: empty seed; expected some text$"),
        ("talk.txt", b"text\n", ["--title", "A talk", "--url", "javascript:alert(1)"], r"^error: {src}: URL: 'javascript:alert\(1\)' is not an http\(s\) URL; expected"),
        ("talk.txt", b"text\n", ["--title", "A talk", "--date", "yesterday"], r"^error: {src}: DATE: 'yesterday' is not a real date; expected"),
        ("talk.txt", b"text\n", ["--title", "Training a large language model is like growing a plant"],
         r"^error: seeds/manifest\.yml:{line}: TITLE: .* collides with seed 'letsai-growing-a-plant'; choose another title$"),
    ],
)
def test_add_seed_refuses_with_one_line_and_writes_nothing(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, args: list[str], expected: str
) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    before = seeds_state(project)
    assert run(project, "add-seed", str(source), "--kind", "article", *args) == 1
    (line,) = errors(capsys.readouterr().err)
    manifest_line = line_of(project / "seeds/manifest.yml", "  - id: letsai-growing-a-plant")
    assert re.match(expected.format(src=re.escape(str(source)), line=manifest_line), line), line
    assert seeds_state(project) == before


def test_add_seed_refuses_a_manifest_it_cannot_append_to(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = project / "seeds" / "manifest.yml"
    data = load_site(Layout(project))
    flow = {"seeds": [{"id": s.id, "file": s.file, "title": s.title, "kind": s.kind, "speakers": list(s.speakers),
                       "reliability": s.reliability, "reliability_note": s.reliability_note} for s in data.seeds.values()]}
    manifest.write_text(json.dumps(flow, indent=1), encoding="utf-8")
    before = seeds_state(project)
    source = tmp_path / "talk.txt"
    source.write_text("text\n", encoding="utf-8")
    assert run(project, "add-seed", str(source), "--kind", "article", "--title", "A talk") == 1
    (line,) = errors(capsys.readouterr().err)
    assert line.startswith("error: seeds/manifest.yml: the new entry cannot be appended")
    assert seeds_state(project) == before


# --- nothing lost: docs/ and site/ ----------------------------------------------------------------


def test_every_write_replaces_the_whole_file_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_outputs(tmp_path, {"a.md": b"old A", "b.md": b"old B"}, "docs")
    seen: list[tuple[str, bytes, bytes]] = []
    real_replace = os.replace

    def replace(source: str, target: str) -> None:
        seen.append((Path(target).name, Path(target).read_bytes(), Path(source).read_bytes()))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    write_outputs(tmp_path, {"a.md": b"new A", "b.md": b"new B"}, "docs")
    assert ("a.md", b"old A", b"new A") in seen and ("b.md", b"old B", b"new B") in seen


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.md"
    target.write_bytes(b"old")
    target.chmod(0o640)

    def broken(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["a.md"]
    monkeypatch.undo()
    write_atomically(target, b"new")
    write_atomically(tmp_path / "fresh.md", b"x")
    assert target.stat().st_mode & 0o777 == 0o640 and (tmp_path / "fresh.md").stat().st_mode & 0o777 == 0o644


def test_a_damaged_record_protects_every_file(tmp_path: Path) -> None:
    write_outputs(tmp_path, {"a.md": b"A"}, "docs")
    for damaged in (b"[]", b'{"files": ["a.md"]}', b"\xff", b"{"):
        (tmp_path / RECORD).write_bytes(damaged)
        with pytest.raises(OutputError) as caught:
            write_outputs(tmp_path, {"a.md": b"A2"}, "docs")
        assert "docs/a.md: exists but was not generated" in str(caught.value)
        assert (tmp_path / "a.md").read_bytes() == b"A"


def test_a_record_never_leads_the_writer_outside_its_folder(tmp_path: Path) -> None:
    docs, outside = tmp_path / "docs", tmp_path / "precious.txt"
    outside.write_bytes(b"keep me")
    write_outputs(docs, {"a.md": b"A"}, "docs")
    record = json.loads((docs / RECORD).read_text(encoding="utf-8"))
    record["files"]["../precious.txt"] = digest(b"keep me")
    record["files"][str(outside)] = digest(b"keep me")
    (docs / RECORD).write_text(json.dumps(record), encoding="utf-8")
    write_outputs(docs, {"a.md": b"A"}, "docs")
    assert outside.read_bytes() == b"keep me"


def test_a_folder_or_file_in_the_way_stops_the_run_before_any_write(tmp_path: Path) -> None:
    write_outputs(tmp_path, {"a.md": b"A", "z.md": b"Z"}, "docs")
    (tmp_path / "sources").write_bytes(b"a file where a folder must go")
    (tmp_path / "new.md").mkdir()
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "link").symlink_to(tmp_path / "nowhere")  # a broken link is in the way too
    for force in (False, True):
        with pytest.raises(OutputError) as caught:
            write_outputs(tmp_path, {"a.md": b"A2", "new.md": b"N", "sources/x/index.md": b"X", "sources/y.md": b"Y",
                                     "deep/er/link/a.md": b"D", "z.md": b"Z2"}, "docs", force=force)
        assert sorted(str(p) for p in caught.value.problems) == [
            "docs/deep/er/link/a.md: cannot be written: deep/er/link is a file where a folder must go; move it out of the way",
            "docs/new.md: cannot be written: new.md is a folder where a generated file must go; move it out of the way",
            "docs/sources/x/index.md: cannot be written: sources is a file where a folder must go; move it out of the way",
            "docs/sources/y.md: cannot be written: sources is a file where a folder must go; move it out of the way",
        ]
        assert (tmp_path / "a.md").read_bytes() == b"A" and (tmp_path / "z.md").read_bytes() == b"Z"


def break_a_link(project: Path) -> None:
    edit(project / "content/pages/rsp-testing.md", "\n## Race to the top {#race-to-the-top}",
         "\nSee [the lost page](no-such-page.md) and [a lost part](#no-such-anchor).\n\n## Race to the top {#race-to-the-top}")


def test_a_broken_link_in_a_page_fails_the_build_by_name_and_keeps_the_old_site(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    old_site = project / "site"
    (old_site / "assets").mkdir(parents=True)
    (old_site / "index.html").write_text("<p>the previous build</p>", encoding="utf-8")
    (old_site / "assets" / "x.css").write_text("p {}", encoding="utf-8")
    before = snapshot(old_site)
    break_a_link(project)
    assert run(project, "build") == 1
    out = capfd.readouterr()
    logged = out.out + out.err
    assert "'rsp-testing.md' contains a link 'no-such-page.md'" in logged
    assert "'rsp-testing.md' contains a link '#no-such-anchor'" in logged
    assert snapshot(old_site) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_a_failed_site_build_leaves_docs_unchanged(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(project, "pages") == 0
    before = snapshot(project / "docs")
    break_a_link(project)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 1))  # mkdocs fails
    assert run(project, "build") == 1
    assert snapshot(project / "docs") == before


# --- reproducible ----------------------------------------------------------------------------------

HASH_DOCS = """
import hashlib, sys
from pathlib import Path
from explainer.site.pipeline import Layout, load_site, render_site
files = render_site(load_site(Layout(Path(sys.argv[1]))))
print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())
"""


def test_docs_are_byte_identical_across_hash_seeds_and_working_folders(tmp_path: Path) -> None:
    runs = [("1", ROOT, str(ROOT)), ("4242", tmp_path, str(ROOT)), ("random", ROOT, ".")]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", HASH_DOCS, root], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")},
        )
        for seed, cwd, root in runs
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert all(process.returncode == 0 for process in processes), [err for _, err in outputs]
    hashes = {out.strip() for out, _ in outputs}
    assert len(hashes) == 1
    files = render_site(load_site(Layout(ROOT)))
    assert hashes == {hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest()}
