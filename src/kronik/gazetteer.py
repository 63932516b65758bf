"""The actor gazetteer: strict loading and validation of data/gazetteer/*.yaml and user files.

Takes: the shipped files under `kronik/data/gazetteer/` and, optionally, user files in the same
format (`kronik build --gazetteer my.yaml`). Gives: a `Gazetteer` — entries by id, every surface
form with its conditions, office-holders by (role, country), and the set of valid actor codes.

A file is a mapping with up to three keys: `defaults` (fields every entry of the file starts
from), `entries` (the list of entries) and `codes` (extra actor codes a user file introduces).
An entry has a stable `id` (a Wikidata QID such as `Q159`, or a local id such as
`kronik:per:konstantin-kosachev`), a canonical English `name`, a `type`, an actor `code` and/or
the `country` it acts for, its `names` (a list, or a mapping language → list), optional `short`
forms (linked only after the full name appeared in the same document), `seats` (capitals and
seats of power that stand for the state, with optional date ranges), `demonyms` and `offices`.
The format is documented for users in docs/gazetteer.md.

Like followthemoney's schema loader, a malformed file raises `DataError` naming the file and
the entry, instead of logging and carrying on with half a gazetteer. User entries add to the
shipped ones; a user entry with a shipped id replaces it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kronik import langdata
from kronik.errors import DataError

TYPES = ("PER", "GPE", "ORG", "LOC", "WEAPON")
CASES = ("default", "exact", "title", "any")
QID = re.compile(r"Q[1-9]\d*")
LOCAL_ID = re.compile(r"[a-z][a-z0-9_-]*:[a-z]+:[a-z0-9][a-z0-9._-]*")
ISO_PREFIX = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
FILE_KEYS = frozenset({"defaults", "entries", "codes"})
ENTRY_KEYS = frozenset({
    "id", "name", "type", "code", "country", "names", "short", "seats", "demonyms", "offices",
    "from", "to", "the", "note", "kind",
})
NAME_KEYS = frozenset({"text", "case", "standalone", "when", "from", "to"})
SEAT_KEYS = frozenset({"names", "from", "to"})
OFFICE_KEYS = frozenset({"role", "country", "from", "to", "note"})
CODE_FILE = "codes.yaml"
CODE_KEYS = frozenset({"iso3", "former", "other", "organisations", "roles"})


@dataclass(frozen=True, slots=True)
class Name:
    """One surface form of an entry, with the conditions under which it stands for it."""

    text: str
    entry: str  # id of the entry
    kind: str = "name"  # name, seat (a capital standing for its state)
    case: str = "default"  # default, exact, title, any (see docs/gazetteer.md)
    standalone: bool = False  # not when a capitalised word follows ('Tsar' but not 'Tsar Nicholas')
    when: str | None = None  # a context list in data/<lang>/entities.yaml ('Korea' after 'masalah')
    start: str | None = None  # ISO prefix: valid from
    end: str | None = None  # ISO prefix: valid until (exclusive)
    lang: str | None = None  # the language it was listed under, if any (all names apply everywhere)


@dataclass(frozen=True, slots=True)
class Office:
    role: str
    country: str
    start: str | None
    end: str | None
    person: str = ""  # id of the holder


@dataclass(slots=True)
class Entry:
    id: str
    name: str
    type: str
    code: str | None = None  # actor code of the entity itself ('RUS', 'UN'), for states and bodies
    country: str | None = None  # the country it acts for; None for places and bodies of many states
    names: list[Name] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    the: bool = False  # 'the United States' inside a longer English name
    kind: str | None = None  # free grouping: 'media', 'region', 'city' …
    source: str = ""  # the file it came from
    user: bool = False

    @property
    def qid(self) -> str | None:
        return self.id if QID.fullmatch(self.id) else None

    @property
    def actor(self) -> str | None:
        """The code used for this entity as an event actor: its own code, else its country's."""
        return self.code or self.country


