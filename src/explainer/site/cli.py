"""The command line: `python -m explainer COMMAND`. One line per error, a traceback only with --debug."""

from __future__ import annotations

import argparse
from datetime import date
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from types import FrameType

from explainer.sources.addseed import add_seed
from explainer.claims.coverage import load_checkable, uncovered, uncovered_prose
from explainer.errors import Collector, ExplainerError, InputError, OutputError, Problem
from explainer.fields import date_problem
from explainer.pages.glossary import load_glossary
from explainer.sources.lexicon import Name, field_names, load_lexicon
from explainer.site.links import PUBLISHED, check_published, read_published, update_published
from explainer.model import KINDS
from explainer.site.navblock import CONFIG
from explainer.site.pipeline import Layout, Texts, configured, generate, load_site, load_texts, render_site
from explainer.site.polish import polish_site
from explainer.site.site import Site
from explainer.claims.stale import due_on
from explainer.sources.suggest import as_yaml, suggest
from explainer.site.writer import check_hand_edits, read_record, write_atomically, write_outputs

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="explainer", description="Builds the explainer site from seeds/ and content/.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: the current one)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="validate seeds, data files and pages; write nothing")
    check.set_defaults(run=run_check)
    for name, run, help_text in (("pages", run_pages, "generate docs/ from seeds/ and content/"),
                                 ("build", run_build, "generate docs/, then build site/ with `mkdocs build --strict`"),
                                 ("links", run_links, "build, then add the site's new URLs and anchors to published-links.txt")):
        writer = commands.add_parser(name, help=help_text)
        writer.add_argument("--force", action="store_true", help="overwrite generated files that were edited by hand")
        writer.set_defaults(run=run)
    report = commands.add_parser("uncovered", help="list checkable statements of the seeds that are neither a claim nor dismissed")
    report.set_defaults(run=run_uncovered)
    stale = commands.add_parser("stale", help="list every claim and fact due for re-checking, oldest first")
    stale.add_argument("--today", default="", help="the day to check against, YYYY-MM-DD (default: today)")
    stale.set_defaults(run=run_stale)
    serve = commands.add_parser("serve", help="preview at http://127.0.0.1:8000, regenerating on every edit")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    serve.set_defaults(run=run_serve)
    suggest = commands.add_parser("suggest", help="print proposed corrections for one seed as YAML (applies nothing)")
    suggest.add_argument("seed", help="the seed's id in seeds/manifest.yml")
    suggest.set_defaults(run=run_suggest)
    add = commands.add_parser("add-seed", help="copy a new source document into seeds/ and list it in the manifest")
    add.add_argument("path", type=Path, help="the document to add")
    add.add_argument("--kind", required=True, choices=KINDS)
    add.add_argument("--title", required=True)
    add.add_argument("--date", default="", help="YYYY-MM-DD")
    add.add_argument("--url", default="")
    add.add_argument("--speakers", default="", help="comma-separated names")
    add.add_argument("--id", default="", help="the seed's id, its permanent URL sources/<id>/ (default: a slug of the title, at most 40 characters)")
    add.set_defaults(run=run_add_seed)
    return parser


def run_check(args: argparse.Namespace) -> int:
    layout = Layout(args.root)
    site = load_site(layout)
    configured(layout, site)  # mkdocs.yml's topic list can be brought up to date
    print(f"ok: {len(site.seeds)} seeds, {len(site.pages)} pages, {sum(len(p.quotes) for p in site.pages)} quotes, {len(site.claims)} claims verified")
    return EXIT_OK


def run_uncovered(args: argparse.Namespace) -> int:
    layout = Layout(args.root)
    site = load_site(layout)
    collector = Collector()
    checkable = load_checkable(layout.content / "checkable.yml", "content/checkable.yml", collector)
    collector.raise_if_any()
    found = uncovered(site, checkable)
    for statement in found:
        seed = site.seeds[statement.seed_id]
        line = site.cleaned[statement.seed_id].ingested.raw.count("\n", 0, statement.start) + 1
        print(f"seeds/{seed.file}:{line}: [{', '.join(statement.reasons)}] {statement.text}")
    prose = uncovered_prose(site, layout.root, checkable.prose_names)
    for sentence in prose:
        print(f"{sentence.path}:{sentence.line}: [{', '.join(sentence.reasons)}] {sentence.text}")
    print(f"{len(found)} checkable statements of the seeds are neither a claim nor dismissed; "
          f"{len(prose)} sentences of the pages' prose are backed by no fact and no claim", file=sys.stderr)
    return EXIT_OK if not found and not prose else EXIT_ERROR


