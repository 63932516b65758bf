"""Scores kronik on the development set of texts about other pairs of states (benchmarks/devset/).

Takes: nothing (or --texts/--gold). Gives: the figures of shared/eval/score.py (timex extent and
value, events dyad / dyad+status / strict) for the eight devset texts, from a fresh knowledge
base built from them. Entities are not annotated in this set and are not printed.

usage: python benchmarks/score_devset.py
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from kronik.export import eval_records
from kronik.pipeline import build
from kronik.store import KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "benchmarks" / "devset"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--texts", type=Path, default=DEVSET / "texts")
    ap.add_argument("--gold", type=Path, default=DEVSET / "gold")
    args = ap.parse_args()
    if not SCORER.exists():
        sys.exit(f"the shared scorer is not at {SCORER}")
    with tempfile.TemporaryDirectory() as tmp:
        db, pred = Path(tmp) / "kb.db", Path(tmp) / "pred.jsonl"
        build([args.texts], db)
        with KnowledgeBase(db) as kb, pred.open("w", encoding="utf-8") as out:
            for record in eval_records(kb):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        scores = subprocess.run([sys.executable, str(SCORER), str(args.gold), str(pred), "--docs", str(args.texts)],
                                check=True, capture_output=True, text=True).stdout
    print("".join(line + "\n" for line in scores.splitlines() if not line.startswith("entities")), end="")


if __name__ == "__main__":
    main()
