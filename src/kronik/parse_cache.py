"""A cache of parsed data files, in the user's cache folder, keyed by what was parsed.

Takes: a key made from a file's bytes and what parses them (`key`), and the parsed value
(`put`). Gives: the value again in a later process (`get`), some ten times faster than parsing
YAML, or `MISSING`. The folder is `$KRONIK_CACHE` if set (`off` turns the cache off), else
`$XDG_CACHE_HOME/kronik`, else `~/.cache/kronik`.

The cache can only be slower, never wrong: a key is the hash of the file's bytes and of the
parser's name and version, so an edited file misses; an entry that cannot be read (cut short,
from another version) is a miss, parsed and written again; a folder that cannot be written is
silently not used. Entries are written whole or not at all (a temporary file, then a rename);
past `KEEP` entries the least recently used are deleted.
Only plain data is read back — the YAML safe loader's types: containers, strings, numbers,
dates — so a planted file cannot run code.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime
import hashlib
import io
import os
import pickle
import tempfile
import time
from pathlib import Path
from typing import Any

FORMAT = "1"  # bump when the entries' layout changes
KEEP = 64  # entries kept: the shipped files (~30) and a few versions of the user's
MISSING: Any = object()
_SAFE = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "timezone"), ("datetime", "timedelta"),
         ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "bytes")}


def folder() -> Path | None:
    """Where entries live, or None when the cache is off."""
    chosen = os.environ.get("KRONIK_CACHE")
    if chosen:
        return None if chosen == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no $HOME and no passwd entry (a bare container): no cache
            return None
    return Path(base) / "kronik"


def key(data: bytes, *parser: str) -> str:
    """The entry name of `data` as parsed by `parser` (its name, version and options)."""
    h = hashlib.blake2b(data, digest_size=20)
    h.update("\0".join((FORMAT, *parser)).encode())
    return h.hexdigest()


def get(name: str) -> Any:
    """The value stored under `name`, or `MISSING` (absent, unreadable, or not plain data)."""
    where = folder()
    if where is None:
        return MISSING
    entry = where / "parsed" / f"{name}.pickle"
    try:
        value = _PlainUnpickler(io.BytesIO(entry.read_bytes())).load()
    except Exception:  # absent, unreadable, cut short, or not plain data: parse again
        return MISSING
    with contextlib.suppress(OSError):
        os.utime(entry)  # used now: the last to go when the folder is pruned
    return value


def put(name: str, value: Any) -> None:
    """Store `value` under `name`, whole or not at all; any failure to write is ignored."""
    where = folder()
    if where is None:
        return
    target = where / "parsed" / f"{name}.pickle"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(target.parent)
    except OSError:
        return  # a read-only or full disk: parsing each time is slower, not wrong


def _prune(parsed: Path) -> None:
    """Every edit of a file leaves an entry behind: past `KEEP`, the least recently used go."""
    stale = time.time() - 3600  # a temporary file an hour old was left by a writer that died
    for tmp in parsed.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if tmp.stat().st_mtime < stale:
                tmp.unlink()
    entries = list(parsed.glob("*.pickle"))
    if len(entries) <= KEEP:
        return
    dated = []
    for p in entries:
        try:
            dated.append((p.stat().st_mtime_ns, p))
        except OSError:
            continue  # removed meanwhile by another process
    for _, p in sorted(dated, reverse=True)[KEEP:]:
        p.unlink(missing_ok=True)


class _PlainUnpickler(pickle.Unpickler):
    """Unpickles the safe loader's types only: any other class or function is refused."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _SAFE:
            raise pickle.UnpicklingError(f"{module}.{name} is not plain data")
        return getattr(datetime if module == "datetime" else builtins, name)