def run_stale(args: argparse.Namespace) -> int:
    today = args.today or date.today().isoformat()
    if len(today) != 10 or date_problem(today):
        print(f"error: --today: {today!r} is not a real date; expected YYYY-MM-DD", file=sys.stderr)
        return EXIT_USAGE
    due = due_on(load_site(Layout(args.root)), today)
    for item in due:
        print(f"{item.path}:{item.line}: {item.kind} {item.id}: due {item.recheck} (last reviewed {item.reviewed})")
    print(f"{len(due)} claims and facts are due for re-checking on {today}", file=sys.stderr)
    return EXIT_OK if not due else EXIT_ERROR


def print_due(site: Site) -> None:
    """The one line a build prints about what is due for re-checking today (the output does not depend on it)."""
    due = due_on(site, date.today().isoformat())
    print(f"re-check: {len(due)} claims and facts are due" + (" (make stale lists them)" if due else ""))


def run_pages(args: argparse.Namespace) -> int:
    layout = Layout(args.root)
    site = load_site(layout)
    report = generate(layout, force=args.force, site=site)
    print_report(report.written, len(report.removed), report.unchanged)
    print_due(site)
    return EXIT_OK


def print_report(written: list[str], removed: int, unchanged: int) -> None:
    """What a run wrote: docs/ files, and mkdocs.yml when its topic list changed."""
    docs = [name for name in written if name != CONFIG]
    print(f"docs/: {len(docs)} written, {removed} removed, {unchanged} unchanged")
    if CONFIG in written:
        print(f"{CONFIG}: topic list of the nav updated")


def build_environment(root: Path) -> dict[str, str]:
    """The environment of a reproducible build: a fixed build date unless one is given."""
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1763769600")  # 2025-11-22: sitemap dates never change between runs
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env


def run_build(args: argparse.Namespace) -> int:
    """Generates docs/ and builds site/; neither changes unless the whole build succeeds."""
    root: Path = args.root
    layout = Layout(root)
    site = load_site(layout)
    files = render_site(site)
    old_config, new_config = configured(layout, site, args.force)
    if not args.force:
        problems = check_hand_edits(layout.docs, files, read_record(layout.docs), "docs")
        if problems:
            raise OutputError(problems)
    target = root / "site"
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    staging, docs = work / "site", work / "docs"
    # The strict build runs on a staging copy of docs/, through a config that inherits mkdocs.yml.
    config = root / f"{work.name}.yml"
    # With a changed topic list, the staging build reads the new mkdocs.yml from a copy beside it.
    base = root / (f"{work.name}.base.yml" if new_config != old_config else CONFIG)
    try:
        write_outputs(docs, files, "docs")
        if new_config != old_config:
            base.write_text(new_config, encoding="utf-8")
        config.write_text(f"INHERIT: {base.name}\ndocs_dir: {work.name}/docs\n", encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(staging)],
            cwd=root, env=build_environment(root), check=False,
        )
        if result.returncode != 0:
            print("error: mkdocs build --strict failed (above); docs/ and site/ are unchanged", file=sys.stderr)
            return EXIT_ERROR
        polish_site(staging)
        broken = check_published(staging, read_published(root / PUBLISHED), PUBLISHED)
        if broken:
            for problem in broken:
                print(f"error: {problem}", file=sys.stderr)
            print("error: published links would break; docs/ and site/ are unchanged", file=sys.stderr)
            return EXIT_ERROR
        report = write_outputs(layout.docs, files, "docs", args.force)
        if new_config != old_config:
            write_atomically(root / CONFIG, new_config.encode("utf-8"))
            report.written.append(CONFIG)
        print_report(report.written, len(report.removed), report.unchanged)
        previous = root / ".site-previous"
        shutil.rmtree(previous, ignore_errors=True)
        if target.exists():
            target.rename(previous)
        staging.rename(target)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        config.unlink(missing_ok=True)
        if base.name != CONFIG:
            base.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    print(f"site/: built from {sum(1 for _ in target.rglob('*.html'))} HTML pages")
    print_due(site)
    return EXIT_OK


