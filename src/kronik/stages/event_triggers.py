"""Triggers in a sentence: which words start an event, how its arguments are to be read, and
whether the context cancels it.

Takes: a sentence's units (event_args.units) and the language's Lexicon. Gives: `Found`
records in sentence order, each with its trigger, argument class (active, passive, nominal,
received), type and mode (a light verb's object may set them: 'mengirim senjata' → AID arms),
and `suppressed` when the words around it make it no new act: an anaphoric mention
('kunjungan tersebut'), a characterisation ('yang dianggap mengancam'), a description
('wilayah yang dikuasai Rusia'), a generic act or policy ('setiap transfer senjata',
'kebijakan uji coba nuklir'), or a rule of what happens ('setiap kali …', 'sering kali …').
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kronik.stages import event_args as args
from kronik.stages.event_lexicon import Lexicon, Trigger


@dataclass(slots=True)
class Found:
    """A trigger found in a sentence, and what the coder decides about it."""

    i: int  # first unit
    end: int  # unit after the trigger (after its object, for light verbs)
    trigger: Trigger
    cls: str
    type: str
    mode: str | None
    sources: list[int] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    source_how: str = ""
    embedded: str | None = None
    suppressed: bool = False
    pair_target: bool = False  # the target is the other side of the sentence's 'kedua negara'
    accuser_named: bool = False  # a denial's target is the owner of the charge it answers ("Ukraine's accusations")
    recipient: int | None = None  # the receiver named before the object ('supplied Iran with jets')


def find_triggers(seq: list[args.Unit], lex: Lexicon) -> list[Found]:
    """The triggers of a sentence, left to right, none overlapping another."""
    found: list[Found] = []
    i = 0
    while i < len(seq):
        u = seq[i]
        hit = _match_at(seq, i, lex, found) if u.kind == "word" else None
        if hit is None:
            i += 1
            continue
        found.append(hit)
        i = hit.end
    return found


def _match_at(seq: list[args.Unit], i: int, lex: Lexicon, earlier: list[Found]) -> Found | None:
    """The trigger starting at seq[i], if any; `earlier` are the triggers found before it."""
    for words, trig in lex.index.get(seq[i].low, ()):
        n = len(words)
        span = seq[i : i + n]
        if not phrase_at([u.low if u.kind == "word" else "" for u in span], 0, words, lex):
            continue
        # a determiner does not stand between a blocking word and the trigger: 'lowered its tariffs'
        before = tuple(u.low for u in seq[max(0, i - 5) : i] if u.kind == "word" and u.low not in lex.determiners)[-3:]
        if args.ends_with(before, trig.blocked_before):
            continue  # 'melanggar sanksi PBB', 'violated United Nations sanctions'
        if trig.blocked_before and i > 0 and seq[i - 1].is_actor and before \
                and any(before[-1:] == p[-1:] for p in trig.blocked_before):
            continue
        if i + n < len(seq) and seq[i + n].low in trig.blocked_after:
            continue
        etype, mode, end = trig.type, trig.mode, i + n
        recipient = None
        if trig.objects:
            obj = _object_match(seq, i + n, trig, lex)
            if obj is None and trig.recipient_first and _recipient_with(seq, i + n, lex):
                recipient = i + n  # 'supplied Iran with fighter jets': the object after 'with'
                obj = _object_match(seq, i + n + 2, trig, lex)
            if obj is None and (trig.cls == "passive" or (trig.cls == "participle"
                                                          and args.prev_word(seq, i) in lex.passive_aux)):
                obj = _fronted_object(seq, i, trig, lex)  # 'missiles were fired by North Korea'
            if obj is None:
                continue
            (otype, omode), end = obj
            end = max(end, i + n)
            etype, mode = otype or etype, omode or mode
        for k in range(end, min(end + 2, len(seq))):
            if seq[k].low in trig.modes_after:
                mode = trig.modes_after[seq[k].low]
                break
        found = Found(i, end, trig, _class(seq, i, trig, lex), etype, mode, recipient=recipient)
        if _suppressed_by_context(seq, i, i + n, trig, lex, earlier):
            found.suppressed = True
        return found
    return None


def _suppressed_by_context(seq: list[args.Unit], i: int, end: int, trig: Trigger, lex: Lexicon,
                           earlier: list[Found]) -> bool:
    """'kunjungan tersebut' refers back, 'kedua negara yang berperang itu' and 'yang dianggap
    mengancam' characterise: none of them is a new event. ('melancarkan serangan itu' is one:
    a light verb makes the act someone's.)"""
    nominal = _class(seq, i, trig, lex) == "nominal"
    demonstrative_after = (end < len(seq) and seq[end].low in lex.anaphora) or (
        i > 0 and seq[i - 1].low in lex.anaphora_before)  # 'these sanctions'
    if demonstrative_after and (nominal or (trig.cls != "nominal" and lex.verbal_prefixes
                                            and not args.is_verb(seq[i], lex))):
        return True  # a verb's bare form is a noun there too ('menanggapi protes tersebut')
    if i > 0 and seq[i - 1].low in lex.relatives and (demonstrative_after or trig.stative):
        return True  # 'yang dianggap mengancam itu', 'wilayah yang dikuasai Rusia': a description
    if i > 0 and seq[i - 1].low in lex.generic:
        return True  # a generic act: 'setiap transfer senjata', 'kebijakan uji coba nuklir'
    if end < len(seq) and seq[end].low in lex.generic_after:
        return True  # 'the missile testing programme'
    if _in_generic_clause(seq, i, lex):
        return True
    if nominal and _quoted_characterisation(seq, i, lex):
        return True  # 'mengecam latihan itu sebagai "latihan invasi"': a name for the act, not another act
    if nominal:
        comma = _summary_after_comma(seq, i, end, lex)
        if comma is not None and any(g.end <= comma for g in earlier):
            return True  # an act before the comma, which the noun sums up
    before = tuple(u.low for u in seq[max(0, i - 2) : i])
    return args.ends_with(before, lex.evaluative)


