"""An author's flow: a new source and a new page need no edit outside content/ and seeds/, drafts
stay out of the published site, and the small things an author meets give clear answers."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from explainer.sources.addseed import MAX_ID_LENGTH, slugify
from explainer.site.cli import main
from explainer.fields import date_problem
from explainer.site.navblock import checksum, with_topics
from explainer.site.pipeline import Layout, load_site, render_site
from explainer.render.render_index import number_word
from tests.conftest import ROOT
from tests.test_serve import free_port, start_serve, wait_for

NEW_SEED = (
    "so um today we talk about compute and the the models get better\n"
    "when you add more compute and data that is the idea in a nutshell\n"
    "and it may hold for a while yet\n"
)
QUOTE = "the models get better when you add more compute and data"


def run(project: Path, *args: str) -> int:
    return main(["--root", str(project), *args])


def errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_source(project: Path, tmp_path: Path, *extra: str) -> str:
    """A sixth (or further) source, added by `make add-seed`'s command; returns its id."""
    source = tmp_path / "new_talk.txt"
    source.write_text(NEW_SEED, encoding="utf-8")
    assert run(project, "add-seed", str(source), "--kind", "transcript", "--title", "A new talk about compute",
               "--speakers", "Ann Author, Bo Guest", *extra) == 0
    manifest = (project / "seeds" / "manifest.yml").read_text(encoding="utf-8")
    found = re.findall(r"^  - id: (\S+)$", manifest, re.M)
    return found[-1]


def write_page(project: Path, page_id: str, seed_id: str, order: int, draft: bool = False, speaker: str = "Ann Author") -> None:
    (project / "content" / "pages" / f"{page_id}.md").write_text(
        "---\n"
        "title: Compute and data\n"
        "description: What a new talk says about adding compute and data.\n"
        "summary: A new talk says models improve with compute and data.\n"
        "objectives:\n  - Say what the new talk claims about compute.\n"
        "reviewed: '2026-12-01'\nupdated: '2026-12-01'\n"
        f"order: {order}\n" + ("draft: true\n" if draft else "") + "---\n\n"
        "## What it says {#what-it-says}\n\n"
        f"/// quote | {seed_id} | {speaker}\n{QUOTE}\n///\n",
        encoding="utf-8",
    )


def add_claim(project: Path, claim_id: str, seed_id: str, excerpt: str, page: str, speaker: str = "Ann Author") -> None:
    """A claim appended to the claims list of content/claims.yml (before its dismissed list)."""
    registry = project / "content" / "claims.yml"
    text = registry.read_text(encoding="utf-8")
    entry = (f"- id: {claim_id}\n  seed: {seed_id}\n  excerpt: {json.dumps(excerpt)}\n  speaker: {speaker}\n  type: fact\n  page: {page}\n"
             "  verdict: accurate\n  note: Checked for this test.\n  reviewed: '2026-12-01'\n")
    at = text.index("\ndismissed:") + 1
    registry.write_text(text[:at] + entry + text[at:], encoding="utf-8")


def nav_entries(project: Path) -> list[str]:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    block = config.split("# BEGIN generated topics", 1)[1].split("# END generated topics", 1)[0]
    return re.findall(r"^\s*- (\S+)\.md$", block, re.M)


# --- a new source and a new page, built whole -----------------------------------------------------


