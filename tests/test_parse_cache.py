"""The cache of parsed data files: a hit gives what parsing gives, and nothing makes it wrong."""

from __future__ import annotations

import datetime
import os
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kronik import langdata, parse_cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KRONIK_CACHE", str(folder))
    return folder


class Planted:
    """Unpickled, it would call a function (here a harmless one): what the cache must refuse."""

    def __reduce__(self) -> tuple:
        return (os.getcwd, ())


def entries(folder: Path) -> list[Path]:
    return sorted((folder / "parsed").glob("*.pickle")) if (folder / "parsed").is_dir() else []


def test_a_parsed_file_is_read_back_from_the_cache(cache: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("names: [Rusia, Korea Utara]\nsince: 1948-09-09\n", encoding="utf-8")
    first = langdata.read_yaml(path)
    assert first == {"names": ["Rusia", "Korea Utara"], "since": datetime.date(1948, 9, 9)}
    assert len(entries(cache)) == 1

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(langdata.yaml, "load", no_parse)
    assert langdata.read_yaml(path) == first


def test_an_edited_file_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert langdata.read_yaml(path) == {"a": 1}
    path.write_text("a: 2\n", encoding="utf-8")
    assert langdata.read_yaml(path) == {"a": 2}
    assert len(entries(cache)) == 2


@pytest.mark.parametrize("damage", ["cut short", "not plain data"])
def test_a_damaged_entry_is_parsed_again_and_replaced(cache: Path, tmp_path: Path, damage: str) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    langdata.read_yaml(path)
    (entry,) = entries(cache)
    if damage == "cut short":
        entry.write_bytes(entry.read_bytes()[:5])
    else:  # a planted entry that would run code when unpickled
        entry.write_bytes(pickle.dumps(Planted()))
    assert langdata.read_yaml(path) == {"a": [1, 2]}
    assert parse_cache.get(entry.stem) == {"a": [1, 2]}


def test_invalid_yaml_is_an_error_each_time_and_never_cached(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("a: [1, 2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(langdata.DataError, match="invalid YAML"):
            langdata.read_yaml(path)
    assert entries(cache) == []


def test_a_file_that_is_not_utf8_is_a_data_error(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Perú\n".encode("latin-1"))
    with pytest.raises(langdata.DataError, match="not UTF-8"):
        langdata.read_yaml(path)


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRONIK_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "data.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert langdata.read_yaml(path) == {"a": 1}
    assert not (tmp_path / "xdg").exists()


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("KRONIK_CACHE", str(blocker / "cache"))  # under a file: cannot be made
    path = tmp_path / "data.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert langdata.read_yaml(path) == {"a": 1}
    assert langdata.read_yaml(path) == {"a": 1}


PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(value=PLAIN)
def test_plain_data_comes_back_equal(value: object) -> None:
    name = parse_cache.key(repr(value).encode(), "test")
    parse_cache.put(name, value)
    assert parse_cache.get(name) == value


def test_the_folder_keeps_the_entries_used_last(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_cache, "KEEP", 3)
    names = [parse_cache.key(str(i).encode(), "test") for i in range(5)]
    for i, name in enumerate(names):
        parse_cache.put(name, i)
        path = cache / "parsed" / f"{name}.pickle"
        os.utime(path, ns=(i * 10**9, i * 10**9))  # written one second apart
        if i == 1:
            os.utime(path, ns=(10 * 10**9, 10 * 10**9))  # the second one was read last
    kept = {p.stem for p in entries(cache)}
    assert len(kept) <= 3 and names[1] in kept and names[0] not in kept


def test_no_home_folder_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KRONIK_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(parse_cache.Path, "home", staticmethod(nowhere))
    assert parse_cache.folder() is None
    assert parse_cache.get("anything") is parse_cache.MISSING
