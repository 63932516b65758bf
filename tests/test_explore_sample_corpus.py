"""The exploring commands end to end, on a knowledge base built from the sample corpus.

examples/corpus/ is built once for the module through `kronik build`; then every exploring
command (timeline, actors, actor, dyad, show, search, ask, export) runs through the command
line, and what a user would notice is checked: the right events, in date order, quoted from
the right document; filters that keep exactly what they say; evidence that is the documents'
own text; exports with the documented columns and as many rows as the knowledge base holds.

The facts come from reading the sample texts (Putin and Kim Jong Un sign the Comprehensive
Strategic Partnership treaty in Pyongyang on 19 June 2024, 03_kunjungan_putin_pyongyang.html;
only 08_korut_sanksi_pbb.md is English and about sanctions …). The event coder is still
changing, so the assertions say "some AGREE event between Russia and North Korea dated
2024-06-19 quotes 03_…", never exact totals or event ids; what a filter should keep is worked
out from the unfiltered timeline, not written down.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from kronik.cli import main

from .test_cli_explore import rows as plain_rows  # the rows of the first plain table of an output

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
DOCS = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
PYONGYANG = "03_kunjungan_putin_pyongyang.html"
SANCTIONS_EN = "08_korut_sanksi_pbb.md"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir() or not any(CORPUS.iterdir()),
                                reason=f"the sample corpus is not there ({CORPUS}): nothing to build")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample corpus built once, by the command a user types."""
    path = tmp_path_factory.mktemp("sample_kb") / "kronik.db"
    result = CliRunner().invoke(main, ["build", str(CORPUS), "--db", str(path), "--no-progress"])
    assert result.exit_code == 0, result.output + result.stderr
    n_files = sum(1 for p in CORPUS.iterdir() if p.is_file())
    assert f"{n_files} found, {n_files} added" in result.stdout and "0 failed" in result.stdout, result.stdout
    return str(path)


