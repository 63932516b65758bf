"""Times the entity stage: the foundation build of a ≥1M-word corpus without and with it.

Takes: optional --words (default 1,000,000), --rounds (default 2) and a work folder (default
benchmarks/_work). Gives: printed timings and the ratio (with / without). The corpus comes from
corpus_gen.py (seed paragraphs shuffled into distinct documents). Both pipelines run in the same
process, alternately, each round on a fresh knowledge base: the foundation stages (segment,
language, temporal) alone, then with the entity stage, whose gazetteer is loaded and automaton
built inside the timed run (a build pays for them once) and whose mentions are written to the
store as in a real build; and a third run with the entity stage whose mentions are dropped before
the store, to tell the stage's own time from the store's. The median of the rounds is reported,
in elapsed time (the target) and in the process's CPU time (less disturbed by other work on a
shared machine). The gazetteer's files are parsed once per machine and then read from the cache
of parsed files (`kronik.parse_cache`; the bench's own, in the work folder): the rounds run with
it warm, as every build after the first does, and the cost of making the stage cold and warm is
printed apart.

    .venv/bin/python benchmarks/bench_entities.py
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from dataclasses import replace  # noqa: E402

from corpus_gen import DEFAULT_SEEDS, generate  # noqa: E402
from kronik import gazetteer  # noqa: E402
from kronik.model import Document  # noqa: E402
from kronik.pipeline import Pipeline, build, foundation_stages  # noqa: E402
from kronik.stages import entities, registry  # noqa: E402

FOUNDATION = frozenset({"segment", "language", "temporal"})


def pipeline(variant: str) -> Pipeline:
    """'without': the foundation stages; 'with': plus the entity stage; 'unstored': plus the entity
    stage, whose mentions are then dropped before the store (to tell the stage's time from the
    store's). The event stage needs mentions, so it is left out of all three."""
    names = FOUNDATION | ({"entities"} if variant != "without" else set())
    # only the stages used are made: a build without entities loads no gazetteer
    stages = [*foundation_stages(), *registry.stages(names=names)]
    if variant == "unstored":
        recognise = stages[-1].run

        def drop(doc: Document) -> Document:
            doc = recognise(doc)
            doc.mentions = []
            return doc

        stages[-1] = replace(stages[-1], run=drop)
    return Pipeline(stages)


def timed_build(corpus: Path, db: Path, variant: str) -> tuple[float, float, int, int]:
    for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        p.unlink(missing_ok=True)
    pipe = pipeline(variant) if variant == "without" else None
    # forget the cached gazetteer and automaton: the runs with entities pay for loading and building them
    gazetteer._load.cache_clear()
    entities._engine.cache_clear()
    started, cpu = time.perf_counter(), time.process_time()
    report = build([corpus], db, pipeline=pipe or pipeline(variant))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if report.failed:
        raise SystemExit(f"build failed: {report.failed[:3]}")
    return elapsed, cpu, report.words, report.mentions


def made_in() -> float:
    """CPU seconds to make the entity stage (load the gazetteer, build the automaton) from nothing
    held in memory."""
    gazetteer._load.cache_clear()
    entities._engine.cache_clear()
    started = time.process_time()
    entities.EntityRecognizer(())
    return time.process_time() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--work", type=Path, default=HERE / "_work")
    args = ap.parse_args()
    os.environ["KRONIK_CACHE"] = str(args.work / "cache")
    shutil.rmtree(args.work / "cache", ignore_errors=True)
    cold, warm = made_in(), made_in()
    print(f"making the entity stage: {cold:.2f} s with the cache of parsed files cold (a machine's first "
          f"build), {warm:.2f} s warm")
    corpus = args.work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    files, words = generate(DEFAULT_SEEDS, corpus, args.words)
    print(f"corpus: {files} files, {words:,} words ({corpus})")
    times: dict[str, list[float]] = {"without": [], "with": [], "unstored": []}
    cpus: dict[str, list[float]] = {v: [] for v in times}
    mentions = 0
    for r in range(args.rounds):
        line = []
        for variant in times:
            t, cpu, w, m = timed_build(corpus, args.work / f"{variant}.db", variant)
            times[variant].append(t)
            cpus[variant].append(cpu)
            mentions = max(mentions, m)
            line.append(f"{variant} {t:.2f} s ({w / t:,.0f} words/s, CPU {cpu:.2f} s)")
        print(f"round {r + 1}: " + ", ".join(line))
    print(f"{mentions:,} mentions stored")
    for label, runs in (("elapsed", times), ("CPU", cpus)):
        a, b, c = (statistics.median(runs[v]) for v in ("without", "with", "unstored"))
        print(f"median {label}: without entities {a:.2f} s, with {b:.2f} s, with but mentions not stored {c:.2f} s")
        print(f"  ratio with/without {b / a:.3f} (+{(b / a - 1) * 100:.1f}%); the stage alone "
              f"+{(c / a - 1) * 100:.1f}%, storing its mentions +{(b - c) / a * 100:.1f}%")


if __name__ == "__main__":
    main()
