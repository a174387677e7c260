"""The command line: `python -m explainer COMMAND`. One line per error, a traceback only with --debug."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from types import FrameType

from explainer.addseed import add_seed
from explainer.coverage import load_checkable, uncovered
from explainer.errors import Collector, ExplainerError, OutputError
from explainer.polish import polish_site
from explainer.links import PUBLISHED, check_published, read_published, update_published
from explainer.model import KINDS
from explainer.pipeline import Layout, generate, load_site, render_site
from explainer.writer import check_hand_edits, read_record, write_outputs

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="explainer", description="Builds the explainer site from seeds/ and content/.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: the current one)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="validate seeds, data files and pages; write nothing")
    check.set_defaults(run=run_check)
    pages = commands.add_parser("pages", help="generate docs/ from seeds/ and content/")
    pages.add_argument("--force", action="store_true", help="overwrite generated files that were edited by hand")
    pages.set_defaults(run=run_pages)
    build = commands.add_parser("build", help="generate docs/, then build site/ with `mkdocs build --strict`")
    build.add_argument("--force", action="store_true", help="overwrite generated files that were edited by hand")
    build.set_defaults(run=run_build)
    links = commands.add_parser("links", help="build, then add the site's new URLs and anchors to published-links.txt")
    links.add_argument("--force", action="store_true", help="overwrite generated files that were edited by hand")
    links.set_defaults(run=run_links)
    report = commands.add_parser("uncovered", help="list checkable statements of the seeds that are neither a claim nor dismissed")
    report.set_defaults(run=run_uncovered)
    serve = commands.add_parser("serve", help="preview at http://127.0.0.1:8000, regenerating on every edit")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    serve.set_defaults(run=run_serve)
    add = commands.add_parser("add-seed", help="copy a new source document into seeds/ and list it in the manifest")
    add.add_argument("path", type=Path, help="the document to add")
    add.add_argument("--kind", required=True, choices=KINDS)
    add.add_argument("--title", required=True)
    add.add_argument("--date", default="", help="YYYY-MM-DD")
    add.add_argument("--url", default="")
    add.add_argument("--speakers", default="", help="comma-separated names")
    add.set_defaults(run=run_add_seed)
    return parser


def run_check(args: argparse.Namespace) -> int:
    site = load_site(Layout(args.root))
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
    print(f"{len(found)} checkable statements are neither a claim nor dismissed", file=sys.stderr)
    return EXIT_OK if not found else EXIT_ERROR


def run_pages(args: argparse.Namespace) -> int:
    report = generate(Layout(args.root), force=args.force)
    print(f"docs/: {len(report.written)} written, {len(report.removed)} removed, {report.unchanged} unchanged")
    return EXIT_OK


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
    files = render_site(load_site(layout))
    if not args.force:
        problems = check_hand_edits(layout.docs, files, read_record(layout.docs), "docs")
        if problems:
            raise OutputError(problems)
    target = root / "site"
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
    staging, docs = work / "site", work / "docs"
    # The strict build runs on a staging copy of docs/, through a config that inherits mkdocs.yml.
    config = root / f"{work.name}.yml"
    try:
        write_outputs(docs, files, "docs")
        config.write_text(f"INHERIT: mkdocs.yml\ndocs_dir: {work.name}/docs\n", encoding="utf-8")
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
        print(f"docs/: {len(report.written)} written, {len(report.removed)} removed, {report.unchanged} unchanged")
        previous = root / ".site-previous"
        shutil.rmtree(previous, ignore_errors=True)
        if target.exists():
            target.rename(previous)
        staging.rename(target)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        config.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    print(f"site/: built from {sum(1 for _ in target.rglob('*.html'))} HTML pages")
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
        generate(Layout(root))
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


def run_add_seed(args: argparse.Namespace) -> int:
    speakers = [s.strip() for s in args.speakers.split(",") if s.strip()]
    seed_id = add_seed(Layout(args.root), args.path, args.kind, args.title, args.date, args.url, speakers)
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
