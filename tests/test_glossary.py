"""Glossary tooltips: a page carries the definitions of the terms it uses, and only those."""

from __future__ import annotations

from explainer.pages.glossary import Term, tooltips

TERMS = [Term("ASL", ("ASL-3",), "AI Safety Level."), Term("GPU", ("GPUs",), "A chip.")]


def test_a_page_gets_the_definitions_of_the_spellings_it_contains() -> None:
    # "GPU" is inside "GPUs": kept, as Markdown decides word by word which spelling applies
    assert tooltips(TERMS, "Models ran under ASL-3 on GPUs.") == (
        "\n*[ASL]: AI Safety Level.\n*[ASL-3]: AI Safety Level.\n*[GPU]: A chip.\n*[GPUs]: A chip.\n"
    )


def test_a_spelling_that_is_absent_is_left_out() -> None:
    assert "GPU" not in tooltips(TERMS, "Models ran under ASL-3.")


def test_a_page_without_glossary_terms_gets_no_definitions() -> None:
    assert tooltips(TERMS, "Nothing to define here.") == ""
