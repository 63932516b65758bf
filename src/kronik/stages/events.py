"""The event coder: trigger rules + arguments + modality → PLOVER events with their evidence.

Takes: a Document with sentences, actor mentions, timexes and the narrative dates. Gives:
`doc.events`, each with type, mode, source and target actor codes, the people involved,
date, status, the sentence as evidence and the id of the rule that fired.

For each sentence (footnotes and reference lists are skipped):
1. triggers are found by their surface forms (event_lexicon: roots × affixes), with their
   object and blocking conditions;
2. arguments come from the clause's structure (event_args): active subject = source,
   passive subject = target with 'oleh X' as source, a nominal's possessor = source,
   'ke/dengan/terhadap X' = target; coordinated actors give one event each; 'kedua negara'
   stands for the two states of the sentence before if it named two, else the document's pair
   in focus; a predicate after 'untuk' or 'dan' keeps the subject of the one before;
3. one predicate can govern another: an accusation makes the act it reports `alleged` and a
   denial makes it `denied` (the accusation and the denial are events of their own);
   requests and threats are not the act they ask for; 'mendukung sanksi terhadap X' is the
   supporter's sanction;
4. the status comes from the hedges around the trigger (stages/modality.py);
5. the date is the DATE expression nearest the trigger, a clause boundary counting as far
   (a date that only opens an interval, 'sejak 2020', is not the event's date); failing
   that, for a reported fact in a sentence that continues the story ('Selama kunjungan
   tersebut …'), the explicit date of the previous one or two sentences of the paragraph, or
   of the sentence right before; failing that, none. A present reference ('saat ini') takes the document date. A date is
   never invented.
Duplicates within a sentence (same type, actors and date) are one event.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise, takewhile

from kronik.gazetteer import organisation_codes
from kronik.model import Document, Event, Mention, Timex
from kronik.ontology import ontology
from kronik.stages import event_args as args
from kronik.stages.event_dates import CARRY, after_interval_prep, continues, event_date, explicit, has_interval
from kronik.stages.event_lexicon import Lexicon, lexicon
from kronik.stages.event_triggers import Found, find_triggers, has_phrase
from kronik.stages.modality import capability
from kronik.stages.modality import status as modality_status
from kronik.stages.segment import clean_text

FOCUS = -1  # stands for the document's focus pair where no actor of the sentence fills a role
OBJECT_PRONOUN = -2  # stands for the previous sentence's actor, named by a verb's '-nya'
DYAD_MIN = 3  # mentions of the second state before a document counts as about a pair
DYAD_RATIO = 0.5  # how often the third state may be named, relative to the second, in a document about a pair
SPEECH_ACTS = frozenset({"THREATEN", "REQUEST", "ACCUSE", "REJECT"})  # a condition after them is their content
RECENT = 12  # coded events an object pointing back ('penangkapan itu') may refer to
RESPONSE_SPAN = 3  # sentences back in which a response ('membalas dengan …') looks for the act it answers
STATUS_RANK = {"hypothetical": 5, "negated": 4, "denied": 3, "alleged": 2, "planned": 1, "asserted": 0}


def code(doc: Document) -> Document:
    lex = lexicon(doc.lang or "id")
    text = clean_text(doc)
    focus = _focus_pair(doc.mentions)
    dyad = _document_pair(doc.mentions)
    # a title alone ('Presiden Rusia' in 2006) is its office-holder: the person joins the event
    mentions = sorted([*doc.mentions, *doc.roles], key=lambda m: m.start)
    timexes = sorted((t for t in doc.timexes if t.type == "DATE"), key=lambda t: t.start)
    events: list[Event] = []
    mi = ti = 0
    carried: tuple[int, int, str] | None = None  # (paragraph, sentences since the date, date)
    accusers: list[str] = []  # sources of the accusations in the last sentences
    antecedent: tuple[str, ...] = ()  # the previous sentence's main actor, for a pronoun subject
    last_pair: tuple[str, ...] = ()  # the two states the previous sentence named, if it named two
    for si, sent in enumerate(doc.sentences):
        while mi < len(mentions) and mentions[mi].end <= sent.start:
            mi += 1
        sent_mentions = list(takewhile(lambda m, end=sent.end: m.start < end, mentions[mi:]))
        while ti < len(timexes) and timexes[ti].end <= sent.start:
            ti += 1
        sent_timexes = list(takewhile(lambda t, end=sent.end: t.start < end, timexes[ti:]))
        narrative = None
        if (carried and carried[0] == sent.paragraph and carried[1] < CARRY
                and not has_interval(sent_timexes, text, lex)
                and (continues(text, sent.start, sent.end, lex) or carried[1] == 0)):
            narrative = carried[2]
        coded: list[Event] = []
        # 'kedua pemimpin' right after a sentence about two states is those two, else the document's pair
        here = (*last_pair, *(c for c in focus or () if c not in last_pair))[:3] if last_pair else focus
        if not sent.in_reference and _may_have_trigger(text, sent.start, sent.end, lex):
            seq = args.units(text, sent.start, sent.end, sent_mentions, lex, here, antecedent)
            found = find_triggers(seq, lex)
            if found:
                coded = _code_sentence(doc, si, seq, found, lex, sent_timexes, narrative, accusers, here,
                                       antecedent, events[-RECENT:], dyad)
        states = tuple(dict.fromkeys(args.actor_code(m) for m in sent_mentions
                                     if m.type in ("GPE", "PER") and args.actor_code(m)))
        last_pair = states if len(states) == 2 else ()
        first_actor = next((args.actor_code(m) for m in sent_mentions if args.actor_code(m)), None)
        antecedent = (coded[0].source,) if coded and coded[0].source else ((first_actor,) if first_actor else ())
        events.extend(coded)
        accusers = [e.source for e in coded if e.type == "ACCUSE" and e.source] or (accusers if not coded else [])
        # a date ahead of the document ('tahun depan') is a plan's, not the story's to carry on
        dated = [t for t in sent_timexes if explicit(t) and not after_interval_prep(t, text, lex)
                 and not _ahead_of(t.value or "", doc.doc_date)]
        if dated:
            carried = (sent.paragraph, 0, dated[-1].value or "")
        elif carried:
            carried = (carried[0], carried[1] + 1, carried[2])
    doc.events = events
    return doc


WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def _ahead_of(value: str, doc_date: str | None) -> bool:
    """Does the date lie after the document's own ('2025' in a text of 20 November 2024)?"""
    n = min(len(value), len(doc_date or ""))
    return bool(doc_date) and n >= 4 and value[:n] > doc_date[:n]  # type: ignore[index]


