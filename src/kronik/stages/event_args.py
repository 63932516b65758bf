"""A sentence as units (words, actors, 'kedua negara'), and who is the source and target of a trigger.

Takes: one sentence of a Document (its text with footnote markers blanked, its actor
mentions) and the language's Lexicon. Gives: `Unit`s, where an actor mention is one unit
carrying its actor code, and the argument search:

- `subject()`: the actor(s) before the trigger in its clause — the nearest one not after a
  preposition ('ke Pyongyang' is no subject), not inside an apposition ('Rusia sebagai
  anggota tetap Dewan Keamanan PBB mendukung' → Rusia), with coordinated actors
  ('Korea Selatan, Amerika Serikat, dan Ukraina menuduh' → three sources);
- `object()`: the first actor (group) after the trigger in its clause, preferring one after
  a target preposition for nominal triggers;
- `possessor()`: the actor right after a nominal trigger ('kunjungan Putin ke …'), or
  before it in English ("Russia's invasion");
- `agent()`: the actor after 'oleh' / 'by'.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache

from kronik.model import Mention
from kronik.stages.event_lexicon import Lexicon, edge_words

TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:[-'’][^\W_]+)*|[^\w\s]")  # "10.000", "2,5": one number
ACTOR_TYPES = frozenset({"GPE", "ORG", "PER"})
QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})


@dataclass(slots=True)
class Unit:
    kind: str  # word, actor, pair, punct
    start: int
    end: int
    low: str = ""
    codes: tuple[str, ...] = ()
    mentions: list[Mention] = field(default_factory=list)
    upper: bool = False  # written with a capital (a name or title word: 'Chinese President')
    place: bool = False  # a word of a place that is no actor ('Semenanjung Korea', 'Crimea')

    @property
    def is_actor(self) -> bool:
        return self.kind in ("actor", "pair")


def actor_code(m: Mention) -> str | None:
    """The code a mention acts as (set by the entity stage): a state's or body's own code, a
    person's country, or the organisation whose office the person holds then (Guterres → UN)."""
    if m.type not in ACTOR_TYPES:
        return None
    return m.code or m.country


@cache
def demonyms() -> dict[str, str]:
    """English adjectives of states ('Chinese' → CHN) from the gazetteer. The entity stage does
    not make them mentions (the schema tags names, not adjectives), but for an event 'a Chinese
    balloon' or 'his Chinese counterpart' names the state acted upon."""
    from kronik import gazetteer

    gaz = gazetteer.load()
    return {d.lower(): e.code for e in gaz.entries.values() if e.type == "GPE" and e.code for d in e.demonyms}


def units(text: str, start: int, end: int, mentions: list[Mention], lex: Lexicon,
          focus: tuple[str, ...] | None, antecedent: tuple[str, ...] = ()) -> list[Unit]:
    """Units of text[start:end]; `mentions` are the sentence's mentions, sorted by start.

    `focus` lists the document's main states, most mentioned first ('kedua negara');
    `antecedent` is what a subject pronoun opening the sentence stands for ('Ini juga mendesak').
    """
    out: list[Unit] = []
    actors = [m for m in mentions if actor_code(m) and not _stance(text, m.start, lex)]
    places = [m for m in mentions if m.type == "LOC"]
    mi = pi = 0
    for m in TOKEN.finditer(text, start, end):
        s, e = m.start(), m.end()
        while pi < len(places) and places[pi].end <= s:
            pi += 1
        while mi < len(actors) and actors[mi].end <= s:
            mi += 1
        if mi < len(actors) and actors[mi].start < e:
            mention = actors[mi]
            code = actor_code(mention) or ""
            if out and out[-1].kind == "actor" and out[-1].mentions and out[-1].mentions[-1] is mention:
                continue
            if out and out[-1].kind == "actor" and out[-1].codes == (code,) and out[-1].mentions \
                    and not text[out[-1].end : mention.start].strip():
                # 'pemimpin Korea Utara Kim Jong Un': the title's state and the person are one actor
                out[-1].end = mention.end
                out[-1].mentions.append(mention)
                continue
            out.append(Unit("actor", mention.start, mention.end, "", (code,), [mention]))
            continue
        word = m.group(0)
        kind = "word" if word[0].isalnum() else "punct"
        code = demonyms().get(word.lower()) if lex.lang == "en" and word[0].isupper() else None
        if code:
            out.append(Unit("actor", s, e, word.lower(), (code,), [], upper=True))
            continue
        if lex.lang == "en" and word[0].isupper() and out and out[-1].kind == "word" and out[-1].upper \
                and (code := demonyms().get(f"{out[-1].low} {word.lower()}")):
            out[-1] = Unit("actor", out[-1].start, e, f"{out[-1].low} {word.lower()}", (code,), [], upper=True)
            continue  # 'South Korean intelligence': a two-word adjective of a state
        in_place = pi < len(places) and places[pi].start < e
        out.append(Unit(kind, s, e, word.lower(), upper=word[0].isupper(), place=in_place))
    return _clause_pronouns(_pronoun(_pairs(_without_asides(out), lex, focus), lex, antecedent), lex)


