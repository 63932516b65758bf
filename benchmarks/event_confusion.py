"""Which PLOVER types the coder confuses with which, on a gold set.

Takes: the gold folder and an eval export (as for shared/eval/score.py). Gives: per type,
gold count, correct, missed, spurious; and the confusions: a predicted event in the same
sentence with the same pair of actors but another type.

usage: python benchmarks/event_confusion.py GOLD_DIR PRED.jsonl
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def _pair(e: dict) -> tuple:
    return tuple(sorted((e.get("source") or "", e.get("target") or "")))


def main(gold_dir: Path, pred_file: Path) -> None:
    preds = {json.loads(line)["doc"]: json.loads(line) for line in pred_file.read_text().splitlines() if line}
    gold_n, correct, missed, spurious = Counter(), Counter(), Counter(), Counter()
    confused: Counter[tuple[str, str]] = Counter()
    for gf in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        pred = list(preds.get(gold["doc"], {}).get("events", []))
        used: set[int] = set()
        for g in gold["events"]:
            gold_n[g["type"]] += 1
            same = [i for i, p in enumerate(pred) if i not in used and p["evidence"] == g["evidence"]
                    and _pair(p) == _pair(g)]
            exact = [i for i in same if pred[i]["type"] == g["type"]]
            if exact:
                used.add(exact[0])
                correct[g["type"]] += 1
            elif same:
                used.add(same[0])
                confused[(g["type"], pred[same[0]]["type"])] += 1
            else:
                missed[g["type"]] += 1
        for i, p in enumerate(pred):
            if i not in used:
                spurious[p["type"]] += 1
    types = sorted(set(gold_n) | set(spurious))
    print(f"{'type':<11}{'gold':>6}{'right':>7}{'missed':>8}{'other type':>12}{'spurious':>10}")
    for t in types:
        other = sum(n for (g, _), n in confused.items() if g == t)
        print(f"{t:<11}{gold_n[t]:>6}{correct[t]:>7}{missed[t]:>8}{other:>12}{spurious[t]:>10}")
    print("\nconfusions (gold → coded as):")
    for (g, p), n in confused.most_common():
        print(f"  {g} → {p}: {n}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