def _may_have_trigger(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A cheap look for any word that can start a trigger, before building the sentence's units."""
    index = lex.index
    return any(m.group(0).lower() in index for m in WORD.finditer(text, start, end))


def _focus_pair(mentions: list[Mention]) -> tuple[str, ...] | None:
    """The states most mentioned in the document, most first: 'kedua negara' is the first two,
    or, when one of them is the actor speaking of 'kedua pihak', the next one steps in."""
    top = tuple(c for c, _ in _state_counts(mentions).most_common(3))
    return top if len(top) >= 2 else None


def _state_counts(mentions: list[Mention]) -> Counter[str]:
    """How often each state is named, by its own name or by one of its people."""
    return Counter(args.actor_code(m) for m in mentions if m.type in ("GPE", "PER") and args.actor_code(m))


def _document_pair(mentions: list[Mention]) -> tuple[str, str] | None:
    """The pair of states a document is about: its two most named, each at least DYAD_MIN times,
    when no third comes close (named at most DYAD_RATIO times as often as the second)."""
    top = _state_counts(mentions).most_common(3)
    if len(top) < 2 or top[1][1] < DYAD_MIN or (len(top) == 3 and top[2][1] > DYAD_RATIO * top[1][1]):
        return None
    return top[0][0], top[1][0]


def _arguments(seq: list[args.Unit], f: Found, prev: Found | None, lex: Lexicon,
               stops: frozenset[int], main_subject: list[int]) -> None:
    trig = f.trigger
    shared = _shared_subject(seq, f, prev, lex, main_subject)

    def subject() -> list[int]:
        if shared is not None:
            f.source_how = "shared-subject"
            return shared
        return args.subject(seq, f.i, lex)

    if trig.judgement:  # '… menyatakan bahwa "retorika agresif Washington tidak dapat diterima"'
        f.sources, f.targets, f.source_how = _reporter(seq, f.i, lex), args.subject(seq, f.i, lex), "reporter"
    elif trig.reverse or f.cls == "received":
        f.targets = subject()
        if f.cls == "received" and _after_comma_or_relative(seq, f.i, lex):
            # 'Rudal Rusia menghantam Kyiv, menuai kecaman dari PBB': what the main clause's actor did
            f.targets = args.sentence_subject(seq, lex) or f.targets
        f.sources = (args.after_word(seq, f.end, lex.source_preps, lex)
                     or args.after_word(seq, f.end, lex.agent_preps, lex, window=6, allow_yang=True))
    elif f.cls == "active":
        f.sources = subject()
        # a noun made active by a light verb keeps a noun's object ('memberlakukan kontrol ekspor yang
        # membatasi penjualan cip ke China')
        f.targets = [f.recipient] if f.recipient is not None else (
            (args.object(seq, f.end, lex, stops=stops, venue_is_place=trig.symmetric,
                         prefer_prep=trig.cls == "nominal")
             if not trig.adjacent_target else _right_after(seq, f.end, lex))
            or args.fronted_target(seq, f.i, lex))
        if not f.targets and f.type == "REQUEST" and f.end + 1 < len(seq) \
                and seq[f.end].low in lex.request_complementisers and seq[f.end + 1].is_actor:
            f.targets = args.group_forward(seq, f.end + 1, lex)  # 'mendesak agar China menghentikan …'
        if trig.symmetric and len(f.sources) >= 2 and f.targets and args.in_venue(seq, min(f.targets), lex):
            f.targets = []  # 'Abe dan Xi bertemu di sela-sela KTT APEC': the two met; APEC is where
        if trig.cls == "nominal" and _subject_across_relative(seq, f.i, lex):
            poss = args.possessor(seq, f.i, f.end, lex)
            if poss:  # '…, yang merupakan pengiriman minyak Rusia ke Korea Utara': the possessor acts
                f.sources, f.source_how = poss, "possessor"
                f.targets = args.object(seq, max(poss) + 1, lex, prefer_prep=True, stops=stops,
                                        venue_is_place=trig.symmetric)
    elif f.cls == "passive":
        f.targets = args.subject(seq, f.i, lex)
        f.sources = args.after_word(seq, f.end, lex.agent_preps, lex) or _right_after(seq, f.end, lex)
        if not f.targets and f.sources and trig.objects:
            # the subject is the thing given ('Humanitarian aid was provided to Ukraine by Japan'):
            # the receiver stands after a preposition of receiving ('at a ceremony in Poland' is none)
            f.targets = [k for k in args.after_word(seq, f.end, lex.receiver_preps, lex) if k not in f.sources]
        if not f.sources and trig.symmetric and prev is not None and prev.trigger.symmetric:
            # 'pertemuan antara kedua pemimpin di mana kesepakatan … akan ditandatangani': the same parties
            f.sources, f.targets, f.source_how = list(prev.sources), list(prev.targets), "shared-parties"
    else:
        poss = args.possessor(seq, f.i, f.end, lex)
        agent = args.after_word(seq, f.end, lex.agent_preps, lex, window=6, allow_yang=True)
        origin = args.after_word(seq, f.end, lex.source_preps, lex, window=2)
        passive = [] if poss or agent or origin else args.passive_agent(seq, f.end, lex)
        if poss:
            if trig.symmetric:
                poss = args.group_forward(seq, poss[0], lex)  # 'pertemuan Putin dan Kim'
            f.sources, f.source_how = poss, "possessor"
            f.targets = args.object(seq, max(poss) + 1, lex, prefer_prep=True, stops=stops,
                                    venue_is_place=trig.symmetric)
        elif agent or origin or passive:
            f.sources, f.source_how = agent or origin or passive, "agent"
            f.targets = args.object(seq, f.end, lex, prefer_prep=True, stops=stops, exclude=tuple(f.sources),
                                    venue_is_place=trig.symmetric) \
                or args.after_word(seq, max(f.sources) + 1, lex.receiver_preps, lex)  # 'Sanksi … terhadap Rusia'
        else:
            # 'setelah kunjungan Pelosi ke Taiwan': a name the gazetteer does not know owns the act,
            # not the clause's subject (a capitalised trigger is part of a name: 'Konsultasi Bilateral')
            named = f.end < len(seq) and seq[f.end].kind == "word" and seq[f.end].upper \
                and seq[f.end].low not in lex.titles and not seq[f.i].upper
            may = lex.nominal_subject and not _verb_between_subject(seq, f, lex) and not named
            f.sources = subject() if may else []
            f.targets = args.object(seq, f.end, lex, prefer_prep=True, stops=stops, venue_is_place=trig.symmetric)
    if not f.targets and f.type == "THREATEN" and f.cls == "active":
        f.targets = args.content_target(seq, f.end, lex, {c for k in f.sources if k >= 0 for c in seq[k].codes})
    if trig.joined_target and f.targets and (any(u.low in lex.target_preps for u in seq[f.end : min(f.targets)])
                                             or args.joins_in_act(seq, max(f.targets) + 1, lex)):
        # 'bergabung dengan seruan sanksi terhadap Rusia', 'joined the United States in imposing
        # sanctions': an actor inside the object, or a partner in another act, is no body joined
        f.targets = []
    if trig.object_parties and f.targets:  # 'KTT itu mempertemukan Kim dan Trump'
        f.sources, f.targets, f.source_how = f.targets[:1], f.targets[1:], "object-parties"
    if trig.between_targets or trig.symmetric:
        sides = args.between(seq, f.end, lex)
        if sides is not None:
            if trig.between_targets:
                f.targets = sides[0] + sides[1]
            else:
                f.sources, f.targets = sides
        elif trig.between_only:
            f.targets = []  # 'memfasilitasi investasi Jepang': no sides, no mediation
    if trig.no_target:
        f.targets = []
    elif not f.targets and (trig.needs_target or trig.symmetric):
        _pair_of_sentence(seq, f)
    if not f.sources and f.targets and ((trig.symmetric and f.type == "COOPERATE")
                                        or (f.type == "AID" and (trig.reverse or f.cls == "received"))):
        # 'Ada juga pembicaraan tentang latihan bersama dengan Beijing', 'X menerima bantuan':
        # the unnamed side is the pair the document is about
        f.sources, f.source_how = [FOCUS], "focus"


def _pair_of_sentence(seq: list[args.Unit], f: Found) -> None:
    """A sentence about 'kedua negara' is about that pair: an act of one of them with no target
    named is toward the other ('… kedua negara …, dengan Putin juga menawarkan dukungan teknis'),
    and an agreement or meeting with no party named is theirs, even when a forum of many states
    owns it, once the pair is named before ('The two leaders … on the sidelines of the APEC
    summit')."""
    pair = next((k for k, u in enumerate(seq) if u.kind == "pair"), None)
    if pair is None:
        return
    owners = {c for k in f.sources if k >= 0 for c in seq[k].codes}
    if owners and f.trigger.symmetric and f.cls == "nominal" and pair < f.i \
            and owners <= organisation_codes().keys():
        f.sources = []  # 'The two leaders … on the sidelines of the APEC summit': a forum, not a party
    if f.sources:
        if {c for k in f.sources if k >= 0 for c in seq[k].codes} < set(seq[pair].codes[:2]):
            f.targets, f.pair_target = [pair], True
    elif f.trigger.symmetric and f.cls == "nominal":
        f.sources, f.source_how = [pair], "pair"


def _shared_subject(seq: list[args.Unit], f: Found, prev: Found | None, lex: Lexicon,
                    main_subject: list[int]) -> list[int] | None:
    """A predicate after 'untuk' or 'dan' with no subject of its own shares one.

    '… melakukan perjalanan ke Vladivostok untuk bertemu Putin': the traveller meets;
    '… kebijakan Amerika Serikat untuk memberikan sanksi': the actor right before 'untuk'
    acts, unless it is the previous predicate's object ('mengunjungi Pyongyang untuk bertemu').
    """
    if prev is None:
        return None
    before = args.prev_word(seq, f.i)
    if prev.trigger.object_control and prev.targets and f.i - prev.end <= 3:
        return list(prev.targets)  # 'Kim Jong Un invited Putin to visit Pyongyang'
    if before in lex.relatives and prev.trigger.cls == "nominal" and prev.end == f.i - 1 and prev.sources:
        return list(prev.sources)  # 'kontrol ekspor yang membatasi penjualan cip': the act's owner does it
    if before in lex.purpose:
        k = f.i - 2
        if k >= 0 and seq[k].is_actor and not (k in prev.targets and _object_of(seq, prev.end, k, lex)):
            return args.group_back(seq, k, lex)  # 'kebijakan Amerika Serikat untuk memberikan sanksi'
        return list(prev.sources) or None
    two = tuple(u.low for u in seq[max(0, f.i - 2) : f.i])
    if len(two) == 2 and two[0] in lex.concessives and two[1] in lex.additive:
        return list(prev.sources) or None  # 'tidak hanya mengecam …, tetapi juga memboikot …'
    for k in range(f.i - 1, max(prev.end - 1, f.i - 4), -1):
        u = seq[k]
        if u.is_actor or (args.is_break(u, lex) and u.low not in lex.vp_conjunctions):
            return None  # ('tetapi', 'but' end a clause, and may still join two predicates of one subject)
        if args.is_break(u, lex) and not all(_aspect_word(x, lex) for x in seq[k + 1 : f.i]):
            return None  # 'Japan sent aid, but critics condemned Russia': a subject of its own, no actor
        if u.kind == "word" and u.low in lex.vp_conjunctions:
            # '… selamat …, dan menerima bantuan': the predicates share the main subject, unless a
            # new subject came after the previous predicate ('…, dan Pyongyang … menjalin … dan melakukan')
            fresh = [j for j in range(prev.end, k) if seq[j].is_actor and j not in prev.targets
                     and args.prev_word(seq, j) in lex.vp_conjunctions]
            if fresh:
                return args.group_back(seq, fresh[-1], lex)
            if main_subject and k > 0 and seq[k - 1].low == "," and any(
                    u.low in lex.complementisers for u in seq[max(main_subject) + 1 : prev.i]):
                # 'X said that Y had sent troops, and warned that …': the reporter warns, not Y
                return list(main_subject)
            return list(prev.sources) if prev.cls in ("active", "passive") and prev.sources else list(main_subject)
    return None


def _after_comma_or_relative(seq: list[args.Unit], i: int, lex: Lexicon) -> bool:
    """Does the noun at seq[i] follow a receiving verb that opens a clause of its own
    (', menuai kecaman', ', yang memicu kecaman', ', drawing condemnation')?"""
    k = i - 1
    while k > 0 and seq[k].kind == "word" and (seq[k].low in lex.receive_verbs or seq[k].low in lex.quantifiers):
        k -= 1
    return k >= 0 and (seq[k].low == "," or seq[k].low in lex.relatives)


def _object_of(seq: list[args.Unit], end: int, k: int, lex: Lexicon) -> bool:
    """Is the actor at seq[k] the object of the predicate ending at `end` ('mengunjungi Pyongyang',
    'bertemu dengan Presiden Putin'), not the owner of a noun after it ('menolak kebijakan Amerika')?"""
    return all(u.kind == "word" and (u.low in lex.target_preps or u.low in lex.titles) for u in seq[end:k])


def _subject_across_relative(seq: list[args.Unit], i: int, lex: Lexicon) -> bool:
    """Is the first actor looking back from seq[i] beyond a relative pronoun ('…, yang merupakan …')?"""
    for u in reversed(seq[:i]):
        if u.kind == "word" and u.low in lex.relatives:
            return True
        if u.is_actor or args.is_break(u, lex):
            return False
    return False


def _verb_between_subject(seq: list[args.Unit], f: Found, lex: Lexicon) -> bool:
    """'Rusia menentang uji coba rudal': the subject governs another verb; the test is not its act."""
    for u in reversed(seq[: f.i]):
        if u.is_actor or args.is_break(u, lex):
            return False
        if args.is_verb(u, lex) and u.low not in lex.hedges.cue_words:
            return True
    return False


def _right_after(seq: list[args.Unit], i: int, lex: Lexicon) -> list[int]:
    """'ditandatangani Putin dan Kim Jong Un': the agents written right after a passive verb; in
    English after an article ('welcomed the Chinese president')."""
    if i + 1 < len(seq) and seq[i].kind == "word" and seq[i].low in lex.articles:
        i += 1
    return args.group_forward(seq, i, lex) if i < len(seq) and seq[i].is_actor else []


def _govern(found: list[Found], seq: list[args.Unit], lex: Lexicon) -> None:
    """Predicates that govern others: accusations, denials, requests, support for an act."""
    for f, g in pairwise(found):
        if (f.cls == "nominal" and g.cls in ("active", "passive") and f.type == g.type and g.i - f.end <= 6
                and not _clause_break_between(seq, f.end, g.i, lex)):
            f.suppressed = True  # 'kesepakatan … diharapkan akan ditandatangani': the verb tells it
        if (f.type == g.type and g.i == f.end + 1 and seq[f.end].low in lex.relatives and not f.targets
                and g.sources == f.sources):
            f.suppressed = True  # 'kontrol ekspor yang membatasi penjualan cip ke China': one act, told by the verb
        if (args.prev_word(seq, g.i) in lex.purpose and g.i - f.end <= 8 and _material(f) and not _material(g)
                and not _clause_break_between(seq, f.end, g.i, lex)):
            g.suppressed = True  # 'melakukan uji coba rudal untuk mengancam AS': the aim of a deed, no statement
    for n, f in enumerate(found):
        for g in found[n + 1 :]:
            if _clause_break_between(seq, f.end, g.i, lex) or _own_clause(seq, f.end, g, lex):
                break
            between = seq[f.end : g.i]
            # the act's own possessor may stand between ("rejected Thailand's accusations")
            own = set(g.sources) if g.source_how == "possessor" else set()
            adjacent = len(between) <= 4 and not any(
                (u.is_actor and f.end + k not in own) or u.kind == "punct" or args.is_verb(u, lex)
                for k, u in enumerate(between))
            # 'membantah tuduhan itu dan berjanji …': a second act of the subject, not what f governs
            if not (_coordinate(between, g, lex) and not any(
                    h.cls in ("active", "passive") for h in found[n + 1 :] if h.i < g.i)):
                _embed(f, g, between, adjacent, lex)
            if adjacent and f.type in ("SUPPORT", "ACCUSE", "REJECT", "REQUEST", "AGREE"):
                if g.source_how in ("possessor", "agent"):
                    f.targets = list(g.sources)  # 'mendukung invasi Rusia': the supported actor
                    if f.type == "REJECT" and g.type == "ACCUSE":
                        f.accuser_named = True  # "Russia denied Ukraine's accusations": toward Ukraine
                        if not g.targets:  # 'Kamboja menolak tuduhan Thailand': the charge was Cambodia's
                            g.targets = [k for k in f.sources if k >= 0]
                elif f.trigger.lends_subject and not g.suppressed:
                    g.sources, f.suppressed = list(f.sources), True  # 'mendukung sanksi terhadap X'
                elif f.type in ("ACCUSE", "REJECT", "REQUEST") and g.cls == "nominal" and f.targets \
                        and min(f.targets) > g.i and set(g.targets) & set(f.targets):
                    # 'menentang sanksi terhadap Iran': Iran is the act's target, not Russia's ('mengecam
                    # latihan gabungan antara Korea Selatan dan AS': the parties of the act are)
                    f.targets = []


def _embed(f: Found, g: Found, between: list[args.Unit], adjacent: bool, lex: Lexicon) -> None:
    """What the predicate `f` does to the act `g` it governs (its trigger's `embeds`)."""
    if f.trigger.embeds == "suppress" or (f.trigger.embeds == "topic" and adjacent):
        g.suppressed = True  # what is asked for, threatened, promised, or talked about
        if f.trigger.content_target and not f.targets and g.targets and g.sources == f.sources:
            f.targets = list(g.targets)  # 'pledged 2 billion euros in military aid to Ukraine'
    elif f.trigger.embeds == "refused":
        if g.cls == "active" and all(u.low in lex.purpose for u in between) and len(between) <= 1:
            # 'menolak bertemu utusan AS', 'refused to negotiate with Washington': the act refused
            # did not happen, and the refusal is toward whom it would have been
            g.embedded = "negated"
            f.targets = f.targets or list(g.targets)
    elif f.trigger.embeds in ("alleged", "denied", "planned"):
        if adjacent and g.type == "ACCUSE" and f.trigger.embeds == "denied":
            g.suppressed = True  # 'membantah tudingan ini'
        elif not g.trigger.target_is_accuser:  # '…, tuduhan yang dibantah Teheran': the answer, not the charge
            g.embedded = g.embedded or f.trigger.embeds


def _coordinate(between: list[args.Unit], g: Found, lex: Lexicon) -> bool:
    """Is the verb `g` joined by 'dan'/'and' right before it (aspect words aside) to the predicate
    before it, sharing its subject, with no predicate, verb, gerund, 'untuk' or 'bahwa' between them
    that would make it that predicate's complement ('membantah tuduhan itu dan berjanji memperketat
    …', 'denied and condemned the report'), rather than one of its complements joined to another
    ('membantah telah menyerang dan menduduki …', 'denied shelling the plant and attacking Kyiv') or
    a clause with a subject of its own ('… tuduhan AS dan sekutunya menyerang …')?"""
    if g.cls not in ("active", "passive"):
        return False
    k = len(between)
    while k > 0 and _aspect_word(between[k - 1], lex):
        k -= 1
    if k == 0 or between[k - 1].kind != "word" or between[k - 1].low not in lex.vp_conjunctions:
        return False
    return not any(u.kind == "word" and (u.low in lex.purpose or u.low in lex.complementisers
                                         or args.is_verb(u, lex) or u.low.endswith(lex.gerund_suffixes))
                   for u in between[: k - 1])


def _aspect_word(u: args.Unit, lex: Lexicon) -> bool:
    """'telah', 'juga', 'also': a word between a conjunction and its verb that opens no clause."""
    return u.kind == "word" and (u.low in lex.aspect_markers or u.low in lex.additive)


def _object_list(seq: list[args.Unit], k: int, lex: Lexicon) -> bool:
    """Is the actor at seq[k], after 'dan', the last of the objects of a verb before it, with only
    words that are no verb between ('mendesak sekutunya dan Jepang untuk …')? A verb right before
    'dan' ends a clause of its own ('… tidak berdasar dan Pakistan memanggil …')."""
    if k < 2 or args.is_verb(seq[k - 2], lex):
        return False
    for j in range(k - 3, max(-1, k - 5), -1):
        if args.is_verb(seq[j], lex):
            return True
        if seq[j].kind != "word" or seq[j].is_actor:
            return False
    return False


def _own_clause(seq: list[args.Unit], start: int, g: Found, lex: Lexicon) -> bool:
    """'Seoul accused Tokyo of retaliation, a charge Japan rejected': after a comma, a predicate whose
    subject comes after the comma is a clause of its own, not what the one before governs; so is
    one whose subject follows 'dan' after a word that is no actor ('… menyebut tuduhan itu tidak
    berdasar dan Kementerian Luar Negeri Pakistan memanggil …')."""
    if not g.sources or not 0 <= min(g.sources) < g.i:
        return False  # no subject of its own before it ('…, dilakukan oleh Korea Utara' is governed)
    first = min(g.sources)
    if first >= 2 and first > start and _new_subject_after_comma(seq, first, lex):
        return True
    return any(u.kind == "punct" and u.low == "," for u in seq[start:first])


def _material(f: Found) -> bool:
    """Is the act a deed (PLOVER's material quad classes), not a statement?"""
    return ontology()[f.type].quad.startswith("material")


def _clause_break_between(seq: list[args.Unit], a: int, b: int, lex: Lexicon) -> bool:
    """Where what a predicate governs ends: a concessive, a subordinate clause ('ketika …'), ';'."""
    return any((u.kind == "word" and (u.low in lex.concessives or u.low in lex.clause_breaks))
               or (u.kind == "punct" and u.low == ";") for u in seq[a:b])


def _clause(seq: list[args.Unit], f: Found, lex: Lexicon) -> tuple[int, int]:
    """The stretch a hedge may govern: a reporting frame ('laporan menunjukkan bahwa …') included."""
    start = f.i
    while start > 0 and not args.is_break(seq[start - 1], lex, allow_complement=True) \
            and not _new_subject_after_comma(seq, start, lex):
        start -= 1
    end = f.end
    while end < len(seq) and not args.is_break(seq[end], lex, allow_yang=True, allow_complement=True):
        end += 1
    return start, end


def _new_subject_after_comma(seq: list[args.Unit], k: int, lex: Lexicon) -> bool:
    """', Putin juga menawarkan …', ', dengan Putin …': a comma before a new subject starts another
    clause, which the cues before the comma do not govern; so does 'dan' before one after a word
    that is no actor ('… menyebut tuduhan itu tidak berdasar dan Kementerian Luar Negeri Pakistan
    memanggil …'; in 'Rusia dan China' the two are one subject)."""
    if seq[k - 1].kind == "word" and seq[k - 1].low in lex.coordinators and seq[k - 1].low in lex.vp_conjunctions:
        # a predicate before it, then a word that is no actor: 'menyebut tuduhan itu tidak berdasar dan
        # Kementerian …' ('mendesak sekutunya dan Jepang untuk …' joins two objects, no clauses)
        return seq[k].is_actor and k >= 2 and seq[k - 2].kind == "word" and not seq[k - 2].is_actor \
            and any(args.is_verb(u, lex) for u in seq[: k - 1]) and not _object_list(seq, k, lex)
    if seq[k - 1].kind != "punct" or seq[k - 1].low != ",":
        return False
    return seq[k].is_actor or (seq[k].low in lex.non_subject_preps and k + 1 < len(seq) and seq[k + 1].is_actor)


def analyse(seq: list[args.Unit], found: list[Found], lex: Lexicon) -> None:
    """Arguments of every trigger of a sentence, then what governs what."""
    stops = frozenset(f.i for f in found if f.cls in ("active", "passive"))
    main_subject = args.sentence_subject(seq, lex)
    prev: Found | None = None
    for f in found:
        _arguments(seq, f, prev, lex, stops - {f.i}, main_subject)
        prev = f
    _govern(found, seq, lex)


def _reporter(seq: list[args.Unit], i: int, lex: Lexicon) -> list[int]:
    """Whoever reports what stands at seq[i] ('X menyatakan bahwa …'), if a report verb governs it."""
    for k in range(i - 1, -1, -1):
        u = seq[k]
        if u.kind == "punct" and u.low == ";":
            return []
        if u.kind == "word" and u.low in lex.report_verbs and k + 1 < len(seq):
            nxt = seq[k + 1]  # a clause follows ('bahwa …', 'Rusia dapat …'), not a noun ('dukungannya')
            if nxt.is_actor or nxt.low in lex.complementisers or nxt.low in (",", ":", "“", '"') \
                    or _complement_after_time(seq, k + 1, lex):
                return args.subject(seq, k, lex)
    return []


def _complement_after_time(seq: list[args.Unit], j: int, lex: Lexicon) -> bool:
    """'said on Wednesday that …', 'menyatakan pada Rabu bahwa …': a few plain words, then the clause."""
    for u in seq[j : j + 4]:
        if u.kind != "word" or args.is_verb(u, lex):
            return False
        if u.low in lex.complementisers:
            return True
    return False


def _reported_by(seq: list[args.Unit], f: Found, lex: Lexicon) -> set[str]:
    """The states of whoever reports the act, if a report verb governs it or it is told 'according
    to' someone ('Menurut badan intelijen Korea Selatan, …')."""
    return {c for j in [*_reporter(seq, f.i, lex), *_according_to(seq, f.i, lex)] for c in seq[j].codes}


def _according_to(seq: list[args.Unit], i: int, lex: Lexicon) -> list[int]:
    """The actors named after 'menurut/according to' before seq[i], up to the comma that ends the phrase."""
    firsts = {p[0] for p in lex.according_to}
    for k in range(i):
        if seq[k].low not in firsts:
            continue
        for p in lex.according_to:
            if tuple(u.low for u in seq[k : k + len(p)]) == p:
                out = []
                for j in range(k + len(p), i):
                    if seq[j].kind == "punct" and seq[j].low in ",;:":
                        break
                    if seq[j].is_actor:
                        out.append(j)
                return out
    return []


def _code_sentence(doc: Document, si: int, seq: list[args.Unit], found: list[Found], lex: Lexicon,
                   timexes: list[Timex], narrative: str | None, accusers: list[str],
                   focus: tuple[str, ...] | None, antecedent: tuple[str, ...] = (),
                   recent: list[Event] | None = None, dyad: tuple[str, str] | None = None) -> list[Event]:
    onto = ontology()
    # a month inside a date is no cue ('in May' is not the modal 'may')
    words = ["<date>" if u.upper and any(t.start <= u.start < t.end for t in timexes)
             else u.low if u.kind in ("word", "punct") else "<actor>" for u in seq]
    capability_breaks = lex.coordinators | lex.vp_conjunctions | {",", ";", ":"}
    analyse(seq, found, lex)
    # verbs by their form (Indonesian), and the verbal triggers (English has no such form)
    predicates = frozenset([*(k for k, u in enumerate(seq) if args.is_verb(u, lex)),
                            *(g.i for g in found if g.cls in ("active", "passive"))])
    sent = doc.sentences[si]
    out: list[Event] = []
    seen: set[tuple] = set()
    for f in found:
        if f.suppressed or not f.sources:
            continue
        clause = _clause(seq, f, lex)
        if capability(words, (f.i, f.end), clause, lex.hedges, breaks=capability_breaks):
            continue  # 'mampu meluncurkan rudal': what an actor can do is no act
        st, cue = modality_status(words, (_act_start(seq, f, lex), f.end), clause, lex.hedges,
                                  speech_act=f.type in SPEECH_ACTS, predicates=predicates)
        if f.embedded and STATUS_RANK[f.embedded] > STATUS_RANK[st]:
            st = f.embedded
        claimant = _reported_by(seq, f, lex)
        if st == "asserted" and claimant and not {c for k in f.sources for c in seq[k].codes} & claimant:
            st, cue = "alleged", "claim"  # another state's word for it
        referent = antecedent
        if not f.targets and f.cls in ("active", "passive"):
            if seq[f.i].low.endswith(tuple(lex.enclitics)) and antecedent:
                f.targets = [OBJECT_PRONOUN]  # 'menyambutnya': the one the previous sentence was about
            elif not f.trigger.adjacent_target:  # 'welcomed the decision' hosts no one
                referent = _referent(seq, f, found, lex, recent or [], antecedent, timexes)
                if referent:
                    f.targets = [OBJECT_PRONOUN]
        date = event_date(seq, (f.i, f.end), timexes, doc.doc_date, lex, doc.text)
        if date is None and st in ("asserted", "alleged", "denied"):
            date = narrative
        for src, tgt, people, notes in _pairs(seq, f, focus, lex, referent):
            inferred = False
            if tgt is None or (f.trigger.target_is_accuser and not f.accuser_named):
                tgt, inferred = _implicit_target(seq, f, src, si, lex, [*(recent or []), *out], out, accusers, dyad)
            if tgt is None and f.trigger.needs_target and not (f.trigger.place_target
                                                               and args.place_after(seq, f.end, lex)):
                continue
            symmetric = f.trigger.symmetric
            # an act denied and one done in the same sentence are two ('tidak mengirimkan senjata,
            # tetapi memberikan bantuan kemanusiaan'); one act found by two triggers, alike, is one
            key = (f.type, date, st,
                   *(sorted((src, tgt or "")) if symmetric or f.type in ("CONSULT", "AGREE") else (src, tgt)))
            if key in seen:
                continue
            seen.add(key)
            etype = onto[f.type]
            out.append(Event(
                type=f.type, mode=f.mode, source=src, target=tgt, date=date, status=st, sentence=si,
                start=sent.start, end=sent.end, rule=f.trigger.rule + (f".{f.source_how}" if f.source_how else ""),
                actors=people, symmetric=symmetric, cameo=etype.cameo[0], intensity=etype.intensity_of(f.mode),
                notes=notes + ([{"kind": "status-cue", "text": cue}] if cue else [])
                + ([{"kind": "target-inferred", "text": "the other state of the pair the document is about"}]
                   if inferred else []),
            ))
    return out


def _act_start(seq: list[args.Unit], f: Found, lex: Lexicon) -> int:
    """Where the act's words begin: at the light verb that makes a noun an act ('tidak menjatuhkan
    sanksi' is negated as 'tidak menjatuhkan' is), else at the trigger."""
    if f.cls != "active" or f.trigger.cls not in ("nominal", "verb-or-noun"):
        return f.i
    start = args.light_verb_before(seq, f.i, lex)
    return f.i if start is None else start


def _implicit_target(seq: list[args.Unit], f: Found, src: str, si: int, lex: Lexicon, earlier: list[Event],
                     here: list[Event], accusers: list[str], dyad: tuple[str, str] | None) -> tuple[str | None, bool]:
    """The target of `src`'s act at `f` where the sentence names none, from what the text says: a
    denial answers its accuser (of this sentence, else of the last ones); a refusal, whoever asked;
    a response, the act it answers; in a document about a pair, an act of one of the two is toward
    the other (then the second value is True: the target is inferred). `earlier`: the events coded
    before this trigger, `here` those of this sentence."""
    tgt = None
    if f.trigger.target_is_accuser:
        known = [e.source for e in here if e.type == "ACCUSE" and e.source and e.source != src] or accusers
        tgt = known[0] if len(set(known)) == 1 and known[0] != src else None
    elif f.type == "REJECT":
        tgt = _asker(earlier, src, si)  # 'Putin menolak': whoever asked him
    if tgt is None and _responds(seq, f.i, lex):
        tgt = _responded_to(earlier, src, f.type, si)  # 'Kyiv membalas dengan peringatan serupa'
    if tgt is not None or dyad is None or src not in dyad or f.trigger.no_target or f.trigger.target_is_accuser \
            or f.trigger.between_targets:  # a mediator acts between two others, not toward one
        return tgt, False
    other = dyad[1] if src == dyad[0] else dyad[0]
    if f.trigger.adjacent_target and not any(other in u.codes for u in seq[f.end :]):
        # an adjacent-target trigger ('menyambut', 'receive') is an act only when its object names the
        # other state ('menyambut kelompok wisatawan dari Rusia'); 'received little' names no one
        return None, False
    return other, True


def _asker(events: list[Event], src: str, si: int) -> str | None:
    """Who asked or proposed something of `src` in this sentence or the one before: a refusal
    with no object named answers them ('Erdoğan urged Putin to revive the deal. Putin refused')."""
    for e in reversed(events):
        if e.sentence < si - 1:
            break
        if e.type == "REQUEST" and e.target == src and e.source and e.source != src:
            return e.source
    return None


def _responds(seq: list[args.Unit], i: int, lex: Lexicon) -> bool:
    """Is the trigger the means of a response ('membalas dengan tarif', 'replied with a warning')?"""
    near = [u for u in seq[max(0, i - 4) : i + 3] if u.kind == "word"]  # 'serangan udara balasan' too
    return has_phrase(near, lex.response_phrases)


def _responded_to(events: list[Event], src: str, etype: str, si: int) -> str | None:
    """Whom a response of `src` answers: the actor of the last act of its kind (same quad class)
    toward `src` in the last RESPONSE_SPAN sentences ('India menyerang Pakistan. AS mendesak kedua
    negara …. Pakistan membalas dengan serangan udara' answers India, not the United States);
    failing that, of the last act toward `src`, or of the last act not its own, in this sentence
    or the one before."""
    quad = ontology()[etype].quad
    near = [e for e in events if e.sentence >= si - RESPONSE_SPAN and e.source and e.source != src]
    last = [e for e in near if e.sentence >= si - 1]
    for pool in ([e for e in near if e.target == src and ontology()[e.type].quad == quad],
                 [e for e in last if e.target == src], last):
        if pool:
            return pool[-1].source
    return None


def _referent(seq: list[args.Unit], f: Found, found: list[Found], lex: Lexicon, recent: list[Event],
              antecedent: tuple[str, ...], timexes: list[Timex]) -> tuple[str, ...]:
    """'Beijing memprotes penangkapan itu', 'Retno menolak dalih itu': an object that points back
    ('… itu', '… tersebut') and names no actor stands for whoever did the act it points to (the
    last coded act of that type) or, when it is no act, said it (the previous sentence's actor).
    A time ('saat itu', 'that day'), or a verb or preposition before the demonstrative ('menolak
    berkomentar saat itu'), is no such object. Where the demonstrative comes first ('condemned these
    measures', 'condemned the move'), the noun after it closes the object."""
    k = _pointing_back_first(seq, f.end, lex, frozenset(g.i for g in found))
    if k is None:
        k = _pointing_back_after(seq, f.end, lex)
        if k is None:
            return ()
        k += 1  # the object ends with its demonstrative
    if any(t.start <= seq[j].start < t.end for t in timexes for j in range(f.end, k)):
        return ()  # 'saat itu', 'that day': a time
    act = next((g for g in found if f.end <= g.i < k), None)
    if act is None:
        return antecedent
    return next(((e.source,) for e in reversed(recent) if e.type == act.type and e.source), ())


def _pointing_back_after(seq: list[args.Unit], i: int, lex: Lexicon) -> int | None:
    """The demonstrative closing an object at seq[i] ('penangkapan itu', 'dalih tersebut'); None
    where a verb or preposition comes first ('berkomentar saat itu')."""
    for k in range(i, min(len(seq), i + 4)):
        u = seq[k]
        if u.kind != "word" or args.is_verb(u, lex) or u.low in lex.non_subject_preps:
            return None
        if u.low in lex.anaphora and k > i and u.low not in lex.complementisers:
            return k  # ('warned European governments that …' is no 'the governments told of')
    return None


def _pointing_back_first(seq: list[args.Unit], i: int, lex: Lexicon, triggers: frozenset[int]) -> int | None:
    """The end of an object at seq[i] that opens with a demonstrative ('these measures') or an
    article before a noun that points back ('the move', or an act that ends the clause: 'condemned
    the attack.'; 'the attack on Kyiv' names its own target); else None."""
    if i + 1 >= len(seq) or seq[i].kind != "word" or seq[i + 1].kind != "word":
        return None
    if seq[i].low in lex.anaphora_before or (seq[i].low in lex.articles and seq[i + 1].low in lex.anaphoric_nouns):
        return i + 2
    closes = i + 2 >= len(seq) or seq[i + 2].kind == "punct" or args.is_break(seq[i + 2], lex) \
        or seq[i + 2].low in lex.apposition  # 'condemned the treaty as a threat'
    if seq[i].low in lex.articles and i + 1 in triggers and closes:
        return i + 2
    return None


def _pairs(seq: list[args.Unit], f: Found, focus: tuple[str, ...] | None, lex: Lexicon,
           antecedent: tuple[str, ...] = ()) -> list[tuple[str, str | None, list[str], list[dict[str, str]]]]:
    """(source, target, people, notes) for every source × target of a trigger."""
    tgt_codes = {c for k in f.targets if k != OBJECT_PRONOUN for c in seq[k].codes}
    sources = [(c, seq[k]) for k in f.sources for c in (_codes(seq[k]) if k != FOCUS else ())]
    if f.sources == [FOCUS]:
        partners = [c for c in focus[:2] if c not in tgt_codes] if focus else []
        sources = [(c, None) for c in partners[: 2 if f.trigger.symmetric else 1]]
        if f.cls == "received" or f.trigger.reverse:
            sources = sources[:1] if len(tgt_codes & set(focus or ())) else []
    src_codes = {c for c, _ in sources}
    targets = [(c, seq[k]) for k in f.targets if k != OBJECT_PRONOUN for c in _codes(seq[k], exclude=src_codes)
               if not f.pair_target or c in seq[k].codes[:2]]
    if f.targets == [OBJECT_PRONOUN]:
        targets = [(c, None) for c in antecedent[:1] if c not in src_codes]
    joint = f.trigger.symmetric or f.type in ("CONSULT", "AGREE")
    if not targets and len(f.sources) == 1 and seq[f.sources[0]].kind == "pair" and joint:
        (a, ua), (b, _) = sources[:2]
        sources, targets = [(a, ua)], [(b, ua)]
    elif len(f.sources) == 1 and seq[f.sources[0]].kind == "pair":
        sources = sources[:2]  # 'Kedua negara membantah tuduhan itu': each denies
    elif not targets and f.trigger.symmetric and len(sources) >= 2:
        # 'Turki, Swedia, dan Finlandia menandatangani memorandum': each pair of the parties
        return [(a, b, people, notes) for n, (a, ua) in enumerate(sources) for b, ub in sources[n + 1 :]
                for people, notes in [_people_and_notes(ua, ub)] if a != b]
    reciprocal = len(sources) >= 2 and args.reciprocal(seq, f.i, f.end, lex)
    if reciprocal:  # 'Beijing dan Washington saling mengecam': each acts on the other, whoever else is named
        targets = sources  # ('saling mendukung di Dewan Keamanan PBB': the Council is where, not whom)
    out = []
    for src, su in sources:
        for tgt, tu in targets or [(None, None)]:
            if tgt == src:
                if reciprocal:
                    continue
                tgt, tu = None, None
            out.append((src, tgt, *_people_and_notes(su, tu)))
    return out


def _people_and_notes(*units: args.Unit | None) -> tuple[list[str], list[dict[str, str]]]:
    """The people named in the units of an event's actors, and any name written wrong."""
    people = [m.name for u in units if u is not None for m in u.mentions if m.type == "PER"]
    notes = [{"kind": "name-mismatch", "text": m.text, "name": m.name}
             for u in units if u is not None for m in u.mentions if "name-mismatch" in m.flags]
    return list(dict.fromkeys(people)), notes


def _codes(u: args.Unit, exclude: set[str] | frozenset[str] = frozenset()) -> tuple[str, ...]:
    """An actor's code, or the two states a pair phrase stands for (other than the speaker)."""
    if u.kind != "pair":
        return u.codes
    return tuple(c for c in u.codes if c not in exclude)[:2]
