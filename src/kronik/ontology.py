"""The PLOVER ontology (data/plover.yaml), loaded and checked strictly.

Takes: nothing (reads the data file on first use). Gives: `Ontology` with each type's quad
class, CAMEO root, Goldstein weight and kronik intensity by mode. A malformed file raises a
DataError naming what is wrong, instead of coding events with a half-read ontology.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kronik import langdata
from kronik.errors import DataError

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
QUADS = ("verbal-coop", "material-coop", "verbal-conflict", "material-conflict")


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad: str
    meaning: str
    cameo: tuple[str, ...]
    goldstein: float
    intensity: float
    modes: dict[str, float]

    def intensity_of(self, mode: str | None) -> float:
        return self.modes.get(mode or "", self.intensity)


@dataclass(frozen=True, slots=True)
class Ontology:
    types: dict[str, EventType]

    def __getitem__(self, name: str) -> EventType:
        return self.types[name]

    def quad(self, name: str) -> str:
        return self.types[name].quad


def _number(value: object, where: str) -> float:
    if not isinstance(value, int | float) or not -10 <= float(value) <= 10:
        raise DataError(f"{where}: expected a number in -10…10, got {value!r}", path="data/plover.yaml")
    return float(value)


@cache
def ontology() -> Ontology:
    raw = langdata.load("plover")
    where = "data/plover.yaml"
    types_raw = langdata.require(raw, "types", dict, where)
    if set(types_raw) != set(PLOVER_TYPES):
        missing = set(PLOVER_TYPES) - set(types_raw)
        extra = set(types_raw) - set(PLOVER_TYPES)
        raise DataError(f"types must be the 16 PLOVER types (missing {sorted(missing)}, extra {sorted(extra)})",
                        path=where)
    types: dict[str, EventType] = {}
    for name, spec in types_raw.items():
        quad = langdata.require(spec, "quad", str, f"{where}: {name}")
        if quad not in QUADS:
            raise DataError(f"{name}: unknown quad class {quad!r}", path=where)
        modes = {str(m): _number(v, f"{name}.modes.{m}") for m, v in (spec.get("modes") or {}).items()}
        types[name] = EventType(
            name=name, quad=quad, meaning=str(spec.get("meaning", "")),
            cameo=tuple(str(c) for c in langdata.require(spec, "cameo", list, f"{where}: {name}")),
            goldstein=_number(spec.get("goldstein"), f"{name}.goldstein"),
            intensity=_number(spec.get("intensity"), f"{name}.intensity"),
            modes=modes,
        )
    return Ontology(types)
