"""The built site in a real Chromium: what a reader gets, by mouse and by keyboard.

Uses Debian's Chromium at /usr/bin/chromium (nothing downloads a browser); without it every test
here is skipped with that reason. `.ci/run` installs it when it is missing.
"""

from __future__ import annotations

import base64
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from explainer.site.cli import main
from explainer.site.pipeline import Layout, load_site
from tests.conftest import ROOT, copy_project

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the signature of the base class
        pass


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built from a copy of the project and served on a free loopback port."""
    root = tmp_path_factory.mktemp("browser")
    copy_project(root)
    assert main(["--root", str(root), "build"]) == 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    opened = context.new_page()
    opened.problems = []
    opened.on("console", lambda message: message.type == "error" and opened.problems.append(message.text))
    opened.on("pageerror", lambda error: opened.problems.append(str(error)))
    yield opened
    context.close()


def interact(page: Any) -> None:
    """The reader's first interaction, which loads the theme's script; waits until it has started."""
    page.mouse.move(10, 10)
    page.wait_for_function("document.documentElement.classList.contains('js')")
    page.wait_for_load_state("networkidle")


def all_pages(base: str) -> list[str]:
    topics = [page.id for page in load_site(Layout(ROOT)).published().pages]
    return ["", "claims/", "how-we-check/", "changes/", "sources/", "instructors/", "glossary/", *(f"{t}/" for t in topics),
            "sources/lex-fridman-452/", "sources/claude-2-parameters-article/"]


def test_pages_load_without_console_errors_or_requests_elsewhere(page: Any, base: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in all_pages(base):
        page.goto(base + path)
        interact(page)
    assert page.problems == []
    assert requested and all(url.startswith(base) or url.startswith("data:") for url in requested), [
        url for url in requested if not url.startswith(base)]


def test_first_view_fetches_only_the_page_and_its_stylesheet(page: Any, base: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + "scaling-hypothesis/")
    page.wait_for_load_state("networkidle")
    # no script, no search index, no icon (hooks/favicon.py writes it into the page)
    assert [url for url in requested if not url.startswith("data:")] == [
        base + "scaling-hypothesis/", base + "assets/stylesheets/first-view.css"]
    interact(page)
    assert any("bundle" in url for url in requested)
    assert not any("search_index" in url for url in requested), "the index waits until search is used"


@pytest.mark.parametrize("query, expected", [("Golden Gate", "interpretability/"), ("airplanes", "sources/lex-fridman-452/")])
def test_search_finds_terms_from_pages_and_transcripts(page: Any, base: str, query: str, expected: str) -> None:
    page.goto(base)
    interact(page)
    page.click("input.md-search__input")
    page.keyboard.type(query)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    links = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any(expected in link for link in links), links


def test_accuracy_notes_and_answers_open_and_close_by_keyboard(page: Any, base: str) -> None:
    page.goto(base + "model-tiers/")
    for selector in ("details.accuracy > summary", "details.question > summary"):
        summary = page.locator(selector).first
        details = summary.locator("xpath=..")
        before = details.evaluate("d => d.open")
        summary.focus()
        page.keyboard.press("Enter")
        assert details.evaluate("d => d.open") is (not before)
        page.keyboard.press("Space")
        assert details.evaluate("d => d.open") is before


def test_colour_scheme_toggle_switches_and_is_remembered(page: Any, base: str) -> None:
    page.goto(base + "rsp-testing/")
    interact(page)
    before = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("form[data-md-component=palette] label:visible").click()
    after = page.evaluate("document.body.dataset.mdColorScheme")
    assert {before, after} == {"default", "slate"}
    page.goto(base + "glossary/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == after


@pytest.mark.parametrize("preference, scheme", [("light", "default"), ("dark", "slate")])
def test_the_system_colour_scheme_applies_before_any_interaction(page: Any, base: str, preference: str, scheme: str) -> None:
    page.emulate_media(color_scheme=preference)
    page.goto(base + "interpretability/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.classList.contains('js')") is False, "the theme's script waits for the reader"
    assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(255, 255, 255)") is (scheme == "default"), background


def test_a_link_with_an_anchor_scrolls_to_its_target(page: Any, base: str) -> None:
    page.goto(base + "scaling-hypothesis/#claim-scaling-gpt1-year")
    target = page.locator("#claim-scaling-gpt1-year")
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    page.goto(base + "sources/lex-fridman-452/#scaling-laws")
    assert page.evaluate("window.scrollY") > 500


@pytest.mark.parametrize("preference", ["light", "dark"])
def test_axe_core_reports_no_violation(page: Any, base: str, preference: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    failures = {}
    page.emulate_media(color_scheme=preference)
    for path in all_pages(base):
        page.goto(base + path)
        results = axe.run(page)
        violations = results.response["violations"]
        if violations:
            failures[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert failures == {}


def test_printing_hides_navigation_and_opens_notes(page: Any, base: str) -> None:
    page.goto(base + "model-tiers/")
    page.emulate_media(media="print")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".md-sidebar--primary").first.is_hidden()
    assert page.locator(".md-header").is_hidden()
    assert page.locator("details.question").first.evaluate("d => d.open")
    link = page.locator(".md-typeset p a[href^='http']").first
    assert "(" in link.evaluate("a => getComputedStyle(a, '::after').content")


def test_the_claims_index_reads_on_a_phone(browser: Any, base: str) -> None:
    """At 390 px the claims index fits the screen: no column squeezed wider than the viewport."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    for path in ("claims/", "how-we-check/", "changes/"):
        phone.goto(base + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
    context.close()


def test_a_verdict_explains_itself_and_leads_to_its_rule(page: Any, base: str) -> None:
    topic = load_site(Layout(ROOT)).published().claims[0]
    page.goto(f"{base}{topic.page}/#claim-{topic.id}")
    verdict = page.locator(f"#claim-{topic.id} a.verdict")
    assert verdict.get_attribute("title")  # shown on hover
    verdict.click()  # a tap follows the link to the definition
    page.wait_for_url(f"**/how-we-check/#{topic.type}-{topic.verdict.replace(' ', '-')}")
    assert page.locator(f"#{topic.type}-{topic.verdict.replace(' ', '-')}").is_visible()


# Every element's box, and the page's pixels: what the reader sees before and after the full stylesheets.
LAYOUT = """() => [...document.querySelectorAll("body *")].map(element => {
  const box = element.getBoundingClientRect();
  return [element.tagName, element.className.baseVal ?? element.className, box.x, box.y, box.width, box.height];
})"""
DIFFERING_PIXELS = """async pictures => {
  const pixels = await Promise.all(pictures.map(async png => {
    const image = new Image();
    image.src = "data:image/png;base64," + png;
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height), context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    return context.getImageData(0, 0, image.width, image.height).data;
  }));
  if (pixels[0].length !== pixels[1].length) return Infinity;
  let differing = 0;
  for (let i = 0; i < pixels[0].length; i += 4)
    if (pixels[0][i] !== pixels[1][i] || pixels[0][i + 1] !== pixels[1][i + 1] || pixels[0][i + 2] !== pixels[1][i + 2]) differing++;
  return differing;
}"""


@pytest.mark.parametrize("preference", ["light", "dark"])
def test_the_full_stylesheets_arriving_move_and_repaint_nothing(page: Any, base: str, preference: str) -> None:
    held: list[str] = []
    page.on("request", lambda request: "/stylesheets/" in request.url and "first-view" not in request.url and held.append(request.url))
    page.route("**/*.js", lambda route: route.abort())  # only the stylesheets arrive: the script would redraw parts
    page.emulate_media(color_scheme=preference)
    page.goto(base + "model-tiers/")
    page.wait_for_load_state("networkidle")
    assert held == [], "the full stylesheets wait for the reader's first interaction"
    for part in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".accuracy", ".md-content .md-typeset p"):
        assert page.locator(part).first.is_visible(), part
    # Every box of the page is compared; the pixels of the first screen, what the reader sees when the
    # stylesheets arrive. Far down a long page Chromium sometimes repaints a code block's edge when a
    # test before this one used another viewport size, which is no change a reader could see.
    before, pixels = page.evaluate(LAYOUT), page.screenshot()
    page.keyboard.press("Shift")
    page.wait_for_function("""[...document.styleSheets].filter(sheet => sheet.href && /main\\.[^/]*\\.css$/.test(sheet.href)).length > 0""")
    page.wait_for_load_state("networkidle")
    assert held, "the first interaction brings the full stylesheets"
    assert page.evaluate(LAYOUT) == before
    # Chromium may rasterise an icon's mask image again, its edge a few pixels differently; a moved box
    # or a changed colour differs in thousands.
    pictures = [base64.b64encode(png).decode() for png in (pixels, page.screenshot())]
    assert page.evaluate(DIFFERING_PIXELS, pictures) <= 32
