"""`make bench`: measures the generator and the site on this machine and writes BENCHMARKS.md.

- the pipeline alone and the whole build at the real corpus and at 20x and 100x (each seed copied
  under distinct ids), beside a stock `mkdocs build` of the same pages with a stock Material config;
- the time from saving a content file to the page reloading in Chromium under `make serve`;
- the site-audit figures (weight, Lighthouse, axe, Nu) of every page, median and worst, when the
  audit tool and Chromium are available.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCALES = (1, 20, 100)
RUNS = 3  # each time is the median of this many runs: one run on a shared machine can be 20% off
AUDIT_TOOL = ROOT.parent / "shared" / "tools"
CACHE = ROOT / ".bench-cache"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1763769600", "PYTHONPATH": str(ROOT / "src")}
# Stock Material on the same docs/; without hooks/downloads.py, so it copies no raw-text downloads
# (five files per copy of the corpus): if anything, that flatters stock.
STOCK_CONFIG = """site_name: LLM Explainers (stock)
docs_dir: docs
theme:
  name: material
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - md_in_html
  - tables
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.snippets:      # Material's site-wide glossary: every definition appended to every page
      auto_append: [abbreviations.md]
      base_path: [stock-includes]
      check_paths: true
"""


def project_copy(scale: int) -> Path:
    """A copy of the project whose seeds are repeated `scale` times under distinct ids."""
    root = Path(tempfile.mkdtemp(prefix=f"bench-{scale}x-"))
    for name in ("seeds", "content", "overrides", "hooks"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("mkdocs.yml", "published-links.txt"):
        shutil.copy(ROOT / name, root / name)
    manifest = (root / "seeds" / "manifest.yml").read_text(encoding="utf-8")
    entries = manifest[manifest.index("  - id:"):]
    extra = []
    for copy in range(1, scale):
        for seed in sorted((ROOT / "seeds").glob("*.txt")):
            shutil.copy(seed, root / "seeds" / f"x{copy}_{seed.name}")
        text = re.sub(r"(?m)^  - id: (\S+)", rf"  - id: \1-x{copy}", entries)
        text = re.sub(r"(?m)^    file: (\S+)", rf"    file: x{copy}_\1", text)
        text = re.sub(r'(?m)^    title: "(.*)"$', rf'    title: "\1 (copy {copy})"', text)
        extra.append(text)
    (root / "seeds" / "manifest.yml").write_text(manifest + "\n" + "\n".join(extra), encoding="utf-8")
    return root


def every_definition(root: Path) -> str:
    """The whole glossary as abbreviation definitions: what a stock site appends to every page."""
    from explainer.errors import Collector
    from explainer.pages.glossary import load_glossary, tooltips

    return tooltips(load_glossary(root / "content" / "glossary.yml", "content/glossary.yml", Collector()))


def timed(command: list[str], cwd: Path) -> float:
    """Seconds the command takes, started on a quiet disk: what earlier runs wrote is flushed first,
    so that their write-back is not billed to this one."""
    os.sync()
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure_scale(scale: int) -> dict[str, float]:
    """Median times of RUNS cold runs each: pipeline and build start without docs/ and site/."""
    root = project_copy(scale)
    explainer = [sys.executable, "-m", "explainer", "--root", str(root)]
    stock_build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "stock.yml"), "-d", str(root / "stock-site")]
    (root / "stock.yml").write_text(STOCK_CONFIG, encoding="utf-8")
    (root / "stock-includes").mkdir()
    (root / "stock-includes" / "abbreviations.md").write_text(every_definition(root), encoding="utf-8")
    times: dict[str, list[float]] = {"pipeline": [], "build": [], "stock": []}
    try:
        for _ in range(RUNS):
            for output in ("docs", "site", "stock-site"):
                shutil.rmtree(root / output, ignore_errors=True)
            times["pipeline"].append(timed([*explainer, "pages"], root))
            shutil.rmtree(root / "docs")
            times["build"].append(timed([*explainer, "build"], root))
            times["stock"].append(timed(stock_build, root))
        pages = sum(1 for _ in (root / "docs").rglob("*.md"))
        return {"scale": scale, "pages": pages, **{name: statistics.median(values) for name, values in times.items()}}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def edits(root: Path, kind: str) -> tuple[Path, str, Callable[[str], None]]:
    """The file an edit of this kind changes, the page that shows it, and a function that writes
    the edit with a given marker: a sentence of a topic page, or the note of one claim."""
    if kind == "page":
        path, url = root / "content" / "pages" / "model-tiers.md", "model-tiers/"
        original = path.read_text(encoding="utf-8")
        return path, url, lambda marker: path.write_text(
            original.replace("Sonnet sits in the middle.", f"Sonnet sits in the middle ({marker}).", 1), encoding="utf-8")
    path = root / "content" / "claims.yml"
    original = path.read_text(encoding="utf-8")
    claim = next(c for c in yaml.safe_load(original)["claims"] if c.get("note"))
    words = " ".join(claim["note"].split()[:5])
    at = original.index(words, original.index(f"id: {claim['id']}\n"))
    return path, f"{claim['page']}/", lambda marker: path.write_text(
        original[:at] + f"{words} ({marker})" + original[at + len(words):], encoding="utf-8")


def measure_reload(scale: int, kind: str, rounds: int = 7) -> list[float]:
    """Seconds from saving an input file to the edited text showing in the reloaded page, under
    plain `mkdocs serve` (what `make serve` runs) on a copy of the project at this scale."""
    from playwright.sync_api import sync_playwright

    root = project_copy(scale)
    subprocess.run([sys.executable, "-m", "explainer", "--root", str(root), "pages"], cwd=root, env=ENV, check=True,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=root, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, url, edit = edits(root, kind)
    times = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            deadline = time.time() + 120
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/{url}")
                    break
                except Exception:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.5)
            page.mouse.move(5, 5)
            for round_no in range(rounds):
                time.sleep(1.5)
                marker = f"edit number {round_no}"
                start = time.perf_counter()
                edit(marker)
                page.wait_for_function(f"document.body.innerText.includes({json.dumps(marker)})", timeout=60_000)
                times.append(time.perf_counter() - start)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(root, ignore_errors=True)
    return times


def floor_site() -> Path:
    """The floor a theme is measured against: each seed as bare HTML (its title and text, escaped,
    a paragraph per block of lines) with no stylesheet, script or image."""
    target = CACHE / "floor"
    shutil.rmtree(target, ignore_errors=True)
    seeds = yaml.safe_load((ROOT / "seeds" / "manifest.yml").read_text(encoding="utf-8"))["seeds"]
    for seed in seeds:
        text = (ROOT / "seeds" / seed["file"]).read_text(encoding="utf-8-sig")
        paragraphs = "".join(f"<p>{html.escape(' '.join(block.split()))}</p>\n" for block in re.split(r"\n\s*\n", text) if block.strip())
        title = html.escape(seed["title"])
        page = target / seed["id"] / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<!doctype html>\n<html lang="en">\n<meta charset="utf-8">\n'
                        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
                        f'<meta name="description" content="The text of {title}.">\n<h1>{title}</h1>\n{paragraphs}', encoding="utf-8")
    return target


def theme_budget(data: dict[str, object], site: Path) -> list[tuple[str, float, float, float]]:
    """Per page: its own HTML, what its first view fetches beyond it, and what the theme adds to the
    HTML itself (the full stylesheets held back in a <noscript>), all gzip, in KiB."""
    pages = data["pages"]
    assert isinstance(pages, list)
    rows = []
    for page in pages:
        resources = page["weight"]["resources"]
        own = sum(r["gzip_bytes"] for r in resources if r["type"] == "document")
        beyond = sum(r["gzip_bytes"] for r in resources if r["type"] != "document")
        path = site / page["path"].lstrip("/")
        text = (path / "index.html" if path.is_dir() else path).read_text(encoding="utf-8")
        held = re.search(r'<noscript id="__theme-css">.*?</noscript>', text, re.S)
        inline = (len(gzip.compress(text.encode())) - len(gzip.compress(text.replace(held[0], "").encode()))) if held else 0
        rows.append((page["path"], own / 1024, beyond / 1024, inline / 1024))
    return rows


def audit_tool() -> Path | None:
    """The site-audit tool with its node packages installed in a cache, or None when unavailable."""
    if not (AUDIT_TOOL / "site-audit").is_file() or not shutil.which("npm") or not Path("/usr/bin/chromium").exists():
        return None
    tools = CACHE / "site-audit"
    if not (tools / "node_modules").is_dir():
        shutil.rmtree(tools, ignore_errors=True)
        shutil.copytree(AUDIT_TOOL, tools)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=tools, check=True)
    return tools


def run_audit(tools: Path, site: Path) -> dict[str, object]:
    result = subprocess.run([str(tools / "site-audit"), str(site), "--server", "gzip", "--modes", "mobile"],
                            capture_output=True, text=True, check=True, timeout=1800)
    data: dict[str, object] = json.loads(result.stdout)
    return data


# The site as a reader whose system prefers dark sees it: mkdocs.yml's palette with the two schemes
# swapped, so that the browser's default (light) preference selects slate at first paint.
DARK_CONFIG = """INHERIT: mkdocs.yml
docs_dir: docs
theme:
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
    - media: "(prefers-color-scheme: dark)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
