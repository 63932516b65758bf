"""Loads the language knowledge shipped under `kronik/data/` (YAML), strictly and lazily.

Takes: a file name and optionally a language code. Gives: the parsed YAML (cached), or a
`DataError` naming the file and what is wrong. Nothing is read at import time.

Parsing is most of the cost of loading (the gazetteer: 0.2 s of a build's start, and of every
`kronik ask`), so a parsed file is kept in the user's cache (`parse_cache`), keyed by the hash of
its bytes: a changed file, shipped or the user's, is parsed again.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kronik import parse_cache
from kronik.errors import DataError

try:  # the C loader is ~10x faster on the gazetteer; fall back where libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

LANGUAGES: tuple[str, ...] = ("id", "en")


def data_dir() -> Path:
    return Path(str(resources.files("kronik") / "data"))


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; any failure is a DataError naming the file."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError("data file not found", path=str(path)) from None
    key = parse_cache.key(raw, "yaml", yaml.__version__, _Loader.__name__)
    found = parse_cache.get(key)
    if found is not parse_cache.MISSING:
        return found
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_Loader)
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text (byte {exc.start})", path=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise DataError(f"invalid YAML{where}: {getattr(exc, 'problem', exc)}", path=str(path)) from None
    parse_cache.put(key, data)
    return data


@cache
def load(name: str, lang: str | None = None) -> Any:
    """`load('temporal', 'id')` reads data/id/temporal.yaml; `load('plover')` reads data/plover.yaml."""
    path = data_dir() / lang / f"{name}.yaml" if lang else data_dir() / f"{name}.yaml"
    return read_yaml(path)


def load_all(name: str) -> dict[str, Any]:
    """The same file for every supported language that has it: {'id': …, 'en': …}."""
    out: dict[str, Any] = {}
    for lang in LANGUAGES:
        if (data_dir() / lang / f"{name}.yaml").exists():
            out[lang] = load(name, lang)
    return out


def require(mapping: Any, key: str, kind: type, where: str) -> Any:
    """Fetch `mapping[key]` and check its type, raising a DataError that says where."""
    if not isinstance(mapping, dict) or key not in mapping:
        raise DataError(f"missing key '{key}'", path=where)
    value = mapping[key]
    if not isinstance(value, kind):
        raise DataError(f"'{key}' should be a {kind.__name__}, got {type(value).__name__}", path=where)
    return value


def string_list(mapping: Any, key: str, where: str) -> list[str]:
    """`mapping[key]` as a list of strings; YAML turns bare `no`, `on`, `yes` into booleans, so
    anything that is not a string is refused (quote it in the file)."""
    items = require(mapping, key, list, where)
    bad = [item for item in items if not isinstance(item, str)]
    if bad:
        raise DataError(f"'{key}' must hold strings only; quote {bad!r}", path=where)
    return items