ASIDE_UNITS = 8  # '( 20 / 8 / 2025 )' is 5 units inside; a longer aside is a clause of its own


def _without_asides(seq: list[Unit]) -> list[Unit]:
    """The units less short asides in parentheses that hold a date or a source and no actor, or
    the actor before them again: 'Korea Utara pada Rabu (20/8/2025) mengecam …', '(ANTARA)',
    '(23 April)', 'Korea Utara (Korut) mengecam …'. A parenthesis ends
    a clause (`is_break`), and such an aside, usual in Indonesian news after a weekday, would
    cut the subject off its verb."""
    if not any(u.kind == "punct" and u.low == "(" for u in seq):
        return seq
    out: list[Unit] = []
    k = 0
    while k < len(seq):
        u = seq[k]
        if u.kind == "punct" and u.low == "(":
            close = next((m for m in range(k + 1, min(len(seq), k + ASIDE_UNITS + 2))
                          if seq[m].kind == "punct" and seq[m].low in ("(", ")")), None)
            if close is not None and seq[close].low == ")":
                inside = seq[k + 1 : close]
                words = [x for x in inside if x.kind == "word" and not x.low.isdigit()]
                actors = [x for x in inside if x.is_actor]
                # an actor inside may only be the one before, abbreviated: 'Korea Utara (Korut)'
                again = bool(out) and out[-1].is_actor and all(x.codes == out[-1].codes for x in actors)
                # a word inside is a name ('ANTARA', 'April'), not a word of the clause ('(tidak)')
                named = all(x.upper for x in words)
                if inside and len(words) <= 1 and named and (not actors or (again and len(actors) == 1)):
                    k = close + 1
                    continue
        out.append(u)
        k += 1
    return out


def _clause_pronouns(seq: list[Unit], lex: Lexicon) -> list[Unit]:
    """A personal pronoun right after a complementiser is the main clause's subject ('Israel denied
    reports that it struck …', 'Rusia menegaskan bahwa pihaknya …')."""
    hits = [k for k in range(1, len(seq)) if seq[k].kind == "word" and seq[k].low in lex.clause_pronouns
            and seq[k - 1].low in lex.complementisers]
    if not hits:
        return seq
    subject = sentence_subject(seq, lex)
    if not subject or subject[0] > hits[0]:
        return seq
    head = seq[subject[0]]
    out = list(seq)
    for k in hits:  # 'kedua negara … bahwa mereka': the pair again
        out[k] = Unit(head.kind, seq[k].start, seq[k].end, seq[k].low,
                      head.codes if head.kind == "pair" else head.codes[:1])
    return out


def _stance(text: str, start: int, lex: Lexicon) -> bool:
    """'demonstrasi anti-Jepang', 'pro-Russian': the state named is what the stance is about, not an
    actor of the clause (neither the protest's owner nor its subject)."""
    before = text[max(0, start - 6) : start].lower()
    return any(before.endswith(p) for p in lex.stance_prefixes)


def _pronoun(seq: list[Unit], lex: Lexicon, antecedent: tuple[str, ...]) -> list[Unit]:
    """A subject pronoun at the start of the sentence becomes the previous sentence's actor."""
    if not antecedent:
        return seq
    first = next((k for k, u in enumerate(seq) if u.kind == "word"), None)
    if first is None or first > 1:
        return seq
    for p in lex.pronouns:
        n = len(p)
        words = seq[first : first + n]
        if tuple(u.low for u in words) == p and all(u.kind == "word" for u in words):
            pron = Unit("actor", words[0].start, words[-1].end, " ".join(p), antecedent[:1])
            return [*seq[:first], pron, *seq[first + n :]]
    return seq


