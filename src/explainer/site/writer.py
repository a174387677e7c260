"""The one writer: writes only changed files, atomically, and never over a hand edit.

It records the hash of every file it wrote in docs/.generated.json; a file whose bytes no
longer match was edited by hand, and the writer refuses to overwrite or remove it unless forced.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from explainer.errors import OutputError, Problem

RECORD = ".generated.json"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Writes a file so that readers see the old bytes or the new, never a part.

    Durable writes also reach the disk before the rename, so they survive a crash: for files people
    wrote (the manifest); generated files can be made again and skip that cost. The new file keeps
    the old one's permissions (a new one gets 0644, not the temporary's 0600).
    """
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(str(path), data, path.stat().st_mode & 0o777 if path.is_file() else 0o644, durable)


def replace_file(path: str, data: bytes, mode: int, durable: bool) -> None:
    """Puts data at path, in an existing folder, through a temporary file renamed over it."""
    folder, name = os.path.split(path)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def is_inside(name: str) -> bool:
    """Whether a recorded name is a plain relative path: the writer never touches a file outside out_dir."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def read_record(out_dir: Path) -> dict[str, str]:
    """The hashes of the files the writer made, by name; empty when the record is missing or damaged,
    so that every existing file counts as not generated and is left alone."""
    try:
        data = json.loads((out_dir / RECORD).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items() if is_inside(str(k))}


class Obstacles:
    """What stands where the writer must put its files; each folder is looked at once, as many
    files share one."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.kinds: dict[str, str] = {}  # a folder's path: "folder", "file" or "" (nothing there)

    def kind(self, folder: str) -> str:
        if folder not in self.kinds:
            path = os.path.join(self.out_dir, folder)
            self.kinds[folder] = "folder" if os.path.isdir(path) else "file" if os.path.lexists(path) else ""
        return self.kinds[folder]

    def of(self, name: str) -> str:
        """What stands where the writer must put name, or "" when nothing does."""
        for folder in reversed(list(PurePosixPath(name).parents)[:-1]):
            kind = self.kind(str(folder))
            if kind == "file":
                return f"{folder} is a file where a folder must go"
            if not kind:
                return ""  # nothing below a missing folder
        if self.kind(name) == "folder":
            return f"{name} is a folder where a generated file must go"
        return ""


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
    obstacles = Obstacles(out_dir)
    problems = [
        Problem(f"{shown}/{name}", 0, "", f"cannot be written: {blocked}; move it out of the way")
        for name in sorted(files) if (blocked := obstacles.of(name))
    ]
    if not force:
        problems += check_hand_edits(out_dir, files, record, shown)
    if problems:
        raise OutputError(problems)
    report = WriteReport()
    made: set[str] = set()  # folders known to exist
    for name in sorted(files):
        target = os.path.join(out_dir, name)
        try:
            status = os.stat(target)
        except FileNotFoundError:
            mode = 0o644
        else:
            if stat.S_ISREG(status.st_mode) and Path(target).read_bytes() == files[name]:
                report.unchanged += 1
                continue
            mode = status.st_mode & 0o777 if stat.S_ISREG(status.st_mode) else 0o644
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        replace_file(target, files[name], mode, durable=False)
        report.written.append(name)
    for name in sorted(set(record) - set(files)):
        stale = out_dir / name
        if stale.is_file():
            stale.unlink()
            report.removed.append(name)
        parent = stale.parent
        while parent != out_dir and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    new_record = {"generated_by": "make pages", "files": {name: digest(files[name]) for name in sorted(files)}}
    encoded = (json.dumps(new_record, indent=1, sort_keys=True) + "\n").encode("utf-8")
    if not (out_dir / RECORD).is_file() or (out_dir / RECORD).read_bytes() != encoded:
        write_atomically(out_dir / RECORD, encoded, durable=False)
    return report
