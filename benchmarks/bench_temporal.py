"""Benchmark the temporal tagger against its peer, dateparser, on the gold-annotated seeds.

Takes: the gold folder (default ../shared/eval/gold), the texts (../shared/corpus/seeds) and
the scorer (../shared/eval/score.py, imported by path; the script stops with a clear
message when it is absent). Gives: one table, printed, with both systems run on the same
texts in the same process:
- kronik: segmentation (footnote markers, references) + `stages.temporal.tag`;
- dateparser: `dateparser.search.search_dates(text, languages=['id', 'en'])`, given the
  gold document date as RELATIVE_BASE where the gold has one (a favour to the peer).
  dateparser returns no granularity; each string it finds is re-read with
  `DateDataParser.get_date_data` for its period (day, month, year) so its value can be
  written at that precision. That re-reading is not timed.
Both are scored with score.py's own `score_timex` (extent: overlap; value: exact string)
and timed as words per second (whitespace-separated words), the best of several runs.

usage: python benchmarks/bench_temporal.py [--gold DIR] [--docs DIR] [--scorer FILE]
                                           [--repeat N] [--peer-repeat N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import sys
import time
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def load_scorer(path: Path) -> ModuleType:
    if not path.is_file():
        raise SystemExit(f"scorer not found at {path}: pass --scorer (it lives in shared/eval/score.py)")
    spec = importlib.util.spec_from_file_location("kronik_eval_score", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def kronik_docs(texts: dict[str, str]) -> dict[str, Any]:
    from kronik.model import Document, Source
    from kronik.stages.language import identify

    docs = {}
    for name, text in texts.items():
        src = Source(path=name, name=name, format="txt", content_hash=name, size=len(text), mtime_ns=0)
        docs[name] = Document(source=src, text=text, lang=identify(text))
    return docs


def run_kronik(texts: dict[str, str]) -> tuple[dict[str, list[dict]], float, float]:
    """Timex per document, and the best time of (segment + tag) and of tag alone."""
    from kronik.stages import temporal
    from kronik.stages.segment import segment

    docs = kronik_docs(texts)
    for d in docs.values():  # warm the caches (grammar, YAML) outside the timing
        temporal.tag(segment(d))
    best_all = best_tag = float("inf")
    for _ in range(ARGS.repeat):
        fresh = kronik_docs(texts)
        t0 = time.perf_counter()
        for d in fresh.values():
            segment(d)
        t1 = time.perf_counter()
        for d in fresh.values():
            temporal.tag(d)
        t2 = time.perf_counter()
        best_all, best_tag = min(best_all, t2 - t0), min(best_tag, t2 - t1)
    out = {name: [{"text": t.text, "type": t.type, "value": t.value, "start": t.start, "end": t.end}
                  for t in d.timexes] for name, d in docs.items()}
    return out, best_all, best_tag


def _base(doc_date: str | None) -> datetime | None:
    if not doc_date:
        return None
    parts = [int(p) for p in doc_date.split("-")] + [1, 1]
    return datetime(parts[0], parts[1], parts[2])


def run_dateparser(texts: dict[str, str], dates: dict[str, str | None]) -> tuple[dict[str, list[dict]], float]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    def search(name: str) -> list[tuple[str, datetime]]:
        base = _base(dates.get(name))
        settings = {"RELATIVE_BASE": base} if base else None
        return search_dates(texts[name], languages=["id", "en"], settings=settings) or []

    for name in texts:  # warm up: dateparser loads its language data on first use
        search(name)
    best = float("inf")
    found: dict[str, list[tuple[str, datetime]]] = {}
    for _ in range(ARGS.peer_repeat):
        t0 = time.perf_counter()
        found = {name: search(name) for name in texts}
        best = min(best, time.perf_counter() - t0)
    ddp = DateDataParser(languages=["id", "en"])
    out: dict[str, list[dict]] = {}
    for name, hits in found.items():
        items = []
        for s, dt in hits:
            period = getattr(ddp.get_date_data(s), "period", None) or "day"
            value = {"year": f"{dt:%Y}", "month": f"{dt:%Y-%m}"}.get(period, f"{dt:%Y-%m-%d}")
            items.append({"text": s, "type": "DATE", "value": value})
        out[name] = items
    return out, best


def main() -> int:
    scorer = load_scorer(ARGS.scorer)
    golds = {json.loads(p.read_text(encoding="utf-8"))["doc"]: json.loads(p.read_text(encoding="utf-8"))
             for p in sorted(ARGS.gold.glob("*.json"))}
    if not golds:
        raise SystemExit(f"no gold files in {ARGS.gold}")
    texts = {name: (ARGS.docs / name).read_text(encoding="utf-8") for name in golds}
    words = sum(len(t.split()) for t in texts.values())
    kr, t_all, t_tag = run_kronik(texts)
    dp, t_dp = run_dateparser(texts, {n: g.get("doc_date") for n, g in golds.items()})
    rows = []
    for system, pred, secs in (("kronik (segment + tag)", kr, t_all), ("dateparser search_dates", dp, t_dp)):
        ext, val = scorer.Tally(), scorer.Tally()
        for name, gold in golds.items():
            scorer.score_timex(texts[name], gold.get("timex", []), pred[name], ext, val)
        rows.append((system, ext.prf(), val.prf(), words / secs))
    print(f"{len(golds)} gold documents, {words:,} words; {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}; best of {ARGS.repeat} (kronik) / {ARGS.peer_repeat} (dateparser) runs")
    head = ("system", "extent P", "R", "F1", "value P", "R", "F1", "words/s")
    print("{:26s} {:>8s} {:>6s} {:>6s}   {:>7s} {:>6s} {:>6s}   {:>10s}".format(*head))
    for system, e, v, wps in rows:
        print(f"{system:26s} {e['p']:8.3f} {e['r']:6.3f} {e['f1']:6.3f}   {v['p']:7.3f} {v['r']:6.3f} {v['f1']:6.3f}"
              f"   {wps:10,.0f}")
    print(f"{'kronik (tag only)':26s} {'':8s} {'':6s} {'':6s}   {'':7s} {'':6s} {'':6s}   {words / t_tag:10,.0f}")
    print(f"speed ratio kronik / dateparser: {rows[0][3] / rows[1][3]:,.1f}x (segment + tag), "
          f"{words / t_tag / rows[1][3]:,.1f}x (tag only)")
    return 0


def _args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=SHARED / "eval" / "gold")
    ap.add_argument("--docs", type=Path, default=SHARED / "corpus" / "seeds")
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score.py")
    ap.add_argument("--repeat", type=int, default=20, help="timed runs of kronik (best is kept)")
    ap.add_argument("--peer-repeat", type=int, default=3, help="timed runs of dateparser (best is kept)")
    return ap.parse_args(argv)


if __name__ == "__main__":
    ARGS = _args()
    sys.exit(main())
