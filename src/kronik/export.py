"""Exports from a knowledge base: the evaluation shape; events, actors or the actor graph.

Takes: an open KnowledgeBase. Gives: records or files (columns documented in docs/cli.md).
- `eval`: one JSON object per document file, in the shape of shared/eval/SCHEMA.md
  (doc, doc_date, lang, timex, entities, events), offsets included;
- `jsonl`: one record per line: a merged event with all its evidence (document, sentence,
  offsets, the rule that coded it), an actor, or an edge of the actor graph;
- `csv`: one row per merged event (EVENT_COLUMNS), actor (ACTOR_COLUMNS) or edge (EDGE_COLUMNS);
- `parquet` (pyarrow): the same tables, typed (lists stay lists);
- `graphml` (networkx): the actor graph: nodes = actor codes with name, type, mentions and
  events; edges = dyads with asserted events by quad class, mean intensity and direction.
What each format holds by default: eval → documents, graphml → graph, others → events.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from kronik.errors import KronikError
from kronik.ontology import QUADS
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
                'SELECT m.text, en.type, en.name, en.country, en.qid, m.start, m."end" FROM mentions m '
                "JOIN entities en ON en.id = m.entity_id WHERE m.doc_id = ? AND m.how != 'role' ORDER BY m.start",
                (doc_id,))
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


ACTOR_COLUMNS = ("code", "name", "type", "mentions", "events", "key", "entity_ids")
QUAD_COLUMNS = tuple(q.replace("-", "_") for q in QUADS)  # verbal_coop, material_coop, …
EDGE_COLUMNS = ("source", "target", "events", *QUAD_COLUMNS, "mean_intensity", "a_to_b", "b_to_a")
FORMATS = ("eval", "jsonl", "csv", "parquet", "graphml")
WHAT = {"eval": ("documents",), "jsonl": ("events", "actors", "graph"), "csv": ("events", "actors", "graph"),
        "parquet": ("events", "actors", "graph"), "graphml": ("graph",)}


def actor_records(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    """Actors (states and organisations by code, people by name) with mention and event counts."""
    from kronik.query import actor_list

    for a in actor_list(kb):
        yield {"code": a.code, "name": a.name, "type": a.type, "mentions": a.mentions, "events": a.events,
               "key": a.key, "entity_ids": a.entity_ids}


def graph(kb: KnowledgeBase) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(nodes, edges) of the actor graph, quad counts under underscore names (verbal_coop …)."""
    from kronik.query import actor_graph

    nodes, edges = actor_graph(kb)
    return nodes, [{k.replace("-", "_"): v for k, v in e.items()} for e in edges]


def _records(kb: KnowledgeBase, what: str) -> Iterator[dict[str, Any]]:
    if what == "events":
        return event_records(kb)
    if what == "actors":
        return actor_records(kb)
    return iter(graph(kb)[1])


def _write_csv(rows: Iterator[dict[str, Any]], columns: tuple[str, ...], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow(["; ".join(v) if isinstance(v := row.get(c), list) else "" if v is None else v
                         for c in columns])
        n += 1
    return n


def _write_parquet(kb: KnowledgeBase, what: str, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if what == "events":
        rows = [{**{k: ev[k] for k in ("event_id", "date", "type", "mode", "quad", "source", "target", "status",
                                        "symmetric", "n_documents", "n_evidence", "intensity", "cameo", "actors")},
                 "rules": sorted({e["rule"] for e in ev["evidence"]}),
                 "evidence": ev["evidence"][0]["sentence"] if ev["evidence"] else None,
                 "document": ev["evidence"][0]["document"] if ev["evidence"] else None,
                 "conflicts": json.dumps(ev["conflicts"], ensure_ascii=False)} for ev in event_records(kb)]
        schema = pa.schema([
            ("event_id", pa.int64()), ("date", pa.string()), ("type", pa.string()), ("mode", pa.string()),
            ("quad", pa.string()), ("source", pa.string()), ("target", pa.string()), ("status", pa.string()),
            ("symmetric", pa.bool_()), ("n_documents", pa.int32()), ("n_evidence", pa.int32()),
            ("intensity", pa.float64()), ("cameo", pa.string()), ("actors", pa.list_(pa.string())),
            ("rules", pa.list_(pa.string())), ("evidence", pa.string()), ("document", pa.string()),
            ("conflicts", pa.string())])
    elif what == "actors":
        rows = list(actor_records(kb))
        schema = pa.schema([("code", pa.string()), ("name", pa.string()), ("type", pa.string()),
                            ("mentions", pa.int64()), ("events", pa.int64()), ("key", pa.string()),
                            ("entity_ids", pa.list_(pa.string()))])
    else:
        rows = graph(kb)[1]
        schema = pa.schema([("source", pa.string()), ("target", pa.string()), ("events", pa.int64()),
                            *[(q, pa.int64()) for q in QUAD_COLUMNS], ("mean_intensity", pa.float64()),
                            ("a_to_b", pa.int64()), ("b_to_a", pa.int64())])
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path)
    return table.num_rows


def _write_graphml(kb: KnowledgeBase, path: Path) -> int:
    import networkx as nx

    nodes, edges = graph(kb)
    g = nx.Graph(name="kronik actor graph")
    for n in nodes:
        g.add_node(n["code"], **{k: v for k, v in n.items() if k != "code" and v is not None})
    for e in edges:
        g.add_edge(e["source"], e["target"], **{k: v for k, v in e.items() if k not in ("source", "target")})
    nx.write_graphml(g, path, encoding="utf-8")
    return g.number_of_nodes()


def default_what(fmt: str) -> str:
    return WHAT[fmt][0]


def export(kb: KnowledgeBase, fmt: str, path: Path, what: str | None = None) -> int:
    """Write `what` in `fmt` to `path` atomically (a temporary file renamed at the end); returns
    the records written (documents, events, actors, edges; for graphml, the nodes)."""
    if fmt not in WHAT:
        raise ValueError(f"unknown export format {fmt}")
    what = what or default_what(fmt)
    if what not in WHAT[fmt]:
        raise KronikError(f"--format {fmt} exports {' or '.join(WHAT[fmt])}, not {what}")
    tmp = path.with_name(f".{path.name}.part")
    try:
        if fmt == "parquet":
            n = _write_parquet(kb, what, tmp)
        elif fmt == "graphml":
            n = _write_graphml(kb, tmp)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as out:
                if fmt == "eval":
                    n = write_jsonl(eval_records(kb), out)
                elif fmt == "jsonl":
                    n = write_jsonl(_records(kb, what), out)
                elif what == "events":
                    n = write_events_csv(kb, out)
                else:
                    n = _write_csv(_records(kb, what), ACTOR_COLUMNS if what == "actors" else EDGE_COLUMNS, out)
        tmp.replace(path)
    except OSError as exc:  # a folder that is not there or not writable, a full disk
        raise KronikError(f"cannot write the export: {exc.strerror or exc}", path=str(path)) from None
    finally:
        tmp.unlink(missing_ok=True)
    return n
