"""Loads curated topic pages: front matter, sections and quote directives checked against seeds."""

from __future__ import annotations

import re
from pathlib import Path

from explainer.claims.claims import read_sources, shorten
from explainer.sources.clean import Cleaned
from explainer.errors import Collector, InputError
from explainer.fields import SLUG, Fields
from explainer.model import Page, Quote, Section, SelfCheck
from explainer.pages.quotes import Match, describe_miss, find_quote
from explainer.yamlfile import parse_yaml, read_text

PAGE_KEYS = (
    "title", "description", "summary", "objectives", "reviewed", "updated", "order", "self_check",
    "further_reading", "draft",
)
QUOTE_OPEN = re.compile(r"^/// quote\s*\|\s*(?P<seed>[^|]*?)\s*\|\s*(?P<speaker>[^|]*?)\s*$")
QUOTE_CLOSE = "///"
HEADING = re.compile(r"^(?P<level>#{2,6})\s+(?P<title>.*?)\s*(?:\{\s*#(?P<id>[a-z0-9-]+)\s*\})?\s*$")
PLACEHOLDER = "\x00quote:{}\x00"
# Names of docs/ pages the generator makes itself; a topic page of the same name would replace one.
RESERVED_PAGE_IDS = ("index", "claims", "sources", "glossary", "instructors", "how-we-check", "changes")


def split_front_matter(text: str, shown: str, collector: Collector) -> tuple[str, str, int]:
    """The front matter YAML, the body, and the line the body starts on."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        collector.add(shown, 1, "", "expected front matter between --- lines at the top")
        return "", text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    collector.add(shown, 1, "", "front matter is not closed by a --- line")
    return "", text, 1


def read_body(
    body: str, first_line: int, shown: str, cleaned: dict[str, Cleaned], collector: Collector
) -> tuple[str, list[Quote], list[Section]]:
    """The body with each quote directive replaced by a placeholder, its quotes and sections."""
    out: list[str] = []
    quotes: list[Quote] = []
    sections: list[Section] = []
    lines = body.split("\n")
    index = 0
    in_fence = False
    while index < len(lines):
        line, number = lines[index], first_line + index
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        opened = None if in_fence else QUOTE_OPEN.match(line)
        heading = None if in_fence else HEADING.match(line)
        if heading and len(heading["level"]) == 2:
            if not heading["id"]:
                collector.add(shown, number, "heading", f"{heading['title']!r} needs an explicit id: {{#some-id}}")
            elif any(s.id == heading["id"] for s in sections):
                collector.add(shown, number, "heading", f"id {heading['id']!r} is used twice on this page; expected ids unique within a page")
            else:
                sections.append(Section(heading["id"], heading["title"]))
        if line.startswith("/// quote") and not opened:
            collector.add(shown, number, "quote", "expected '/// quote | seed-id | Speaker'")
        if not opened:
            out.append(line)
            index += 1
            continue
        end = next((j for j in range(index + 1, len(lines)) if lines[j].strip() == QUOTE_CLOSE), None)
        if end is None:
            collector.add(shown, number, "quote", "quote is not closed by a /// line")
            break
        text = " ".join(part.strip() for part in lines[index + 1 : end]).strip()
        quote = check_quote(opened["seed"], opened["speaker"], text, number, shown, cleaned, collector)
        if quote is not None:
            out.append(PLACEHOLDER.format(len(quotes)))
            quotes.append(quote)
        index = end + 1
    return "\n".join(out), quotes, sections


def check_quote(
    seed_id: str, speaker: str, text: str, line: int, shown: str,
    cleaned: dict[str, Cleaned], collector: Collector,
) -> Quote | None:
    """The quote located in its seed, or None after reporting why it cannot be verified."""
    if seed_id not in cleaned:
        collector.add(shown, line, "quote", f"no seed with id {seed_id!r} that could be read; expected one of: {', '.join(sorted(cleaned))}")
        return None
    seed = cleaned[seed_id].ingested.seed
    if speaker not in seed.speakers:
        entry = f"seeds/manifest.yml:{seed.manifest_line}"
        declared = f"declares the speakers: {', '.join(seed.speakers)}" if seed.speakers else "declares no speakers"
        collector.add(shown, line, "quote", f"speaker {speaker!r} is not a speaker of {seed_id!r}, whose manifest entry ({entry}) "
                      f"{declared}; expected one of them, or add the speaker to speakers: there")
    if not text:
        collector.add(shown, line, "quote", "the quote is empty")
        return None
    found = find_quote(cleaned[seed_id], text)
    if not isinstance(found, Match):
        collector.add(shown, line, "quote", f"\"{shorten(text)}\" is not in {seed.file}; expected its words with only quotation edits: {describe_miss(found)}")
        return None
    words = cleaned[seed_id].words
    return Quote(seed_id, speaker, text, words.start[found.first_word], words.end[found.last_word], line)


def page_id_problem(page_id: str) -> str:
    """Why a file name stem cannot be a page's id, or "" when it can."""
    if not SLUG.match(page_id):
        return f"{page_id!r} is not a slug; expected a file name of lowercase letters, digits and hyphens, ending in .md"
    if page_id in RESERVED_PAGE_IDS:
        return f"{page_id!r} is the name of a generated page; expected another name, not one of: {', '.join(RESERVED_PAGE_IDS)}"
    return ""


def read_front_matter(front: str, shown: str, collector: Collector) -> Fields:
    """The front matter's fields; a YAML error is reported and the page read as having none."""
    try:
        data = parse_yaml(front, shown, 2)
    except InputError as error:
        collector.absorb(error)
        return Fields(None, shown, 1, Collector(), "the page's front matter")
    return Fields(data, shown, 1, collector, "the page's front matter")


def load_page(path: Path, shown: str, cleaned: dict[str, Cleaned], collector: Collector) -> Page:
    """One curated page, every quote verified; problems go to the collector."""
    if problem := page_id_problem(path.stem):
        collector.add(shown, 0, "", problem)
    try:
        text = read_text(path, shown)
    except InputError as error:
        collector.absorb(error)
        return Page(path.stem, shown, "", "", "", (), "", "", "", (), ())
    if "\x00" in text:
        collector.add(shown, text[: text.index("\x00")].count("\n") + 1, "", "holds a NUL character; expected text")
        text = text.replace("\x00", "")
    front, body, body_line = split_front_matter(text, shown, collector)
    fields = read_front_matter(front, shown, collector)
    fields.allow_only(*PAGE_KEYS)
    checks = []
    for item, line in fields.items("self_check", required=False):
        cf = Fields(item, shown, line, collector, "a self-check question")
        cf.allow_only("question", "answer")
        checks.append(SelfCheck(cf.text("question"), cf.text("answer")))
    new_body, quotes, sections = read_body(body, body_line, shown, cleaned, collector)
    return Page(
        id=path.stem,
        path=shown,
        title=fields.title("title"),
        description=fields.title("description"),
        summary=fields.text("summary"),
        objectives=tuple(fields.text_list("objectives", required=True)),
        reviewed=fields.date("reviewed"),
        updated=fields.date("updated"),
        body=new_body,
        quotes=tuple(quotes),
        sections=tuple(sections),
        self_check=tuple(checks),
        further_reading=read_sources(fields, "further_reading", required=False),
        order=fields.integer("order", 99),
        draft=fields.flag("draft"),
    )
