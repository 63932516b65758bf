"""Merge: the same fact reported in several sentences or documents becomes one event.

Takes: every piece of evidence in the knowledge base (one row per event as one sentence of
one document reports it). Gives: merged events, each with its evidence, a corroboration
count (distinct documents) and a `conflicts` list where the sources disagree.

Rules, in order:
1. Evidence is grouped by type and actors: ordered (source, target), or the unordered pair
   for CONSULT, AGREE and events flagged symmetric.
2. Within a group, dated evidence is clustered most specific date first: a piece joins a
   cluster whose date is compatible with its own (one is a prefix of the other, `X`
   matching any digit), else one from another document with the same mode whose day
   differs by at most `NEAR_DAYS` (the sources disagree on the date: a conflict), else it
   starts a new cluster.
3. Undated evidence joins the group's only cluster when there is exactly one and it reports
   the same kind of claim about the same act (whether it happened — asserted, alleged, denied,
   negated — or a plan, or a hypothesis; same mode); otherwise undated pieces form their own
   events, one per kind of claim and mode (kronik does not guess which dated one they mean).
4. The merged date is the most specific date shared by most documents; the merged status is
   the status most documents report (ties go to the less certain status; a plan that is also
   reported as done counts as done); every field on
   which sources differ (date, status, a person's name as written) is listed in `conflicts`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date

from kronik.ontology import ontology

UNORDERED_TYPES = frozenset({"CONSULT", "AGREE"})
NEAR_DAYS = 3
# Less certain first: breaks ties between statuses reported equally often.
CERTAINTY = ("hypothetical", "alleged", "planned", "denied", "negated", "asserted")


@dataclass(slots=True)
class EvidenceRow:
    id: int
    doc_id: int
    type: str
    mode: str | None
    source: str | None
    target: str | None
    date: str | None
    status: str
    symmetric: bool = False
    actors: list[str] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class MergedEvent:
    id: int
    type: str
    mode: str | None
    quad: str
    source: str | None
    target: str | None
    date: str | None
    status: str
    symmetric: bool
    cameo: str | None
    intensity: float | None
    actors: list[str]
    evidence: list[int]
    n_documents: int
    conflicts: list[dict]

    def row(self) -> tuple:
        return (self.id, self.type, self.mode, self.quad, self.source, self.target, self.date, self.status,
                int(self.symmetric), self.cameo, self.intensity, json.dumps(self.actors, ensure_ascii=False),
                len(self.evidence), self.n_documents, json.dumps(self.conflicts, ensure_ascii=False))


def dates_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    n = min(len(a), len(b))
    return all(x == y or "X" in (x, y) for x, y in zip(a[:n], b[:n], strict=True))


def _day(value: str | None) -> Date | None:
    if value is None or len(value) != 10 or "X" in value:
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError:
        return None


def _key(r: EvidenceRow) -> tuple[str, str | None, str | None]:
    if r.symmetric or r.type in UNORDERED_TYPES:
        a, b = sorted((r.source or "", r.target or ""))
        return (r.type, a or None, b or None)
    return (r.type, r.source, r.target)


class _Cluster:
    __slots__ = ("date", "rows")

    def __init__(self, row: EvidenceRow) -> None:
        self.rows = [row]
        self.date = row.date

    def accepts(self, row: EvidenceRow) -> str | None:
        """'same' if the row reports this cluster's fact, 'near' if only the date disagrees."""
        if dates_compatible(self.date, row.date):
            return "same"
        d1, d2 = _day(self.date), _day(row.date)
        if (d1 and d2 and abs((d1 - d2).days) <= NEAR_DAYS
                and all(r.doc_id != row.doc_id for r in self.rows)
                and any(r.mode == row.mode for r in self.rows)):
            return "near"
        return None

    def add(self, row: EvidenceRow) -> None:
        self.rows.append(row)
        if row.date and (self.date is None or len(row.date) > len(self.date)) and dates_compatible(self.date, row.date):
            self.date = row.date


FACT = frozenset({"asserted", "alleged", "denied", "negated"})


def _claim(status: str) -> str:
    """Reports of whether an act happened can disagree about one act (a conflict); a plan or a
    hypothesis is about another act than a report that it happened."""
    return "fact" if status in FACT else status


def _alike(a: EvidenceRow, b: EvidenceRow) -> bool:
    """Could an undated report be the dated one? Only if it is the same kind of claim about the
    same kind of act: 'Blinken will visit' (planned) is not 'Biden met Xi on 14 November'."""
    return _claim(a.status) == _claim(b.status) and (a.mode == b.mode or None in (a.mode, b.mode))