def _summary_after_comma(seq: list[args.Unit], i: int, end: int, lex: Lexicon) -> int | None:
    """'…, tuduhan yang dibantah Teheran', '…, an accusation London dismissed': a noun set after a
    comma, with a clause on it, may sum up what the clause before said. The index of that comma,
    else None; it is no new act only when an act stands before the comma: after 'Pada hari
    Selasa, serangan Rusia …' the noun is the act itself."""
    k = i
    while k > 0 and seq[k - 1].kind == "word" and (seq[k - 1].low in lex.articles or seq[k - 1].low in lex.quantifiers):
        k -= 1
    if k == 0 or seq[k - 1].low != ",":
        return None
    return k - 1 if end < len(seq) and (seq[end].low in lex.relatives or seq[end].is_actor) else None


def _quoted_characterisation(seq: list[args.Unit], i: int, lex: Lexicon) -> bool:
    """Is the noun at seq[i] inside quotation marks opened right after 'sebagai' / 'as' (at most
    one word before it inside them): what someone calls an act ('… sebagai "latihan invasi"',
    'denounced the drills as a "rehearsal for invasion"')?"""
    for k in range(i - 1, max(-1, i - 3), -1):
        u = seq[k]
        if u.kind == "punct" and u.low in args.QUOTES:
            return k > 0 and seq[k - 1].kind == "word" and seq[k - 1].low in lex.apposition
        if u.kind != "word" or u.is_actor:
            return False
    return False


def _in_generic_clause(seq: list[args.Unit], i: int, lex: Lexicon) -> bool:
    """Does the trigger tell what happens as a rule: in a clause with 'sering kali', or in a sentence
    with 'setiap kali' ('Jepang memprotes setiap kali Korea Utara melakukan uji coba')?"""
    k = i
    while k > 0 and not (seq[k - 1].kind == "punct" and seq[k - 1].low in ",;:") \
            and not args.is_break(seq[k - 1], lex) and i - k < 10:
        k -= 1
    return has_phrase(seq[k:i], lex.generic_clause) or has_phrase(seq, lex.generic_sentence)