def _pairs(seq: list[Unit], lex: Lexicon, focus: tuple[str, ...] | None) -> list[Unit]:
    """'kedua negara', 'keduanya' … become one unit standing for the pair in focus."""
    out: list[Unit] = []
    firsts = {p[0] for p in lex.pair_phrases}
    i = 0
    while i < len(seq):
        hit = None
        if seq[i].low in firsts:
            for p in lex.pair_phrases:
                n = len(p)
                if tuple(u.low for u in seq[i : i + n]) == p and all(u.kind == "word" for u in seq[i : i + n]):
                    hit = n
                    break
        if hit:
            after_verb = bool(out) and is_verb(out[-1], lex)  # 'X dan Y mendesak kedua negara': the pair in focus
            pair = (None if after_verb else _pair_in_sentence(out, lex)) or focus
            if pair:
                out.append(Unit("pair", seq[i].start, seq[i + hit - 1].end, " ".join(p), pair))
                i += hit
                continue
        out.append(seq[i])
        i += 1
    return out


def _pair_in_sentence(before: list[Unit], lex: Lexicon) -> tuple[str, ...] | None:
    """'Baik Rusia maupun Korea Utara membantah …, tetapi keduanya …': the pair just named."""
    codes: list[str] = []
    for u in reversed(before):
        if u.kind == "actor" and u.codes[0] not in codes:
            codes.append(u.codes[0])
            if len(codes) == 2:
                return (codes[1], codes[0])
    return None


def prev_word(seq: list[Unit], i: int) -> str:
    j = i - 1
    while j >= 0 and seq[j].kind == "punct" and (seq[j].low in QUOTES or seq[j].low == "("):
        j -= 1
    return seq[j].low if j >= 0 and seq[j].kind == "word" else ""


def is_break(u: Unit, lex: Lexicon, *, allow_yang: bool = False, allow_complement: bool = False) -> bool:
    """Does this unit end a clause? A relative ('yang') or a complementiser ('bahwa') may be crossed
    where the caller allows it."""
    if u.kind == "punct":
        return u.low in ";:()"
    if u.kind != "word":
        return False
    if u.low in lex.relatives:
        return not allow_yang
    return u.low in lex.clause_breaks or (u.low in lex.complementisers and not allow_complement)


def group_back(seq: list[Unit], j: int, lex: Lexicon) -> list[int]:
    """Actors coordinated before and including seq[j]: 'A, B, dan C', 'baik A maupun B', 'A, bersama B,'.

    A bare comma joins only inside a list already joined by a coordinator, so an apposition
    ('Presiden Rusia, Vladimir Putin, …') stays one actor.
    """
    group = [j]
    linked = False
    anchor = j  # the first unit of the current actor's name with its titles
    k = j - 1
    while k >= 0:
        u = seq[k]
        if u.kind == "word" and u.low in lex.openers:
            k -= 1
            continue
        if u.is_actor and u.codes == seq[group[-1]].codes and k == anchor - 1:
            anchor = k  # 'Korea Utara Kim Jong Un', 'Chinese President Xi': the title's state
            k -= 1
            continue
        if u.kind == "word" and k == anchor - 1 and (
                u.low in lex.titles or u.low in lex.articles or (u.upper and k > 0 and u.low not in lex.coordinators
                                        and u.low not in lex.openers)):
            anchor = k  # 'President Joe Biden and Chinese President Xi Jinping'
            k -= 1
            continue
        together = _together_with(seq, k, lex)
        joins = u.kind == "word" and (u.low in lex.coordinators or together is not None)
        if together is not None:
            k = together  # 'China and Russia, together with Iran', 'Rusia juga satu sikap dengan China'
        if joins or (u.kind == "punct" and u.low == "," and linked):
            k2 = k - 1
            while k2 >= 0 and ((seq[k2].kind == "punct" and seq[k2].low == ",")
                               or (together is not None and seq[k2].low in lex.aspect_markers)):
                k2 -= 1
            if k2 >= 0 and seq[k2].is_actor and not (prev_word(seq, k2) in lex.venue_preps and _a_place(seq[k2])):
                # 'di sela KTT di Madrid, Turki, Swedia, dan Finlandia menandatangani': Madrid is the venue
                group.append(k2)
                linked = True
                anchor = k2
                k = k2 - 1
                continue
        break
    return sorted(group)


