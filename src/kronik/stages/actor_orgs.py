"""Organisations the gazetteer does not list, told by the word that heads their name.

Takes: the marker-blanked text, the organisation heads the matcher found ('Universitas',
'Pusat Studi', 'University', 'Center for'; data/<lang>/entities.yaml `organisation_heads`), the
mentions found so far and the document's sentences. Gives: ORG mentions ('Universitas Gadjah
Mada', 'Jawaharlal Nehru University', 'Center for Strategic and International Studies'), and the
place and state mentions they hold ('Bandung' in 'Institut Teknologi Bandung'), which the caller
drops: without this step the capitalised words after 'Universitas' read as a new person
introduced by the title before them ('Analis dari Universitas Jawaharlal Nehru').

A head of kind `before` starts the name; one of kind `after` may also end it, after
capitalised words ('Seoul National University'). After either come capitalised words and
joining words between two of them ('Pusat Studi Keamanan dan Perdamaian', 'University of
California'); a state or place name ends it ('Institut Teknologi Bandung'), and so does any other
word, punctuation, a person or another organisation, a title, the sentence's end. In a headline
written in Title Case no name can be told from the words around it, and none is made (a
reference entry, whose capitals are a title's, is no headline). The head
and its joining words alone ('Universitas', 'University of') are no name. The organisation acts
for the state it names when it names exactly one ('Universitas Negeri Moskow' → RUS, as the
gazetteer has it), or for the state it belongs to ("China's State Council" → CHN, whose id then
holds the state's code: other states have a State Council too).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kronik.model import Mention, Sentence
from kronik.stages.actor_match import Head, slug
from kronik.stages.actor_roles import POSSESSIVES, WORD, title_case, word_before

MAX_WORDS = 8  # a name is seldom longer; a longer run is a list of names, not one
ABSORBED = ("GPE", "LOC")  # mentions a name may hold; a person or another body ends it


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The words the step reads, in lower case, of every language."""

    joins: frozenset[str]  # between two words of a name: 'dan', 'of', '&'
    org_words: frozenset[str]  # words of bodies: 'press', 'institute'
    not_names: frozenset[str]  # function words, weekdays, months: 'but', 'Senin', 'Maret' end a name


def organisations(text: str, heads: Sequence[Head], mentions: Sequence[Mention], sentences: Sequence[Sentence],
                  sentence_of: Callable[[int], int | None], vocab: Vocabulary, stops: frozenset[int],
                  ) -> tuple[list[Mention], list[Mention]]:
    """The new ORG mentions, and the mentions inside them. `sentence_of`: the index of the sentence
    at an offset (`Dater.sentence`); `stops`: offsets where a title starts (a title ends a name)."""
    if not heads:
        return [], []
    starts = {m.start: m for m in mentions}
    ends = {m.end: m for m in mentions}
    head_starts = {h[0]: h[2] for h in heads}
    found: list[Mention] = []
    inside: list[Mention] = []
    taken = -1
    for h_start, h_end, side in heads:
        if h_start < taken:
            continue
        k = sentence_of(h_start)
        if k is None:
            continue
        sent = sentences[k]
        if not sent.in_reference and title_case(text, sent.start, sent.end):
            continue  # a Title Case headline: where a name starts cannot be told ('Russia Blocks Security Council')
        held: list[Mention] = []
        s, words_before, owner = h_start, 0, None
        if side == "after":
            s, words_before, owner = _back(text, h_start, sent.start, ends, held, vocab, stops)
        e, words_after = _forward(text, h_end, sent.end, starts, held, vocab, stops, head_starts)
        if words_before + words_after == 0 or s < taken:
            continue
        taken = e
        name = " ".join(text[s:e].split())
        states = {m.country for m in held if m.type == "GPE" and m.country} | ({owner} if owner else set())
        eid = f"kronik:org:{slug(name)}" + (f"-{owner.lower()}" if owner else "")
        found.append(Mention(s, e, text[s:e], "ORG", eid, name,
                             states.pop() if len(states) == 1 else None, how="introduced"))
        inside += held
    return found, inside


