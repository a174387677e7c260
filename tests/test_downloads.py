"""The MkDocs hook that puts each seed's raw-text download beside its source page."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from hooks.downloads import downloads
from tests.conftest import ROOT


def test_every_seed_of_the_manifest_has_a_download_beside_its_source_page() -> None:
    found = downloads(ROOT)
    assert found["sources/lex-fridman-452/004_df5116a7d6976ecd.txt"] == ROOT / "seeds" / "004_df5116a7d6976ecd.txt"
    assert sorted(path.name for path in found.values()) == sorted(path.name for path in (ROOT / "seeds").glob("*.txt"))


@pytest.mark.parametrize("manifest", [None, "seeds: [\n", "seeds:\n  - id: x\n", "title: no seeds\n"])
def test_a_manifest_it_cannot_read_is_one_line_naming_it(project: Path, manifest: str | None) -> None:
    path = project / "seeds" / "manifest.yml"
    if manifest is None:
        path.unlink()
    else:
        path.write_text(manifest, encoding="utf-8")
    with pytest.raises(PluginError) as caught:
        downloads(project)
    message = str(caught.value)
    assert message.startswith("seeds/manifest.yml: cannot list the seed downloads") and "\n" not in message