def in_venue(seq: list[Unit], k: int, lex: Lexicon) -> bool:
    """Is the actor at seq[k] inside a phrase of place ('di sela-sela KTT APEC', 'at the G20 summit')?"""
    for j in range(k - 1, max(-1, k - 5), -1):
        u = seq[j]
        if u.kind != "word" or is_verb(u, lex) or (u.low in lex.target_preps and u.low not in lex.venue_preps):
            return False
        if u.low in lex.venue_preps:
            return True
    return False


def _a_place(u: Unit) -> bool:
    """A state or city named as where something happened ('di Beijing'); a body ('di Dewan Keamanan PBB')
    is a forum whose members take part."""
    return bool(u.mentions) and all(m.type == "GPE" for m in u.mentions)


def joins_in_act(seq: list[Unit], k: int, lex: Lexicon) -> bool:
    """After the object of 'join' at seq[k - 1]: 'in' + an act ('joined the US in imposing sanctions',
    'bergabung dengan AS dalam mengecam …') makes the object a partner in that act, not a body joined."""
    for j in range(k, min(len(seq) - 1, k + 3)):
        u = seq[j]
        if u.kind != "word":
            return False
        if u.low in lex.co_action_preps:
            nxt = seq[j + 1]
            return nxt.kind == "word" and (nxt.low in lex.index or is_verb(nxt, lex))
    return False


def _together_with(seq: list[Unit], k: int, lex: Lexicon) -> int | None:
    """Where a phrase joining a second subject ends at seq[k] ('bersama dengan', 'together with',
    'satu sikap dengan'), the index of its first word; else None."""
    for p in lex.co_subject:
        n = len(p)
        if k - n + 1 >= 0 and all(u.kind == "word" and u.low == w for u, w in zip(seq[k - n + 1 : k + 1], p,
                                                                                   strict=True)):
            return k - n + 1
    return None


def group_forward(seq: list[Unit], j: int, lex: Lexicon) -> list[int]:
    """Actors coordinated after and including seq[j]: 'A, B, dan C'."""
    group = [j]
    k = j + 1
    pending: list[int] = []
    while k < len(seq):
        u = seq[k]
        if u.kind == "punct" and u.low == ",":
            k += 1
            continue
        if u.kind == "word" and u.low in lex.coordinators:
            k += 1
            continue
        if u.is_actor and k - 1 > j and (seq[k - 1].low in lex.coordinators or seq[k - 1].low == ","):
            pending.append(k)
            if seq[k - 1].low in lex.coordinators:
                group.extend(pending)
                pending = []
            k += 1
            continue
        break
    return group


def subject(seq: list[Unit], i: int, lex: Lexicon) -> list[int]:
    """Indices of the actor group that is the subject of the predicate at seq[i].

    Across a relative pronoun ('negara yang mengakui …') only the noun right before it can
    be the subject; when that noun is no actor the caller falls back on the sentence's subject.
    """
    j = _relative_before(seq, i, lex)
    while j >= 0:
        u = seq[j]
        if u.kind == "word" and u.low in lex.relatives:
            head = j - 1
            while head >= 0 and seq[head].kind == "punct" and seq[head].low == ",":
                head -= 1
            title = head
            while title >= 0 and seq[title].kind == "word" and seq[title].low in lex.titles:
                title -= 1  # "Indonesia's foreign minister, who …": the office's state
            if title >= 0 and seq[title].is_actor and title < head:
                head = title
            if head >= 0 and seq[head].is_actor:
                return group_back(seq, head, lex)
            if head >= 0 and seq[head].low in lex.generic_heads:
                return sentence_subject(seq, lex)  # '… menjadi satu-satunya negara yang mengakui …'
            return []
        if is_break(u, lex):
            return []
        if u.is_actor:
            if (prev_word(seq, j) in lex.non_subject_preps and not _verb_follows(seq, j, lex)
                    and _together_with(seq, j - 1, lex) is None):
                j -= 1
                continue
            appos = _apposition_before(seq, j, lex)
            if appos is not None:
                j = appos - 1
                continue
            head = _parenthetical_head(seq, j, i, lex)
            if head is not None:
                j = head
                continue
            group = group_back(seq, j, lex)
            if group[0] != j and prev_word(seq, group[0]) in lex.non_subject_preps:
                j = group[0] - 1  # 'antara Rusia dan Korea Utara' is no subject either
                continue
            if _in_prepositional_list(seq, group[0], lex):
                j = group[0] - 1  # 'berkunjung ke Guangzhou dan Beijing': a place beside it
                continue
            return group
        j -= 1
    return []


