"""Renders the change log three ways: a "Changes since first published" section on each topic page,
the site-wide /changes/ page, and an Atom feed (changes.xml) for feed readers.

The feed needs no site address: its ids are tag URIs and its links are relative to the feed, which
Atom resolves against the feed's own address (RFC 4287 and xml:base), so docs/ stays the same
wherever the site is published.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from explainer.claims.changes import NOT_RATED, LogEntry
from explainer.render.markup import front_matter, generated_notice, human_date, inert
from explainer.site.site import Site

FEED = "changes.xml"
TAG = "tag:llm-explainers,2026"  # RFC 4151: the project's name as the authority and the year its log began


def anchor_of(entry: LogEntry) -> str:
    """The anchor an entry points to on its page: its claim's, else its section's; "" for the page."""
    return f"claim-{entry.claim}" if entry.claim else entry.section


def verdict_phrase(entry: LogEntry) -> str:
    if not entry.verdict_to:
        return ""
    if entry.verdict_from == NOT_RATED:
        return f" Verdict: {entry.verdict_to}."
    return f" Verdict: {entry.verdict_from} → {entry.verdict_to}."


def render_entry(entry: LogEntry, site: Site, here: str, with_page: bool) -> str:
    """One entry as a line of Markdown: the date, a link to what it concerns, what changed and why."""
    anchor = anchor_of(entry)
    link = site.link(here, f"{entry.page}.md") + (f"#{anchor}" if anchor else "")
    page = next((p for p in site.pages if p.id == entry.page), None)
    if with_page and page:
        where = f" · [{inert(page.title)}]({link})"
    elif anchor and not (entry.withdraws and entry.claim not in {c.id for c in site.claims}):
        where = f" · [{'the note' if entry.claim else 'the section'}]({link})"
    else:
        where = ""
    return f"**{human_date(entry.date)}**{where}: {entry.what}{verdict_phrase(entry)} *Why:* {entry.why}"


def render_page_changes(page_id: str, site: Site) -> str:
    """The section of a topic page listing its changes, newest first; a withdrawn claim's entry
    keeps the claim's anchor, so links to it still land on the explanation."""
    mine = [e for e in site.changes if e.page == page_id]
    here = f"{page_id}.md"
    lines = ["## Changes since first published {#changes}", ""]
    if not mine:
        return "\n".join(lines + ["None yet. [What's changed](changes.md) lists the changes to every page.", ""])
    lines += [f"What changed on this page that a reader who linked it should know, newest first. "
              f"[What's changed]({site.link(here, 'changes.md')}) lists every page's; [subscribe]({site.link(here, FEED)}) "
              "to the feed to be told.", ""]
    claims = {c.id for c in site.claims}
    anchored: set[str] = set()
    for entry in reversed(mine):
        text = render_entry(entry, site, here, with_page=False)
        if entry.withdraws and entry.claim not in claims and entry.claim not in anchored:
            anchored.add(entry.claim)  # a withdrawn claim's published link lands on why it was withdrawn
            text = f'<a id="claim-{entry.claim}"></a>{text}'
        lines.append(f"- {text}")
    return "\n".join(lines + [""])


def render_changes_page(site: Site) -> str:
    parts = [
        front_matter("What's changed", "Every change to the pages that a reader or an instructor who linked them should know: verdicts that changed, statements newly checked or withdrawn, facts corrected."),
        generated_notice("content/changes.yml"),
        "# What's changed",
        "",
        "Verdicts that changed, statements newly checked or withdrawn, and facts of the pages corrected, newest "
        f"first. Each topic page lists its own under *Changes since first published*. A feed reader can follow "
        f"[the Atom feed]({FEED}).",
        "",
    ]
    if not site.changes:
        return "\n".join(parts + ["Nothing has changed yet.", ""])
    for date in sorted({e.date for e in site.changes}, reverse=True):
        parts += [f"## {human_date(date)} {{#d{date}}}", ""]
        parts += [f"- {render_entry(e, site, 'changes.md', with_page=True)}" for e in reversed(site.changes) if e.date == date]
        parts.append("")
    return "\n".join(parts)


def entry_ids(entries: tuple[LogEntry, ...]) -> list[str]:
    """A permanent id for each entry: its date, page and what it concerns, numbered when those repeat."""
    seen: dict[str, int] = {}
    ids = []
    for entry in entries:
        key = f"{entry.date}:{entry.page}:{entry.claim or entry.fact or entry.section or 'page'}"
        seen[key] = seen.get(key, 0) + 1
        ids.append(f"{TAG}:{key}" + (f":{seen[key]}" if seen[key] > 1 else ""))
    return ids


def render_feed(site: Site) -> str:
    """The change log as an Atom feed, newest first; the same bytes whatever the build date."""
    updated = max([e.date for e in site.changes] or [p.updated for p in site.pages] or ["1970-01-01"])
    titles = {p.id: p.title for p in site.pages}
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "  <title>LLM Explainers: what's changed</title>",
        "  <subtitle>Verdicts that changed, statements newly checked or withdrawn, and facts corrected.</subtitle>",
        f"  <id>{TAG}:changes</id>",
        f"  <updated>{updated}T00:00:00Z</updated>",
        '  <link rel="self" href="changes.xml"/>',
        '  <link rel="alternate" type="text/html" href="changes/"/>',
        "  <author><name>LLM Explainers</name></author>",
    ]
    for entry_id, entry in reversed(list(zip(entry_ids(site.changes), site.changes))):
        page = titles.get(entry.page, entry.page)
        anchor = f"#{anchor_of(entry)}" if anchor_of(entry) else ""
        title = f"{page}: {entry.what}"
        lines += [
            "  <entry>",
            f"    <title>{escape(title)}</title>",
            f"    <id>{entry_id}</id>",
            f"    <updated>{entry.date}T00:00:00Z</updated>",
            f'    <link rel="alternate" type="text/html" href="{escape(entry.page + "/" + anchor)}"/>',
            f"    <summary>{escape(entry.what + verdict_phrase(entry) + ' Why: ' + entry.why)}</summary>",
            "  </entry>",
        ]
    return "\n".join(lines + ["</feed>", ""])
