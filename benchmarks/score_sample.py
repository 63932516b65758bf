"""Scores kronik on the bundled sample corpus against its hand-coded facts (examples/facts.yaml).

Takes: nothing (or --corpus/--facts). Gives: the same figures as shared/eval/score.py
(timex extent and value, events dyad / dyad+status / strict) for the eight sample documents,
which cover other pairs of states, English, and every format — a second check next to the
shared gold. Entities are not scored here: facts.yaml lists actor names, not mentions.

usage: python benchmarks/score_sample.py
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

import yaml

from kronik.export import eval_records
from kronik.pipeline import build
from kronik.store import KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def gold_from_facts(facts: dict) -> dict[str, dict]:
    """facts.yaml → one gold object per document, in the shape score.py reads."""
    gold: dict[str, dict] = {}
    for doc in facts["documents"]:
        events = []
        for e in doc.get("events", []):
            for source in [e["source"], *e.get("co_sources", [])]:
                events.append({**e, "source": source, "date": None if e.get("date") is None else str(e["date"])})
        timex = [{"text": d["text"], "value": None if d.get("value") is None else str(d["value"])}
                 for d in doc.get("dates", []) if not d.get("in_reference")]
        gold[doc["doc"]] = {"doc": doc["doc"], "events": events, "timex": timex, "entities": []}
    return gold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "examples" / "corpus")
    ap.add_argument("--facts", type=Path, default=ROOT / "examples" / "facts.yaml")
    args = ap.parse_args()
    if not SCORER.exists():
        sys.exit(f"the shared scorer is not at {SCORER}")
    spec = importlib.util.spec_from_file_location("score", SCORER)
    score = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(score)
    gold = gold_from_facts(yaml.safe_load(args.facts.read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kb.db"
        build([args.corpus], db)
        with KnowledgeBase(db) as kb:
            preds = {r["doc"]: r for r in eval_records(kb)}
            texts = {name: "".join(t for (t,) in kb.conn.execute(
                "SELECT text FROM document_text WHERE doc_id = ? ORDER BY section", (doc_id,)))
                for name, doc_id in kb.conn.execute("SELECT name, doc_id FROM files")}
    t_ext, t_val, dyad, status, strict = (score.Tally() for _ in range(5))
    for name, g in sorted(gold.items()):
        p = preds.get(name, {"timex": [], "events": []})
        score.score_timex(texts[name], g["timex"], [t for t in p["timex"] if not t.get("in_reference")],
                          t_ext, t_val)
        ge, pe = g["events"], p["events"]
        dyad.add(score.pair(ge, pe, score.dyad_match), len(pe), len(ge))
        strict.add(score.pair(ge, pe, score.strict_match), len(pe), len(ge))
        with_status = lambda a, b: score.dyad_match(a, b) and a.get("status") == b.get("status")  # noqa: E731
        status.add(score.pair(ge, pe, with_status), len(pe), len(ge))
    for label, tally in (("timex_extent", t_ext), ("timex_value", t_val), ("events_dyad", dyad),
                         ("events_dyad_status", status), ("events_strict", strict)):
        v = tally.prf()
        print(f"{label:20s} P={v['p']:.3f} R={v['r']:.3f} F1={v['f1']:.3f}  (tp={v['tp']} fp={v['fp']} fn={v['fn']})")
    print(json.dumps({"documents": len(gold), "gold_events": sum(len(g["events"]) for g in gold.values())}))


if __name__ == "__main__":
    main()