def _relative_before(seq: list[Unit], i: int, lex: Lexicon) -> int:
    """Where to look back for the subject of the predicate at seq[i]: from the relative pronoun of a
    clause set between commas right before it ('Japan, which hosted Biden, criticised China': not
    Biden), else from seq[i - 1]."""
    if i >= 2 and seq[i - 1].kind == "punct" and seq[i - 1].low == ",":
        for k in range(i - 2, 0, -1):
            u = seq[k]
            if u.kind == "word" and u.low in lex.relatives:
                return k if seq[k - 1].kind == "punct" and seq[k - 1].low == "," else i - 1
            if u.kind == "punct" or is_break(u, lex):
                break
    return i - 1


def _in_prepositional_list(seq: list[Unit], j: int, lex: Lexicon) -> bool:
    """Is seq[j] the last of a list that a preposition opens ('ke Guangzhou dan Beijing'), where the
    words before it are no actors (a place the gazetteer names as no actor, a plain noun)?"""
    if prev_word(seq, j) not in lex.coordinators:
        return False
    for k in range(j - 2, max(-1, j - 6), -1):
        u = seq[k]
        if u.is_actor or u.kind == "punct" or is_verb(u, lex):
            return False
        if u.kind == "word" and u.low in lex.non_subject_preps:
            return True
    return False


def is_verb(u: Unit, lex: Lexicon) -> bool:
    """An Indonesian verb by its prefix ('mengirim', 'dikuasai', 'berusaha'); English has no such cue."""
    return (u.kind == "word" and bool(lex.verbal_prefixes) and len(u.low) > 5
            and u.low.startswith(lex.verbal_prefixes) and u.low not in lex.light_verb_words
            and u.low not in lex.not_verbs and u.low not in lex.target_preps and u.low not in lex.clause_breaks)


def _verb_follows(seq: list[Unit], j: int, lex: Lexicon) -> bool:
    """'dengan kedua negara mempersiapkan …': an actor after a preposition that can open an absolute
    clause, followed by a verb, is a subject after all ('kepada Amerika mengumumkan' is no subject)."""
    if j + 1 >= len(seq) or seq[j + 1].kind != "word" or prev_word(seq, j) not in lex.absolute_preps:
        return False
    if j >= 2 and seq[j - 2].kind == "punct" and seq[j - 2].low == ",":
        return True  # '…, dengan Pyongyang muncul sebagai pemasok …': an absolute clause
    word = seq[j + 1].low
    return word in lex.aspect_markers or (bool(lex.verbal_prefixes) and word.startswith(lex.verbal_prefixes[0])
                                          and len(word) > 5)


def _parenthetical_head(seq: list[Unit], j: int, i: int, lex: Lexicon) -> int | None:
    """'China, North Korea's main ally, called for …', 'China, sekutu utama Korea Utara, menyerukan …':
    the actor at seq[j] sits in a phrase between commas that describes the actor before it, which
    is the subject; gives that actor's index, else None."""
    close = next((k for k in range(j + 1, i) if seq[k].kind == "punct"), None)
    if close is None or seq[close].low != "," or any(u.is_actor or is_verb(u, lex) for u in seq[close + 1 : i]):
        return None
    if any(u.is_actor or is_verb(u, lex) for u in seq[j + 1 : close]):
        return None
    for k in range(j - 1, max(-1, j - 6), -1):
        u = seq[k]
        if u.kind == "punct":
            return k - 1 if u.low == "," and k > 0 and seq[k - 1].is_actor else None
        if u.is_actor or is_verb(u, lex) or u.low in lex.coordinators:
            return None
    return None


