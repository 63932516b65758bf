"""Counts the instructions the entity stage adds to a foundation build (valgrind's callgrind).

Takes: optional --words (default 150,000: the first files of bench_entities.py's corpus) and a
work folder (default benchmarks/_work/instructions). Gives: printed instruction counts of the
three builds of bench_entities.py (the foundation stages alone; with the entity stage; with it
but its mentions dropped before the store) and their ratios. Wall-clock ratios on a shared
machine move by ±20% between runs of the same code; an instruction count does not move, so two
versions of the code can be compared by it in any sitting (it does not weigh a cache miss or a
slow instruction more than a fast one, so it is no stand-in for the time target itself). The
three builds run under valgrind at the same time (some 50 times slower than without), each in a
process of its own, which counts its start (imports) too; the build without entities makes no
entity stage, the two others make it (load the gazetteer, build the automaton) as a build does.
The gazetteer's parse cache is warmed first, as in bench_entities.py.

    .venv/bin/python benchmarks/bench_entities_instructions.py
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_entities import made_in, timed_build  # noqa: E402
from corpus_gen import DEFAULT_SEEDS, generate  # noqa: E402

VARIANTS = ("without", "with", "unstored")
COLLECTED = re.compile(r"Collected : (\d+)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=150_000)
    ap.add_argument("--work", type=Path, default=HERE / "_work" / "instructions")
    ap.add_argument("--run", choices=VARIANTS, help=argparse.SUPPRESS)  # one build, under valgrind
    args = ap.parse_args()
    os.environ["KRONIK_CACHE"] = str(args.work / "cache")
    corpus = args.work / "corpus"
    if args.run:
        timed_build(corpus, args.work / f"{args.run}.db", args.run)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    shutil.rmtree(args.work, ignore_errors=True)
    files, words = generate(DEFAULT_SEEDS, corpus, args.words)
    print(f"corpus: {files} files, {words:,} words ({corpus})")
    made_in()  # warm the parse cache: the builds read the gazetteer from it, as every build after the first
    runs = {}
    for variant in VARIANTS:
        log = args.work / f"{variant}.log"
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={args.work / (variant + '.out')}",
               sys.executable, __file__, "--words", str(args.words), "--work", str(args.work), "--run", variant]
        runs[variant] = (subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log.open("w")), log)
    counts: dict[str, int] = {}
    for variant, (proc, log) in runs.items():
        if proc.wait() != 0:
            raise SystemExit(f"{variant}: valgrind failed, see {log}")
        found = COLLECTED.search(log.read_text())
        if found is None:
            raise SystemExit(f"{variant}: no instruction count in {log}")
        counts[variant] = int(found.group(1))
    a, b, c = (counts[v] for v in VARIANTS)
    print(f"instructions: without entities {a:,}, with {b:,}, with but mentions not stored {c:,}")
    print(f"  ratio with/without {b / a:.3f} (+{(b / a - 1) * 100:.1f}%); the stage alone "
          f"+{(c / a - 1) * 100:.1f}%, storing its mentions +{(b - c) / a * 100:.1f}%")


if __name__ == "__main__":
    main()
