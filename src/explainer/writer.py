"""The one writer: writes only changed files, atomically, and never over a hand edit.

It records the hash of every file it wrote in docs/.generated.json; a file whose bytes no
longer match was edited by hand, and the writer refuses to overwrite or remove it unless forced.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from explainer.errors import OutputError, Problem

RECORD = ".generated.json"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Writes a file so that readers see the old bytes or the new, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_record(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / RECORD).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.get("files", {}).items()}


def check_hand_edits(out_dir: Path, files: dict[str, bytes], record: dict[str, str], shown: str) -> list[Problem]:
    """Files the writer would overwrite or remove although it did not write their bytes."""
    problems = []
    for name in sorted(set(files) | set(record)):
        target = out_dir / name
        if not target.is_file():
            continue
        current = digest(target.read_bytes())
        if name in files and current == digest(files[name]):
            continue
        if name not in record:
            problems.append(Problem(f"{shown}/{name}", 0, "", "exists but was not generated; move it out of the way or pass --force to overwrite it"))
        elif current != record[name]:
            problems.append(Problem(f"{shown}/{name}", 0, "", "was edited by hand since it was generated; edit its source (named at its top) instead, or pass --force to discard the edit"))
    return problems


def write_outputs(out_dir: Path, files: dict[str, bytes], shown: str, force: bool = False) -> WriteReport:
    """Brings out_dir in line with files; raises OutputError before writing anything if unsafe."""
    record = read_record(out_dir)
    if not force:
        problems = check_hand_edits(out_dir, files, record, shown)
        if problems:
            raise OutputError(problems)
    report = WriteReport()
    for name in sorted(files):
        target = out_dir / name
        if target.is_file() and target.read_bytes() == files[name]:
            report.unchanged += 1
            continue
        write_atomically(target, files[name])
        report.written.append(name)
    for name in sorted(set(record) - set(files)):
        target = out_dir / name
        if target.is_file():
            target.unlink()
            report.removed.append(name)
        parent = target.parent
        while parent != out_dir and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    new_record = {"generated_by": "make pages", "files": {name: digest(files[name]) for name in sorted(files)}}
    encoded = (json.dumps(new_record, indent=1, sort_keys=True) + "\n").encode("utf-8")
    if not (out_dir / RECORD).is_file() or (out_dir / RECORD).read_bytes() != encoded:
        write_atomically(out_dir / RECORD, encoded)
    return report