def _apposition_before(seq: list[Unit], j: int, lex: Lexicon) -> int | None:
    """Index of 'sebagai' when seq[j] sits inside an apposition right after an actor."""
    for k in range(j - 1, max(-1, j - 6), -1):
        u = seq[k]
        if u.is_actor:
            return None
        if u.kind == "word" and u.low in lex.apposition:
            return k if any(x.is_actor for x in seq[max(0, k - 3) : k]) else None
    return None


def object(seq: list[Unit], i: int, lex: Lexicon, *, window: int = 15, prefer_prep: bool = False,
           stops: frozenset[int] = frozenset(), exclude: tuple[int, ...] = (), venue_is_place: bool = False,
           ) -> list[int]:
    """Indices of the actor group after the predicate ending at seq[i - 1].

    The actor right after the verb is its object ('mengunjungi Korea Utara'); an actor
    further on is preferred when a target preposition introduces it ('menghadiahkan mobil
    buatan Rusia kepada pemimpin Korea Utara'), and for nominal triggers always. With
    `venue_is_place`, 'di Beijing' is where a meeting took place, not a party to it.
    """
    candidates: list[int] = []
    in_relative = False
    for k in range(i, min(len(seq), i + window)):
        u = seq[k]
        if u.kind == "word" and u.low in lex.relatives and prefer_prep:
            in_relative = True  # 'kunjungan delegasi Rusia yang dipimpin oleh … ke Pyongyang'
            continue
        if is_break(u, lex, allow_yang=prefer_prep) or k in stops or (is_verb(u, lex) and k > i and not in_relative):
            break
        if u.kind == "punct" and u.low == "," and not candidates and not prefer_prep:
            break  # 'Seandainya China menyerang Taiwan, Amerika Serikat …': the object ended
        if u.is_actor and not candidates and k > i and prev_word(seq, k) in lex.coordinators \
                and _predicate_after(seq, k, lex, stops):
            break  # 'memprotes peluncuran itu dan Korea Selatan mengecamnya': the subject of a clause of its own
        if u.is_actor and k not in exclude and prev_word(seq, k) not in lex.apposition \
                and not (venue_is_place and prev_word(seq, k) in lex.venue_preps and _a_place(u)):
            candidates.append(k)
    if not candidates:
        return []
    first = candidates[0]
    adjacent = sum(1 for u in seq[i:first] if u.kind == "word") <= 1 and not prefer_prep
    if not adjacent:
        for k in candidates:
            if _after_prep(seq, k, lex):
                return group_forward(seq, k, lex)
        if prefer_prep:
            return []  # a nominal's target comes with a preposition ('sanksi Amerika terhadap Korea Utara')
    return group_forward(seq, first, lex)


def _predicate_after(seq: list[Unit], k: int, lex: Lexicon, stops: frozenset[int]) -> bool:
    """Is the actor group at seq[k] followed by a predicate (a verb, or another trigger of the
    sentence, after any aspect markers), so that it is that predicate's subject?"""
    j = max(group_forward(seq, k, lex)) + 1
    while j < len(seq) and seq[j].kind == "word" and seq[j].low in lex.aspect_markers:
        j += 1
    return j < len(seq) and (j in stops or is_verb(seq[j], lex))


def _after_prep(seq: list[Unit], k: int, lex: Lexicon) -> bool:
    """'kepada Korea Utara', 'terhadap operasi militer Rusia' (a preposition up to three plain
    words before), or 'pelabuhan-pelabuhan Ukraina' (a noun naming what is acted upon)."""
    preps = lex.target_preps | lex.source_preps
    if k > 0 and seq[k - 1].kind == "word" and seq[k - 1].low in lex.patient_nouns:
        return True
    for j in range(k - 1, max(-1, k - 5), -1):
        u = seq[j]
        if u.kind != "word" or is_verb(u, lex):
            return False
        if u.low in preps:
            return True
    return False


