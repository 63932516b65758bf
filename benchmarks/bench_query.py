"""Speed of the exploring queries on a knowledge base of one million events (issue 6).

Takes: nothing (or --events N, --rebuild). Gives: a table of median times in ms, one line per
query, with its target (timeline and dyad < 100 ms, search < 200 ms) on stdout.

The knowledge base is generated once into benchmarks/_work/ (gitignored) through the real
schema (KnowledgeBase runs the migrations, so the triggers fill event_actors) with plain SQL
inserts in one transaction: ~60 actor codes and ~50 people with Zipf-like activity, the 16
event types with realistic weights, 30 years of dates (1995-2024, more events in later years,
at day, month, year and decade precision, some undated), the six statuses, 1-3 pieces of
evidence per event, each a sentence of a document (Indonesian or English, 25 sentences per
document, the actors' names plus words drawn from the seed texts' vocabulary), its mentions
and its full-text index row (the real kronik.search_terms stems). Each query is run once to
warm the page cache, then timed `--runs` times (median reported) through the library
functions the commands call (kronik.query), quotes and drivers included, in one process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kronik import query
from kronik.ontology import ontology
from kronik.search_terms import word_terms
from kronik.store import KnowledgeBase

WORK = Path(__file__).resolve().parent / "_work"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
SENTENCES_PER_DOC = 25

EXTRA_CODES = ("IRN", "ISR", "TUR", "SAU", "PAK", "VNM", "THA", "MYS", "PHL", "SGP", "AUS", "CAN", "MEX", "ITA",
               "ESP", "POL", "BLR", "KAZ", "MNG", "EGY", "NGA", "ETH", "KEN", "ARG", "CHL", "COL", "VEN", "CUB",
               "QAT", "ARE")
TYPE_WEIGHTS = {"CONSULT": 28, "ACCUSE": 10, "AGREE": 8, "SUPPORT": 7, "COOPERATE": 8, "AID": 6, "REQUEST": 8,
                "REJECT": 5, "THREATEN": 4, "SANCTION": 4, "MOBILIZE": 4, "ASSAULT": 3, "COERCE": 2, "PROTEST": 1,
                "CONCEDE": 1, "RETREAT": 1}
STATUS_WEIGHTS = {"asserted": 85, "alleged": 5, "planned": 4, "denied": 2, "negated": 2, "hypothetical": 2}
VERBS = {"id": "bertemu mengunjungi menandatangani mendukung menuduh mengecam menjatuhkan sanksi terhadap membantu "
               "memasok mengancam menolak mendesak menyerang menahan menarik melonggarkan memprotes bekerja sama",
         "en": "met visited signed supported accused condemned imposed sanctions on helped supplied threatened "
               "rejected urged attacked detained withdrew eased protested cooperated with"}
EN_FILLER = ("the government said on statement talks relations between two countries agreement military economic "
             "security council minister foreign president officials according to reports week year meeting "
             "cooperation nuclear programme missile launch border trade energy oil gas sanctions pressure regional "
             "stability peninsula summit leaders delegation ministry spokesman announced confirmed denied claims "
             "support aid shipment weapons troops exercise joint naval drills allies partners conflict war peace "
             "negotiations resolution vote embassy diplomats expelled ambassador visit capital state media")
NAMES = ("Andrei Sergei Ivan Dmitri Kim Park Lee Choi Wang Li Zhang John Robert James Hiroshi Taro Ahmed Omar "
         "Recep Narendra Joko Luiz Cyril Emmanuel Olaf Rishi Giorgia Pedro Andrzej Kassym",
         "Volkov Petrov Sokolov Jong Yong Hyun Wei Ming Smith Brown Tanaka Suzuki Hassan Erdogan Modi Widodo Silva "
         "Ramaphosa Macron Scholz Sunak Meloni Sanchez Duda Tokayev Novak Kovacs Horvat Jansen Berg")


def _weighted(rng: random.Random, weights: dict[str, float]) -> Callable[[], str]:
    keys, cum = list(weights), []
    total = 0.0
    for k in keys:
        total += weights[k]
        cum.append(total)
    return lambda: rng.choices(keys, cum_weights=cum)[0]


def _vocabulary() -> list[str]:
    words: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []:
        words += re.findall(r"[^\W\d_]{3,}", path.read_text(encoding="utf-8").lower())
    return words or EN_FILLER.split()


def _date(rng: random.Random, year: int) -> str | None:
    r = rng.random()
    if r < 0.03:
        return None
    if r < 0.05:
        return f"{str(year)[:3]}X"
    if r < 0.15:
        return str(year)
    if r < 0.30:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def generate(path: Path, n_events: int, seed: int = 6) -> dict:
    """Write a knowledge base with `n_events` merged events to `path`; returns what it holds."""
    rng = random.Random(seed)
    onto = ontology()
    from kronik.actors import codes as code_data

    known = list(code_data())
    actor_codes = (known + [c for c in EXTRA_CODES if c not in known])[:60]
    # Zipf-like activity: the first codes act far more often than the last.
    actor_weight = {c: 1 / (i + 1) ** 1.05 for i, c in enumerate(actor_codes)}
    pick_actor = _weighted(rng, actor_weight)
    pick_type = _weighted(rng, TYPE_WEIGHTS)
    pick_status = _weighted(rng, STATUS_WEIGHTS)
    years = list(range(1995, 2025))
    pick_year = _weighted(rng, {str(y): 5 + i for i, y in enumerate(years)})
    names = {c: (code_data()[c].names if c in code_data() else {"en": c, "id": c}) for c in actor_codes}
    people: dict[str, list[str]] = {}
    first, last = (n.split() for n in NAMES)
    for i in range(50):
        code = actor_codes[i % 20]
        people.setdefault(code, []).append(f"{first[i % len(first)]} {last[(i * 7 + i // len(first)) % len(last)]}")
    vocab = _vocabulary()
    en_vocab = EN_FILLER.split()
    terms_cache: dict[tuple[str, str], str] = {}

    def terms(text: str, lang: str) -> str:
        out = []
        for w in re.findall(r"[^\W_]+", text):
            key = (w, lang)
            t = terms_cache.get(key)
            if t is None:
                t = terms_cache[key] = " ".join(word_terms(w, lang))
            out.append(t)
        return " ".join(out)

    path.parent.mkdir(parents=True, exist_ok=True)
    final, path = path, path.with_name(path.name + ".part")  # renamed when complete
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with KnowledgeBase(path) as kb:
        c = kb.conn
        # A new file written in one go: no write-ahead log to copy a gigabyte through.
        c.execute("PRAGMA journal_mode = DELETE")
        c.execute("PRAGMA synchronous = OFF")
        c.execute("BEGIN")
        entity_info: dict[str, tuple[str, str, str, str | None]] = {}  # code or person → id, type, name, country
        for code in actor_codes:
            kind = code_data()[code].type if code in code_data() else "GPE"
            entity_info[code] = (f"bench:{code}", kind, names[code]["en"], code if kind == "GPE" else None)
        for code, persons in people.items():
            for p in persons:
                entity_info[p] = (f"bench:per:{p.lower().replace(' ', '-')}", "PER", p, code)
        c.executemany("INSERT INTO entities (id, name, type, country, qid) VALUES (?, ?, ?, ?, NULL)",
                      [(eid, name, kind, country) for eid, kind, name, country in entity_info.values()])
        events, evidence, sentences, fts, mentions, docs = [], [], [], [], [], []
        sentence_id = evidence_id = 0
        doc_id, doc_sentences, doc_lang = 0, SENTENCES_PER_DOC, "id"
        doc_mentions = 0
        for event_id in range(1, n_events + 1):
            etype = pick_type()
            src = pick_actor()
            tgt = None if etype == "MOBILIZE" and rng.random() < 0.5 else pick_actor()
            while tgt == src:
                tgt = pick_actor()
            year = int(pick_year())
            date = _date(rng, year)
            status = pick_status()
            spec = onto[etype]
            mode = rng.choice(list(spec.modes)) if spec.modes else None
            persons = [rng.choice(people[src])] if src in people and rng.random() < 0.4 else []
            n_ev = 1 if rng.random() < 0.85 else 2 if rng.random() < 0.8 else 3
            events.append((event_id, etype, mode, spec.quad, src, tgt, date, status, 0, spec.cameo[0],
                           spec.intensity_of(mode), json.dumps(persons), n_ev, n_ev, "[]"))
            for _ in range(n_ev):
                if doc_sentences >= SENTENCES_PER_DOC:
                    doc_id += 1
                    doc_sentences, doc_mentions = 0, 0
                    doc_lang = "id" if rng.random() < 0.5 else "en"
                    docs.append((doc_id, f"bench{doc_id:07d}", f"doc_{doc_id:07d}.txt", "txt", doc_lang,
                                 date or f"{year}", 0, 0, "2025-01-01T00:00:00+00:00"))
                sentence_id += 1
                evidence_id += 1
                lang = doc_lang
                filler = rng.choices(vocab if lang == "id" else en_vocab, k=rng.randint(8, 18))
                who = " ".join([*persons[:1], names[src].get(lang, names[src]["en"])])
                verb = rng.choice(VERBS[lang].split())
                target = names[tgt].get(lang, names[tgt]["en"]) if tgt else ""
                when = f"pada {date}" if lang == "id" else f"in {date}"
                text = f"{who} {verb} {target} {when} {' '.join(filler)}.".replace("  ", " ")
                sentences.append((sentence_id, doc_id, doc_sentences, 0, 0, len(text), text, 0))
                fts.append((sentence_id, terms(text, lang)))
                for key in (*persons[:1], src, *([tgt] if tgt else [])):
                    eid, etype_, canonical, country = entity_info[key]
                    shown = key if etype_ == "PER" else names[key].get(lang, canonical)
                    i = max(text.find(shown), 0)
                    mentions.append((doc_id, doc_mentions, i, i + len(shown), shown, eid, etype_, canonical, country,
                                     "gazetteer", sentence_id))
                    doc_mentions += 1
                evidence.append((evidence_id, doc_id, sentence_id, 0, len(text), etype, mode, src, tgt, date, status,
                                 json.dumps(persons), f"bench.{etype.lower()}", event_id))
                doc_sentences += 1
            if len(events) >= 50_000:
                _flush(c, docs, sentences, fts, mentions, events, evidence)
        _flush(c, docs, sentences, fts, mentions, events, evidence)
        c.execute("COMMIT")
        c.execute("ANALYZE")
        counts = {k: c.execute(f"SELECT count(*) FROM {k}").fetchone()[0]
                  for k in ("events", "evidence", "sentences", "documents", "mentions", "event_actors")}
    path.replace(final)
    return counts


def _flush(c: sqlite3.Connection, docs: list, sentences: list, fts: list, mentions: list, events: list,
           evidence: list) -> None:
    c.executemany("INSERT INTO documents (id, content_hash, name, format, lang, doc_date, n_chars, n_words, added_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
    c.executemany('INSERT INTO sentences (id, doc_id, idx, paragraph, start, "end", text, in_reference) '
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", sentences)
    c.executemany("INSERT INTO sentence_search (rowid, terms) VALUES (?, ?)", fts)
    c.executemany('INSERT INTO mentions (doc_id, idx, start, "end", text, entity_id, type, name, country, how, '
                  "sentence_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", mentions)
    c.executemany("INSERT INTO events (id, type, mode, quad, source, target, date, status, symmetric, cameo, "
                  "intensity, actors, n_evidence, n_documents, conflicts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "?, ?, ?, ?)", events)
    c.executemany('INSERT INTO evidence (id, doc_id, sentence_id, start, "end", type, mode, source, target, date, '
                  "status, actors, rule, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", evidence)
    for rows in (docs, sentences, fts, mentions, events, evidence):
        rows.clear()


def matches(kb: KnowledgeBase, text: str) -> int:
    from kronik.search import parse

    return kb.conn.execute("SELECT count(*) FROM sentence_search WHERE sentence_search MATCH ?",
                           (parse(text).match_expression(),)).fetchone()[0]


def names_of(kb: KnowledgeBase, code: str) -> str:
    return query.code_name(kb.conn, code)


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm-up: page cache, statement cache
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--rebuild", action="store_true", help="Generate the knowledge base again.")
    args = ap.parse_args()
    db = WORK / f"bench_{args.events}.db"
    if args.rebuild or not db.exists():
        t = time.perf_counter()
        counts = generate(db, args.events)
        print(f"generated {db.name} in {time.perf_counter() - t:.0f} s: "
              + ", ".join(f"{v:,} {k}" for k, v in counts.items()), file=sys.stderr)
    with KnowledgeBase(db, readonly=True) as kb:
        top = [r[0] for r in kb.conn.execute(
            "SELECT actor FROM event_actors WHERE role = 'source' GROUP BY actor ORDER BY count(*) DESC LIMIT 12")]
        person = kb.conn.execute("SELECT name FROM entities WHERE type = 'PER' ORDER BY id LIMIT 1").fetchone()[0]
        a, b = top[0], top[1]
        n_dyad = kb.conn.execute("SELECT count(*) FROM event_actors WHERE actor = ? AND partner = ?",
                                 (a, b)).fetchone()[0]
        n_actor = kb.conn.execute("SELECT count(*) FROM event_actors WHERE actor = ?", (a,)).fetchone()[0]
        cases: list[tuple[str, Callable[[], object], float]] = [
            ("timeline (first 100)", lambda: query.timeline(kb, limit=100), 100),
            ("timeline --from 2015 --to 2016-06", lambda: query.timeline(kb, date_from="2015", date_to="2016-06"), 100),
            ("timeline --type AID,CONSULT --from 2010",
             lambda: query.timeline(kb, types=["AID", "CONSULT"], date_from="2010"), 100),
            ("timeline --status denied", lambda: query.timeline(kb, statuses=["denied"]), 100),
            (f"timeline --actor {a}", lambda: query.timeline(kb, actor=a), 100),
            (f"timeline --actor {top[10]} --type SANCTION --status asserted",
             lambda: query.timeline(kb, actor=top[10], types=["SANCTION"], statuses=["asserted"]), 100),
            (f"timeline --actor {a} --type PROTEST --status hypothetical (rare)",
             lambda: query.timeline(kb, actor=a, types=["PROTEST"], statuses=["hypothetical"]), 100),
            ("timeline --type PROTEST,CONCEDE --status hypothetical",
             lambda: query.timeline(kb, types=["PROTEST", "CONCEDE"], statuses=["hypothetical"]), 100),
            (f"timeline --actor '{person}'", lambda: query.timeline(kb, actor=person), 100),
            (f"timeline --dyad {a}-{b}", lambda: query.timeline(kb, dyad=f"{a}-{b}"), 100),
            (f"timeline --dyad {a}-{b} --from 2020 --type CONSULT",
             lambda: query.timeline(kb, dyad=f"{a}-{b}", date_from="2020", types=["CONSULT"]), 100),
            (f"timeline --dyad {a}-{b} --type ASSAULT --status denied",
             lambda: query.timeline(kb, dyad=f"{a}-{b}", types=["ASSAULT"], statuses=["denied"]), 100),
            (f"dyad {a} {b} --by year", lambda: query.dyad_index(kb, a, b, by="year"), 100),
            (f"dyad {a} {b} --by year --status all", lambda: query.dyad_index(kb, a, b, statuses=["all"]), 100),
            (f"dyad {a} {b} --by quarter", lambda: query.dyad_index(kb, a, b, by="quarter"), 100),
            (f"dyad {a} {b} --by month", lambda: query.dyad_index(kb, a, b, by="month"), 100),
            (f"dyad {top[5]} {top[9]} --by month", lambda: query.dyad_index(kb, top[5], top[9], by="month"), 100),
            (f"actor {a} (profile)", lambda: query.actor_profile(kb, a), 0),
            (f"actor '{person}' (profile)", lambda: query.actor_profile(kb, person), 0),
            *[(f"search '{q}'{' --lang en' if lang else ''} ({matches(kb, q):,} sentences match)",
               lambda q=q, lang=lang: query.search(kb, q, lang=lang), 200)
              for q, lang in (("sanksi", None), ("rusia", None), ("korea utara", None), ("diplomats expelled", None),
                              ("semenanjung", None), ("antariksa", None), ("rusia", "en"))],
            ("actors (the list)", lambda: query.actor_list(kb), 0),
            (f"ask 'When did {names_of(kb, a)} visit {names_of(kb, b)} in 2010?'",
             lambda: query.ask(kb, f"When did {names_of(kb, a)} visit {names_of(kb, b)} in 2010?"), 0),
        ]
        n_events = kb.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        print(f"# {n_events:,} events; busiest actor {a}: {n_actor:,} rows; dyad {a}-{b}: {n_dyad:,} events")
        print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite "
              f"{sqlite3.sqlite_version}; median of {args.runs} runs after a warm-up; load average before: "
              f"{os.getloadavg()[0]:.2f}")
        print(f"{'query':70} {'median ms':>10} {'max ms':>8} {'target':>8}  ok")
        failed = False
        for name, fn, target in cases:
            med, worst = timed(fn, args.runs)
            ok = "—" if not target else ("yes" if med < target else "NO")
            failed |= ok == "NO"
            print(f"{name[:70]:70} {med:10.1f} {worst:8.1f} {('< ' + str(int(target))) if target else '':>8}  {ok}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