@dataclass(slots=True, eq=False)  # compared and hashed by identity: one per set of files (cached)
class Gazetteer:
    entries: dict[str, Entry]
    codes: frozenset[str]
    roles: frozenset[str]
    fallbacks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    offices: dict[tuple[str, str], list[Office]] = field(default_factory=dict)
    _by_code: dict[str, Entry] | None = None

    def __post_init__(self) -> None:
        for entry in self.entries.values():
            for office in entry.offices:
                self.offices.setdefault((office.role, office.country), []).append(office)

    def __getitem__(self, entry_id: str) -> Entry:
        return self.entries[entry_id]

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def names(self) -> Iterable[Name]:
        for entry in self.entries.values():
            yield from entry.names

    def by_code(self, code: str) -> Entry | None:
        """The state (or body) whose actor code is `code`, current states first."""
        if self._by_code is None:
            self._by_code = _states_by_code(self)
        return self._by_code.get(code)


def _states_by_code(gaz: Gazetteer) -> dict[str, Entry]:
    """Code → the entity that carries it: a state (current before former), else an organisation."""
    out: dict[str, Entry] = {}
    for e in gaz.entries.values():
        if not e.code or e.type not in ("GPE", "ORG"):
            continue
        have = out.get(e.code)
        if have is None or (have.type == "ORG" and e.type == "GPE") or (have.type == e.type and e.end is None):
            out[e.code] = e
    return out


# --- loading -------------------------------------------------------------------------------

def shipped_files() -> list[Path]:
    """The gazetteer files kronik ships, in a stable order (codes first)."""
    folder = langdata.data_dir() / "gazetteer"
    files = sorted(folder.glob("*.yaml"))
    return sorted(files, key=lambda p: p.name != CODE_FILE)


@cache
def organisation_codes() -> dict[str, str]:
    """The organisations' codes of gazetteer/codes.yaml with their English names ('WTO' → World
    Trade Organization): a code events use is a body, not a state, when it is one of these."""
    data = langdata.read_yaml(langdata.data_dir() / "gazetteer" / CODE_FILE)
    return {str(k): str(v) for k, v in (data.get("organisations") or {}).items()}


def load(user_files: Sequence[Path] = ()) -> Gazetteer:
    """The shipped gazetteer plus the user's files (cached per list of files and their mtimes)."""
    stamp = tuple((str(Path(p).resolve()), Path(p).stat().st_mtime_ns if Path(p).exists() else 0)
                  for p in user_files)
    return _load(stamp)


@cache
def _load(user: tuple[tuple[str, int], ...]) -> Gazetteer:
    shipped = shipped_files()
    raw = [(p, langdata.read_yaml(p), False) for p in shipped]
    raw += [(Path(p), langdata.read_yaml(Path(p)), True) for p, _ in user]
    codes, roles, fallbacks = _codes(raw)
    entries: dict[str, Entry] = {}
    for path, data, is_user in raw:
        for entry in parse_file(path, data, codes, roles, user=is_user):
            if entry.id in entries and not is_user:
                raise DataError(f"entry '{entry.id}': duplicate id (also in {entries[entry.id].source})",
                                path=str(path))
            entries[entry.id] = entry
    gaz = Gazetteer(entries, frozenset(codes), frozenset(roles), fallbacks)
    _check_offices(gaz)
    return gaz


def _codes(raw: list[tuple[Path, Any, bool]]) -> tuple[set[str], set[str], dict[str, tuple[str, ...]]]:
    """Valid actor codes, office roles and role fallbacks: codes.yaml plus a user file's `codes`."""
    codes: set[str] = set()
    fallbacks: dict[str, tuple[str, ...]] = {}
    for path, data, is_user in raw:
        if not isinstance(data, dict):
            raise DataError("a gazetteer file must be a mapping with 'entries' (and optionally "
                            "'defaults', 'codes')", path=str(path))
        is_code_file = path.name == CODE_FILE and not is_user
        unknown = set(data) - FILE_KEYS - (CODE_KEYS if is_code_file else set())
        if unknown:
            raise DataError(f"unknown top-level key(s): {', '.join(sorted(unknown))}", path=str(path))
        if is_code_file:
            for key in CODE_KEYS - {"roles"}:
                codes.update(_code_list(data.get(key), key, path))
            roles = data.get("roles")
            if not isinstance(roles, dict) or not all(isinstance(v, list) for v in roles.values()):
                raise DataError("'roles' should map each role to the roles tried after it", path=str(path))
            fallbacks.update({str(k): tuple(str(r) for r in v) for k, v in roles.items()})
        if "codes" in data:
            codes.update(_code_list(data["codes"], "codes", path))
    if not codes or not fallbacks:
        raise DataError("no actor codes or roles: gazetteer/codes.yaml is missing or empty")
    for role, after in fallbacks.items():
        if set(after) - set(fallbacks):
            raise DataError(f"role {role!r} falls back to an unknown role", path=CODE_FILE)
    return codes, set(fallbacks), fallbacks


