"""kronik.query and kronik.actors over the exploring tests' knowledge base (tests/data/explore_kb.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kronik import query
from kronik.query import QueryError
from kronik.store import KnowledgeBase

from . import explore_kb


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    with KnowledgeBase(explore_kb.kb_path(tmp_path_factory), readonly=True) as kb:
        yield kb


def dates(events: list[query.EventRow]) -> list[str | None]:
    return [e.date for e in events]


def sort_key(date: str | None) -> tuple[bool, str]:
    return (date is None, date or "")


# -- timeline -------------------------------------------------------------------------------

def test_timeline_is_in_date_order_with_undated_events_last(kb: KnowledgeBase) -> None:
    events = query.timeline(kb, limit=0)
    assert len(events) == kb.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert dates(events) == sorted(dates(events), key=sort_key)
    assert events[0].date == "1961" and events[0].type == "AGREE" and events[0].source == "SUN"
    assert events[-1].date is None
    # Dates sort as text: a decade ('200X') after the days of its years, before the next decade.
    order = dates(events)
    assert order[:3] == ["1961", "2000", "2006-10-09"]
    assert order.index("2006-10-14") < order.index("200X") < order.index("2012")
    assert all(e.quote is not None and e.quote.text for e in events)


def test_timeline_limit(kb: KnowledgeBase) -> None:
    assert dates(query.timeline(kb, limit=3)) == ["1961", "2000", "2006-10-09"]


def test_timeline_of_an_actor_is_the_same_whatever_it_is_called(kb: KnowledgeBase) -> None:
    by_code = [e.id for e in query.timeline(kb, actor="RUS", limit=0)]
    assert by_code == [e.id for e in query.timeline(kb, actor="Russia", limit=0)]
    assert by_code == [e.id for e in query.timeline(kb, actor="rusia", limit=0)]
    assert by_code == [e.id for e in query.timeline(kb, actor="Moskow", limit=0)]
    assert by_code == [e.id for e in query.timeline(kb, actor="Moscow", limit=0)]
    every = query.timeline(kb, limit=0)
    assert by_code == [e.id for e in every if "RUS" in (e.source, e.target)]


def test_timeline_of_a_person_holds_the_events_that_name_them(kb: KnowledgeBase) -> None:
    events = query.timeline(kb, actor="Putin")
    assert dates(events) == ["2000", "2019-04", "2023-09", "2024-06-18", "2024-06-19"]
    assert all("Vladimir Putin" in e.actors for e in events)
    assert [e.type for e in events] == ["CONSULT"] * 4 + ["AGREE"]
    assert dates(query.timeline(kb, actor="Sergei Shoigu")) == ["2023-07"]


def test_timeline_of_a_capital_is_its_state(kb: KnowledgeBase) -> None:
    assert [e.id for e in query.timeline(kb, actor="Pyongyang")] == [e.id for e in query.timeline(kb, actor="PRK")]


def test_dyad_timeline_both_ways_and_one_way(kb: KnowledgeBase) -> None:
    both = query.timeline(kb, dyad="RUS-PRK", limit=0)
    assert {(e.source, e.target) for e in both} == {("RUS", "PRK"), ("PRK", "RUS")}
    assert dates(both) == sorted(dates(both), key=sort_key)
    assert [e.id for e in both] == [e.id for e in query.timeline(kb, dyad="Korea Utara,Rusia", limit=0)]
    one_way = query.timeline(kb, dyad="RUS>PRK", limit=0)
    assert one_way and all((e.source, e.target) == ("RUS", "PRK") for e in one_way)
    assert {e.id for e in one_way} < {e.id for e in both}
    assert dates(query.timeline(kb, dyad=("Putin", "Kim Jong Un"), types=["AGREE"])) == ["2024-06-19"]


def test_timeline_filters(kb: KnowledgeBase) -> None:
    visits = query.timeline(kb, dyad="RUS-PRK", types=["CONSULT", "AGREE"], date_from="2019", date_to="2024-06")
    assert [(e.date, e.type) for e in visits] == [
        ("2019-04", "CONSULT"), ("2023-07", "CONSULT"), ("2023-09", "CONSULT"), ("2024-06-18", "CONSULT"),
        ("2024-06-19", "AGREE")]
    alleged = query.timeline(kb, statuses=["alleged"])
    assert [(e.type, e.date) for e in alleged] == [("AID", "2023"), ("COOPERATE", "2024-10")]
    assert {e.status for e in query.timeline(kb, statuses=["asserted", "planned"], limit=0)} == {"asserted", "planned"}
    assert query.timeline(kb, statuses=["all"], limit=0) == query.timeline(kb, limit=0)


def test_a_date_range_keeps_what_overlaps_it_at_its_own_precision(kb: KnowledgeBase) -> None:
    # February 2022 holds the events of a day, and those dated only to the month.
    feb = query.timeline(kb, date_from="2022-02", date_to="2022-02")
    assert sorted({e.date for e in feb}) == ["2022-02", "2022-02-24", "2022-02-28"]
    # An event dated only '2023' overlaps May-August 2023; a decade overlaps any year in it.
    assert dates(query.timeline(kb, date_from="2023-05", date_to="2023-08")) == ["2023", "2023-07"]
    assert "200X" in dates(query.timeline(kb, date_from="2005", date_to="2006"))
    assert "200X" in dates(query.timeline(kb, date_from="2001"))
    assert "200X" not in dates(query.timeline(kb, date_from="2010"))
    assert "200X" not in dates(query.timeline(kb, date_to="1999"))
    # With a range, undated events are left out.
    assert None not in dates(query.timeline(kb, date_from="1900", limit=0))
    assert dates(query.timeline(kb, date_to="2000")) == ["1961", "2000", "200X"]


def test_each_event_is_quoted_by_the_evidence_that_says_what_it_says(kb: KnowledgeBase) -> None:
    visit = next(e for e in query.timeline(kb, date_from="2024-06", date_to="2024-06") if e.type == "CONSULT")
    assert (visit.date, visit.n_documents, visit.n_evidence) == ("2024-06-18", 2, 2)
    assert visit.quote is not None
    assert visit.quote.document == "reuters_summit_2024.txt" and visit.quote.date == "2024-06-18"
    assert visit.quote.text.startswith("Russian President Vladimir Putin arrived in North Korea")
    text = kb.conn.execute("SELECT group_concat(text, '') FROM document_text WHERE doc_id = ?",
                           (visit.quote.doc_id,)).fetchone()[0]
    assert text[visit.quote.start : visit.quote.end] == visit.quote.text


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"actor": "Xi Jinping"}, "no actor called 'Xi Jinping'"),
    ({"actor": "Vladivostok"}, "is a place"),
    ({"dyad": "RUS"}, "not a dyad"),
    ({"types": ["VISIT"]}, "unknown event type VISIT"),
    ({"statuses": ["rumoured"]}, "unknown status rumoured"),
    ({"date_from": "June 2024"}, "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"date_to": "2024-13"}, "is not YYYY"),
    ({"date_from": "2024", "date_to": "2020"}, "is after"),
])
def test_timeline_says_what_is_wrong(kb: KnowledgeBase, kwargs: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        query.timeline(kb, **kwargs)


# -- one event ----------------------------------------------------------------------------------

def test_event_detail_holds_all_evidence_rules_and_conflicts(kb: KnowledgeBase) -> None:
    visit = query.timeline(kb, date_from="2024-06-18", date_to="2024-06-18")[0]
    d = query.event_detail(kb, visit.id)
    assert [(q.document, q.date, q.rule) for q in d.evidence] == [
        ("putin_pyongyang_2024.txt", "2024-06-19", "id.consult.visit.tiba"),
        ("reuters_summit_2024.txt", "2024-06-18", "en.consult.visit.arrive")]
    assert d.evidence[0].lang == "id" and d.evidence[1].lang == "en"
    assert d.sentences[d.evidence[0].evidence_id].startswith("Presiden Rusia Vladimir Putin tiba di Pyongyang")
    assert d.conflicts == ["date: 2024-06-18 in reuters_summit_2024.txt; 2024-06-19 in putin_pyongyang_2024.txt"]
    arms = query.timeline(kb, types=["AID"], statuses=["alleged"])[0]
    detail = query.event_detail(kb, arms.id)
    assert {q.status for q in detail.evidence} == {"asserted", "alleged"}
    assert detail.conflicts == ["status: alleged in reuters_summit_2024.txt; asserted in putin_pyongyang_2024.txt"]
    assert detail.to_dict()["evidence"][0]["rule"]
    with pytest.raises(QueryError, match="no event 9999"):
        query.event_detail(kb, 9999)


# -- actors -------------------------------------------------------------------------------------

def test_actor_list_groups_a_states_names_and_counts_people_apart(kb: KnowledgeBase) -> None:
    rows = {r.key: r for r in query.actor_list(kb)}
    # Russia, Rusia, Moskow, Moscow are all RUS; Putin's mentions are his own.
    rus_mentions = kb.conn.execute("SELECT count(*) FROM mentions WHERE entity_id = 'Q159'").fetchone()[0]
    assert (rows["RUS"].name, rows["RUS"].type, rows["RUS"].mentions) == ("Russia", "GPE", rus_mentions)
    assert rows["RUS"].events == len(query.timeline(kb, actor="RUS", limit=0))
    assert rows["Vladimir Putin"].code == "RUS" and rows["Vladimir Putin"].events == 5
    assert rows["UNSC"].name == "United Nations Security Council" and rows["UNSC"].type == "ORG"
    assert "entity:Q959" not in rows  # Vladivostok is a place
    ordered = query.actor_list(kb)
    assert [r.events for r in ordered] == sorted((r.events for r in ordered), reverse=True)
    assert {r.type for r in query.actor_list(kb, types=("PER",))} == {"PER"}
    assert [r.name for r in query.actor_list(kb, types=("LOC",))] == ["Vladivostok", "Vostochny Cosmodrome"]
    with pytest.raises(QueryError, match="unknown actor type"):
        query.actor_list(kb, types=("PEOPLE",))


def test_names_resolve_to_actors(kb: KnowledgeBase) -> None:
    conn = kb.conn
    assert query.resolve(conn, "Korea Utara").key == "PRK"
    assert query.resolve(conn, "PBB").key == "UN"  # an organisation's code from its name
    assert query.resolve(conn, "Security Council").key == "UNSC"  # the end of a longer name
    assert query.resolve(conn, "Shoigu").kind == "person"
    assert query.resolve(conn, "Brazil").key == "BRA"  # known to data/actor_codes.yaml, no mention
    assert query.lookup(conn, "as") == []  # a short word must match in case: 'as' is not 'AS'


def test_a_part_of_several_names_is_ambiguous(tmp_path: Path) -> None:
    with KnowledgeBase(tmp_path / "k.db") as kb:
        kb.conn.executemany("INSERT INTO entities (id, name, type, country) VALUES (?, ?, 'PER', 'PRK')",
                            [("a", "Kim Jong Un"), ("b", "Kim Jong Il")])
        for name in ("Kim", "Jong"):
            with pytest.raises(QueryError, match=r"may be Kim Jong (Un|Il), Kim Jong (Il|Un)"):
                query.resolve(kb.conn, name)
        assert query.resolve(kb.conn, "Jong Il").name == "Kim Jong Il"


def test_profile_of_a_person(kb: KnowledgeBase) -> None:
    p = query.actor_profile(kb, "Putin")
    assert (p.actor.name, p.actor.code, p.n_events, p.first, p.last) == ("Vladimir Putin", "RUS", 5, "2000",
                                                                          "2024-06-19")
    assert [(a["text"], a["mentions"]) for a in p.aliases][:2] == [("Putin", 6), ("Vladimir Putin", 3)]
    offices = {o.office: (o.first, o.last, o.mentions) for o in p.offices}
    # 'Presiden Rusia' in a 2000 passage and in the 2024 report: dated by their sentences.
    assert offices["Presiden Rusia"] == ("2000", "2024-06-19", 2)
    assert offices["Russian President"] == ("2024-06-18", "2024-06-18", 1)
    assert [(y["period"], y["types"]) for y in p.by_year] == [
        ("2000", {"CONSULT": 1}), ("2019", {"CONSULT": 1}), ("2023", {"CONSULT": 1}),
        ("2024", {"CONSULT": 1, "AGREE": 1})]
    assert [(x["code"], x["events"], x["verbal-coop"]) for x in p.partners] == [("PRK", 5, 5)]


def test_profile_of_a_state(kb: KnowledgeBase) -> None:
    p = query.actor_profile(kb, "Rusia")
    assert p.actor.key == "RUS" and p.offices == []
    assert {a["text"] for a in p.aliases} == {"Russia", "Rusia", "Moscow", "Moskow"}
    assert [x["name"] for x in p.people] == ["Vladimir Putin", "Sergei Shoigu"]
    assert p.partners[0]["code"] == "PRK" and p.partners[0]["events"] == 12
    usa = next(x for x in p.partners if x["code"] == "USA")
    assert (usa["verbal-conflict"], usa["material-conflict"], usa["mean_intensity"]) == (2, 1, pytest.approx(-3.833))
    assert sum(y["total"] for y in p.by_year) == p.n_events == sum(p.statuses.values())
    assert p.by_year[-1]["period"] == "undated"
    with pytest.raises(QueryError, match="is a place"):
        query.actor_profile(kb, "Vladivostok")


# -- the relationship index --------------------------------------------------------------------

def test_dyad_index_by_year(kb: KnowledgeBase) -> None:
    d = query.dyad_index(kb, "RUS", "PRK")
    periods = {p.period: p for p in d.periods}
    assert [p.period for p in d.periods] == [str(y) for y in range(2000, 2025)]  # empty years listed too
    assert periods["2001"].n == 0 and periods["2001"].mean_intensity is None
    # 2023: two asserted visits (3.0 each); the alleged arms supply is not counted by default.
    p23 = periods["2023"]
    assert (p23.n, p23.counts["verbal-coop"], p23.counts["material-coop"], p23.sum_intensity) == (2, 2, 0, 6.0)
    assert p23.mean_intensity == 3.0
    p24 = periods["2024"]
    assert (p24.n, p24.sum_intensity, p24.change) == (2, 8.0, 2.0)  # a visit (3) and a treaty signed (5)
    assert d.unplaced == 1  # the sanctions of the 2000s ('200X')
    with_alleged = {p.period: p for p in query.dyad_index(kb, "RUS", "PRK", statuses=["asserted", "alleged"]).periods}
    assert with_alleged["2023"].n == 3 and with_alleged["2023"].counts["material-coop"] == 1


def test_turning_points_and_the_events_behind_them(kb: KnowledgeBase) -> None:
    d = query.dyad_index(kb, "RUS", "PRK", turning=3)
    turning = d.turning_points
    assert [p.turning for p in turning] == [1, 2, 3]
    changes = sorted((abs(p.change) for p in d.periods if p.change), reverse=True)
    assert [abs(p.change or 0) for p in turning] == changes[:3]
    first = turning[0]  # 2012: Moscow writes off the debt (+6.5); 2013: it is not repeated (-6.5)
    assert (first.period, first.change) == ("2012", 6.5)
    assert [(e.type, e.mode) for e in first.drivers] == [("AID", "debt")] and first.drivers_from == "2012"
    fall = next(p for p in turning if p.period == "2013")
    assert fall.change == -6.5 and fall.drivers_from == "2012" and fall.drivers[0].type == "AID"


def test_dyad_index_by_quarter_and_month(kb: KnowledgeBase) -> None:
    q = query.dyad_index(kb, "Rusia", "Korea Utara", by="quarter")
    assert q.periods[0].period == "2019-Q2" and q.periods[-1].period == "2024-Q2"
    assert {p.period: p.n for p in q.periods if p.n} == {"2019-Q2": 1, "2022-Q1": 1, "2023-Q3": 2, "2024-Q2": 2}
    assert q.unplaced == 3  # dated only to a year or a decade: 2000, 200X, 2012
    m = query.dyad_index(kb, "RUS-PRK", by="month", date_from="2023")
    assert {p.period: p.n for p in m.periods if p.n} == {"2023-07": 1, "2023-09": 1, "2024-06": 2}
    one_way = query.dyad_index(kb, "RUS>PRK")
    assert one_way.directed and sum(p.n for p in one_way.periods) == 5  # 2000, 2012, 2023-07, 2024 ×2
    with pytest.raises(QueryError, match="--by"):
        query.dyad_index(kb, "RUS", "PRK", by="week")


def test_dyad_without_events(kb: KnowledgeBase) -> None:
    d = query.dyad_index(kb, "JPN", "UKR")
    assert d.periods == [] and d.turning_points == [] and d.unplaced == 0


@pytest.mark.parametrize("types", [(), ("CONSULT",), ("AID", "SANCTION"), ("PROTEST",)])
@pytest.mark.parametrize("statuses", [(), ("asserted",), ("alleged", "planned")])
@pytest.mark.parametrize(("date_from", "date_to"), [(None, None), ("2006", "2023-07"), ("2022-02-25", None)])
def test_timeline_is_the_filtered_list_of_all_events(kb: KnowledgeBase, types: tuple, statuses: tuple,
                                                     date_from: str | None, date_to: str | None) -> None:
    """Whichever index the query reads, it returns what filtering every event would."""
    from kronik.stages.merge import dates_compatible

    def overlaps(d: str | None) -> bool:
        if d is None:
            return date_from is None and date_to is None
        lo, hi = d.replace("X", "0"), d.replace("X", "9") + "~"
        return (date_from is None or hi >= date_from or dates_compatible(d, date_from)) and (
            date_to is None or lo <= date_to + "~")

    every = query.timeline(kb, limit=0)
    expected = [e.id for e in every if (not types or e.type in types) and (not statuses or e.status in statuses)
                and overlaps(e.date)]
    got = query.timeline(kb, types=types, statuses=statuses, date_from=date_from, date_to=date_to, limit=0)
    assert [e.id for e in got] == expected
    for actor in ("RUS", "Putin"):
        of_actor = {e.id for e in query.timeline(kb, actor=actor, limit=0)}
        assert [e.id for e in query.timeline(kb, actor=actor, types=types, statuses=statuses, date_from=date_from,
                                             date_to=date_to, limit=0)] == [i for i in expected if i in of_actor]
