"""`make suggest` and the export formats, on the project's seeds and on real transcripts that are
not our seeds (tests/fixtures/transcripts/, marked by hand before the suggester ran on them).

The fixture test adds each fixture as a seed of a copy of the project, checks its source page for
stray markers of its export format, and measures the suggester against the hand marks:
recall is the share of marked mis-hearings proposed with the right replacement (in the project, also
those a shared correction already fixes; alone, the seed cleaned with no correction); precision is
the share of proposals that are right. A proposal that keeps a marked fix's neighbours counts.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from explainer.sources.addseed import add_seed
from explainer.site.cli import main, suggestion_names
from explainer.sources.clean import clean, locate_phrase
from explainer.sources.corrections import load_corrections
from explainer.errors import Collector
from explainer.sources.lexicon import HEARD, Name, load_lexicon
from explainer.site.pipeline import Layout, load_site, load_texts, render_site
from explainer.sources.seednames import title_names
from explainer.sources.suggest import Proposal, as_yaml, suggest
from tests.conftest import ROOT, VOCABULARY, copy_project, make_ingested
from tests.test_properties import assert_words_keep_their_spans

FIXTURES = ROOT / "tests/fixtures/transcripts"
# Recall and precision each set of fixtures must keep (`set:` in seeds.yml). The first set meets the issue's
# targets (60% and 70%), met on the set the rules were written with; the later sets do not
# (tests/fixtures/transcripts/README.md): theirs are their figures when they were added, rounded down, so
# that a change that loses right fixes or adds wrong ones fails.
FLOORS = {"first": (0.60, 0.70), "later": (0.40, 0.75), "third": (0.10, 0.40), "fourth": (0.20, 0.50)}
# What an export format leaves at a line's start when a rule misses it: a bullet, a timestamp, a
# cue's times, a speaker-change mark, front matter, a metadata key.
STRAY = re.compile(r"^(?:[*•-]\s|\[?\d{1,2}:\d{2}|>>|---|#{1,6}\s)|\[\d+(?:\.\d+)?s\]|\*\*\d{1,2}:\d{2}\*\*|\\?\[(?i:music|applause)\\?\]|-->|\s>>\s|&gt;|^(?:Date Generated|Transcription Model|video_id|Kind|Language):", re.MULTILINE)


def run_suggest(root: Path, seed_id: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "suggest", seed_id])
    return code, out.getvalue(), err.getvalue()


def proposals_of(text: str) -> list[dict[str, str]]:
    data = yaml.safe_load(text)
    assert isinstance(data, list)
    for item in data:
        assert isinstance(item, dict) and set(item) == {"wrong", "right", "why"} and all(isinstance(v, str) and v for v in item.values())
    return data


def test_the_lexicon_reads_without_problems() -> None:
    collector = Collector()
    names, ordinary = load_lexicon(ROOT / "content/lexicon.yml", "content/lexicon.yml", collector)
    assert collector.problems == [] and names
    assert ordinary <= {name.text for name in names} | {"Mythos", "Fable"}  # the glossary's model names


def test_suggest_prints_only_yaml_proposals_that_would_fire() -> None:
    site = load_site(Layout(ROOT))
    for seed_id, cleaned in site.cleaned.items():
        code, out, err = run_suggest(ROOT, seed_id)
        assert code == 0 and "proposals for" in err
        applied = {c.wrong for c in cleaned.fired}
        for item in proposals_of(out):
            assert locate_phrase(cleaned.ingested.raw, item["wrong"]), item  # it would fire
            assert item["wrong"] not in applied and item["wrong"] != item["right"]


def test_suggest_names_an_unknown_seed_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "suggest", "no-such-seed"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("error: seeds/manifest.yml:") and "'no-such-seed'" in captured.err


def suggested(raw: str, names: list[str], ordinary: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    cleaned = clean(make_ingested(raw, "caption-page"), [], VOCABULARY, Collector(), "m")
    return [(p.wrong, p.right) for p in suggest(cleaned, [Name(n, "test", n in ordinary) for n in names])]


def test_near_misses_and_lower_case_names_are_proposed() -> None:
    raw = "we talked to deep mind and anthropic about Claud and the Golden Gate Clawed demo and Anthropix paper"
    assert suggested(raw, ["DeepMind", "Anthropic", "Anthropic's", "Claude", "Golden Gate Claude"]) == [
        ("deep mind", "DeepMind"), ("anthropic", "Anthropic"), ("Claud", "Claude"),
        ("Golden Gate Clawed", "Golden Gate Claude"), ("Anthropix", "Anthropic's"),
    ]


def test_ordinary_words_and_right_names_are_left_alone() -> None:
    raw = "the cloud is cold, a Claude model, a 100 people, Claude's answer, rich Sutton and the cursor moved"
    names = ["Claude", "A100", "Richard Sutton", "Cursor"]
    assert suggested(raw, names, frozenset({"Cursor"})) == []


def proposed(raw: str, names: list[Name]) -> list[tuple[str, str]]:
    cleaned = clean(make_ingested(raw, "caption-page"), [], VOCABULARY, Collector(), "m")
    return [(p.wrong, p.right) for p in suggest(cleaned, names)]


def test_o_series_names_written_with_a_zero_are_proposed() -> None:
    assert suggested("then 03 and later 04 Mini beat o1, in 2003", ["o1", "o3", "o4-mini"]) == [("03", "o3"), ("04 Mini", "o4-mini")]


def test_another_seeds_mis_hearing_and_its_near_variants_get_its_fix() -> None:
    heard = [Name("Dario amade", HEARD, right="Dario Amodei"), Name("open aai", HEARD, right="OpenAI"),
             Name("cloud", HEARD, right="Claude")]
    raw = "Daario Amade left Open AAI, the cloud is cold, and he spoke at openai"
    assert proposed(raw, heard) == [("Daario Amade", "Dario Amodei"), ("Open AAI", "OpenAI")]


def test_near_misses_of_names_that_are_ordinary_words_are_proposed_in_any_case() -> None:
    names = ["Codex", "Grok", "Groq"]
    assert suggested("codeex and Grock, but to grok a codex", names, frozenset({"Codex", "Grok"})) == [
        ("codeex", "Codex"), ("Grock", "Grok")]


def test_lower_case_terms_are_not_glued_or_re_cased_when_they_are_phrases() -> None:
    names = [Name("benchmarks", "term"), Name("Responsible Scaling Policy", "term"), Name("GPT-4", "model"), Name("A100", "model")]
    assert proposed("that benchmark exists, their responsible scaling policy, GPT 4 and a 100 chips", names) == [("GPT 4", "GPT-4")]


def test_styles_neighbours_and_ordinary_words_are_no_mishearings() -> None:
    names = [Name("C++", "model"), Name("The Cognitive Revolution", "show"), Name("Chinese room", "term"), Name("Llama", "model"),
             Name("state space model", "term"), Name("system card", "term"), Name("overfitting", "term"), Name("neural nets", "term")]
    raw = ("in C on the Cognitive Revolution, a Chinese Room or LLaMA, like state-space models, "
           "a system called overstating neural nuts")
    assert proposed(raw, names) == [("neural nuts", "neural nets")]


def test_acronyms_read_letter_by_letter_are_heard_with_rhyming_letters() -> None:
    names = ["GPT", "GPT-4o", "AGI", "TPU"]
    assert suggested("the gbt and GPC 40 but an API, a CPU, get it", names) == [("gbt", "GPT"), ("GPC 40", "GPT-4o")]


def test_a_speakers_first_name_and_a_terms_plural_are_names_too() -> None:
    ingested = make_ingested("Samir said reversal courses and neural nuts", "caption-page")
    ingested = dataclasses.replace(ingested, seed=dataclasses.replace(ingested.seed, speakers=("Sameer Singh",)))
    cleaned = clean(ingested, [], VOCABULARY, Collector(), "m")
    names = [Name("reversal curse", "term"), Name("neural net", "term")]
    assert [(p.wrong, p.right) for p in suggest(cleaned, names)] == [
        ("Samir", "Sameer"), ("reversal courses", "reversal curses"), ("neural nuts", "neural nets")]


def test_a_speakers_name_is_proposed_for_a_word_further_from_it_than_other_names_need() -> None:
    ingested = make_ingested("I asked Rider and Nan Brown, then the Vice President and the rider, and Filiman too", "caption-page")
    ingested = dataclasses.replace(ingested, seed=dataclasses.replace(ingested.seed, speakers=("Sebastian Ruder", "Noam Brown", "Vasi Philomin")))
    cleaned = clean(ingested, [], VOCABULARY, Collector(), "m")
    assert [(p.wrong, p.right) for p in suggest(cleaned, [])] == [("Rider", "Ruder"), ("Nan Brown", "Noam Brown"), ("Filiman", "Philomin")]
    assert [(p.wrong, p.right) for p in suggest(cleaned, [Name("Nancy Brown", "person")])] == [("Rider", "Ruder"), ("Nan Brown", "Noam Brown"), ("Filiman", "Philomin")]


def test_a_titles_parts_set_off_by_punctuation_name_people_and_things() -> None:
    title = "AI Security After Codex and Claude Code — Zico Kolter & Matt Fredrikson, Gray Swan (Latent Space, 2026)"
    assert title_names(title) == ["Zico Kolter", "Matt Fredrikson", "Gray Swan", "Latent Space"]
    assert title_names("[1hr Talk] Intro to Large Language Models (Andrej Karpathy, 2023)") == ["Andrej Karpathy"]


def test_a_family_or_tier_beside_a_version_number_is_the_model_mis_heard() -> None:
    names = [Name(text, "model") for text in ("Claude 3.5 Sonnet", "Claude 3.7 Sonnet", "GPT-2", "GPT-4o", "Grok 4", "DeepSeek-R1")]
    raw = ("the new claw 3.5 drawing, then 3.7 Sonic can output, Gro 3 and GBD2 and GP40, "
           "page 3 and 2 signs, the year GPT-3, get K3, a 3.7 sonnet and Claude 3.5 Sonnet")
    assert proposed(raw, names) == [("claw 3.5", "Claude 3.5"), ("3.7 Sonic", "3.7 Sonnet"), ("Gro 3", "Grok 3"),
                                    ("GBD2", "GPT-2"), ("GP40", "GPT-4o")]


def test_a_model_that_begins_with_a_small_letter_is_proposed_when_capitalised_mid_sentence() -> None:
    names = [Name("o1", "model"), Name("o3", "model"), Name("transformer", "term")]
    assert proposed("we had O1 and then O3. O3 came later, a Transformer too", names) == [("O1", "o1"), ("O3", "o3")]


def test_a_name_the_seed_spells_more_often_is_proposed_for_its_rarer_variant() -> None:
    raw = ("we built Cicero for Diplomacy, and Cicero played well; later Cisero won. "
           "We met Nathan Labenz and heard Labens, and Jan Leike, and then Jan Leike again. Thanks, Luis, and to Luis, said Louis.")
    assert suggested(raw, []) == [("Cisero", "Cicero"), ("Louis", "Luis")]
    assert suggested(raw, ["Louis Bouchard"]) == [("Cisero", "Cicero")]  # a known name's word is not re-spelled as its variant


def test_yaml_is_ready_to_paste() -> None:
    text = as_yaml([Proposal('say "x"', "Y: z", "why")])
    assert yaml.safe_load(text) == [{"wrong": 'say "x"', "right": "Y: z", "why": "why"}]
    assert as_yaml([]) == "[]\n"


def marked(proposal: tuple[str, str], mark: tuple[str, str]) -> bool:
    """Whether a proposal makes a marked fix: the same, or the same with its neighbours kept."""
    pattern = r"(?<!\w)" + re.escape(mark[0]) + r"(?!\w)"
    return proposal == mark or bool(re.search(pattern, proposal[0])) and re.sub(pattern, mark[1], proposal[0]) == proposal[1]


def test_real_transcripts_get_clean_pages_and_suggestions_that_meet_the_targets(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    marks = yaml.safe_load((FIXTURES / "marks.yml").read_text(encoding="utf-8"))
    added = yaml.safe_load((FIXTURES / "seeds.yml").read_text(encoding="utf-8"))
    ids = {name: add_seed(Layout(root), FIXTURES / name, entry["kind"], entry["title"], "", "", entry["speakers"])
           for name, entry in added.items()}
    site = load_site(Layout(root))
    files = render_site(site)
    collector = Collector()
    names = suggestion_names(Layout(root), load_texts(Layout(root), collector), collector)
    _, vocabulary = load_corrections(root / "content/corrections.yml", "c", set(site.seeds), Collector())
    figures: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # found, marked, right, proposed
    for name, seed_id in ids.items():
        cleaned = site.cleaned[seed_id]
        assert_words_keep_their_spans(cleaned)  # removed prefixes kept every word at its raw offset
        page = files[f"sources/{seed_id}/index.md"].decode("utf-8")
        text = "\n".join(re.sub(r"<[^>]+>", "", line) for line in page.splitlines() if line.startswith("<p"))
        assert text and not STRAY.search(text), STRAY.search(text)
        code, out, _ = run_suggest(root, seed_id)
        assert code == 0
        got = {(p["wrong"], p["right"]) for p in proposals_of(out)}
        fixed = {(c.wrong, c.right) for c in cleaned.fired}  # shared corrections apply with no edit
        # the suggester alone: the same seed cleaned with no correction at all
        bare = clean(cleaned.ingested, [], vocabulary, Collector(), "m")
        alone = {(p.wrong, p.right) for p in suggest(bare, names)}
        want = {(m["wrong"], m["right"]) for m in marks[name]}
        for key, proposals, done in (("project", got, fixed), ("alone", alone, set())):
            tally = figures[added[name].get("set", "first"), key]
            tally[0] += sum(1 for m in want if m in done or any(marked(p, m) for p in proposals))
            tally[1] += len(want)
            tally[2] += sum(1 for p in proposals if any(marked(p, m) for m in want))
            tally[3] += len(proposals)
    assert {group for group, _ in figures} == set(FLOORS)
    for (group, key), (found, wanted, right, proposed) in figures.items():
        recall, precision = found / wanted, right / proposed
        print(f"{group} set, {key}: recall {found}/{wanted} = {recall:.2f}, precision {right}/{proposed} = {precision:.2f}")
        assert recall >= FLOORS[group][0] and precision >= FLOORS[group][1], (group, key, recall, precision)


def test_pasted_proposals_fire(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    entry = yaml.safe_load((FIXTURES / "seeds.yml").read_text(encoding="utf-8"))["nanda-framework-walkthrough.txt"]
    seed_id = add_seed(Layout(root), FIXTURES / "nanda-framework-walkthrough.txt", entry["kind"], entry["title"], "", "", entry["speakers"])
    _, out, _ = run_suggest(root, seed_id)
    assert proposals_of(out)
    corrections = root / "content/corrections.yml"
    pasted = "".join(f"    {line}\n" for line in out.splitlines())
    corrections.write_text(corrections.read_text(encoding="utf-8") + f"  {seed_id}:\n{pasted}", encoding="utf-8")
    site = load_site(Layout(root))  # every pasted entry fires, or this raises
    assert {c.wrong for c in site.cleaned[seed_id].fired} >= {p["wrong"] for p in proposals_of(out)}
    _, again, _ = run_suggest(root, seed_id)
    assert proposals_of(again) == []  # what the corrections fix is not proposed again
