"""Times the entity stage: the foundation build of a ≥1M-word corpus without and with it.

Takes: optional --words (default 1,000,000), --rounds (default 2) and a work folder (default
benchmarks/_work). Gives: printed timings and the ratio (with / without). The corpus comes from
corpus_gen.py (seed paragraphs shuffled into distinct documents). Both pipelines run in the same
process, alternately, each round on a fresh knowledge base: the foundation stages (segment,
language, temporal) alone, then with the entity stage, whose gazetteer is loaded and automaton
built inside the timed run (a build pays for them once) and whose mentions are written to the
store as in a real build. The median of the rounds is reported.

    .venv/bin/python benchmarks/bench_entities.py
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus_gen import DEFAULT_SEEDS, generate  # noqa: E402
from kronik import gazetteer  # noqa: E402
from kronik.pipeline import Pipeline, build, default_stages  # noqa: E402
from kronik.stages import entities  # noqa: E402

FOUNDATION = frozenset({"segment", "language", "temporal"})


def pipeline(with_entities: bool) -> Pipeline:
    """The foundation stages, plus the entity stage when asked. The event stage needs mentions,
    so it is left out of both runs to compare like with like."""
    keep = FOUNDATION | ({"entities"} if with_entities else set())
    return Pipeline([s for s in default_stages() if s.name in keep])


def timed_build(corpus: Path, db: Path, with_entities: bool) -> tuple[float, int, int]:
    for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        p.unlink(missing_ok=True)
    pipe = None if with_entities else pipeline(False)
    # forget the cached gazetteer and automaton: the 'with' run pays for loading and building them
    gazetteer._load.cache_clear()
    entities._engine.cache_clear()
    started = time.perf_counter()
    report = build([corpus], db, pipeline=pipe or pipeline(True))
    elapsed = time.perf_counter() - started
    if report.failed:
        raise SystemExit(f"build failed: {report.failed[:3]}")
    return elapsed, report.words, report.mentions


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--work", type=Path, default=HERE / "_work")
    args = ap.parse_args()
    corpus = args.work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    files, words = generate(DEFAULT_SEEDS, corpus, args.words)
    print(f"corpus: {files} files, {words:,} words ({corpus})")
    without: list[float] = []
    with_: list[float] = []
    mentions = 0
    for r in range(args.rounds):
        t0, w0, _ = timed_build(corpus, args.work / "without.db", with_entities=False)
        t1, w1, mentions = timed_build(corpus, args.work / "with.db", with_entities=True)
        without.append(t0)
        with_.append(t1)
        print(f"round {r + 1}: without entities {t0:.2f} s ({w0 / t0:,.0f} words/s), "
              f"with entities {t1:.2f} s ({w1 / t1:,.0f} words/s), {mentions:,} mentions")
    a, b = statistics.median(without), statistics.median(with_)
    print(f"median: without {a:.2f} s, with {b:.2f} s; ratio {b / a:.3f} (+{(b / a - 1) * 100:.1f}%)")


if __name__ == "__main__":
    main()
