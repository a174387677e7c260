"""The theme's stylesheets cut to what the built pages can use (hooks/first_view.py)."""

from __future__ import annotations

import pytest

from hooks.first_view import Markup, cut, first_view_css, may_match

PAGE = """<html class="no-js"><body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo">
<input type="checkbox" data-md-color-scheme="slate"><nav class="md-nav md-nav--primary"><a class="md-nav__link" href="x">x</a></nav>
<details class="accuracy"><summary>Notes</summary><p id="note" style="color: var(--md-accent-fg-color)">y</p></details>
<svg class="md-icon"><path d="M0"/></svg></body></html>"""


@pytest.fixture
def markup() -> Markup:
    found = Markup()
    found.add_page(PAGE)
    return found


@pytest.mark.parametrize("selector", [
    ".md-nav__link", "nav.md-nav > .md-nav__link", ".md-nav__link:hover", ".md-nav__link:focus-visible:after",
    "details[open] > summary", "details:not([open])", "[dir=ltr] .md-nav", "[data-md-color-scheme=slate] p",
    "[data-md-color-primary^=ind]", ":is(.accuracy,.missing) p", ":root", "*", "#note", "svg path",
    "input[type=checkbox]:checked~nav", "html.no-js body",
])
def test_a_selector_naming_only_what_the_pages_hold_is_kept(markup: Markup, selector: str) -> None:
    assert may_match(selector, markup)


@pytest.mark.parametrize("selector", [
    ".md-search-result", "nav .md-tabs", "table td", "[dir=rtl] .md-nav", "[data-md-color-primary=red]",
    ".md-nav :is(.md-tabs,.md-search)", ".md-typeset :is(.accuracy) p", "#other", ".js .md-nav", "[data-md-state]", "details.question",
])
def test_a_selector_naming_what_no_page_holds_is_left_out(markup: Markup, selector: str) -> None:
    assert not may_match(selector, markup)


def test_the_cut_keeps_matching_rules_in_order_inside_at_rules(markup: Markup) -> None:
    css = ('@charset "UTF-8";.md-nav{color:red}.md-tabs{color:blue}@media screen and (min-width:76em){'
           '.md-tabs{display:none}.md-nav__link,.md-search{margin:0}}@media print{.md-tabs{display:none}}'
           '@keyframes pulse{0%{opacity:0}to{opacity:1}}summary:after{content:"{"}')
    assert "".join(cut(css, markup)) == (
        '@charset "UTF-8";.md-nav{color:red}@media screen and (min-width:76em){.md-nav__link{margin:0}}'
        '@keyframes pulse{0%{opacity:0}to{opacity:1}}summary:after{content:"{"}')


def test_custom_properties_nothing_reads_are_left_out(markup: Markup) -> None:
    css = (":root{--md-accent-fg-color:#526cfe;--md-admonition-icon--bug:url(a.svg);--md-used-later:1px;"
           "--md-chain:2px;--md-read:var(--md-chain)}.md-nav{margin:var(--md-read)}")
    later = ".accuracy{padding:var(--md-used-later)}"
    assert first_view_css([css], [later], markup) == (
        ":root{--md-accent-fg-color:#526cfe;--md-used-later:1px;--md-chain:2px;--md-read:var(--md-chain)}"
        ".md-nav{margin:var(--md-read)}\n")


def test_comments_hide_no_rule_and_their_quotes_open_no_string(markup: Markup) -> None:
    css = "/* Material's rules: .md-tabs { */\n.md-nav { margin: 0 }\n/* print */\n@media print { .md-nav { display: none } }\n" \
          '.md-nav::after { content: "/* not a comment */" }'
    assert first_view_css([css], [], markup) == (
        ".md-nav{ margin: 0 }@media print{.md-nav{ display: none }}.md-nav::after{ content: \"/* not a comment */\" }\n")