def light_verb_before(seq: list[Unit], i: int, lex: Lexicon) -> int | None:
    """Where the light verb that makes the noun at seq[i] an act begins ('melakukan serangkaian
    uji coba', 'imposed sanctions'), quantifiers between them allowed; None if there is none."""
    k = i
    while k > 0 and seq[k - 1].kind == "word" and (seq[k - 1].low in lex.quantifiers
                                                   or lex.ordinal.fullmatch(seq[k - 1].low)):
        k -= 1
    before = tuple(u.low for u in seq[max(0, k - 3) : k] if u.kind == "word")
    if k == 0 or seq[k - 1].kind != "word" or not ends_with(before, lex.light_verbs):
        return None
    n = max(len(p) for p in lex.light_verbs if len(p) <= len(before) and before[len(before) - len(p) :] == p)
    return k - n


def ends_with(words: tuple[str, ...], phrases: Collection[tuple[str, ...]]) -> bool:
    """Do `words` end with one of `phrases` ('melanggar sanksi': the words before 'sanksi' end with
    'melanggar')?"""
    if not words or words[-1] not in edge_words(phrases, last=True):
        return False  # the common case, told without trying every phrase
    return any(len(p) <= len(words) and words[len(words) - len(p) :] == p for p in phrases)


def reciprocal(seq: list[Unit], i: int, end: int, lex: Lexicon) -> bool:
    """'saling mengecam' (before the verb), 'accused each other' (after it)."""
    before = tuple(u.low for u in seq[max(0, i - 2) : i])
    after = tuple(u.low for u in seq[end : end + 2])
    return ends_with(before, lex.reciprocal_before) or any(after[: len(p)] == p for p in lex.reciprocal_after)


def fronted_target(seq: list[Unit], i: int, lex: Lexicon) -> list[int]:
    """'Korea Utara … kepada Amerika mengumumkan kesiapan …': a dative phrase between the subject and
    the verb names the target."""
    for k in range(i - 1, max(-1, i - 6), -1):
        u = seq[k]
        if u.is_actor:
            return group_forward(seq, k, lex) if prev_word(seq, k) in lex.fronted_target_preps else []
        if is_break(u, lex) or u.kind == "punct" or is_verb(u, lex):
            return []
    return []


def content_target(seq: list[Unit], i: int, lex: Lexicon, own: set[str]) -> list[int]:
    """'memperingatkan bahwa Moskow akan mengambil keputusan yang tidak menyenangkan bagi Seoul': the
    actor a warning's content is aimed at, after a target preposition inside its 'bahwa' clause.
    The content must tell what will be done: its first actor is the warner's own side (`own`), or
    its predicate is passive ('ships heading for Ukrainian ports would be treated as targets');
    'warned that growth in China would slow' is a forecast, aimed at no one."""
    if i >= len(seq) or seq[i].low not in lex.complementisers:
        return []
    end = next((k for k in range(i + 1, len(seq)) if (seq[k].kind == "punct" and seq[k].low == ";")
                or (seq[k].kind == "word" and seq[k].low in lex.clause_breaks)), len(seq))
    actors = [k for k in range(i + 1, end) if seq[k].is_actor]
    if not actors:
        return []
    passive = any(u.kind == "word" and (u.low in lex.passive_aux
                                        or (is_verb(u, lex) and u.low.startswith(lex.passive_prefixes)))
                  for u in seq[i + 1 : end])
    own_side = bool(set(seq[actors[0]].codes) & own)
    for k in actors:
        if prev_word(seq, k) in lex.target_preps and (passive or (own_side and k != actors[0])):
            return group_forward(seq, k, lex)
    return []


def place_after(seq: list[Unit], i: int, lex: Lexicon, window: int = 4) -> bool:
    """Is a place the object of the predicate ending at seq[i - 1] ('menguasai Semenanjung Korea')?"""
    for u in seq[i : i + window]:
        if u.place:
            return True
        if u.is_actor or is_break(u, lex) or u.kind == "punct" or is_verb(u, lex):
            return False
    return False


def after_word(seq: list[Unit], i: int, words: frozenset[str], lex: Lexicon, window: int = 8,
               allow_yang: bool = False) -> list[int]:
    """The actor group right after one of `words` ('oleh X', 'dari X') within the clause."""
    for k in range(i, min(len(seq) - 1, i + window)):
        u = seq[k]
        if is_break(u, lex, allow_yang=allow_yang):
            break
        if u.kind == "word" and u.low in words:
            for j in range(k + 1, min(len(seq), k + 5)):  # 'oleh Menteri Pertahanan Rusia Shoigu'
                if seq[j].is_actor:
                    return group_forward(seq, j, lex)
                if seq[j].kind != "word" or seq[j].low in lex.target_preps or is_verb(seq[j], lex):
                    break
            return []
    return []


