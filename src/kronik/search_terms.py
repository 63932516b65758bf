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
CACHE_WORDS = 200_000  # words remembered per language (a few tens of MB at most), then forgotten
_terms: dict[str | None, dict[str, str]] = {}


def word_terms(word: str, lang: str | None) -> tuple[str, ...]:
    word = word.lower()
    if len(word) <= 2 or word.isdigit():
        return (word,)
    return stems(word, lang)


def index_terms(text: str, lang: str | None) -> str:
    # a build indexes 10^6 words of a few 10^4 distinct ones: each word's terms are joined once
    known = _terms.setdefault(lang, {})
    words = WORD.findall(text)
    try:
        return " ".join([known[w] for w in words])
    except KeyError:
        pass  # a word not seen yet
    out: list[str] = []
    for word in words:
        terms = known.get(word)
        if terms is None:
            if len(known) >= CACHE_WORDS:
                known.clear()
            terms = known[word] = " ".join(word_terms(word, lang))
        out.append(terms)
    return " ".join(out)