def cluster(rows: Iterable[EvidenceRow]) -> list[MergedEvent]:
    groups: dict[tuple, list[EvidenceRow]] = defaultdict(list)
    for r in rows:
        groups[_key(r)].append(r)
    merged: list[MergedEvent] = []
    for key in sorted(groups, key=lambda k: tuple(x or "" for x in k)):
        items = groups[key]
        dated = sorted((r for r in items if r.date), key=lambda r: (-len(r.date or ""), r.doc_id, r.id))
        undated = [r for r in items if not r.date]
        clusters: list[_Cluster] = []
        for r in dated:
            verdicts = [(c, c.accepts(r)) for c in clusters]
            target = next((c for c, v in verdicts if v == "same"), None) or next(
                (c for c, v in verdicts if v == "near"), None)
            if target is None:
                clusters.append(_Cluster(r))
            else:
                target.add(r)
        rest: dict[tuple, _Cluster] = {}
        for r in undated:
            if len(clusters) == 1 and _alike(clusters[0].rows[0], r):
                clusters[0].rows.append(r)
            elif (_claim(r.status), r.mode) in rest:
                rest[(_claim(r.status), r.mode)].rows.append(r)
            else:
                rest[(_claim(r.status), r.mode)] = _Cluster(r)
        clusters.extend(rest.values())
        for c in clusters:
            merged.append(_merge_cluster(len(merged) + 1, c.rows))
    return merged


def _majority(values_by_doc: dict[int, str | None], order: tuple[str, ...] = ()) -> str | None:
    counts = Counter(v for v in values_by_doc.values())
    if not counts:
        return None
    top = max(counts.values())
    best = [v for v, n in counts.items() if n == top]
    if order:
        best.sort(key=lambda v: order.index(v) if v in order else len(order))
    else:
        best.sort(key=lambda v: (-(len(v) if v else 0), v or ""))
    return best[0]


def _merge_cluster(event_id: int, rows: list[EvidenceRow]) -> MergedEvent:
    first = rows[0]
    onto = ontology()
    docs = sorted({r.doc_id for r in rows})
    status_by_doc: dict[int, str] = {}
    for r in rows:  # a document that reports a fact both ways counts once, by its least certain report
        prev = status_by_doc.get(r.doc_id)
        if prev is None or CERTAINTY.index(r.status) < CERTAINTY.index(prev):
            status_by_doc[r.doc_id] = r.status
    if "asserted" in {r.status for r in rows}:  # a plan that is also reported done was carried out
        status_by_doc = {d: "asserted" if s == "planned" else s for d, s in status_by_doc.items()}
    date_by_doc: dict[int, str | None] = {}
    for r in rows:
        prev_date = date_by_doc.get(r.doc_id)
        if r.date and (prev_date is None or len(r.date) > len(prev_date)):
            date_by_doc[r.doc_id] = r.date
    status = _majority(status_by_doc, CERTAINTY) or first.status
    date = _majority({d: v for d, v in date_by_doc.items() if v}) if date_by_doc else None
    modes = Counter(r.mode for r in rows if r.mode)
    mode = modes.most_common(1)[0][0] if modes else None
    actors = list(dict.fromkeys(a for r in rows for a in r.actors))
    conflicts: list[dict] = []
    for name, values in (("status", status_by_doc), ("date", date_by_doc)):
        distinct = {v for v in values.values() if v}
        if name == "date":
            distinct = {v for v in distinct if not any(v != w and dates_compatible(v, w) and len(w) > len(v)
                                                         for w in distinct)}
        if len(distinct) > 1:
            conflicts.append({"field": name, "values": [
                {"value": v, "documents": sorted(d for d, x in values.items() if x == v),
                 "evidence": [r.id for r in rows if (r.status if name == "status" else r.date) == v]}
                for v in sorted(distinct)]})
    for r in rows:
        for note in r.notes:
            if note.get("kind") == "name-mismatch":
                conflicts.append({"field": "name", "written": note.get("text"), "name": note.get("name"),
                                  "documents": [r.doc_id], "evidence": [r.id]})
    etype = onto[first.type]
    src, tgt = first.source, first.target
    return MergedEvent(
        id=event_id, type=first.type, mode=mode, quad=etype.quad, source=src, target=tgt, date=date,
        status=status, symmetric=any(r.symmetric for r in rows), cameo=etype.cameo[0],
        intensity=etype.intensity_of(mode), actors=actors, evidence=[r.id for r in rows],
        n_documents=len(docs), conflicts=conflicts,
    )
