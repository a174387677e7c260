"""A MkDocs hook: `mkdocs serve` regenerates docs/ from content/ and seeds/ and rebuilds only the
pages whose Markdown changed.

mkdocs.yml watches content/ and seeds/ (`watch:`). On every change this hook runs the pipeline in
the serving process (the same one as `make pages`: everything validated, only changed files
written; a seed's cleaning is redone only when the seed, its corrections or the rules change) and
then has MkDocs build the site "dirty": only pages whose docs/ file is newer than their HTML are
read and rendered. Three things a dirty build gets wrong are put right here:

- the navigation names every page by its title, which MkDocs knows only for pages it read: the
  titles of the others are read from their front matter (`on_nav`);
- the search index would hold the rebuilt pages only: it is merged with the previous one (`on_post_build`);
- when a page is added, removed or retitled, every page's navigation changes: then the whole site is
  built again, as it is when mkdocs.yml changes or after a failed build.

Material's templates are compiled once per serving process instead of once per build, and its
list of static files is taken once per full build.
A problem in the inputs is reported one line each and the preview keeps the last good site.
`mkdocs build` (and so `make build`) is untouched: it runs no part of this hook.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from watchdog.observers.polling import PollingObserver

ROOT = Path(__file__).resolve().parent.parent
if TYPE_CHECKING:
    from explainer.site.pipeline import Memo

log = logging.getLogger("mkdocs.hooks.preview")
POLL_SECONDS = 0.1  # how often the watched folders are looked at (MkDocs polls every 0.5 s)
_TITLE = re.compile(rb"^(?:title: |# )(.*)$", re.M)
_DIRTY_WARNING = "A 'dirty' build is being performed"


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the serving process (Jinja checks each
    template's source checksum, so an edited template is compiled again)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class _Preview:
    """What the serving process remembers between builds."""

    def __init__(self) -> None:
        self.serving = False
        self.root = ROOT
        self.shape: tuple[object, ...] = ()  # the pages and their titles, as the pipeline last wrote them
        self.built_shape: tuple[object, ...] | None = None  # the same, for the site last built in full
        self.dirty = False  # whether the build under way is a dirty one
        self.search: dict[str, list[dict[str, Any]]] = {}  # search index entries by page
        self.templates = _Compiled()
        self.memo: Memo | None = None  # each seed's ingested and cleaned text, made again only when its inputs change
        self.theme_files: list[str] | None = None  # the theme's static files, as the last full build listed them


STATE = _Preview()


def regenerate(root: Path) -> bool:
    """Runs the pipeline into docs/; False, with the problems logged one line each, when it fails."""
    # The generator is imported only here: `mkdocs build` runs none of this hook and needs no src/.
    source = root / "src"
    if (source / "explainer").is_dir() and str(source) not in sys.path:
        sys.path.insert(0, str(source))
    from explainer.errors import ExplainerError
    from explainer.site.pipeline import Layout, Memo, load_site, render_site, write_site

    started = time.perf_counter()
    layout = Layout(root)
    STATE.memo = STATE.memo or Memo()
    try:
        site = load_site(layout, STATE.memo)
        files = render_site(site, drafts=True)  # the preview shows draft pages, under a banner
        report = write_site(layout, site, files)
    except ExplainerError as error:
        for problem in error.problems:
            log.error(str(problem))
        log.error("docs/ unchanged; fix the above and save again")
        return False
    STATE.shape = (Path(root, "mkdocs.yml").stat().st_mtime, *sorted(
        (name, found[1] if (found := _TITLE.search(data)) else b"") for name, data in files.items() if name.endswith(".md")))
    if report.written or report.removed:
        log.info(f"docs/ regenerated in {time.perf_counter() - started:.2f} s: {', '.join(report.written + report.removed)}")
    return True


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    # A dirty build warns that its navigation may be stale; this hook makes it whole, and under
    # `strict: true` the warning would abort the build.
    return not (STATE.dirty and str(record.msg).startswith(_DIRTY_WARNING))


def on_startup(command: str, dirty: bool) -> None:
    STATE.serving = command == "serve"
    if STATE.serving:
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)
        regenerate(STATE.root)


@event_priority(100)  # before the search plugin's, which renders a template of the theme
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    STATE.root = Path(config.config_file_path).parent
    if STATE.serving:
        theme_environment = config.theme.get_env
        setattr(config.theme, "get_env", lambda: _remembering(theme_environment()))
    return config


def _remembering(env: jinja2.Environment) -> jinja2.Environment:
    """The theme's environment, with compiled templates kept between builds, and its list of static
    files (MkDocs lists and filters the 14,000 files of Material's folders at every build, about
    0.3 s) taken from the last full build during a dirty one."""
    env.bytecode_cache = STATE.templates
    list_templates = env.list_templates

    def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
        if not STATE.dirty or STATE.theme_files is None:
            STATE.theme_files = list_templates(extensions, filter_func)
        return STATE.theme_files

    setattr(env, "list_templates", listed)
    return env


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if STATE.dirty:
        for file in files.documentation_pages():
            if file.page is not None and file.page.markdown is None and not file.is_modified():
                file.page.read_source(config)  # only its title is needed; it is not rendered again
    return nav


def on_post_build(config: MkDocsConfig) -> None:
    if not STATE.serving:
        return
    path = Path(config.site_dir, "search", "search_index.json")
    if path.is_file():
        index = json.loads(path.read_text(encoding="utf-8"))
        fresh: dict[str, list[dict[str, Any]]] = {}
        for entry in index["docs"]:
            fresh.setdefault(entry["location"].split("#")[0], []).append(entry)
        STATE.search = {**STATE.search, **fresh} if STATE.dirty else fresh
        index["docs"] = [entry for entries in STATE.search.values() for entry in entries]
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    if not STATE.dirty:
        STATE.built_shape = STATE.shape


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]) -> LiveReloadServer:
    """Watches the inputs instead of docs/ (which the hook writes), more often, and rebuilds through
    `rebuild`: the pipeline, then a dirty build or, when the navigation changed, a full one."""
    server.unwatch(config.docs_dir)
    if config.config_file_path:
        server.unwatch(config.config_file_path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    if config.config_file_path:
        server.watch(config.config_file_path)
    serve_url, site_dir, config_file = config.site_url, config.site_dir, config.config_file_path

    def rebuild(config: MkDocsConfig | None = None) -> None:
        if not regenerate(STATE.root):
            return
        if STATE.shape != STATE.built_shape:
            STATE.dirty = False
            builder()
            return
        STATE.dirty = True
        try:
            fresh = load_config(config_file=config_file, site_dir=site_dir)
            fresh.site_url = serve_url
            build(fresh, serve_url=serve_url, dirty=True)
        finally:
            STATE.dirty = False

    def rebuild_or_report(config: MkDocsConfig | None = None) -> None:
        try:
            rebuild()
        except Exception as error:  # the server keeps running: one line, and a full build next time
            STATE.built_shape = None
            log.error(f"the preview was not rebuilt: {' '.join(str(error).split()) or type(error).__name__}")

    server.builder = rebuild_or_report
    return server
