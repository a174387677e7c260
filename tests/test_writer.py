from __future__ import annotations

from pathlib import Path

import pytest

from explainer.errors import OutputError
from explainer.site.writer import RECORD, write_outputs


def test_writes_only_changes_and_removes_what_it_no_longer_makes(tmp_path: Path) -> None:
    first = write_outputs(tmp_path, {"a.md": b"A", "sub/b.md": b"B"}, "docs")
    assert first.written == ["a.md", "sub/b.md"]
    second = write_outputs(tmp_path, {"a.md": b"A2"}, "docs")
    assert second.written == ["a.md"] and second.removed == ["sub/b.md"]
    assert not (tmp_path / "sub").exists()
    assert write_outputs(tmp_path, {"a.md": b"A2"}, "docs").unchanged == 1


def test_refuses_to_overwrite_a_hand_edit_and_changes_nothing(tmp_path: Path) -> None:
    write_outputs(tmp_path, {"a.md": b"A", "b.md": b"B"}, "docs")
    (tmp_path / "a.md").write_bytes(b"my precious edit")
    with pytest.raises(OutputError) as caught:
        write_outputs(tmp_path, {"a.md": b"A3", "b.md": b"B3"}, "docs")
    assert "docs/a.md: was edited by hand" in str(caught.value)
    assert (tmp_path / "a.md").read_bytes() == b"my precious edit"
    assert (tmp_path / "b.md").read_bytes() == b"B"


def test_refuses_to_remove_a_hand_edit_or_clobber_a_foreign_file(tmp_path: Path) -> None:
    write_outputs(tmp_path, {"a.md": b"A"}, "docs")
    (tmp_path / "a.md").write_bytes(b"edited")
    (tmp_path / "mine.md").write_bytes(b"hand-written")
    with pytest.raises(OutputError) as caught:
        write_outputs(tmp_path, {"mine.md": b"generated"}, "docs")
    assert len(caught.value.problems) == 2


def test_force_overrides(tmp_path: Path) -> None:
    write_outputs(tmp_path, {"a.md": b"A"}, "docs")
    (tmp_path / "a.md").write_bytes(b"edited")
    write_outputs(tmp_path, {"a.md": b"A2"}, "docs", force=True)
    assert (tmp_path / "a.md").read_bytes() == b"A2"
    assert (tmp_path / RECORD).is_file()
