"""What the full-text index stores for a sentence: its words and their stems.

Takes: a sentence's text and the document's language. Gives: the string indexed by FTS5
(each word followed by its other candidate stems), and the same expansion for a query's
words. Hyphenated words are split as FTS5's tokenizer splits them; words of two letters or
fewer and numbers are kept as they are.
"""

from __future__ import annotations

import re

from kronik.morphology import stems

WORD = re.compile(r"[^\W_]+")


def word_terms(word: str, lang: str | None) -> tuple[str, ...]:
    word = word.lower()
    if len(word) <= 2 or word.isdigit():
        return (word,)
    return stems(word, lang)


def index_terms(text: str, lang: str | None) -> str:
    out: list[str] = []
    for m in WORD.finditer(text):
        out.extend(word_terms(m.group(0), lang))
    return " ".join(out)