def has_phrase(units: list[args.Unit], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Does one of `phrases` stand anywhere in `units`?"""
    words = [u.low for u in units]
    present = set(words)
    return any(p[0] in present and any(tuple(words[j : j + len(p)]) == p for j in range(len(words)))
               for p in phrases)


def _object_match(seq: list[args.Unit], i: int, trig: Trigger, lex: Lexicon,
                  ) -> tuple[tuple[str | None, str | None], int] | None:
    """The object noun a light verb needs ('mengirim senjata'), before any preposition or actor."""
    for k in range(i, min(len(seq), i + trig.window)):
        u = seq[k]
        if u.kind != "word":
            if (u.is_actor and u.mentions) or u.low in ".;:":
                return None
            continue  # an adjective of a state is part of the object ('boarded two Philippine boats')
        if (u.low in lex.target_preps or u.low in lex.source_preps) and not (
                k > i and seq[k - 1].low in lex.count_nouns):  # 'millions of artillery shells'
            return None
        for n in (3, 2, 1):
            obj = _object_of(seq[k : k + n], trig, lex) if k + n <= len(seq) else None
            if obj is not None:
                end = k + n
                while end < len(seq) and (_unreduplicate(seq[end].low),) in trig.objects:
                    end += 1  # 'rudal balistik', 'nuclear bomb': the whole object
                return obj, end
    return None


def _recipient_with(seq: list[args.Unit], k: int, lex: Lexicon) -> bool:
    """Is seq[k] an actor right after the verb, followed by 'with'/'dengan' ('supplied Iran with …')?"""
    return (k + 1 < len(seq) and seq[k].is_actor and seq[k].kind != "pair" and seq[k + 1].kind == "word"
            and seq[k + 1].low in lex.recipient_with)


def _fronted_object(seq: list[args.Unit], i: int, trig: Trigger, lex: Lexicon,
                    ) -> tuple[tuple[str | None, str | None], int] | None:
    """The object noun that heads the subject of a passive verb: 'Dua rudal balistik ditembakkan
    Korea Utara' (Indonesian puts the head first, after numbers), 'Two ballistic missiles were fired'
    (English puts it last, before the auxiliary). A modifier is no head: 'Sistem pertahanan rudal
    diuji …', 'The missile defence system was tested …' test no missile."""
    k = i - 1
    if lex.possessor_before:  # head-final: the words right before the auxiliary
        while k >= 0 and seq[k].kind == "word" and seq[k].low in lex.passive_aux:
            k -= 1
        for n in (3, 2, 1):
            obj = _object_of(seq[k - n + 1 : k + 1], trig, lex) if k - n + 1 >= 0 else None
            if obj is not None:
                return obj, i
        return None
    start = k  # head-first: the first noun of the phrase before the verb
    while start - 1 >= 0 and seq[start - 1].kind == "word" and not seq[start - 1].is_actor \
            and not args.is_verb(seq[start - 1], lex) and seq[start - 1].low not in lex.relatives \
            and seq[start - 1].low not in lex.target_preps and i - start < trig.window:
        start -= 1
    while start < i and (seq[start].low.isdigit() or seq[start].low in lex.quantifiers):
        start += 1  # 'Dua rudal', 'sejumlah rudal'
    for n in (3, 2, 1):
        obj = _object_of(seq[start : start + n], trig, lex) if start + n <= i else None
        if obj is not None:
            return obj, i
    return None


def phrase_at(written: Sequence[str], i: int, words: tuple[str, ...], lex: Lexicon) -> bool:
    """Do the trigger words `words` stand at written[i:]? The last of several may carry an
    enclitic ('memanggil pulang duta besarnya')."""
    span = written[i : i + len(words)]
    last = len(words) - 1
    return len(span) == len(words) and all(x == w or (k == last > 0 and _bare(x, lex) == w)
                                           for k, (x, w) in enumerate(zip(span, words, strict=True)))


def _bare(word: str, lex: Lexicon) -> str:
    """The word without an enclitic pronoun on it ('udaranya' → 'udara'); the word itself if none."""
    for e in lex.enclitics:
        if word.endswith(e) and len(word) > len(e) + 2:
            return word[: -len(e)]
    return word


def _object_of(units: list[args.Unit], trig: Trigger, lex: Lexicon) -> tuple[str | None, str | None] | None:
    """What the words of `units` are as an object of `trig` ('rudal-rudal', 'wilayah udaranya': the
    last word may carry an enclitic), or None."""
    words = [_unreduplicate(x.low) for x in units]
    found = trig.objects.get(tuple(words))
    if found is None and words:
        words[-1] = _bare(words[-1], lex)
        found = trig.objects.get(tuple(words))
    return found


def _unreduplicate(word: str) -> str:
    """'rudal-rudal' → 'rudal'."""
    left, dash, right = word.partition("-")
    return left if dash and left == right else word


def _class(seq: list[args.Unit], i: int, trig: Trigger, lex: Lexicon) -> str:
    """How the trigger at seq[i] reads its arguments here: a noun or verb form by the word before it,
    a participle as passive after an auxiliary, a noun after a light verb as active, after a
    receiving verb as received."""
    cls = trig.cls
    if cls == "verb-or-noun":  # 'did not visit Seoul' / 'the visit', 'US sanctions', 'imposed sanctions'
        before = seq[i - 1] if i > 0 else None
        noun = before is not None and (before.is_actor or before.low in lex.determiners
                                       or before.low in lex.light_verb_words or before.low in lex.quantifiers)
        cls = "nominal" if noun else "active"
    if cls == "participle":
        return "passive" if args.prev_word(seq, i) in lex.passive_aux else "active"
    if cls == "active" and i > 0 and seq[i - 1].kind == "word" and seq[i - 1].low in lex.nominal_markers:
        return "nominal"  # 'condemned the strikes', 'several trade deals': a verb's form as a noun
    if cls == "nominal":
        k = i
        while k > 0 and seq[k - 1].kind == "word" and seq[k - 1].low in lex.quantifiers:
            k -= 1  # 'melakukan serangkaian uji coba'
        if k > 0 and seq[k - 1].kind == "word" and seq[k - 1].low in lex.receive_verbs:
            return "received"
        if args.light_verb_before(seq, i, lex) is not None:
            return "active"
    return cls
