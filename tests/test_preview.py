"""The pipeline as the preview runs it: a seed's steps are redone only when what they read changes."""

from __future__ import annotations

import os
from pathlib import Path

from explainer.site.pipeline import Layout, Memo, load_site, render_site


def test_a_memo_gives_the_same_site_and_redoes_only_the_seeds_whose_inputs_changed(project: Path) -> None:
    layout, memo = Layout(project), Memo()
    first = load_site(layout, memo)
    again = load_site(layout, memo)
    assert render_site(again) == render_site(first) == render_site(load_site(layout))
    assert all(again.cleaned[seed] is first.cleaned[seed] for seed in first.cleaned)
    touched = next(iter(first.seeds.values()))
    os.utime(touched.path, ns=(touched.path.stat().st_atime_ns, touched.path.stat().st_mtime_ns + 10**9))
    corrections = project / "content" / "corrections.yml"
    corrections.write_text(corrections.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # no entry changes
    after = load_site(layout, memo)
    assert after.cleaned[touched.id] is not first.cleaned[touched.id]
    assert all(after.cleaned[seed] is first.cleaned[seed] for seed in first.cleaned if seed != touched.id)
    assert render_site(after) == render_site(first)


def test_a_changed_correction_cleans_its_seed_again(project: Path) -> None:
    layout, memo = Layout(project), Memo()
    first = load_site(layout, memo)
    correction = next(c for c in first.corrections if c.seed_id in first.cleaned)  # a seed's own, not a shared one
    corrections = project / "content" / "corrections.yml"
    lines = corrections.read_text(encoding="utf-8").split("\n")
    lines.insert(correction.line - 1, "")  # the same entries, a line further down
    corrections.write_text("\n".join(lines), encoding="utf-8")
    after = load_site(layout, memo)
    assert after.cleaned[correction.seed_id] is not first.cleaned[correction.seed_id]
    assert render_site(after) == render_site(load_site(layout))