def _code_list(value: Any, key: str, path: Path) -> list[str]:
    items = list(value) if isinstance(value, dict | list) else None
    if items is None or not all(isinstance(c, str) and c for c in items):
        raise DataError(f"'{key}' should be a list (or mapping) of codes", path=str(path))
    return items


def parse_file(path: Path, data: Any, codes: set[str], roles: set[str], *, user: bool = False) -> list[Entry]:
    """Validate and build the entries of one parsed file; raise DataError on the first problem."""
    where = str(path)
    if data.get("entries") is None:
        return []
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict) or set(defaults) - ENTRY_KEYS:
        raise DataError("'defaults' should be a mapping of entry fields", path=where)
    entries = data["entries"]
    if not isinstance(entries, list):
        raise DataError("'entries' should be a list", path=where)
    seen: set[str] = set()
    out: list[Entry] = []
    for i, item in enumerate(entries):
        label = f"entry {i + 1}"
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            label = f"entry '{item['id']}'"
        if not isinstance(item, dict):
            raise DataError(f"{label}: should be a mapping", path=where)
        entry = _entry({**defaults, **item}, label, where, codes, roles)
        if entry.id in seen:
            raise DataError(f"{label}: duplicate id in this file", path=where)
        seen.add(entry.id)
        entry.source, entry.user = where, user
        out.append(entry)
    return out


def _entry(item: dict[str, Any], label: str, where: str, codes: set[str], roles: set[str]) -> Entry:
    def fail(msg: str) -> DataError:
        return DataError(f"{label}: {msg}", path=where)

    unknown = set(item) - ENTRY_KEYS
    if unknown:
        raise fail(f"unknown field(s): {', '.join(sorted(unknown))}")
    eid = item.get("id")
    if not isinstance(eid, str) or not (QID.fullmatch(eid) or LOCAL_ID.fullmatch(eid)):
        raise fail("'id' should be a Wikidata QID (Q159) or a local id (kronik:per:some-name)")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail("'name' (canonical English name) is required")
    etype = item.get("type")
    if etype not in TYPES:
        raise fail(f"'type' should be one of {', '.join(TYPES)}")
    code, country = item.get("code"), item.get("country")
    for key, value in (("code", code), ("country", country)):
        if value is not None and (not isinstance(value, str) or value not in codes):
            raise fail(f"'{key}' {value!r} is not a valid actor code (see gazetteer/codes.yaml)")
    if etype == "GPE" and code and country is None:
        country = code  # a state acts for itself
    entry = Entry(id=eid, name=name.strip(), type=etype, code=code, country=country,
                  start=_date(item.get("from"), "from", fail), end=_date(item.get("to"), "to", fail),
                  the=bool(item.get("the", False)), kind=_opt_str(item.get("kind"), "kind", fail))
    entry.names = [_name(n, eid, "name", fail, lang) for lang, n in _flat_lang(item.get("names"), "names", fail)]
    for seat in _list(item.get("seats"), "seats", fail):
        if not isinstance(seat, dict) or set(seat) - SEAT_KEYS or "names" not in seat:
            raise fail("each seat should be a mapping with 'names' and optional 'from', 'to'")
        start, end = _date(seat.get("from"), "from", fail), _date(seat.get("to"), "to", fail)
        for lang, n in _flat_lang(seat["names"], "seats.names", fail):
            nm = _name(n, eid, "seat", fail, lang)
            entry.names.append(Name(nm.text, eid, "seat", nm.case, nm.standalone, nm.when, start, end, lang))
    if not entry.names:
        raise fail("at least one name is required")
    entry.short = [_text(s, "short", fail) for s in _flat(item.get("short"), "short", fail)]
    entry.demonyms = [_text(s, "demonyms", fail) for s in _flat(item.get("demonyms"), "demonyms", fail)]
    for office in _list(item.get("offices"), "offices", fail):
        if not isinstance(office, dict) or set(office) - OFFICE_KEYS:
            raise fail("each office should be a mapping with 'role', 'country', 'from', 'to'")
        role, ocountry = office.get("role"), office.get("country", country)
        if role not in roles:
            raise fail(f"office role {role!r} is not one of the roles in gazetteer/codes.yaml")
        if ocountry not in codes:
            raise fail(f"office country {ocountry!r} is not a valid actor code")
        start, end = _date(office.get("from"), "from", fail), _date(office.get("to"), "to", fail)
        if start is None:
            raise fail(f"office {role!r} needs a 'from' date")
        if end is not None and end < start:
            raise fail(f"office {role!r} ends ({end}) before it starts ({start})")
        entry.offices.append(Office(role, ocountry, start, end, eid))
    if entry.offices and etype != "PER":
        raise fail("only people (type PER) hold offices")
    return entry


