"""An event's status from the words around its trigger: asserted, planned, alleged, negated, hypothetical.

Takes: the sentence's words (lower case), the trigger's position, the bounds of its clause
and the hedge tables of the language (data/<lang>/hedges.yaml). Gives: the status, and the
cue that decided it (kept with the event, so a reader sees why).

Order of strength, when several cues apply: hypothetical (a conditional anywhere in the
sentence) > a cue in the trigger's clause before it (the nearest wins; between cues at the
same distance, negated > alleged > planned) > a cue right after it ('pertemuan yang
direncanakan') > a sentence-wide cue ('belum dikonfirmasi') > asserted. 'Denied' comes
from the coder, for the act an actor denies.
"""

from __future__ import annotations

from collections.abc import Sequence

from kronik.stages.event_lexicon import Hedges, Phrase, edge_words

STRENGTH = {"negated": 3, "alleged": 2, "planned": 1}


def _matches(words: Sequence[str], start: int, end: int, table: dict[Phrase, str] | frozenset[Phrase],
             longest: int = 6) -> list[tuple[int, int, Phrase]]:
    """(start, end, phrase) of every cue of `table` inside words[start:end]."""
    firsts = edge_words(table)
    found = []
    for i in range(max(0, start), min(end, len(words))):
        if words[i] not in firsts:
            continue  # most words open no cue: the phrases are not built for them
        for n in range(min(longest, end - i), 0, -1):
            cand = tuple(words[i : i + n])
            if cand in table:
                found.append((i, i + n, cand))
                break
    return found


def capability(words: Sequence[str], trigger: tuple[int, int], clause: tuple[int, int], hedges: Hedges,
               breaks: frozenset[str] = frozenset()) -> str | None:
    """The cue that makes the act a capacity or a right ('mampu meluncurkan'), not an act; else None.
    A cue that governs a predicate of its own does not reach past one of `breaks` (a comma, 'dan')
    after it: 'berhak membela diri dan menyerang Iran' tells of an attack; in 'mampu dan bisa
    melakukan uji coba' both cues govern the test."""
    t_start = trigger[0]
    found = _matches(words, max(clause[0], t_start - hedges.scope), t_start, hedges.capability)
    if not found or any(w in breaks for w in words[found[-1][1] + 1 : t_start]):
        return None
    return " ".join(found[-1][2])


def status(words: Sequence[str], trigger: tuple[int, int], clause: tuple[int, int], hedges: Hedges,
           speech_act: bool = False, predicates: frozenset[int] = frozenset()) -> tuple[str, str | None]:
    """The status of the act at words[trigger]; a `speech_act` (a warning, a demand) is conditional
    only when the condition comes before it: 'Putin warned that … if that happened' was said. A
    condition after the act is its own only with no other predicate (word indices `predicates`) in
    between: 'the treaty, ratified this month, obliges each side to help if …' was ratified."""
    t_start, t_end = trigger
    c_start, c_end = clause
    conditions = [c for c in _matches(words, 0, t_start if speech_act else len(words), hedges.conditional)
                  if c[0] < t_start or not any(t_end <= k < c[0] for k in predicates)]
    if conditions:
        return "hypothetical", " ".join(conditions[0][2])
    blocked: set[int] = set()
    for s, e, _ in _matches(words, c_start, t_end, hedges.not_negation):
        blocked.update(range(s, e))
    best: tuple[int, int, str, Phrase] | None = None  # (distance, -strength, status, cue)
    negation: Phrase | None = None
    for s, e, cue in _matches(words, max(c_start, t_start - hedges.scope), t_start, hedges.before):
        if any(k in blocked for k in range(s, e)):
            continue
        st = hedges.before[cue]
        if st == "negated":
            if any(w not in hedges.negation_bridge for w in words[e:t_start]):
                continue  # the negation belongs to another verb
            negation = cue
            continue
        key = (t_start - e, -STRENGTH.get(st, 0), st, cue)
        if best is None or key[:2] < best[:2]:
            best = key
    if negation is not None:  # 'tidak akan mengirim': a negated plan is a negation
        return "negated", " ".join(negation)
    if best is not None:
        return best[2], " ".join(best[3])
    for _s, _e, cue in _matches(words, t_end, min(c_end, t_end + 4), hedges.after):
        return hedges.after[cue], " ".join(cue)
    for _s, _e, cue in _matches(words, 0, len(words), hedges.sentence):
        return hedges.sentence[cue], " ".join(cue)
    return "asserted", None
