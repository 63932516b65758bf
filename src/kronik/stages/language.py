"""Language identification for a document, from function-word counts.

Takes: a Document with `text`. Gives: `lang` (an ISO 639-1 code among those kronik has
data for), or None when the text shows too few function words of any language. The word
lists are in data/<lang>/segment.yaml (`function_words`); Indonesian and English share
almost none, so counting them is reliable on a few hundred words, without a 92 MB model.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from kronik import langdata
from kronik.model import Document

WORD = re.compile(r"[^\W\d_]+")
SAMPLE = 20_000  # characters looked at
MIN_HITS = 3


@cache
def function_words() -> dict[str, frozenset[str]]:
    """Each language's function words (data/<lang>/segment.yaml), lower case."""
    return {
        lang: frozenset(langdata.string_list(data, "function_words", f"data/{lang}/segment.yaml"))
        for lang, data in langdata.load_all("segment").items()
    }


def identify(text: str) -> str | None:
    seen = Counter(WORD.findall(text[:SAMPLE].lower()))
    counts = {lang: sum(n for w, n in seen.items() if w in words) for lang, words in function_words().items()}
    lang, hits = max(counts.items(), key=lambda kv: kv[1])
    return lang if hits >= MIN_HITS else None


def detect_language(doc: Document) -> Document:
    if doc.section == 0 or doc.lang is None:
        doc.lang = identify(doc.text)
    return doc
