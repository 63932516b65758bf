"""Finds the documents under the paths a user gives, safely.

Takes: files and folders. Gives: `Found` items (path plus the name it is known by: the
path relative to the folder it was found in) and `Problem` items for what cannot be walked
(a symlink loop, a missing path). Folders are walked recursively in sorted order; hidden
entries and unsupported extensions inside folders are skipped; a folder reached twice
through symlinks is walked once.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kronik.ingest import format_of


@dataclass(slots=True, frozen=True)
class Found:
    path: Path
    name: str


@dataclass(slots=True, frozen=True)
class Problem:
    path: Path
    reason: str


def discover(paths: Iterable[Path]) -> Iterator[Found | Problem]:
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        try:
            root.stat()
        except OSError as exc:
            yield Problem(root, os_reason(exc))
            continue
        if root.is_dir():
            yield from _walk(root, root, seen_dirs)
        elif format_of(root) is None:
            yield Problem(root, f"unsupported file type '{root.suffix or root.name}'")
        else:
            yield Found(root, root.name)


def _walk(folder: Path, root: Path, seen: set[tuple[int, int]]) -> Iterator[Found | Problem]:
    try:
        st = folder.stat()
    except OSError as exc:
        yield Problem(folder, os_reason(exc))
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        if folder != root:
            yield Problem(folder, "symlink loop (folder already visited), skipped")
        return
    seen.add(key)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Problem(folder, os_reason(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError as exc:
            yield Problem(path, os_reason(exc))
            continue
        if is_dir:
            yield from _walk(path, root, seen)
            continue
        if format_of(path) is None:
            continue
        if entry.is_symlink() and not path.exists():
            yield Problem(path, _broken_link_reason(path))
            continue
        yield Found(path, path.relative_to(root).as_posix())


def _broken_link_reason(path: Path) -> str:
    try:
        path.stat()
    except OSError as exc:
        return os_reason(exc)
    return "broken symlink"


def os_reason(exc: OSError) -> str:
    match exc.errno:
        case errno.ELOOP:
            return "symlink loop"
        case errno.ENOENT:
            return "not found (vanished or a broken link)"
        case errno.EACCES | errno.EPERM:
            return "unreadable: permission denied"
        case _:
            return f"cannot read: {exc.strerror or exc}"