def run_links(args: argparse.Namespace) -> int:
    code = run_build(args)
    if code == EXIT_OK:
        added = update_published(args.root / "site", args.root / PUBLISHED)
        print(f"{PUBLISHED}: {added} new links added")
    return code


def regenerate(root: Path) -> None:
    """Generates docs/ before the preview starts (a fresh copy may have none); problems are reported
    and the preview serves what docs/ holds."""
    try:
        report = generate(Layout(root), drafts=True)  # the preview shows draft pages, under a banner
        if report.written or report.removed:
            print(f"regenerated: {', '.join(report.written + report.removed)}", flush=True)
    except ExplainerError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr, flush=True)
        print("docs/ unchanged; fix the above and save again", file=sys.stderr, flush=True)


def interrupt(signum: int, frame: FrameType | None) -> None:
    """Turns a request to stop (SIGTERM, SIGHUP) into the same clean stop as Ctrl-C."""
    raise KeyboardInterrupt


def run_serve(args: argparse.Namespace) -> int:
    """Previews with `mkdocs serve`, whose hook (hooks/preview.py) regenerates docs/ on every edit to
    content/ or seeds/; stopping this process by Ctrl-C, SIGTERM or SIGHUP stops the preview server
    too, never leaving it behind."""
    root: Path = args.root
    regenerate(root)
    previous = {number: signal.signal(number, interrupt) for number in (signal.SIGTERM, signal.SIGHUP)}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", args.addr, "-f", str(root / "mkdocs.yml")],
        cwd=root, env=build_environment(root),
    )
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=10)
        for number, handler in previous.items():
            signal.signal(number, handler)
    return EXIT_OK


def run_suggest(args: argparse.Namespace) -> int:
    """Prints the proposals for one seed on standard output, and nothing else there. Only the
    seeds, corrections, glossary and lexicon are read: a page being written cannot stop it."""
    layout = Layout(args.root)
    collector = Collector()
    texts = load_texts(layout, collector)
    names = suggestion_names(layout, texts, collector)
    collector.raise_if_any()
    if args.seed not in texts.cleaned:
        known = ", ".join(sorted(texts.cleaned))
        raise InputError([Problem("seeds/manifest.yml", 0, "id", f"no seed {args.seed!r}; expected one of: {known}")])
    proposals = suggest(texts.cleaned[args.seed], names)
    sys.stdout.write(as_yaml(proposals))
    print(f"{len(proposals)} proposals for {args.seed}; review each before pasting it under the seed in content/corrections.yml",
          file=sys.stderr)
    return EXIT_OK


def suggestion_names(layout: Layout, texts: Texts, collector: Collector) -> list[Name]:
    """The names `make suggest` compares with: the lexicon's, the speakers', the glossary's and the
    corrections'."""
    glossary = load_glossary(layout.content / "glossary.yml", "content/glossary.yml", collector)
    lexicon, ordinary = load_lexicon(layout.content / "lexicon.yml", "content/lexicon.yml", collector)
    return field_names(lexicon, ordinary, [speaker for seed in texts.seeds for speaker in seed.speakers],
                       [spelling for term in glossary for spelling in (term.term, *term.also)],
                       [(c.wrong, c.right) for c in texts.corrections])


def run_add_seed(args: argparse.Namespace) -> int:
    speakers = [s.strip() for s in args.speakers.split(",") if s.strip()]
    seed_id = add_seed(Layout(args.root), args.path, args.kind, args.title, args.date, args.url, speakers, args.id)
    print(f"added seed {seed_id!r}: its source page appears at sources/{seed_id}/ on the next build")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except ExplainerError as error:
        if args.debug:
            traceback.print_exc()
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:
        if args.debug:
            traceback.print_exc()
        print(f"error: {error.filename or ''}: {error.strerror}", file=sys.stderr)
        return EXIT_ERROR