def _back(text: str, start: int, stop: int, ends: dict[int, Mention], held: list[Mention], vocab: Vocabulary,
          stops: frozenset[int]) -> tuple[int, int, str | None]:
    """Capitalised words and place names right before an `after` head: (where they start, how
    many, the code of a state they belong to: "China's State Council" → CHN). A function word
    ends them, capitalised or not ('But Harvard University …')."""
    s, count = start, 0
    while count < MAX_WORDS and s - 1 > stop and text[s - 1] == " ":
        m = ends.get(s - 1)
        if m is not None:
            if m.type not in ABSORBED:
                break
            held.append(m)
            s, count = m.start, count + 1
            continue
        found = word_before(text, s - 1, stop)
        if found is None:
            break
        w_start, word = found
        if word[-2:] in POSSESSIVES:  # a possessor is an actor of its own, whose body this is
            owner = ends.get(s - 1 - 2)
            return s, count, owner.country if owner is not None and owner.type == "GPE" else None
        if not word[0].isupper() or w_start in stops or word.lower() in vocab.not_names:
            break
        s, count = w_start, count + 1
    return s, count, None


def _forward(text: str, end: int, stop: int, starts: dict[int, Mention], held: list[Mention],
             vocab: Vocabulary, stops: frozenset[int], heads: dict[int, str]) -> tuple[int, int]:
    """Capitalised words, place names and joining words between them after a head: (where the
    name ends, how many words other than joining ones). A place or a state ends the name
    ('Universitas Indonesia', then 'Hikmahanto Juwana' is a person) unless a word of bodies
    (`organisation_words`) follows it ('University of California Press'); after a joining word,
    words that lead to another head are another name ('Seoul National University and Korea
    University')."""
    e, count, pos = end, 0, end
    joined = False
    while count < MAX_WORDS and text[pos : pos + 1] == " ":
        pos += 1
        if pos in stops or (joined and _leads_to_head(text, pos, stop, heads)):
            break
        m = starts.get(pos)
        if m is not None:
            if m.type not in ABSORBED:
                break
            held.append(m)
            e = pos = m.end
            count, joined = count + 1, False
            after = WORD.match(text, pos + 1, stop) if text[pos : pos + 1] == " " else None
            if after is None or after.group(0).lower() not in vocab.org_words or not after.group(0)[0].isupper():
                break  # unless a word of bodies follows ('University of California Press')
            continue
        if text[pos] in vocab.joins and not joined:  # '&'
            pos, joined = pos + 1, True
            continue
        w = WORD.match(text, pos)
        if w is None:
            break
        word = w.group(0)
        if word[0].isupper() and word.lower() not in vocab.not_names:
            e = pos = w.end()
            count, joined = count + 1, False
        elif word.lower() in vocab.joins and not joined:
            pos, joined = w.end(), True  # kept only if a name word follows
        else:
            break  # 'Kementerian Luar Negeri Senin mengumumkan …': a weekday is no part of the name
    return e, count


def _leads_to_head(text: str, pos: int, stop: int, heads: dict[int, str]) -> bool:
    """Whether a head starts at `pos`, or the capitalised words from there run into an `after`
    head, which they would be part of ('… and Korea University'; but in 'Pusat Studi Keamanan dan
    Perdamaian Universitas Gadjah Mada', 'Perdamaian' is not part of the name 'Universitas' starts)."""
    if pos in heads:
        return True
    for _ in range(MAX_WORDS):
        if heads.get(pos) == "after":
            return True
        if not text[pos : pos + 1].isupper():
            return False
        space = text.find(" ", pos, stop)  # a capitalised token, 'A&M' as much as 'Korea'
        if space < 0:
            return False
        pos = space + 1
    return False
