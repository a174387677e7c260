"""The published rubric and what `make check` enforces of it: every claim says who said it, when and
what kind of statement it is; verdicts follow the rules of their type; readers see the statement
as meant, never the raw mis-hearings."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from explainer.claims.claims import load_claims
from explainer.sources.clean import clean
from explainer.errors import Collector
from explainer.model import CLAIM_TYPES
from explainer.site.pipeline import Layout, load_site, render_site
from explainer.claims.rubric import horizon_end
from tests.conftest import ROOT, VOCABULARY, correction, make_ingested
from tests.test_cli import edit, run


def claim_block(project: Path, claim_id: str) -> str:
    """The lines of one claim of a project's registry."""
    text = (project / "content/claims.yml").read_text(encoding="utf-8")
    start = text.index(f"- id: {claim_id}\n")
    end = text.find("\n- ", start + 1)
    return text[start:end]


def replace_in_claim(project: Path, claim_id: str, old: str, new: str) -> None:
    block = claim_block(project, claim_id)
    assert old in block, old
    edit(project / "content/claims.yml", block, block.replace(old, new, 1))


def errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    lines = capsys.readouterr().err.strip().splitlines()
    assert all(line.startswith("error: ") for line in lines), lines
    return lines


def test_every_claim_says_who_when_and_what_kind() -> None:
    site = load_site(Layout(ROOT))
    registry = yaml.safe_load((ROOT / "content/claims.yml").read_text(encoding="utf-8"))
    own_said = {entry["id"]: str(entry["said"]) for entry in registry["claims"] if "said" in entry}
    assert site.claims
    for claim in site.claims:
        seed = site.seeds[claim.seed_id]
        assert claim.speaker in seed.speakers, claim.id
        assert claim.type in CLAIM_TYPES, claim.id
        assert claim.said == (own_said.get(claim.id) or seed.date), claim.id
        assert claim.statement and claim.statement[0] == claim.statement[0].upper(), claim.id
        assert claim.verdict in site.rubric.types[claim.type].verdicts, claim.id


def test_no_raw_mishearing_reaches_a_statement_or_a_box_entry() -> None:
    """A correction's wrong words never show in a statement, nor in the box entry that carries it."""
    site = load_site(Layout(ROOT))
    files = render_site(site)
    for claim in site.claims:
        box = files[f"{claim.page}.md"].decode()
        entry = box[box.index(f"{{ #claim-{claim.id} .claim }}") - 2000 :]
        entry = entry[entry.rindex("\n    :material") : entry.index("{ .claim-reviewed }", entry.index(f"#claim-{claim.id} .claim"))]
        entry = unescape(re.sub(r"\]\([^)]*\)", "]", entry))  # link targets are addresses, not words
        for fix in site.corrections:
            if fix.seed_id != claim.seed_id or re.search(rf"(?<!\w){re.escape(fix.wrong)}(?!\w)", fix.right):
                continue
            pattern = rf"(?<![\w-]){re.escape(fix.wrong)}(?![\w-])"
            assert not re.search(pattern, claim.statement), (claim.id, fix.wrong)
            assert not re.search(pattern, entry.replace(claim.statement, "")), (claim.id, fix.wrong)


def test_the_statement_is_the_cleaned_span_not_retyped(tmp_path: Path) -> None:
    raw = "so then um claw 35 Sonet in in July came out\n"
    ingested = make_ingested(raw)
    cleaned = clean(ingested, [correction("claw", "Claude"), correction("35", "3.5"), correction("Sonet", "Sonnet")],
                    VOCABULARY, Collector(), "m")
    registry = tmp_path / "claims.yml"
    registry.write_text("claims:\n- {id: x, seed: s, excerpt: then um claw 35 Sonet in in July, speaker: A, type: fact, "
                        "page: p, verdict: accurate, note: n, reviewed: '2026-01-01'}\n", encoding="utf-8")
    collector = Collector()
    claims, _ = load_claims(registry, "claims.yml", {"s": cleaned}, {"p"}, collector)
    assert collector.problems == []
    assert claims[0].statement == "Then Claude 3.5 Sonnet in July"
    assert raw[claims[0].start : claims[0].end] == "then um claw 35 Sonet in in July"


