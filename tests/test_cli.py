"""The command line on broken inputs: one line per problem, all at once, nothing written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from explainer.site.cli import main


def run(project: Path, *args: str) -> int:
    return main(["--root", str(project), *args])


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_clean_project_checks_and_generates(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "check") == 0
    assert run(project, "pages") == 0
    assert "written" in capsys.readouterr().out


def test_many_problems_are_reported_together_one_line_each(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "pages") == 0
    before = snapshot(project / "docs")
    edit(project / "content/claims.yml", "verdict: inaccurate", "verdict: wrongish")
    edit(project / "content/claims.yml", "page: interpretability", "page: no-such-page")
    edit(project / "seeds/manifest.yml", "kind: transcript", "kind: podcast")
    edit(project / "content/pages/model-tiers.md", "and Opus, like a magnum opus, is a large work", "and Opus, like a magnum opus, is a huge work")
    assert run(project, "pages") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert any(line.startswith("error: content/claims.yml:") and "'wrongish' is not one of: accurate" in line for line in err)
    assert any("page: no page 'no-such-page'" in line for line in err)
    assert any(line.startswith("error: seeds/manifest.yml:") and "'podcast' is not one of" in line for line in err)
    quote = [line for line in err if line.startswith("error: content/pages/model-tiers.md:")]
    assert quote and "closest passage matches" in quote[0] and "'huge'" in quote[0]
    assert all(line.startswith("error: ") for line in err)
    assert "Traceback" not in "\n".join(err)
    assert snapshot(project / "docs") == before


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        ("seeds/manifest.yml", "file: 000_6314641456e20574.txt", "file: missing.txt", "no seed file 'missing.txt'"),
        ("seeds/manifest.yml", "id: letsai-growing-a-plant", "id: claude-chat-weights", "duplicate id 'claude-chat-weights'"),
        ("seeds/manifest.yml", "    publisher: LetsAI (blog)", "    publisher: LetsAI (blog)\n    colour: red", "colour: unknown key"),
        ("seeds/manifest.yml", "seeds:\n", "seeds: [\n", "invalid YAML"),
        ("content/corrections.yml", 'right: "Baidu with Andrew Ng"', 'right: "Baidu with Andrew Ng"}\n    - {wrong: "Zanzibar", right: "Z"', "'Zanzibar' never occurs"),
        ("content/corrections.yml", "shared:\n", 'shared:\n  - {wrong: "Zanzibar", right: "Z"}\n', "'Zanzibar' never occurs as whole words in any spoken seed"),
        ("content/lexicon.yml", "  - Dario Amodei\n", "  - Dario Amodei\n  - Dario Amodei\n", "'Dario Amodei' is listed twice"),
        ("content/claims.yml", "excerpt: then claw 35 Sonet in July", "excerpt: then claw 35 Sonet in August", "not found in 004_df5116a7d6976ecd.txt"),
        ("content/pages/rsp-testing.md", "## Race to the top {#race-to-the-top}", "## Race to the top", "needs an explicit id"),
    ],
)
def test_each_bad_input_names_file_line_and_expectation(
    project: Path, capsys: pytest.CaptureFixture[str], path: str, old: str, new: str, expected: str
) -> None:
    edit(project / path, old, new)
    assert run(project, "check") == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert f"error: {path}" in err


def test_debug_shows_the_traceback(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "content/claims.yml", "verdict: inaccurate", "verdict: wrongish")
    assert main(["--root", str(project), "--debug", "check"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_hand_edited_generated_file_is_not_overwritten(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "pages") == 0
    page = project / "docs" / "model-tiers.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nmy note\n", encoding="utf-8")
    edit(project / "content/pages/model-tiers.md", "Sonnet sits in the middle.", "Sonnet is in the middle.")
    assert run(project, "pages") == 1
    assert "docs/model-tiers.md: was edited by hand" in capsys.readouterr().err
    assert page.read_text(encoding="utf-8").endswith("my note\n")
    assert run(project, "pages", "--force") == 0
    assert "Sonnet is in the middle." in page.read_text(encoding="utf-8")


def test_add_seed_gives_a_new_source_page(project: Path, tmp_path: Path) -> None:
    new = tmp_path / "new_talk.txt"
    new.write_text("so um we we talked about scaling laws and interpretability\n", encoding="utf-8")
    assert run(project, "add-seed", str(new), "--kind", "transcript", "--title", "A new talk", "--speakers", "Ann, Bo") == 0
    assert (project / "seeds" / "new_talk.txt").read_bytes() == new.read_bytes()
    assert run(project, "pages") == 0
    page = (project / "docs" / "sources" / "a-new-talk" / "index.md").read_text(encoding="utf-8")
    assert "# A new talk" in page and "we talked about scaling laws" in page


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["/no/such/file.txt", "--kind", "article", "--title", "T"], "no such file"),
        (["{seed}", "--kind", "article", "--title", "Training a Large Language Model is Like Growing a Plant"], "collides with seed 'letsai-growing-a-plant'"),
    ],
)
def test_add_seed_refuses_bad_requests_and_changes_nothing(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    seed = tmp_path / "x.txt"
    seed.write_text("text\n", encoding="utf-8")
    manifest = (project / "seeds" / "manifest.yml").read_bytes()
    assert run(project, "add-seed", *[a.replace("{seed}", str(seed)) for a in args]) == 1
    assert expected in capsys.readouterr().err
    assert (project / "seeds" / "manifest.yml").read_bytes() == manifest


def test_add_seed_never_overwrites_an_existing_seed(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clash = tmp_path / "004_df5116a7d6976ecd.txt"
    clash.write_text("other text\n", encoding="utf-8")
    original = (project / "seeds" / clash.name).read_bytes()
    assert run(project, "add-seed", str(clash), "--kind", "article", "--title", "Something else") == 1
    assert "exists already" in capsys.readouterr().err
    assert (project / "seeds" / clash.name).read_bytes() == original