def _flat_lang(value: Any, key: str, fail: Any) -> list[tuple[str | None, Any]]:
    """Like `_flat`, keeping the language each item was listed under (None for a plain list)."""
    if isinstance(value, dict):
        return [(str(lang), item) for lang, items in value.items() for item in _flat({lang: items}, key, fail)]
    return [(None, item) for item in _flat(value, key, fail)]


def _flat(value: Any, key: str, fail: Any) -> list[Any]:
    """A list, or a mapping language → list (flattened: every language applies everywhere)."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        out: list[Any] = []
        for lang, items in value.items():
            if not isinstance(lang, str) or not isinstance(items, list):
                raise fail(f"'{key}' should map a language code to a list")
            out.extend(items)
        return out
    raise fail(f"'{key}' should be a list or a mapping language → list")


def _list(value: Any, key: str, fail: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise fail(f"'{key}' should be a list")
    return value


def _name(value: Any, eid: str, kind: str, fail: Any, lang: str | None = None) -> Name:
    if isinstance(value, bool | int | float) or value is None:
        _text(value, "names", fail)  # raises, with the YAML hint
    if isinstance(value, str):
        return Name(_text(value, "names", fail), eid, kind, lang=lang)
    if not isinstance(value, dict) or "text" not in value or set(value) - NAME_KEYS:
        raise fail(f"a name should be a string or a mapping with 'text' and optional "
                   f"{', '.join(sorted(NAME_KEYS - {'text'}))}")
    case = value.get("case", "default")
    if case not in CASES:
        raise fail(f"name case {case!r} should be one of {', '.join(CASES)}")
    when = _opt_str(value.get("when"), "when", fail)
    return Name(_text(value["text"], "names", fail), eid, kind, case, bool(value.get("standalone", False)), when,
                _date(value.get("from"), "from", fail), _date(value.get("to"), "to", fail), lang)


def _text(value: Any, key: str, fail: Any) -> str:
    if not isinstance(value, str) or not value.strip() or not any(c.isalnum() for c in value):
        hint = " (YAML reads No, Yes, On, Off as true/false: quote the word)" if isinstance(value, bool) else ""
        raise fail(f"'{key}' holds an empty or non-text item: {value!r}{hint}")
    return value.strip()


def _opt_str(value: Any, key: str, fail: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise fail(f"'{key}' should be text")
    return value


def _date(value: Any, key: str, fail: Any) -> str | None:
    """ISO prefix at the precision given ('1991', '1991-12', '1991-12-26'); YAML dates accepted."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str) or not ISO_PREFIX.fullmatch(value):
        raise fail(f"'{key}' should be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), got {value!r}")
    return value


def _check_offices(gaz: Gazetteer) -> None:
    """Office countries must name a known state, so a title can be resolved against them."""
    for (role, country), offices in gaz.offices.items():
        if gaz.by_code(country) is None:
            who = offices[0].person
            raise DataError(f"entry '{who}': office {role!r} of {country!r}, but no state has that code",
                            path=gaz.entries[who].source)