def run(db: str, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(main, [*args, "--db", db])
    said = result.output + result.stderr
    assert result.exit_code == code, f"kronik {' '.join(args)}: exit {result.exit_code}\n{said}"
    return result


def as_json(db: str, *args: str) -> list[dict]:
    out = json.loads(run(db, *args, "--format", "json").stdout)
    assert isinstance(out, list)
    return out


def sql(db: str, query: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute(query, params).fetchall()


@pytest.fixture(scope="module")
def texts(db: str) -> dict[str, str]:
    """Each document's text as the knowledge base holds it (offsets point into it), by name."""
    out: dict[str, str] = {}
    for name, text in sql(db, "SELECT d.name, t.text FROM documents d JOIN document_text t ON t.doc_id = d.id "
                              "ORDER BY d.id, t.section"):
        out[name] = out.get(name, "") + text
    return out


@pytest.fixture(scope="module")
def everything(db: str) -> list[dict]:
    """The whole timeline, unfiltered."""
    events = as_json(db, "timeline", "--limit", "0")
    assert len(events) == sql(db, "SELECT count(*) FROM events")[0][0] > 20
    return events


def between(e: dict, a: str, b: str) -> bool:
    return {e["source"], e["target"]} == {a, b}


def day_range(date: str) -> tuple[str, str]:
    """The first and last day an ISO prefix may mean ('2024' → 2024-01-01 … 2024-12-31, '202X' a decade)."""
    assert re.fullmatch(r"\d[\dX]{1,3}(-\d\d(-\d\d)?)?", date), date
    return (date.replace("X", "0") + "0000-01-01"[len(date):],
            date.replace("X", "9") + "9999-12-31"[len(date):])


def overlaps(date: str | None, date_from: str | None, date_to: str | None) -> bool:
    """docs/cli.md: a range keeps the events whose date, at its own precision, overlaps it; no date, no."""
    if date is None:
        return False
    first, last = day_range(date)
    return (not date_from or last >= day_range(date_from)[0]) and (not date_to or first <= day_range(date_to)[1])


def in_date_order(events: list[dict]) -> bool:
    """Dated events by date then id, the undated last (by id)."""
    keys = [(e["date"] is None, e["date"] or "", e["id"]) for e in events]
    return keys == sorted(keys)


# -- timeline -------------------------------------------------------------------------------

def test_timeline_of_russia_and_north_korea_since_2024_has_the_pyongyang_treaty(db: str, texts: dict) -> None:
    events = as_json(db, "timeline", "--dyad", "RUS-PRK", "--from", "2024", "--limit", "0")
    assert events and all(between(e, "RUS", "PRK") for e in events)
    assert all(e["date"] and overlaps(e["date"], "2024", None) for e in events)
    assert in_date_order(events)
    # 19 June 2024: Putin and Kim Jong Un sign the Comprehensive Strategic Partnership treaty in Pyongyang.
    treaty = [e for e in events if e["type"] in ("AGREE", "CONSULT") and e["date"] == "2024-06-19"
              and e["quote"] and e["quote"]["document"] == PYONGYANG]
    assert treaty, [(e["date"], e["type"], e["quote"]["document"]) for e in events]
    for e in treaty:
        q = e["quote"]
        assert texts[PYONGYANG][q["start"]:q["end"]] == q["text"]
    signed = [e for e in treaty if e["type"] == "AGREE"]
    assert any("Vladimir Putin" in e["actors"] and "Kim Jong Un" in e["actors"] for e in signed), signed
    assert any("Perjanjian Kemitraan Strategis Komprehensif" in q["sentence_text"] for e in signed
               for q in as_json(db, "show", str(e["id"]))[0]["evidence"])
    # Putin's state visit itself (he landed in the small hours of 19 June).
    assert any(e["type"] == "CONSULT" and e["date"].startswith("2024-06") and "Vladimir Putin" in e["actors"]
               for e in events)


def test_timeline_table_renders(db: str) -> None:
    out = run(db, "timeline", "--dyad", "RUS-PRK", "--from", "2024").stdout
    assert out.splitlines()[0].split() == ["id", "date", "event", "actors", "status", "docs", "evidence"]
    table = plain_rows(out)
    assert table and [r[1] for r in table] == sorted(r[1] for r in table)
    treaty = [r for r in table if r[1] == "2024-06-19" and r[2].startswith("AGREE")]
    assert treaty and "↔" in treaty[0][3] and "Vladimir Putin" in treaty[0][3]
    assert treaty[0][-1].startswith("“") and treaty[0][-1].endswith(f"” — {PYONGYANG}")


FILTERS: list[tuple[list[str], Callable[[dict], bool]]] = [
    (["--actor", "PRK"], lambda e: "PRK" in (e["source"], e["target"])),
    (["--actor", "Korea Utara"], lambda e: "PRK" in (e["source"], e["target"])),  # a name the texts use
    (["--actor", "Moskow"], lambda e: "RUS" in (e["source"], e["target"])),  # the capital stands for the state
    (["--actor", "Putin"], lambda e: "Vladimir Putin" in e["actors"]),  # a person's events name them
    (["--dyad", "USA-CHN"], lambda e: between(e, "USA", "CHN")),
    (["--type", "CONSULT,AGREE"], lambda e: e["type"] in ("CONSULT", "AGREE")),
    (["--type", "REJECT"], lambda e: e["type"] == "REJECT"),
    (["--status", "asserted"], lambda e: e["status"] == "asserted"),
    (["--status", "planned,alleged,hypothetical"], lambda e: e["status"] in ("planned", "alleged", "hypothetical")),
    (["--from", "2022"], lambda e: overlaps(e["date"], "2022", None)),
    (["--to", "2019-07"], lambda e: overlaps(e["date"], None, "2019-07")),
    (["--from", "2023-09-13", "--to", "2024-04"], lambda e: overlaps(e["date"], "2023-09-13", "2024-04")),
    (["--actor", "RUS", "--type", "CONSULT,AGREE", "--status", "asserted", "--from", "2020"],
     lambda e: "RUS" in (e["source"], e["target"]) and e["type"] in ("CONSULT", "AGREE")
     and e["status"] == "asserted" and overlaps(e["date"], "2020", None)),
]


@pytest.mark.parametrize(("args", "keeps"), FILTERS, ids=[" ".join(a) for a, _ in FILTERS])
def test_timeline_filters_keep_exactly_what_they_say(db: str, everything: list[dict], args: list[str],
                                                     keeps: Callable[[dict], bool]) -> None:
    got = as_json(db, "timeline", *args, "--limit", "0")
    wrong = [(e["id"], e["date"], e["type"], e["source"], e["target"], e["status"]) for e in got if not keeps(e)]
    assert not wrong, f"rows that do not satisfy {args}: {wrong}"
    expected = [e["id"] for e in everything if keeps(e)]
    assert sorted(e["id"] for e in got) == sorted(expected), "the filter lost events that satisfy it"
    assert got and len(got) < len(everything), "the filter keeps nothing, or everything"
    assert in_date_order(got)


def test_timeline_is_in_date_order_and_limit_takes_the_first(db: str, everything: list[dict]) -> None:
    assert in_date_order(everything)
    dated = [e for e in everything if e["date"]]
    assert dated and everything[: len(dated)] == dated  # the undated come last
    result = run(db, "timeline", "--limit", "5", "--format", "json")
    assert [e["id"] for e in json.loads(result.stdout)] == [e["id"] for e in everything[:5]]
    assert "showing the first 5 events" in result.stderr


def test_timeline_csv_has_the_documented_columns(db: str, everything: list[dict], texts: dict) -> None:
    documented = re.search(r"CSV columns: (`[^.]*`)", section("kronik timeline")).group(1)
    columns = re.findall(r"[a-z_]+", documented)
    rows = list(csv.DictReader(io.StringIO(run(db, "timeline", "--limit", "0", "--format", "csv").stdout)))
    assert rows and list(rows[0]) == columns
    assert [int(r["event_id"]) for r in rows] == [e["id"] for e in everything]
    for r in rows:
        assert texts[r["document"]][int(r["start"]):int(r["end"])] == r["evidence"]


# -- actors and one actor -----------------------------------------------------------------------

def test_actors_lists_the_states_and_people_of_the_texts(db: str, everything: list[dict]) -> None:
    actors = as_json(db, "actors")
    by_name = {a["name"]: a for a in actors}
    for name, code, kind in (("Russia", "RUS", "GPE"), ("North Korea", "PRK", "GPE"),
                             ("Vladimir Putin", "RUS", "PER"), ("Kim Jong Un", "PRK", "PER")):
        assert name in by_name, sorted(by_name)
        a = by_name[name]
        assert (a["code"], a["type"]) == (code, kind) and a["mentions"] > 0 and a["events"] > 0, a
    # The most active first, and the event counts are the timeline's.
    assert [a["events"] for a in actors] == sorted((a["events"] for a in actors), reverse=True)
    assert by_name["Russia"]["events"] == sum("RUS" in (e["source"], e["target"]) for e in everything)
    assert by_name["Vladimir Putin"]["events"] == sum("Vladimir Putin" in e["actors"] for e in everything)


def test_actors_of_one_type(db: str) -> None:
    everyone = as_json(db, "actors")
    people = as_json(db, "actors", "--type", "PER")
    assert people and all(a["type"] == "PER" for a in people)
    assert {"Vladimir Putin", "Kim Jong Un", "Joe Biden", "Xi Jinping"} <= {a["name"] for a in people}
    assert len(people) == sum(a["type"] == "PER" for a in everyone) < len(everyone)
    states = as_json(db, "actors", "--type", "GPE,ORG")
    assert states and {a["type"] for a in states} <= {"GPE", "ORG"} and "Russia" in {a["name"] for a in states}


def test_actors_table_renders(db: str) -> None:
    out = run(db, "actors", "--type", "GPE").stdout
    assert out.splitlines()[0].split() == ["code", "name", "type", "mentions", "events"]
    rows = plain_rows(out)
    assert ["RUS", "Russia", "GPE"] in [r[:3] for r in rows] and all(r[2] == "GPE" for r in rows)


def test_actor_profile_of_putin(db: str, texts: dict, everything: list[dict]) -> None:
    [p] = as_json(db, "actor", "Putin")
    assert (p["actor"]["name"], p["actor"]["kind"], p["actor"]["code"]) == ("Vladimir Putin", "person", "RUS")
    corpus = "\n".join(texts.values())
    assert p["aliases"] and all(a["text"] in corpus and a["mentions"] > 0 for a in p["aliases"]), p["aliases"]
    assert {"Putin", "Vladimir Putin"} & {a["text"] for a in p["aliases"]}
    assert sum(a["mentions"] for a in p["aliases"]) == p["mentions"] > 0
    # Events by type over the years: some in 2024, and as many as the timeline of Putin has.
    assert p["by_year"] and all(y["types"] and sum(y["types"].values()) == y["total"] for y in p["by_year"])
    assert "2024" in {y["period"] for y in p["by_year"]}
    assert sum(y["total"] for y in p["by_year"]) == p["events"] == len(as_json(db, "timeline", "--actor", "Putin",
                                                                              "--limit", "0"))
    assert p["partners"] and p["partners"][0]["code"] == "PRK" and p["partners"][0]["name"] == "North Korea"
    assert p["first"] <= "2024-06-19" <= p["last"]


def test_actor_profile_of_a_state_by_its_indonesian_name(db: str) -> None:
    [p] = as_json(db, "actor", "Korea Utara")
    assert (p["actor"]["name"], p["actor"]["code"]) == ("North Korea", "PRK")
    assert {"Korea Utara", "Pyongyang"} <= {a["text"] for a in p["aliases"]}
    assert "Kim Jong Un" in [x["name"] for x in p["people"]]
    assert "RUS" in [x["code"] for x in p["partners"]]


def test_actor_table_renders_and_an_unknown_actor_is_exit_2(db: str) -> None:
    out = run(db, "actor", "Putin").stdout
    assert out.startswith("Vladimir Putin (person, acts for RUS)\n")
    for title in ("## Aliases", "## Events by year", "## Main partners"):
        assert title in out
    assert "North Korea" in out.split("## Main partners")[1]
    result = run(db, "actor", "Obama", code=2)
    assert "Obama" in result.stderr and len(result.stderr.strip().splitlines()) == 1


# -- dyad ---------------------------------------------------------------------------------

def test_dyad_index_by_year(db: str, everything: list[dict]) -> None:
    periods = as_json(db, "dyad", "RUS", "PRK", "--by", "year")
    years = [p["period"] for p in periods]
    assert years == [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]  # every year, empty ones too
    y2024 = next(p for p in periods if p["period"] == "2024")
    assert y2024["n"] > 0 and y2024["verbal-coop"] + y2024["material-coop"] > 0 and y2024["sum_intensity"] > 0
    for p in periods:
        assert p["n"] == sum(p[q] for q in ("verbal-coop", "material-coop", "verbal-conflict", "material-conflict"))
    for prev, cur in itertools.pairwise(periods):
        assert cur["change"] == pytest.approx(cur["sum_intensity"] - prev["sum_intensity"], abs=1e-3)
    # The periods count the asserted events between the two that are dated to a year at least.
    asserted = [e for e in everything if between(e, "RUS", "PRK") and e["status"] == "asserted" and e["date"]
                and e["date"][:4].isdigit()]
    assert sum(p["n"] for p in periods) == len(asserted)
    assert y2024["n"] == sum(e["date"].startswith("2024") for e in asserted)


def test_dyad_turning_points_are_events_that_show_finds(db: str) -> None:
    periods = as_json(db, "dyad", "RUS", "PRK", "--by", "year")
    turning = sorted((p for p in periods if p["turning"]), key=lambda p: p["turning"])
    assert turning and all(p["drivers"] for p in turning)
    for p in turning:
        for e in p["drivers"]:
            [shown] = as_json(db, "show", str(e["id"]))
            assert (shown["id"], shown["type"], shown["date"]) == (e["id"], e["type"], e["date"])
            assert between(shown, "RUS", "PRK") and shown["status"] == "asserted"
            assert (e["date"] or "").startswith(p["drivers_from"])
            # The drivers pull the way the index moved (or, for a fall-off, are what stopped).
            rising = p["change"] > 0
            assert (e["intensity"] > 0) == (rising if p["drivers_from"] == p["period"] else not rising)


def test_dyad_table_renders(db: str) -> None:
    out = run(db, "dyad", "RUS", "PRK", "--by", "year").stdout
    assert out.startswith("Russia ↔ North Korea, by year (asserted events)\n")
    assert "2024" in [r[0] for r in plain_rows(out)]
    assert "## Turning point 1:" in out


# -- show ---------------------------------------------------------------------------------

def test_show_quotes_the_documents_own_text_with_the_rule(db: str, texts: dict, everything: list[dict]) -> None:
    rule = re.compile(r"^(id|en)\.\S+$")  # the language of the rules that coded it, then the rule
    for event in everything:
        [e] = as_json(db, "show", str(event["id"]))
        assert e["id"] == event["id"] and e["evidence"], e
        assert len(e["evidence"]) == e["n_evidence"] and len({q["document"] for q in e["evidence"]}) == e["n_documents"]
        for q in e["evidence"]:
            assert texts[q["document"]][q["start"]:q["end"]] == q["text"], (e["id"], q)
            assert q["text"] in q["sentence_text"] and q["sentence_text"] in texts[q["document"]]
            assert rule.match(q["rule"]), q["rule"]


def test_show_of_the_treaty(db: str) -> None:
    treaties = [e for e in as_json(db, "timeline", "--dyad", "RUS-PRK", "--type", "AGREE", "--from", "2024-06-19",
                                   "--to", "2024-06-19") if e["date"] == "2024-06-19"]
    assert treaties
    treaty = treaties[0]
    [e] = as_json(db, "show", str(treaty["id"]))
    assert (e["type"], e["date"], e["status"]) == ("AGREE", "2024-06-19", "asserted")
    assert PYONGYANG in {q["document"] for q in e["evidence"]}
    out = run(db, "show", str(treaty["id"])).stdout
    assert out.startswith(f"Event {treaty['id']}: AGREE") and "## Evidence" in out
    pieces, documents = len(e["evidence"]), len({q["document"] for q in e["evidence"]})
    assert (f"{pieces} piece{'s' if pieces > 1 else ''} of evidence in "
            f"{documents} document{'s' if documents > 1 else ''}\n") in out
    assert e["evidence"][0]["rule"] in out and PYONGYANG in out
    rows = list(csv.DictReader(io.StringIO(run(db, "show", str(treaty["id"]), "--format", "csv").stdout)))
    assert [r["rule"] for r in rows] == [q["rule"] for q in e["evidence"]]
    assert "no event 999999" in run(db, "show", "999999", code=2).stderr


# -- search ---------------------------------------------------------------------------------

def check_hits(hits: list[dict], texts: dict) -> None:
    """Ranked best first, each the documents' own text, with what matched marked «like this»."""
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert [h["score"] for h in hits] == sorted(h["score"] for h in hits)  # BM25: lower is better
    for h in hits:
        assert texts[h["document"]][h["start"]:h["end"]] == h["text"]
        assert h["matched"] and all(f"«{w}»" in h["snippet"] for w in h["matched"]), h["snippet"]


@pytest.mark.parametrize("word", ["sanksi", "menyanksi", "disanksi"])
def test_search_meets_every_form_of_sanksi(db: str, texts: dict, word: str) -> None:
    hits = as_json(db, "search", word, "--limit", "0")
    check_hits(hits, texts)
    assert hits and all(h["lang"] == "id" for h in hits)
    assert all(any(w.lower().endswith("sanksi") for w in h["matched"]) for h in hits)
    # Every Indonesian sentence that says 'sanksi' is found, and the same ones for each form.
    said = {(d, s) for d, s in sql(db, "SELECT d.name, s.idx FROM sentences s JOIN documents d ON d.id = s.doc_id "
                                       "WHERE d.lang = 'id' AND lower(s.text) LIKE '%sanksi%'")}
    assert len(said) >= 3 and {(h["document"], h["sentence"]) for h in hits} == said


def test_search_all_words_and_any_word(db: str, texts: dict) -> None:
    both = as_json(db, "search", "sanksi PBB")
    check_hits(both, texts)
    assert both and all({"sanksi", "pbb"} <= {w.lower() for w in h["matched"]} for h in both)
    either = as_json(db, "search", "sanksi PBB", "--any", "--limit", "0")
    assert len(either) > len(both) and either[0]["sentence_id"] == both[0]["sentence_id"]


def test_search_in_english_finds_the_english_documents(db: str, texts: dict) -> None:
    hits = as_json(db, "search", "sanctions", "--limit", "0")
    check_hits(hits, texts)
    assert hits and all(h["lang"] == "en" for h in hits) and SANCTIONS_EN in {h["document"] for h in hits}
    assert as_json(db, "search", "sanctions", "--lang", "id") == []
    assert as_json(db, "search", "sanksi", "--lang", "en") == []
    assert len(as_json(db, "search", "sanctions", "--lang", "en", "--limit", "0")) == len(hits)


@pytest.mark.parametrize(("one", "other"), [("missile", "missiles"), ("vote", "voted"), ("visit", "visited")])
def test_search_meets_english_inflections(db: str, texts: dict, one: str, other: str) -> None:
    # 'Missiles over Japan' and 'an intercontinental ballistic missile' are both found by either word.
    a, b = (as_json(db, "search", w, "--limit", "0") for w in (one, other))
    check_hits(a, texts)
    assert a and {h["sentence_id"] for h in a} == {h["sentence_id"] for h in b}
    assert other in {w.lower() for h in a for w in h["matched"]}  # the base form finds the inflected one


def test_search_table_renders(db: str) -> None:
    out = run(db, "search", "sanksi").stdout
    assert out.splitlines()[0].split() == ["#", "document", "sentence", "text"]
    rows = plain_rows(out)
    assert rows and [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    assert all("«sanksi»" in r[-1].lower() for r in rows)
    assert "No sentences match." in run(db, "search", "Obama").stdout


# -- ask ------------------------------------------------------------------------------------

def test_ask_answers_with_its_source(db: str) -> None:
    [a] = as_json(db, "ask", "Kapan Putin dan Kim Jong Un menandatangani Perjanjian Kemitraan Strategis "
                             "Komprehensif?")
    assert a["answered"] and a["lang"] == "id" and "2024-06-19" in a["dates"], a["answer"]
    assert any(e["quote"]["document"] == PYONGYANG for e in a["events"])
    out = run(db, "ask", "When did Obama visit Pyongyang?").stdout
    assert "no answer" in out and "Obama" in out


# -- export ---------------------------------------------------------------------------------

def section(heading: str) -> str:
    """The text of docs/cli.md under '## heading', up to the next '## '."""
    m = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", DOCS, re.M | re.S)
    assert m, f"docs/cli.md has no section {heading}"
    return m.group(1)


def documented_columns(what: str) -> list[str]:
    """The export columns docs/cli.md lists for events, actors or graph edges, in its order."""
    text = section("Export columns")
    if what == "actors":
        para = re.search(r"\*\*Actors\*\*.*?(?=\n\n)", text, re.S).group(0)
        return [c for c in re.findall(r"`([^`]+)`", para) if re.fullmatch(r"[a-z_]+", c)]
    start = text.index("**Events** (" if what == "events" else "**Actor graph**")
    table = text[start:].split("\n\n")[1]
    return [c for line in table.splitlines()[2:] for c in re.findall(r"`([a-z_]+)`", line.split("|")[1])]


def n_edges(db: str) -> int:
    """Pairs of codes with asserted events between them (the actor graph's edges), from the events table."""
    return sql(db, "SELECT count(*) FROM (SELECT DISTINCT min(source, target), max(source, target) FROM events "
                   "WHERE source IS NOT NULL AND target IS NOT NULL AND source != target "
                   "AND status = 'asserted')")[0][0]


def export(db: str, path: Path, fmt: str, what: str) -> str:
    result = run(db, "export", "--format", fmt, "--what", what, "-o", str(path))
    assert path.is_file() and path.stat().st_size > 0
    return result.stdout + result.stderr


@pytest.mark.parametrize("what", ["events", "actors", "graph"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_writes_the_documented_columns_and_every_row(db: str, tmp_path: Path, fmt: str, what: str) -> None:
    path = tmp_path / f"{what}.{fmt}"
    said = export(db, path, fmt, what)
    columns = documented_columns(what)
    if fmt == "csv":
        rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
        assert list(rows[0]) == [c for c in columns if c != "conflicts"]  # conflicts: parquet only
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        if what == "events":  # the rules and documents are in each piece of evidence
            assert set(rows[0]) == {*columns, "evidence"} - {"rules", "document"}
            assert all(set(q) == {"document", "sentence", "start", "end", "status", "date", "rule"}
                       for r in rows for q in r["evidence"])
        else:
            assert set(rows[0]) == set(columns)
    else:
        table = pq.read_table(path)
        assert table.column_names == columns
        rows = table.to_pylist()
    expected = {"events": sql(db, "SELECT count(*) FROM events")[0][0], "actors": len(as_json(db, "actors")),
                "graph": n_edges(db)}[what]
    assert len(rows) == expected > 0
    assert f"wrote {expected} {'edges' if what == 'graph' else what} to" in said


def test_exported_events_agree_with_the_timeline(db: str, tmp_path: Path, everything: list[dict],
                                                 texts: dict) -> None:
    export(db, tmp_path / "e.jsonl", "jsonl", "events")
    exported = {e["event_id"]: e for e in map(json.loads, (tmp_path / "e.jsonl").read_text("utf-8").splitlines())}
    assert set(exported) == {e["id"] for e in everything}
    for e in everything:
        x = exported[e["id"]]
        assert (x["date"], x["type"], x["source"], x["target"], x["status"]) == (
            e["date"], e["type"], e["source"], e["target"], e["status"])
        assert len(x["evidence"]) == x["n_evidence"]
        assert all(texts[q["document"]][q["start"]:q["end"]] == q["sentence"] for q in x["evidence"])


def test_export_graph_edges_agree_with_the_dyad(db: str, tmp_path: Path, everything: list[dict]) -> None:
    export(db, tmp_path / "g.csv", "csv", "graph")
    edges = {(r["source"], r["target"]): r for r in csv.DictReader((tmp_path / "g.csv").open(encoding="utf-8"))}
    edge = edges[("PRK", "RUS")]  # codes in alphabetical order
    asserted = [e for e in everything if between(e, "RUS", "PRK") and e["status"] == "asserted"]
    assert int(edge["events"]) == len(asserted) == int(edge["a_to_b"]) + int(edge["b_to_a"])
    assert int(edge["a_to_b"]) == sum(e["source"] == "PRK" for e in asserted)


def test_export_graphml(db: str, tmp_path: Path) -> None:
    path = tmp_path / "actors.graphml"
    said = export(db, path, "graphml", "graph")
    g = nx.read_graphml(path)
    assert not g.is_directed() and g.number_of_edges() == n_edges(db)
    assert f"wrote {g.number_of_nodes()} actors (graph nodes)" in said
    assert {"RUS", "PRK", "USA", "CHN"} <= set(g.nodes)
    assert g.nodes["RUS"]["name"] == "Russia" and g.nodes["RUS"]["mentions"] > 0 and g.nodes["RUS"]["events"] > 0
    edge = g.edges["PRK", "RUS"]
    node_columns = {"name", "type", "mentions", "events"}
    assert node_columns <= set(g.nodes["PRK"]) and set(edge) == set(documented_columns("graph")) - {"source", "target"}