def test_a_sixth_source_and_a_fifth_page_need_no_other_edit(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = load_site(Layout(project))
    seed_id = add_source(project, tmp_path)
    last = max(page.order for page in before.pages)
    write_page(project, "compute-and-data", seed_id, last + 1)
    add_claim(project, "new-talk-compute", seed_id, QUOTE, "compute-and-data")
    assert run(project, "build") == 0, capsys.readouterr().err  # mkdocs build --strict, through the CLI
    site = project / "site"
    assert nav_entries(project) == [page.id for page in before.pages] + ["compute-and-data"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="compute-and-data/" class="md-nav__link">' in home  # in the built navigation
    article = home.split("<article", 1)[1].split("</article>", 1)[0]
    assert 'href="compute-and-data/"' in article  # and on the home page's topic list
    assert f"explain {number_word(len(before.pages) + 1)} topics" in article
    assert f"from {number_word(len(before.seeds) + 1)} source documents" in article
    assert "compute-and-data/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "compute-and-data/" in (site / "links.json").read_text(encoding="utf-8")
    page = (site / "compute-and-data" / "index.html").read_text(encoding="utf-8")
    assert "claim-new-talk-compute" in page and f"sources/{seed_id}/" in page
    source = (site / "sources" / seed_id / "index.html").read_text(encoding="utf-8")
    assert "Reliability: not yet reviewed" in source
    assert "<td>not yet reviewed</td>" in (site / "sources" / "index.html").read_text(encoding="utf-8")


# --- the generated topic list of mkdocs.yml --------------------------------------------------------


CONFIG = "nav:\n  - Home: index.md\n  - Topics:\n      # BEGIN generated topics (checksum {})\n{}      # END generated topics\n  - Glossary: glossary.md\n"


def config_with(entries: list[str]) -> str:
    lines = [f"      - {entry}.md" for entry in entries]
    return CONFIG.format(checksum(lines), "".join(line + "\n" for line in lines))


def test_the_topic_list_follows_the_pages_and_refuses_a_hand_edit() -> None:
    text, problems = with_topics(config_with(["a", "b"]), ["b", "c", "a"])
    assert problems == [] and re.findall(r"(\w+)\.md", text) == ["index", "b", "c", "a", "glossary"]
    assert with_topics(text, ["b", "c", "a"]) == (text, [])  # unchanged: nothing to write
    edited = text.replace("- c.md", "- c.md\n      - mine.md")
    same, problems = with_topics(edited, ["b", "c", "a"])
    assert same == edited and [str(p) for p in problems] == [
        "mkdocs.yml:5: nav: the generated topic list was edited by hand; a topic's place in the nav comes from its page's "
        "order: (or draft: true) in content/pages/, so edit that, or pass --force to discard the edit"
    ]
    forced, problems = with_topics(edited, ["b", "c", "a"], force=True)
    assert problems == [] and forced == text
    assert with_topics("site_name: x\n", ["a"]) == ("site_name: x\n", [])  # no nav: MkDocs lists every page itself
    unmarked, problems = with_topics("site_name: x\nnav:\n  - index.md\n", ["a"])
    assert unmarked == "site_name: x\nnav:\n  - index.md\n" and problems[0].line == 2 and "no generated topic list" in str(problems[0])


def test_pages_write_the_topic_list_and_check_reports_a_hand_edit(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = min(load_site(Layout(project)).pages, key=lambda page: page.order)
    edit(project / first.path, f"order: {first.order}\n", "order: 1000\n")
    assert run(project, "check") == 0
    assert run(project, "pages") == 0
    assert "mkdocs.yml: topic list of the nav updated" in capsys.readouterr().out
    assert nav_entries(project)[-1] == first.id
    config = project / "mkdocs.yml"
    edit(config, f"- {first.id}.md\n", "")
    assert run(project, "check") == 1
    (line,) = errors(capsys)
    assert re.match(r"^error: mkdocs\.yml:\d+: nav: the generated topic list was edited by hand", line)
    assert run(project, "pages", "--force") == 0 and nav_entries(project)[-1] == first.id


# --- drafts -----------------------------------------------------------------------------------------


def test_a_page_with_no_checked_statement_fails_unless_it_is_a_draft(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed_id = add_source(project, tmp_path)
    write_page(project, "unchecked", seed_id, 7)
    assert run(project, "check") == 1
    assert errors(capsys) == [
        "error: content/pages/unchecked.md:1: draft: no checked statement: no claim of content/claims.yml has page: unchecked; "
        "add one, or mark the page draft: true while you write it"
    ]
    write_page(project, "unchecked", seed_id, 7, draft=True)
    assert run(project, "check") == 0


def test_drafts_are_previewed_under_a_banner_and_left_out_of_the_build(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed_id = add_source(project, tmp_path)
    write_page(project, "work-in-progress", seed_id, 0, draft=True)
    add_claim(project, "draft-claim", seed_id, QUOTE, "work-in-progress")  # a draft's claims wait with it
    site = load_site(Layout(project))
    preview = render_site(site, drafts=True)
    assert '!!! warning draft "Draft"' in preview["work-in-progress.md"].decode()
    assert "(work-in-progress.md)" in preview["index.md"].decode() and "**Draft:**" in preview["index.md"].decode()
    published = render_site(site)
    assert "work-in-progress.md" not in published
    assert all(b"work-in-progress" not in data and b"draft-claim" not in data for data in published.values())
    assert run(project, "build") == 0, capsys.readouterr().err
    built = project / "site"
    assert not (built / "work-in-progress").exists()
    assert "work-in-progress" not in nav_entries(project)
    for name in ("index.html", "sitemap.xml", "links.json", "claims.json", "claims/index.html"):
        assert "work-in-progress" not in (built / name).read_text(encoding="utf-8"), name


def test_make_serve_shows_a_draft_with_its_banner(project: Path, tmp_path: Path) -> None:
    seed_id = add_source(project, tmp_path)
    write_page(project, "work-in-progress", seed_id, 0, draft=True)
    port = free_port()
    serve = start_serve(project, port)
    try:
        html = wait_for(f"http://127.0.0.1:{port}/work-in-progress/", 90)
        assert re.search(r'<div class="admonition warning draft">\s*<p class="admonition-title">Draft</p>', html)
        assert 'href="work-in-progress/"' in wait_for(f"http://127.0.0.1:{port}/", 10)
        assert "work-in-progress" not in nav_entries(project)  # the preview never writes a draft into mkdocs.yml
    finally:
        serve.terminate()
        assert serve.wait(timeout=30) == 0


# --- add-seed: the id and the reliability -------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("How Many Parameters is Claude 2 Trained On? Analyzing Anthropic's AI Model Size", "how-many-parameters-is-claude-2-trained"),
        ("A short title", "a-short-title"),
        ("Supercalifragilisticexpialidociousnessesandmore words", "supercalifragilisticexpialidociousnesses"),
        ("Ein Gespräch über Skalierung", "ein-gesprach-uber-skalierung"),
    ],
)
def test_a_default_id_is_short_and_cut_at_a_word_boundary(title: str, expected: str) -> None:
    slug = slugify(title)
    assert slug == expected and len(slug) <= MAX_ID_LENGTH and not slug.endswith("-")


def test_add_seed_takes_a_chosen_id_and_refuses_a_bad_one(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert add_source(project, tmp_path, "--id", "compute-talk") == "compute-talk"
    other = tmp_path / "other.txt"
    other.write_text("some other words\n", encoding="utf-8")
    for chosen, message in (("Compute Talk", "is not a slug"), ("x" * 41, "expected at most 40"), ("compute-talk", "is taken by seed 'compute-talk'; choose another id")):
        manifest = (project / "seeds" / "manifest.yml").read_bytes()
        assert run(project, "add-seed", str(other), "--kind", "article", "--title", "Other", "--id", chosen) == 1
        (line,) = errors(capsys)
        assert ": ID: " in line and message in line, line
        assert (project / "seeds" / "manifest.yml").read_bytes() == manifest


def test_a_new_seed_is_not_yet_reviewed_rather_than_low(project: Path, tmp_path: Path) -> None:
    seed_id = add_source(project, tmp_path)
    site = load_site(Layout(project))
    assert site.seeds[seed_id].reliability == "not yet reviewed"
    files = render_site(site)
    assert '!!! reliability "Reliability: not yet reviewed"' in files[f"sources/{seed_id}/index.md"].decode()
    assert "**Reliability: not yet reviewed.**" in files["sources/index.md"].decode()


# --- dates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2024-13-45", "2023-02-29", "2024-00", "2024-04-31", "24-01-01", "yesterday"])
def test_an_impossible_date_is_refused(value: str) -> None:
    assert date_problem(value) == f"{value!r} is not a real date; expected YYYY-MM-DD, YYYY-MM or YYYY"


@pytest.mark.parametrize("value", ["2024-02-29", "2024-12", "2024", "1999-12-31"])
def test_a_real_date_is_taken(value: str) -> None:
    assert date_problem(value) == ""


def test_an_impossible_date_is_one_line_naming_its_place(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = project / "seeds" / "manifest.yml"
    edit(manifest, 'date: "2023-08-08"', 'date: "2024-13-45"')
    line = manifest.read_text(encoding="utf-8").split("\n").index('    date: "2024-13-45"') + 1
    assert run(project, "check") == 1
    assert errors(capsys) == [f"error: seeds/manifest.yml:{line}: date: '2024-13-45' is not a real date; expected YYYY-MM-DD, YYYY-MM or YYYY"]
    edit(manifest, 'date: "2024-13-45"', 'date: "2023-08-08"')
    source = tmp_path / "talk.txt"
    source.write_text("text\n", encoding="utf-8")
    assert run(project, "add-seed", str(source), "--kind", "article", "--title", "A talk", "--date", "2024-02-30") == 1
    assert errors(capsys) == [f"error: {source}: DATE: '2024-02-30' is not a real date; expected YYYY-MM-DD, YYYY-MM or YYYY"]


# --- claims and quotes: where they are, and why not ----------------------------------------------------


def test_a_claim_excerpt_is_found_across_a_line_that_ingest_cut(project: Path) -> None:
    """The chat seed's speaker label stands on its own line between the question and the answer;
    a quote reads across it, and so does a claim."""
    site = load_site(Layout(project))
    chat = next(seed for seed in site.seeds.values() if seed.kind == "chat")
    raw = site.cleaned[chat.id].ingested.raw
    label = re.search(r"^(?P<before>.*\S)\s*\n\s*\n[A-Z][A-Za-z ]+:\s*\n\s*\n(?P<after>\S.*)$", raw, re.M)
    assert label, "the chat seed has a speaker label line"
    excerpt = " ".join(label["before"].split()[-4:] + label["after"].split()[:4])
    page = site.pages[0].id
    add_claim(project, "across-a-label", chat.id, excerpt, page, chat.speakers[-1])
    claim = next(c for c in load_site(Layout(project)).claims if c.id == "across-a-label")
    assert " ".join(raw[claim.start : claim.end].split()).startswith(" ".join(label["before"].split()[-4:]))
    assert raw[claim.start : claim.end].rstrip().endswith(label["after"].split()[3])


def test_a_claim_not_found_names_the_closest_passage(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = load_site(Layout(project))
    claim = max((c for c in site.claims if site.seeds[c.seed_id].kind == "article"), key=lambda c: len(c.excerpt.split()))
    words = claim.excerpt.split()
    changed = " ".join(words[:4] + ["zebra"] + words[5:])
    add_claim(project, "changed-word", claim.seed_id, changed, claim.page, claim.speaker)
    add_claim(project, "changed-case", claim.seed_id, claim.excerpt.upper(), claim.page, claim.speaker)
    assert run(project, "check") == 1
    lines = errors(capsys)
    assert len(lines) == 2, lines
    assert re.search(r"not found in \S+; expected the raw seed's words as said; closest passage matches \d+ of \d+ words, "
                     r"then differs at '\w+': \"", lines[0] + lines[1])
    assert "; the seed says it as \"" in lines[0] + lines[1]


def test_the_speaker_error_names_the_manifest_entry_and_its_speakers(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed_id = add_source(project, tmp_path)
    write_page(project, "compute-and-data", seed_id, 5, draft=True, speaker="Somebody Else")
    line = (project / "seeds" / "manifest.yml").read_text(encoding="utf-8").split("\n").index(f"  - id: {seed_id}") + 1
    quote = (project / "content/pages/compute-and-data.md").read_text(encoding="utf-8").split("\n").index(f"/// quote | {seed_id} | Somebody Else") + 1
    assert run(project, "check") == 1
    assert errors(capsys) == [
        f"error: content/pages/compute-and-data.md:{quote}: quote: speaker 'Somebody Else' is not a speaker of '{seed_id}', whose manifest "
        f"entry (seeds/manifest.yml:{line}) declares the speakers: Ann Author, Bo Guest; expected one of them, or add the speaker to speakers: there"
    ]
    manifest = project / "seeds" / "manifest.yml"
    head, entry = manifest.read_text(encoding="utf-8").split(f"  - id: {seed_id}\n")
    manifest.write_text(f"{head}  - id: {seed_id}\n" + entry.replace('speakers: ["Ann Author", "Bo Guest"]', "speakers: []"), encoding="utf-8")
    assert run(project, "check") == 1
    assert f"(seeds/manifest.yml:{line}) declares no speakers; expected" in errors(capsys)[0]


# --- exit codes ------------------------------------------------------------------------------------------


def test_make_returns_2_when_the_command_fails_with_1(project: Path) -> None:
    """The README's exit codes: the command exits 1 on errors, and make reports that as its own 2."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    for name in ("Makefile", "src", "requirements"):
        (project / name).symlink_to(ROOT / name)
    edit(project / "seeds" / "manifest.yml", 'date: "2023-08-08"', 'date: "2024-13-45"')
    venv = ROOT / ".venv"
    env = {name: value for name, value in os.environ.items() if name not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    result = subprocess.run([make, "--no-print-directory", f"VENV={venv}", f"BYTECODE={project / '.bytecode'}", "check"],
                            cwd=project, capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 2, result.stderr
    assert "error: seeds/manifest.yml:" in result.stderr and re.search(r"make: \*\*\* \[.*check\] Error 1", result.stderr)
    direct = subprocess.run([str(venv / "bin" / "python"), "-m", "explainer", "check"], cwd=project, capture_output=True,
                            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, check=False)
    assert direct.returncode == 1
    usage = subprocess.run([make, "--no-print-directory", f"VENV={venv}", f"BYTECODE={project / '.bytecode'}", "add-seed"],
                           cwd=project, capture_output=True, text=True, check=False, env=env)
    assert usage.returncode == 2 and usage.stdout.startswith("usage: make add-seed")
