"""The site stays true as the world moves: the pages' own statements are registered facts with
re-check dates, what is due is listed, and the change log reaches readers as pages, a feed and
claims.json."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from explainer.claims.changes import history
from explainer.site.pipeline import Layout, load_site, render_site
from explainer.render.render_changes import FEED
from explainer.claims.stale import claim_recheck, due_on, schedule
from tests.conftest import ROOT
from tests.test_cli import edit, run
from tests.test_method import errors, replace_in_claim

PAGE = "content/pages/model-tiers.md"
NEW_SENTENCE = "Claude Zephyr 9 was released on 1 April 2031 at $99 per million tokens."


def add_paragraph(project: Path, text: str) -> None:
    edit(project / PAGE, "## Why there are tiers {#why-tiers}\n", f"## Why there are tiers {{#why-tiers}}\n\n{text}\n")


def add_fact(project: Path, entry: str) -> None:
    path = project / "content/facts.yml"
    text = path.read_text(encoding="utf-8") if path.is_file() else "facts:\n"
    path.write_text(text.replace("facts:\n", "facts:\n" + entry, 1), encoding="utf-8")


FACT = (
    "- id: zephyr-release\n  page: model-tiers\n  text: Claude Zephyr 9 was released on 1 April 2031\n  pace: fast\n"
    "  sources:\n  - {title: T, publisher: P, date: '2031-04-01', url: 'https://example.org/zephyr'}\n  reviewed: '2031-04-02'\n"
)


def test_the_pages_prose_is_covered_today(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(ROOT, "uncovered") == 0, capsys.readouterr().out


def test_a_new_checkable_sentence_is_listed_until_a_fact_backs_it(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_paragraph(project, NEW_SENTENCE)
    assert run(project, "uncovered") == 1
    out = capsys.readouterr().out.splitlines()
    listed = [line for line in out if "Zephyr" in line]
    assert len(listed) == 1 and listed[0].startswith(f"{PAGE}:")
    line = int(listed[0].split(":")[1])
    assert NEW_SENTENCE in (project / PAGE).read_text(encoding="utf-8").split("\n")[line - 1]
    add_fact(project, FACT)
    run(project, "uncovered")
    assert not [line for line in capsys.readouterr().out.splitlines() if "Zephyr" in line]


def test_a_fact_must_be_the_pages_own_words(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_fact(project, FACT)
    assert run(project, "check") == 1
    line = next(line for line in errors(capsys) if "zephyr" in line.lower())
    assert line.startswith("error: content/facts.yml:") and "is not in the prose of content/pages/model-tiers.md" in line


def test_as_of_shows_the_facts_review_date(project: Path) -> None:
    add_paragraph(project, NEW_SENTENCE.replace("tokens.", "tokens ({as-of:zephyr-release})."))
    add_fact(project, FACT)
    page = render_site(load_site(Layout(project)))["model-tiers.md"].decode()
    assert "at $99 per million tokens (as of 2 April 2031)." in page


def test_an_unknown_as_of_is_one_line_with_the_page_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_paragraph(project, "Prices change {as-of:no-such-fact}.")
    assert run(project, "check") == 1
    assert any(line.startswith(f"error: {PAGE}:") and "no fact 'no-such-fact'" in line for line in errors(capsys))


def test_stale_lists_what_is_due_oldest_first_with_file_and_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_paragraph(project, NEW_SENTENCE)
    add_fact(project, FACT)
    site = load_site(Layout(project))
    zephyr = next(f for f in site.facts if f.id == "zephyr-release")
    assert zephyr.recheck == "2031-07-02"  # fast: 91 days after its review
    run(project, "stale", "--today", "2031-07-01")
    assert "zephyr-release" not in capsys.readouterr().out
    assert run(project, "stale", "--today", "2031-07-02") == 1
    out = capsys.readouterr().out.splitlines()
    dues = [line.split(": due ")[1][:10] for line in out]
    assert dues == sorted(dues) and any("fact zephyr-release: due 2031-07-02" in line for line in out)
    assert all(line.split(":")[0] in ("content/claims.yml", "content/facts.yml") and line.split(":")[1].isdigit() for line in out)


@pytest.mark.parametrize("day", ["2026-13-45x", "2026-02-30", "2026-12"])
def test_stale_refuses_a_day_that_is_not_real(capsys: pytest.CaptureFixture[str], day: str) -> None:
    assert run(ROOT, "stale", "--today", day) == 2
    assert errors(capsys) == [f"error: --today: {day!r} is not a real date; expected YYYY-MM-DD"]


def test_a_claims_recheck_follows_its_kind() -> None:
    site = load_site(Layout(ROOT))
    for claim in site.claims:
        due = claim_recheck(claim)
        if claim.type == "recollection" or claim.verdict == "outdated":
            assert due == "" or claim.recheck, claim.id
        elif claim.type == "forecast" and claim.horizon and claim.horizon < claim.reviewed[:len(claim.horizon)]:
            assert due == "", f"{claim.id}: settled forecasts need no re-check"
        elif not claim.recheck:
            assert claim.reviewed < due <= f"{int(claim.reviewed[:4]) + 1}{claim.reviewed[4:]}", claim.id
    assert schedule(site) == sorted(schedule(site), key=lambda d: (d.recheck, d.kind, d.id))
    first = schedule(site)[0].recheck
    assert due_on(site, first) and all(d.recheck == first for d in due_on(site, first))


def test_the_change_log_agrees_with_the_registry(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in_claim(project, "scaling-swebench-90-percent-forecast", "verdict: inaccurate", "verdict: unsupported")
    assert run(project, "check") == 1
    line = next(line for line in errors(capsys) if "scaling-swebench-90-percent-forecast" in line)
    assert line.startswith("error: content/changes.yml:") and "add an entry for the change" in line


def test_claims_json_carries_each_claims_history() -> None:
    site = load_site(Layout(ROOT))
    exported = {c["id"]: c for c in json.loads(render_site(site)["claims.json"])["claims"]}
    flipped = {e.claim for e in site.changes if e.claim and e.verdict_from not in ("", "not rated")}
    assert flipped
    for claim in site.claims:
        entries = exported[claim.id]["history"]
        assert entries == history(claim, list(site.changes)) and entries[-1]["verdict"] == claim.verdict
        if claim.id in flipped:
            assert len(entries) >= 2 and entries[-2]["verdict"] != entries[-1]["verdict"]


def test_the_feed_is_valid_atom_with_an_entry_per_change() -> None:
    site = load_site(Layout(ROOT))
    feed = feedparser.parse(render_site(site)[FEED])
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) == len(site.changes)
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:") for i in ids)
    assert [e.updated for e in feed.entries] == sorted((e.updated for e in feed.entries), reverse=True)
    pages = {p.id for p in site.pages}
    assert all(entry.link.split("/")[0] in pages for entry in feed.entries)


def test_a_month_review_date_still_falls_due(project: Path) -> None:
    add_paragraph(project, NEW_SENTENCE)
    add_fact(project, FACT.replace("reviewed: '2031-04-02'", "reviewed: '2031-04'"))
    zephyr = next(f for f in load_site(Layout(project)).facts if f.id == "zephyr-release")
    assert zephyr.recheck == "2031-07-30"  # 91 days after 30 April, the last day of the month


def test_an_impossible_review_date_is_one_line_not_a_crash(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_paragraph(project, NEW_SENTENCE)
    add_fact(project, FACT.replace("reviewed: '2031-04-02'", "reviewed: '2031-02-30'"))
    assert run(project, "check") == 1
    assert [line for line in errors(capsys) if "2031-02-30" in line][0].startswith("error: content/facts.yml:")


def test_a_claim_withdrawn_later_keeps_its_earlier_entries(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = load_site(Layout(project))
    claim = next(c for c in site.claims if any(e.claim == c.id for e in site.changes))
    block = (project / "content/claims.yml").read_text(encoding="utf-8")
    start = block.index(f"- id: {claim.id}\n")
    end = block.find("\n- ", start + 1)
    (project / "content/claims.yml").write_text(block[:start] + block[end + 1 :], encoding="utf-8")
    (project / "content/changes.yml").write_text((project / "content/changes.yml").read_text(encoding="utf-8") + (
        f"\n- date: '2031-01-01'\n  page: {claim.page}\n  claim: {claim.id}\n  verdict: {{from: {claim.verdict}, to: not rated}}\n"
        "  what: Withdrawn.\n  why: A test.\n"), encoding="utf-8")
    run(project, "check")
    assert not [line for line in capsys.readouterr().err.splitlines() if "changes.yml" in line and claim.id in line]


def test_an_unreadable_registry_is_one_problem(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "content/claims.yml", "claims:\n", "claims: [\n")
    assert run(project, "check") == 1
    assert len(errors(capsys)) == 1


def test_a_draft_pages_changes_stay_out_of_the_published_log(project: Path) -> None:
    site = load_site(Layout(project))
    page = next(e.page for e in site.changes)
    edit(project / f"content/pages/{page}.md", "\norder:", "\ndraft: true\norder:")
    files = render_site(load_site(Layout(project)))
    assert f"({page}.md" not in files["changes.md"].decode()
    assert all(not entry.link.startswith(f"{page}/") for entry in feedparser.parse(files[FEED]).entries)
