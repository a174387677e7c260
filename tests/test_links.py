"""Published links keep working: the list resolves, is complete, and renames need an alias or a redirect."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explainer.site.cli import main
from explainer.site.links import PUBLISHED, check_published, published_now, read_published
from tests.conftest import ROOT, copy_project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("links")
    copy_project(root)
    assert main(["--root", str(root), "build"]) == 0
    return root / "site"


def test_every_published_link_resolves(site: Path) -> None:
    assert check_published(site, read_published(ROOT / PUBLISHED), PUBLISHED) == []


def test_the_list_holds_every_link_the_site_publishes(site: Path) -> None:
    listed = {link for _, link in read_published(ROOT / PUBLISHED)}
    missing = sorted(set(published_now(site)) - listed)
    assert missing == [], "run `make links` to add them"
    assert {"/scaling-hypothesis/#history", "/scaling-hypothesis/#claim-scaling-gpt1-year", "/sources/lex-fridman-452/#scaling-laws"} <= listed


def test_links_json_sections_and_claims_are_published(site: Path) -> None:
    listed = {link for _, link in read_published(ROOT / PUBLISHED)}
    links = json.loads((site / "links.json").read_text(encoding="utf-8"))
    for page in links["pages"]:
        assert "/" + page["url"] in listed
        for entry in page["sections"] + page["claims"]:
            assert "/" + entry["url"] in listed, entry


def build(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(project), "build"])
    return code, capsys.readouterr().err


def rename_section(project: Path) -> None:
    page = project / "content/pages/scaling-hypothesis.md"
    page.write_text(page.read_text(encoding="utf-8").replace("{#history}", "{#origins}"), encoding="utf-8")


def test_renamed_anchor_fails_the_build_until_aliased(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(project, capsys)[0] == 0
    before = (project / "site" / "index.html").read_bytes()
    rename_section(project)
    code, err = build(project, capsys)
    assert code == 1
    assert re.search(r"published-links\.txt:\d+: /scaling-hypothesis/#history: anchor no longer exists", err)
    assert (project / "site" / "index.html").read_bytes() == before  # site/ untouched
    (project / "content/anchors.yml").write_text(
        "aliases:\n  - {page: scaling-hypothesis.md, old: history, new: origins}\n", encoding="utf-8"
    )
    assert build(project, capsys)[0] == 0
    assert 'id="history"' in (project / "site/scaling-hypothesis/index.html").read_text(encoding="utf-8")


def test_moved_page_fails_the_build_until_redirected(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "content/pages/rsp-testing.md").rename(project / "content/pages/rsp.md")
    for name in ("claims.yml", "facts.yml", "changes.yml"):  # every registry that names the page
        registry = project / "content" / name
        registry.write_text(registry.read_text(encoding="utf-8").replace("page: rsp-testing", "page: rsp"), encoding="utf-8")
    config = project / "mkdocs.yml"
    before = config.read_text(encoding="utf-8")
    code, err = build(project, capsys)  # the renamed page's nav entry needs no edit: the generator writes it
    assert code == 1 and "/rsp-testing/: page no longer exists" in err
    assert config.read_text(encoding="utf-8") == before  # a failed build changes nothing
    config.write_text(config.read_text(encoding="utf-8").replace("redirect_maps: {}", "redirect_maps: {rsp-testing.md: rsp.md}"), encoding="utf-8")
    code, err = build(project, capsys)
    assert code == 1 and "/claims/#rsp-testing: anchor no longer exists" in err  # the claims index's section moved too
    (project / "content/anchors.yml").write_text(
        "aliases:\n  - {page: claims.md, old: rsp-testing, new: rsp}\n", encoding="utf-8"
    )
    code, err = build(project, capsys)
    assert code == 0, err
    assert "/rsp-testing/: page no longer exists" not in err
    assert "      - rsp.md\n" in config.read_text(encoding="utf-8") and "- rsp-testing.md" not in config.read_text(encoding="utf-8")


def test_a_site_under_a_sub_path_has_no_link_that_escapes_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from html.parser import HTMLParser
    from urllib.parse import urljoin, urlparse

    base = "http://127.0.0.1:8000/course-site/"
    monkeypatch.setenv("SITE_URL", base)
    assert main(["--root", str(project), "build"]) == 0
    site = project / "site"

    class Refs(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.refs: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.refs += [value for name, value in attrs if name in ("href", "src", "data-deferred-src") and value]

    escaped = []
    for page in site.rglob("*.html"):
        page_url = urljoin(base, page.relative_to(site).as_posix().removesuffix("index.html"))
        parser = Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for ref in parser.refs:
            target = urlparse(urljoin(page_url, ref))
            if target.scheme in ("http", "https") and target.netloc == "127.0.0.1:8000" and not target.path.startswith("/course-site/"):
                escaped.append(f"{page.relative_to(site)}: {ref}")
    assert escaped == []
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="http://127.0.0.1:8000/course-site/"' in not_found and '"/course-site/assets/' in not_found
    assert '<link rel="canonical" href="http://127.0.0.1:8000/course-site/scaling-hypothesis/">' in (site / "scaling-hypothesis/index.html").read_text(encoding="utf-8")
    assert "<loc>http://127.0.0.1:8000/course-site/glossary/</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")
