"""`make serve`: the preview regenerates on edits and never outlives the command that started it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads child processes from /proc (Linux)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children(pid: int) -> list[int]:
    """The processes whose parent is pid, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="utf-8")
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # the field after the state is the parent's pid
                found.append(int(entry.name))
    return found


def start_serve(project: Path, port: int) -> subprocess.Popen[bytes]:
    """`make serve`'s command on a copy of the project, previewing on the given port."""
    return subprocess.Popen(
        [sys.executable, "-m", "explainer", "--root", str(project), "serve", "--addr", f"127.0.0.1:{port}"],
        cwd=project, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def wait_for(url: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return str(answer.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_stopping_serve_stops_the_preview_server(project: Path, stop: signal.Signals) -> None:
    port = free_port()
    serve = start_serve(project, port)
    previews: list[int] = []
    try:
        assert "The model tiers" in wait_for(f"http://127.0.0.1:{port}/model-tiers/", 60)
        previews = children(serve.pid)
        assert previews, "serve started no preview server"
        serve.send_signal(stop)
        assert serve.wait(timeout=30) == 0
        time.sleep(0.2)
        assert not [pid for pid in previews if Path(f"/proc/{pid}").exists()], "the preview server outlived serve"
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
    finally:
        if serve.poll() is None:
            serve.kill()
        for pid in previews:  # a preview server left behind is ended here, not by the next test
            if Path(f"/proc/{pid}").exists():
                os.kill(pid, signal.SIGKILL)


def test_an_edit_to_a_content_page_reaches_the_preview(project: Path) -> None:
    port = free_port()
    page = project / "content" / "pages" / "model-tiers.md"
    serve = start_serve(project, port)
    try:
        url = f"http://127.0.0.1:{port}/model-tiers/"
        assert "sits in the middle." in wait_for(url, 60)  # "Sonnet" itself is a glossary tooltip
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("Sonnet sits in the middle.", "Sonnet sits in the middle, edited.", 1), encoding="utf-8")
        deadline = time.monotonic() + 30
        while "sits in the middle, edited." not in wait_for(url, 10):
            assert time.monotonic() < deadline, "the edit never reached the preview"
            time.sleep(0.2)
        assert "Sonnet sits in the middle, edited." in (project / "docs" / "model-tiers.md").read_text(encoding="utf-8")
    finally:
        serve.terminate()
        assert serve.wait(timeout=30) == 0


def start_mkdocs_serve(project: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """Plain `mkdocs serve`, as an author used to MkDocs types it, in a copy of the project with its docs/."""
    if not (project / "docs").exists():
        shutil.copytree(ROOT / "docs", project / "docs")
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_MKDOCS_2_WARNING": "1"},
        )


def wait_until(url: str, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while text not in (page := wait_for(url, 10)):
        assert time.monotonic() < deadline, f"{text!r} never reached {url}"
        time.sleep(0.2)
    return page


def navigation(html: str) -> str:
    """The primary navigation of a page: every page's title and link."""
    return html[html.index("md-sidebar--primary"):html.index("md-sidebar--secondary")]


def search_pages(port: int) -> set[str]:
    index = json.loads(wait_for(f"http://127.0.0.1:{port}/search/search_index.json", 10))
    return {entry["location"].split("#")[0] for entry in index["docs"]}


def test_plain_mkdocs_serve_regenerates_on_an_edit_to_a_claim_and_rebuilds_the_site_whole(project: Path, tmp_path: Path) -> None:
    port, registry = free_port(), project / "content" / "claims.yml"
    claim = next(c for c in yaml.safe_load(registry.read_text(encoding="utf-8"))["claims"] if c.get("note"))
    words = " ".join(claim["note"].split()[:5])
    text = registry.read_text(encoding="utf-8")
    at = text.index(words, text.index(f"id: {claim['id']}\n"))
    serve = start_mkdocs_serve(project, port, tmp_path / "serve.log")
    try:
        url = f"http://127.0.0.1:{port}/{claim['page']}/"
        before, pages = wait_for(url, 60), search_pages(port)
        registry.write_text(text[:at] + words + " Edited-in-preview" + text[at + len(words):], encoding="utf-8")
        after = wait_until(url, "Edited-in-preview")
        assert navigation(after) == navigation(before)  # the other pages' titles, though only changed pages were rebuilt
        assert search_pages(port) == pages
        assert "Edited-in-preview" in (project / "docs" / f"{claim['page']}.md").read_text(encoding="utf-8")
    finally:
        serve.terminate()
        serve.wait(timeout=30)


def test_a_bad_edit_under_mkdocs_serve_is_one_line_and_the_preview_keeps_running(project: Path, tmp_path: Path) -> None:
    port, page, log = free_port(), project / "content" / "pages" / "model-tiers.md", tmp_path / "serve.log"
    serve = start_mkdocs_serve(project, port, log)
    try:
        url = f"http://127.0.0.1:{port}/model-tiers/"
        wait_for(url, 60)
        good = page.read_text(encoding="utf-8")
        page.write_text(good.replace("\n## ", "\n/// quote | no-such-seed | Nobody\nnever said\n///\n\n## ", 1), encoding="utf-8")
        deadline = time.monotonic() + 30
        while "docs/ unchanged" not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the bad edit was never reported"
            time.sleep(0.2)
        reported = log.read_text(encoding="utf-8")
        assert "content/pages/model-tiers.md:" in reported and "Traceback" not in reported
        page.write_text(good.replace("Sonnet sits in the middle.", "Sonnet sits in the middle, fixed.", 1), encoding="utf-8")
        wait_until(url, "sits in the middle, fixed.")
        assert serve.poll() is None
    finally:
        serve.terminate()
        serve.wait(timeout=30)