@pytest.mark.parametrize(
    ("claim_id", "old", "new", "expected"),
    [
        # a recollection is never inaccurate
        ("scaling-gpt1-year", "verdict: needs context", "verdict: inaccurate", "'inaccurate' is not a verdict for a recollection"),
        # an open forecast is too early to tell, not missed
        ("scaling-powerful-ai-2026-2027", "verdict: unsupported", "verdict: inaccurate", "the horizon 2027 had not passed when reviewed"),
        # a forecast is never outdated
        ("scaling-powerful-ai-2026-2027", "verdict: unsupported", "verdict: outdated", "'outdated' is not a verdict for a forecast"),
        # an outdated claim names what changed, and when
        ("scaling-prime-number-theorem-2023", "  changed:\n    date: '2025-09-11'\n", "  changed:\n", "date: missing; what changed needs a date"),
        ("scaling-prime-number-theorem-2023", "date: '2025-09-11'", "date: '2022-01-01'", "not after it was said (2023-08-08)"),
        # only forecasts name a horizon
        ("scaling-laws-predictable", "type: fact", "type: fact\n  horizon: '2030'", "only a forecast names a horizon"),
        # the speaker is one the manifest declares, and the error says where they are declared
        ("scaling-laws-predictable", "speaker: Dario Amodei", "speaker: Dario Amodie", "seeds/manifest.yml:"),
        ("scaling-laws-predictable", "type: fact", "type: opinion", "'opinion' is not one of: fact, forecast, recollection, account"),
    ],
)
def test_check_enforces_the_rubric_in_one_line(project: Path, capsys: pytest.CaptureFixture[str], claim_id: str, old: str,
                                               new: str, expected: str) -> None:
    replace_in_claim(project, claim_id, old, new)
    assert run(project, "check") == 1
    found = [line for line in errors(capsys) if expected in line]
    assert found and found[0].startswith("error: content/claims.yml:"), expected


def test_the_speaker_error_lists_the_declared_speakers(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace_in_claim(project, "scaling-laws-predictable", "speaker: Dario Amodei", "speaker: Nobody")
    assert run(project, "check") == 1
    line = next(line for line in errors(capsys) if "'Nobody'" in line)
    assert re.search(r"seeds/manifest\.yml:\d+ \(Dario Amodei, Dwarkesh Patel\)", line)


def test_rubric_examples_must_have_their_type_and_verdict(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "content/rubric.yml", "    name: Forecast\n", "    name: Forecast\n    examples: {accurate: scaling-laws-predictable}\n")
    assert run(project, "check") == 1
    assert any(line.startswith("error: content/rubric.yml:") and "is not a forecast rated 'accurate'" in line for line in errors(capsys))


def test_horizon_end_covers_the_whole_period() -> None:
    assert horizon_end("2027") == "2027-12-31"
    assert horizon_end("2025-11") == "2025-11-30"
    assert horizon_end("2025-11-03") == "2025-11-03"


def test_how_we_check_defines_every_verdict_each_type_allows_with_a_real_example() -> None:
    site = load_site(Layout(ROOT))
    page = render_site(site)["how-we-check.md"].decode()
    for kind in site.rubric.types.values():
        for verdict in kind.verdicts:
            anchor = f"{{ #{kind.id}-{verdict.replace(' ', '-')} .rubric-verdict }}"
            assert anchor in page
            examples = [c for c in site.claims if c.type == kind.id and c.verdict == verdict]
            after = page[page.index(anchor):].split("\n\n", 2)[1]
            if examples:
                assert any(f"#claim-{c.id})" in after for c in examples), (kind.id, verdict)
            else:
                assert "No statement on this site has this rating yet" in after


def test_how_we_check_publishes_the_blind_review_agreement() -> None:
    site = load_site(Layout(ROOT))
    review = site.review
    assert review is not None and review.ratings
    agreed = sum(1 for r in review.ratings if r.verdict == r.registry_verdict)
    page = render_site(site)["how-we-check.md"].decode()
    assert f"**Agreement: {agreed} of {len(review.ratings)} verdicts ({round(100 * agreed / len(review.ratings))}%).**" in page
    for rating in review.ratings:
        if rating.verdict != rating.registry_verdict:
            assert rating.resolution, f"{rating.claim}: every disagreement is resolved with a reason"
            assert f"- [{rating.claim}](" in page or f"- {rating.claim}:" in page
