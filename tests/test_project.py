"""The real project: every input validates, docs/ is up to date and output is deterministic."""

from __future__ import annotations

import json
from explainer.site.pipeline import Layout, load_site, render_site
from explainer.site.writer import RECORD, read_record
from tests.conftest import ROOT


def test_seed_copies_are_byte_for_byte() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    site = load_site(Layout(ROOT))
    assert site.seeds
    if shared.is_dir():
        for path in shared.iterdir():
            assert (ROOT / "seeds" / path.name).read_bytes() == path.read_bytes()


def test_committed_docs_are_up_to_date() -> None:
    files = render_site(load_site(Layout(ROOT)))
    docs = ROOT / "docs"
    stale = [name for name, data in files.items() if not (docs / name).is_file() or (docs / name).read_bytes() != data]
    extra = sorted(set(read_record(docs)) - set(files))
    assert stale == [] and extra == [], "docs/ is out of date: run `make pages`"


def test_rendering_is_deterministic() -> None:
    assert render_site(load_site(Layout(ROOT))) == render_site(load_site(Layout(ROOT)))


def test_every_page_has_quotes_and_an_accuracy_box() -> None:
    site = load_site(Layout(ROOT))
    assert sorted(p.id for p in site.pages) == sorted(path.stem for path in (ROOT / "content" / "pages").glob("*.md"))
    assert [(p.order, p.id) for p in site.pages] == sorted((p.order, p.id) for p in site.pages)
    files = render_site(site)
    for page in site.published().pages:
        assert page.quotes and site.claims_for(page.id), page.id
        text = files[f"{page.id}.md"].decode()
        assert '???+ accuracy "Accuracy notes: ' in text
        for claim in site.claims_for(page.id):
            assert f"{{ #claim-{claim.id} .claim }}" in text


def test_claims_json_matches_the_registry_and_the_raw_seeds() -> None:
    site = load_site(Layout(ROOT))
    exported = json.loads(render_site(site)["claims.json"])["claims"]
    assert [c["id"] for c in exported] == [c.id for c in site.claims]
    for entry in exported:
        raw = (ROOT / "seeds" / entry["seed_file"]).read_bytes().decode("utf-8-sig")
        assert " ".join(raw[entry["start"] : entry["end"]].split()) == " ".join(entry["excerpt"].split())
        assert set(entry) == {"id", "page", "url", "seed_file", "start", "end", "excerpt", "statement", "speaker", "type",
                              "said", "horizon", "verdict", "changed", "note", "sources", "reviewed", "recheck", "history"}
        assert entry["statement"] and entry["speaker"] and entry["type"]
        assert entry["history"][-1]["verdict"] == entry["verdict"]


def test_generated_record_lists_every_generated_file() -> None:
    record = json.loads((ROOT / "docs" / RECORD).read_text(encoding="utf-8"))
    assert all((ROOT / "docs" / name).is_file() for name in record["files"])
    assert record["generated_by"] == "make pages"
