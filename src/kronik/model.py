"""The plain, typed data that passes between pipeline stages.

Takes: nothing. Gives: `Document` and the annotation records the stages add to it
(`Sentence`, `Timex`, `Mention`, `Event` …). Stages never touch the database; `store.py`
saves a finished Document.

Every span is a pair of character offsets into `Document.text`, end exclusive, so that
`doc.text[span.start:span.end]` is the annotated text. A very large file is processed as
several Documents (sections) of the same source; `Document.base` is the offset of the
section in the whole text, and the store adds it when it writes.

Dates are ISO strings whose length is their precision (`2024`, `2024-06`, `2024-06-18`,
`199X`), which sort as text and compare by prefix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

TimexType = Literal["DATE", "DURATION", "SET", "TIME"]
EntityType = Literal["PER", "GPE", "ORG", "LOC", "WEAPON"]
Status = Literal["asserted", "planned", "alleged", "denied", "negated", "hypothetical"]
DocDateSource = Literal["metadata", "text", "estimated"]

STATUSES: tuple[Status, ...] = ("asserted", "planned", "alleged", "denied", "negated", "hypothetical")


@dataclass(slots=True)
class Source:
    """Where a document came from and what its container said about it."""

    path: str  # as given or discovered, for messages and the files table
    name: str  # path relative to the folder it was found in ('a/b.txt'), or the file name
    format: str  # txt, md, html, pdf, docx
    content_hash: str  # sha256 of the file's bytes
    size: int
    mtime_ns: int
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date from metadata, at the precision it gives
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Span:
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index into Document.paragraphs
    in_reference: bool = False  # inside a footnote or the reference list


@dataclass(slots=True)
class FootnoteMarker:
    """A marker such as '¹²', '[1]' or '^1' in the running text, kept out of the words."""

    start: int
    end: int
    label: str  # '12', '1'
    reference: int | None = None  # index into Document.references, once linked


@dataclass(slots=True)
class Reference:
    """A footnote or reference-list entry: its text, URLs and access date."""

    start: int
    end: int
    label: str | None  # the number it is cited by, if any
    urls: list[str] = field(default_factory=list)
    accessed: str | None = None  # ISO date from 'diakses pada …' / 'accessed on …'


@dataclass(slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: TimexType
    value: str | None
    mod: str | None = None
    rule: str | None = None  # id of the pattern that produced it
    in_reference: bool = False


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    type: EntityType
    entity_id: str  # Wikidata QID where known, else a stable local id ('kronik:per:konstantin-kosachev')
    name: str  # canonical English name
    country: str | None  # actor code the entity acts for
    qid: str | None = None
    how: str = "gazetteer"  # gazetteer, alias, title, role, coref, introduced, user
    # e.g. 'name-mismatch'; a tuple, not a list: set when the mention is made, and a list per
    # mention (10^5 per million words) costs a third of making the mentions
    flags: tuple[str, ...] = ()
    in_reference: bool = False
    # The actor code an event takes from this mention: a state's or body's own code ('UN' for
    # PBB, whose `country` is None), else its country's ('RUS' for Putin). Set by the entity stage.
    code: str | None = None


@dataclass(slots=True)
class Event:
    type: str  # PLOVER type
    mode: str | None
    source: str | None  # actor code
    target: str | None
    date: str | None
    status: Status
    sentence: int  # index into Document.sentences
    start: int  # evidence span (the sentence, without footnote markers at its end)
    end: int
    rule: str  # id of the rule that fired
    actors: list[str] = field(default_factory=list)  # canonical names of people involved
    symmetric: bool = False
    cameo: str | None = None
    intensity: float | None = None
    trigger: Span | None = None
    notes: list[dict[str, str]] = field(default_factory=list)  # e.g. a mismatched first name


@dataclass(slots=True)
class DocState:
    """What one section of a large file hands to the next: the narrative context."""

    narrative_date: str | None = None
    memory: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    source: Source
    text: str
    base: int = 0  # offset of this section in the whole document text
    section: int = 0
    last_section: bool = True
    lang: str | None = None
    doc_date: str | None = None
    doc_date_source: DocDateSource | None = None
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    markers: list[FootnoteMarker] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # The narrative date in force at each sentence (parallel to `sentences`): the most recent
    # explicit date of the story up to that sentence, else the document date. Set by the
    # temporal stage; entity and event stages read it ('Presiden Rusia' in a 2006 passage).
    narrative: list[str | None] = field(default_factory=list)
    # Office-holders referred to by a title alone ('Presiden Rusia' in a 2006 passage → Vladimir
    # Putin), resolved by the entity stage for the event stage. Not entity mentions: the span's
    # country is the mention there ('Rusia'), so they are not stored or exported as entities.
    roles: list[Mention] = field(default_factory=list)
    state: DocState = field(default_factory=DocState)
    done: set[str] = field(default_factory=set)  # names of the stages that have run

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def sentence_text(self, i: int) -> str:
        s = self.sentences[i]
        return self.text[s.start : s.end]

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence that contains `offset`, by binary search."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return None