"""


def dark_site() -> Path:
    """The built site again with the dark scheme applied at first paint, polished like `make build`."""
    from explainer.site.polish import polish_site

    config, target = ROOT / ".bench-dark.yml", CACHE / "site-dark"
    config.write_text(DARK_CONFIG, encoding="utf-8")
    try:
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(config), "-d", str(target)],
                       cwd=ROOT, env=ENV, check=True)
    finally:
        config.unlink(missing_ok=True)
    polish_site(target)
    return target


def audit_rows(data: dict[str, object]) -> dict[str, tuple[float, float]]:
    """Median and worst of each audit figure over the pages."""
    pages = data["pages"]
    assert isinstance(pages, list)
    rows = {}
    for metric, read, worst in (
        ("transfer, gzip (KiB)", lambda p: p["weight"]["gzip_bytes"] / 1024, max),
        ("requests", lambda p: p["weight"]["requests"], max),
        ("requests to other origins", lambda p: p["weight"]["third_party_requests"], max),
        ("axe-core violations", lambda p: p["axe"]["violations"], max),
        ("Lighthouse mobile performance", lambda p: p["lighthouse"]["mobile"]["scores"]["performance"], min),
        ("Lighthouse mobile accessibility", lambda p: p["lighthouse"]["mobile"]["scores"]["accessibility"], min),
        ("Lighthouse mobile best practices", lambda p: p["lighthouse"]["mobile"]["scores"]["best-practices"], min),
        ("Lighthouse mobile SEO", lambda p: p["lighthouse"]["mobile"]["scores"]["seo"], min),
        ("Lighthouse mobile LCP (ms)", lambda p: p["lighthouse"]["mobile"]["metrics"]["lcp_ms"], max),
        ("Lighthouse mobile CLS", lambda p: p["lighthouse"]["mobile"]["metrics"]["cls"], max),
    ):
        try:
            values = [float(read(p)) for p in pages]
        except (KeyError, TypeError):
            continue
        rows[metric] = (statistics.median(values), worst(values))
    return rows


def nu_errors(data: dict[str, object]) -> object:
    nu = data.get("nu", {})
    return nu.get("errors", "n/a") if isinstance(nu, dict) else "n/a"


def summarise_audit(light: dict[str, object], dark: dict[str, object], floor: dict[str, object], site: Path) -> list[str]:
    light_rows, dark_rows, floor_rows = audit_rows(light), audit_rows(dark), audit_rows(floor)
    pages, floor_pages = light["pages"], floor["pages"]
    assert isinstance(pages, list) and isinstance(floor_pages, list)
    budget = theme_budget(light, site)
    worst_budget = max(beyond + inline for _, _, beyond, inline in budget)
    lcp = "Lighthouse mobile LCP (ms)"
    lcp_met = all(rows[lcp][0] <= 900 and rows[lcp][1] <= 1100 for rows in (light_rows, dark_rows))
    return [
        f"{len(pages)} pages, each in the light scheme and in the dark scheme (the dark figures come from the same "
        "site built with the schemes swapped, so that slate shows at first paint). The floor is each of the "
        f"{len(floor_pages)} seeds as bare HTML: its title and text, escaped, with no stylesheet, script or image.",
        "",
        "| per page, first view | light: median | light: worst | dark: median | dark: worst | floor: median | floor: worst |",
        "|---|---|---|---|---|---|---|",
        *[f"| {metric} | " + " | ".join(f"{value:.3f}" if "CLS" in metric else f"{value:.1f}" for value in (
            *light_rows[metric], *dark_rows[metric], *floor_rows.get(metric, ()))) + (" |" if metric in floor_rows else " | | |")
          for metric in light_rows if metric in dark_rows],
        "",
        f"Nu HTML checker errors over all pages: {nu_errors(light)} (light), {nu_errors(dark)} (dark).",
        "",
        f"Target: mobile LCP median at most 900 ms and no page over 1,100 ms in both schemes: {'met' if lcp_met else 'not met'}.",
        "",
        "### The theme's budget: what a first view costs beyond the page's own HTML",
        "",
        "Gzip KiB per page, light scheme (the dark scheme fetches the same files). *Fetched* is every other "
        "request of the first view (stylesheets, favicon); *in the HTML* is what the theme adds to the page itself "
        "(the `<noscript>` that holds the full stylesheets back until the reader's first interaction).",
        "",
        "| page | own HTML | fetched beyond it | theme's part of the HTML | theme's budget |",
        "|---|---|---|---|---|",
        *[f"| `{path}` | {own:.1f} | {beyond:.1f} | {inline:.2f} | {beyond + inline:.1f} |" for path, own, beyond, inline in budget],
        "",
        f"Target: at most 16 KiB on every page (it was 28.5): {'met' if worst_budget <= 16 else 'not met'}, worst {worst_budget:.1f} KiB.",
    ]


def reload_lines(reloads: dict[tuple[int, str], list[float]]) -> list[str]:
    if not reloads:
        return ["Not measured: Chromium is missing on this machine."]
    kinds = {"page": "a sentence of `content/pages/model-tiers.md`", "claim": "the note of one claim in `content/claims.yml`"}
    met = all(statistics.median(times) < (1 if scale == 1 else 2) for (scale, _), times in reloads.items())
    return [
        "Plain `mkdocs serve` (what `make serve` runs) on a copy of the project; each edit is saved, and the time "
        "runs until Chromium shows the edited text after the live reload. Each row is 7 edits.",
        "",
        "| corpus | edit | median (s) | worst (s) |",
        "|---|---|---|---|",
        *[f"| {scale}x | {kinds[kind]} | {statistics.median(times):.2f} | {max(times):.2f} |" for (scale, kind), times in reloads.items()],
        "",
        f"Target: median under 1 s at 1x and under 2 s at 20x, for both edits: {'met' if met else 'not met'}.",
    ]


def main() -> int:
    scales = [measure_scale(scale) for scale in SCALES]
    reloads = ({(scale, kind): measure_reload(scale, kind) for scale in (1, 20) for kind in ("page", "claim")}
               if Path("/usr/bin/chromium").exists() else {})
    tools = audit_tool()
    audit_lines = ["Not measured: the audit tool, npm or Chromium is missing on this machine."]
    if tools is not None:
        subprocess.run([sys.executable, "-m", "explainer", "--root", str(ROOT), "build"], cwd=ROOT, env=ENV, check=True,
                       stdout=subprocess.DEVNULL)
        audit_lines = summarise_audit(run_audit(tools, ROOT / "site"), run_audit(tools, dark_site()),
                                      run_audit(tools, floor_site()), ROOT / "site")
    per_copy = ", ".join(f"{s['pipeline'] / s['scale']:.3f}" for s in scales)
    fifth = "met" if all(s["pipeline"] / s["build"] < 0.2 for s in scales) else "not met: see the pipeline / build column"
    stock = "met" if all(s["build"] / s["stock"] <= 1.5 for s in scales) else "not met: see the build / stock column"
    targets = (f"Targets: the pipeline grows linearly with the corpus ({per_copy} s per copy of the corpus); "
               f"it stays under a fifth of the build ({fifth}); the build stays within 1.5x of stock ({stock}).")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` on {time.strftime('%Y-%m-%d', time.gmtime())}: {os.cpu_count()} cores ({cpu}), "
        f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}. Times are wall-clock seconds, the median of {RUNS} runs each.",
        "",
        "## Build time by corpus size",
        "",
        "The corpus repeated with distinct ids: every copy of a seed gets its own source page. *Pipeline* is "
        "`make pages` (read, verify, render, write docs/); *build* is `make build` (pipeline, strict MkDocs build, "
        "HTML polish, published-link check); *stock* is a plain `mkdocs build` of the same docs/ with a stock "
        "Material configuration, whose navigation lists every page on every page and which appends the whole "
        "glossary to every page for its tooltips (Material's site-wide glossary recipe, `pymdownx.snippets` "
        "`auto_append`); the generator gives each page only the definitions of the terms it contains.",
        "",
        "| corpus | pages | pipeline | build | stock mkdocs build | pipeline / build | build / stock |",
        "|---|---|---|---|---|---|---|",
        *[f"| {s['scale']:.0f}x | {s['pages']:.0f} | {s['pipeline']:.2f} | {s['build']:.2f} | {s['stock']:.2f} | "
          f"{s['pipeline'] / s['build']:.3f} | {s['build'] / s['stock']:.2f} |" for s in scales],
        "",
        targets,
        "",
        "## Edit to reload under `make serve`",
        "",
        *reload_lines(reloads),
        "",
        "## What a reader's browser gets (site-audit, gzip server, mobile)",
        "",
        *audit_lines,
        "",
    ]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
