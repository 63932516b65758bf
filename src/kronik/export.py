"""Exports from a knowledge base: the evaluation shape, events as JSON Lines or CSV.

Takes: an open KnowledgeBase. Gives: records or files.
- `eval`: one JSON object per document file, in the shape of shared/eval/SCHEMA.md
  (doc, doc_date, lang, timex, entities, events), offsets included;
- `jsonl`: one merged event per line, with all its evidence (document, sentence, offsets,
  the rule that coded it);
- `csv`: one merged event per row (columns documented in the README).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from kronik.store import KnowledgeBase

EVENT_COLUMNS = (
    "event_id", "date", "type", "mode", "quad", "source", "target", "status", "symmetric",
    "n_documents", "n_evidence", "intensity", "cameo", "actors", "rules", "evidence", "document",
)


def eval_records(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    c = kb.conn
    files = c.execute(
        "SELECT f.name, d.id, d.doc_date, d.lang FROM files f JOIN documents d ON d.id = f.doc_id ORDER BY f.name"
    ).fetchall()
    for name, doc_id, doc_date, lang in files:
        timex = [
            _drop_none({"text": t, "type": ty, "value": v, "mod": m, "start": s, "end": e,
                        "in_reference": bool(r) or None})
            for t, ty, v, m, s, e, r in c.execute(
                'SELECT text, type, value, mod, start, "end", in_reference FROM timexes WHERE doc_id = ? '
                "ORDER BY start", (doc_id,))
        ]
        entities = [
            {"text": t, "type": ty, "name": n, "country": co, "qid": q, "start": s, "end": e}
            for t, ty, n, co, q, s, e in c.execute(
                'SELECT m.text, m.type, m.name, m.country, en.qid, m.start, m."end" FROM mentions m '
                "JOIN entities en ON en.id = m.entity_id WHERE m.doc_id = ? ORDER BY m.start", (doc_id,))
        ]
        events = [_eval_event(row) for row in c.execute(
            'SELECT ev.type, ev.mode, ev.source, ev.target, ev.date, ev.status, ev.symmetric, ev.actors, '
            'ev.rule, ev.cameo, ev.intensity, ev.start, ev."end", s.start, s.text, ev.event_id '
            "FROM evidence ev JOIN sentences s ON s.id = ev.sentence_id WHERE ev.doc_id = ? ORDER BY ev.start, ev.id",
            (doc_id,))]
        yield {"doc": name, "doc_date": doc_date, "lang": lang, "timex": timex, "entities": entities,
               "events": events}


def _eval_event(row: tuple) -> dict[str, Any]:
    (etype, mode, source, target, date, status, symmetric, actors, rule, cameo, intensity, start, end,
     s_start, s_text, event_id) = row
    out: dict[str, Any] = {
        "type": etype, "mode": mode, "source": source, "target": target, "date": date, "status": status,
        "actors": json.loads(actors), "evidence": s_text[start - s_start : end - s_start],
        "start": start, "end": end, "rule": rule, "cameo": cameo, "intensity": intensity,
        "event_id": event_id,
    }
    if symmetric:
        out["symmetric"] = True
    return out


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def event_records(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    """Merged events in date order, each with its evidence."""
    c = kb.conn
    for row in c.execute(
        "SELECT id, date, type, mode, quad, source, target, status, symmetric, n_documents, n_evidence, "
        "intensity, cameo, actors, conflicts FROM events ORDER BY date IS NULL, date, id"
    ).fetchall():
        (eid, date, etype, mode, quad, source, target, status, symmetric, n_docs, n_ev, intensity, cameo,
         actors, conflicts) = row
        evidence = [
            {"document": name, "sentence": text[start - s_start : end - s_start], "start": start, "end": end,
             "status": st, "date": d, "rule": rule}
            for name, text, s_start, start, end, st, d, rule in c.execute(
                "SELECT (SELECT min(f.name) FROM files f WHERE f.doc_id = ev.doc_id), s.text, s.start, ev.start, "
                'ev."end", ev.status, ev.date, ev.rule FROM evidence ev JOIN sentences s ON s.id = ev.sentence_id '
                "WHERE ev.event_id = ? ORDER BY ev.id", (eid,))
        ]
        yield {"event_id": eid, "date": date, "type": etype, "mode": mode, "quad": quad, "source": source,
               "target": target, "status": status, "symmetric": bool(symmetric), "n_documents": n_docs,
               "n_evidence": n_ev, "intensity": intensity, "cameo": cameo, "actors": json.loads(actors),
               "conflicts": json.loads(conflicts), "evidence": evidence}


def write_jsonl(records: Iterator[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_events_csv(kb: KnowledgeBase, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(EVENT_COLUMNS)
    n = 0
    for ev in event_records(kb):
        first = ev["evidence"][0] if ev["evidence"] else {}
        writer.writerow([
            ev["event_id"], ev["date"] or "", ev["type"], ev["mode"] or "", ev["quad"], ev["source"] or "",
            ev["target"] or "", ev["status"], int(ev["symmetric"]), ev["n_documents"], ev["n_evidence"],
            ev["intensity"], ev["cameo"] or "", "; ".join(ev["actors"]),
            "; ".join(sorted({e["rule"] for e in ev["evidence"]})), first.get("sentence", ""),
            first.get("document", ""),
        ])
        n += 1
    return n


def export(kb: KnowledgeBase, fmt: str, path: Path) -> int:
    """Write `fmt` to `path` atomically (a temporary file renamed at the end); returns records written."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            if fmt == "eval":
                n = write_jsonl(eval_records(kb), out)
            elif fmt == "jsonl":
                n = write_jsonl(event_records(kb), out)
            elif fmt == "csv":
                n = write_events_csv(kb, out)
            else:
                raise ValueError(f"unknown export format {fmt}")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return n
