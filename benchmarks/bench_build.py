"""Build throughput and peak memory on a generated corpus of ≥ 1 million words.

Takes: optional --words (default 1,000,000) and --stages (foundation | full | both).
Gives: a table of words/second and peak resident memory for each pipeline, each build run
in its own child process (so peak memory is that build's alone) on the same corpus in the
same run, with the ratio between them.

- foundation: ingest → segment → language → store (the foundation issue's target:
  ≥ 150,000 words/s, peak memory < 300 MB);
- full: ingest → … → temporal → entities → events → merge → store (issue 5's target:
  ≥ 30,000 words/s on one core).

The corpus is made by benchmarks/corpus_gen.py from the seed texts (distinct documents, so
deduplication skips nothing) and cached in benchmarks/_work/.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work"
sys.path.insert(0, str(HERE))

from corpus_gen import DEFAULT_SEEDS, generate  # noqa: E402


def child(stages: str, corpus: Path, db: Path) -> None:
    """Run one build in this process and print a JSON line with the figures."""
    from kronik.pipeline import Pipeline, build, default_stages, foundation_stages

    chosen = foundation_stages() if stages == "foundation" else default_stages()
    db.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    report = build([corpus], db, pipeline=Pipeline(chosen))
    seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"stages": stages, "files": report.added, "words": report.words, "seconds": seconds,
                      "failed": len(report.failed), "peak_mb": peak_kb / 1024, "events": report.events}))


def run(stages: str, corpus: Path) -> dict:
    db = WORK / f"bench_{stages}.db"
    out = subprocess.run([sys.executable, __file__, "--child", stages, "--corpus", str(corpus), "--db", str(db)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--stages", choices=["foundation", "full", "both"], default="both")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.corpus, args.db)
        return
    corpus = WORK / f"corpus_{args.words}"
    if not corpus.exists():
        if not args.seeds.exists():
            sys.exit(f"seed texts not found at {args.seeds}; pass --seeds DIR")
        files, words = generate(args.seeds, corpus, args.words)
        print(f"generated {files} files, {words:,} words in {corpus}")
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}")
    names = ["foundation", "full"] if args.stages == "both" else [args.stages]
    results = [run(name, corpus) for name in names]
    print(f"{'pipeline':<12}{'files':>8}{'words':>12}{'seconds':>10}{'words/s':>12}{'peak MB':>10}{'events':>9}")
    for r in results:
        rate = r["words"] / r["seconds"]
        print(f"{r['stages']:<12}{r['files']:>8}{r['words']:>12,}{r['seconds']:>10.2f}{rate:>12,.0f}"
              f"{r['peak_mb']:>10.0f}{r['events']:>9,}")
    if len(results) == 2:
        print(f"full / foundation time ratio: {results[1]['seconds'] / results[0]['seconds']:.2f}")


if __name__ == "__main__":
    main()
