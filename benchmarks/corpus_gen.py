"""Generates a benchmark corpus from the seed texts: distinct documents by shuffling paragraphs.

Takes: a folder of seed texts (default ../shared/corpus/seeds), a word target and an output
folder. Gives: enough .txt files to reach the target, each a random reordering of one seed's
paragraphs, sometimes mixed with paragraphs of another seed, so that every file has
different content (deduplication cannot skip it) while the language stays realistic.
Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

DEFAULT_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


def generate(seeds: Path, out: Path, words: int, *, rng_seed: int = 7) -> tuple[int, int]:
    """Write files to `out` until `words` words are reached; returns (files, words)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no seed texts in {seeds}")
    paragraphs = [_paragraphs(t) for t in texts]
    rng = random.Random(rng_seed)
    out.mkdir(parents=True, exist_ok=True)
    seen: set[int] = set()
    total = n = 0
    while total < words:
        own = list(paragraphs[n % len(paragraphs)])
        other = paragraphs[rng.randrange(len(paragraphs))]
        own.extend(rng.sample(other, k=min(len(other), rng.randint(1, 3))))
        rng.shuffle(own)
        body = "\n\n".join(own)
        if hash(body) in seen:
            continue
        seen.add(hash(body))
        (out / f"doc_{n:06d}.txt").write_text(body, encoding="utf-8")
        total += len(body.split())
        n += 1
    return n, total


def _paragraphs(text: str) -> list[str]:
    """Blank-line paragraphs, or lines where a text separates paragraphs by single newlines."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    if len(paras) < 4:
        paras = [p for p in text.split("\n") if p.strip()]
    return paras


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    args = ap.parse_args()
    files, words = generate(args.seeds, args.out, args.words)
    print(f"{files} files, {words} words in {args.out}")


if __name__ == "__main__":
    main()