PASSIVE_WINDOW = 6  # units between a noun and its passive light verb ('Bantuan senilai 2 miliar dolar diberikan')


def passive_agent(seq: list[Unit], i: int, lex: Lexicon) -> list[int]:
    """A noun of an act that is the subject of a passive light verb after it, and the actor written
    right after that verb: 'Bantuan senilai 2 miliar dolar diberikan Jepang kepada Ukraina' →
    Jepang. Only words that are no verb stand between; another passive verb acts on the noun
    ('Serangan itu dikecam Jepang': Japan condemned it, it did not attack)."""
    for k in range(i, min(len(seq) - 1, i + PASSIVE_WINDOW)):
        u = seq[k]
        if u.kind != "word" or u.low in lex.target_preps or u.low in lex.relatives:
            return []  # '… bantuan timbal balik yang ditandatangani Uni Soviet': the treaty was signed
        if u.low in lex.passive_light_verbs:
            return group_forward(seq, k + 1, lex) if seq[k + 1].is_actor else []
        if is_verb(u, lex):
            return []
    return []


def possessor(seq: list[Unit], i_start: int, i_end: int, lex: Lexicon) -> list[int]:
    """The actor owning a nominal trigger: right after it (Indonesian) or right before (English)."""
    if lex.possessor_before:
        for k in range(i_start - 1, max(-1, i_start - 1 - lex.possessor_window), -1):
            u = seq[k]
            if u.is_actor:
                return [k]
            if u.kind == "punct" or u.low in lex.target_preps or u.low in lex.clause_breaks \
                    or u.low in lex.light_verb_words or u.low in lex.index or u.low in lex.articles:
                # "Japan and the Philippines signed a strategic partnership": a verb between; 'Khamenei
                # said the attack …': an article opens the noun's own phrase ('the Russian attack' has
                # its actor after it)
                return []
        return []
    for k in range(i_end, min(len(seq), i_end + lex.possessor_window)):
        u = seq[k]
        if u.is_actor:
            return [] if any(x.low in lex.patient_nouns for x in seq[i_end:k]) else [k]
        if u.kind == "punct" or u.low in lex.target_preps or u.low in lex.agent_preps \
                or u.low in lex.source_preps or u.low in lex.clause_breaks or u.low in lex.non_subject_preps \
                or is_verb(u, lex):
            return []
    return []


def between(seq: list[Unit], i: int, lex: Lexicon) -> tuple[list[int], list[int]] | None:
    """'antara X dan Y' right after a trigger: the two sides of a symmetric event.

    'antara X dengan Y' joins the sides with the word of `between_joiners`; 'antara X dan Y
    dengan Z' sets X and Y together against Z.
    """
    for k in range(i, min(len(seq) - 1, i + 3)):
        if seq[k].kind == "word" and seq[k].low in lex.between_words:
            if seq[k + 1].kind == "pair":
                return [k + 1], []
            first = _past_titles(seq, k + 1, lex)
            if first is None:
                return None
            left = group_forward(seq, first, lex)
            joiner = max(left) + 1
            other = _past_titles(seq, joiner + 1, lex) if joiner < len(seq) else None
            if other is not None and seq[joiner].low in lex.between_joiners:
                return left, group_forward(seq, other, lex)
            if len(left) >= 2:
                return left[:1], left[1:2]
            return None
    return None


def _past_titles(seq: list[Unit], k: int, lex: Lexicon) -> int | None:
    """The actor at seq[k], or after the role words before it ('Presiden Amerika'); else None."""
    for j in range(k, min(len(seq), k + 4)):
        if seq[j].is_actor:
            return j
        if seq[j].kind != "word" or seq[j].low not in lex.titles:
            return None
    return None


def sentence_subject(seq: list[Unit], lex: Lexicon) -> list[int]:
    """The actor group that opens the sentence's main clause: the first one not after a preposition."""
    for j, u in enumerate(seq):
        if is_verb(u, lex):
            return []
        if u.is_actor and prev_word(seq, j) not in lex.non_subject_preps:
            return group_forward(seq, j, lex)
    return []
