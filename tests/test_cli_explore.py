"""The exploring commands (kronik/cli_explore.py): what they print, in each format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kronik.cli import main
from kronik.render import Printer

from . import explore_kb


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(explore_kb.kb_path(tmp_path_factory))


def run(db: str, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(main, [*args, "--db", db])
    assert result.exit_code == code, result.output + result.stderr
    return result


def csv_rows(db: str, *args: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run(db, *args, "--format", "csv").stdout)))


def rows(text: str) -> list[list[str]]:
    """The rows of a plain table: the lines under the dashes, split on runs of two spaces."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if set(line.replace(" ", "")) == {"-"}) + 1
    out = []
    for line in lines[start:]:
        if not line.strip() or line.startswith("##"):
            break
        out.append([c.strip() for c in line.split("  ") if c.strip()])
    return out


def test_timeline_table(db: str) -> None:
    out = run(db, "timeline", "--dyad", "RUS-PRK", "--from", "2019", "--type", "CONSULT,AGREE").stdout
    table = rows(out)
    assert [(r[1], r[2]) for r in table] == [
        ("2019-04", "CONSULT/visit"), ("2023-07", "CONSULT/visit"), ("2023-09", "CONSULT/visit"),
        ("2024-06-18", "CONSULT/visit"), ("2024-06-19", "AGREE/sign")]
    assert table[1][3] == "RUS → PRK (Sergei Shoigu, Kim Jong Un)" and table[1][4] == "asserted"
    assert table[3][5] == "2"  # corroborated by two documents
    assert "“Pada Juli 2023, Menteri Pertahanan Rusia Sergei Shoigu" in table[1][6]
    assert "reuters_summit_2024.txt" in out


def test_timeline_limit_says_there_is_more(db: str) -> None:
    result = run(db, "timeline", "--limit", "2")
    assert [r[1] for r in rows(result.stdout)] == ["1961", "2000"]
    assert "showing the first 2 events" in result.stderr


def test_timeline_json_and_csv(db: str) -> None:
    events = json.loads(run(db, "timeline", "--actor", "Putin", "--format", "json").stdout)
    assert isinstance(events, list) and [e["date"] for e in events] == [
        "2000", "2019-04", "2023-09", "2024-06-18", "2024-06-19"]
    assert events[3]["quote"]["document"] == "reuters_summit_2024.txt" and events[3]["conflicts"]
    table = csv_rows(db, "timeline", "--actor", "Putin")
    assert [r["date"] for r in table] == [e["date"] for e in events]
    assert table[0]["actors"] == "Vladimir Putin; Kim Jong Il" and table[0]["document"] == "putin_pyongyang_2024.txt"
    assert int(table[0]["end"]) > int(table[0]["start"]) and table[0]["intensity"] == "3.0"


def test_actors(db: str) -> None:
    table = rows(run(db, "actors", "--type", "GPE,ORG").stdout)
    assert table[0][:3] == ["RUS", "Russia", "GPE"] and table[1][:3] == ["PRK", "North Korea", "GPE"]
    assert all(r[2] in ("GPE", "ORG") for r in table)
    people = json.loads(run(db, "actors", "--type", "PER", "--format", "json").stdout)
    assert {p["name"] for p in people} == {"Vladimir Putin", "Kim Jong Un", "Kim Jong Il", "Sergei Shoigu"}


def test_actor_profile(db: str) -> None:
    out = run(db, "actor", "Putin").stdout
    assert out.startswith("Vladimir Putin (person, acts for RUS)\n"
                          "12 mentions in 3 documents; 5 events, 2000 … 2024-06-19")
    assert ["Presiden Rusia", "2000", "2024-06-19", "2"] in rows(out[out.index("## Offices"):])
    assert ["PRK", "North Korea", "5", "5", "0", "0", "0", "3.40"] in rows(out[out.index("## Main partners"):])
    profile = json.loads(run(db, "actor", "Korea Utara", "--format", "json").stdout)
    assert len(profile) == 1 and profile[0]["actor"]["key"] == "PRK"
    table = csv_rows(db, "actor", "RUS")
    assert {"section": "person", "key": "Vladimir Putin", "label": "", "first": "", "last": "", "count": "12",
            "detail": "5 events"} in table
    assert {r["section"] for r in table} == {"alias", "person", "events", "partner"}


def test_dyad(db: str) -> None:
    out = run(db, "dyad", "RUS", "PRK", "--turning", "2").stdout
    assert out.startswith("Russia ↔ North Korea, by year (asserted events)")
    table = rows(out)
    assert table[0][:2] == ["2000", "1"] and table[-1][:2] == ["2024", "2"] and len(table) == 25
    assert "\n1 event has no date precise enough for a year and is not counted above." in out
    assert "## Turning point 1: 2012, +6.5 (from 0.0 to 6.5)" in out
    assert "## Turning point 2: 2013, -6.5 (from 6.5 to 0.0)" in out
    assert "nothing pulls that way in 2013: what stopped after 2012" in out
    periods = json.loads(run(db, "dyad", "Rusia", "Korea Utara", "--by", "quarter", "--format", "json").stdout)
    assert periods[0]["period"] == "2019-Q2" and periods[0]["verbal-coop"] == 1
    table = csv_rows(db, "dyad", "RUS", "PRK", "--status", "all")
    y23 = next(r for r in table if r["period"] == "2023")
    assert (y23["n"], y23["material-coop"], y23["sum_intensity"]) == ("3", "1", "14.0")


def test_show(db: str) -> None:
    visit = json.loads(run(db, "timeline", "--from", "2024-06-18", "--to", "2024-06-18", "--format", "json").stdout)[0]
    out = run(db, "show", str(visit["id"])).stdout
    assert out.startswith(f"Event {visit['id']}: CONSULT/visit (verbal-coop), RUS → PRK (Vladimir Putin, Kim Jong Un)")
    evidence = rows(out)
    assert [(r[0], r[2], r[5]) for r in evidence] == [
        ("putin_pyongyang_2024.txt", "0-130", "id.consult.visit.tiba"),
        ("reuters_summit_2024.txt", "0-102", "en.consult.visit.arrive")]
    assert "- date: 2024-06-18 in reuters_summit_2024.txt; 2024-06-19 in putin_pyongyang_2024.txt" in out
    detail = json.loads(run(db, "show", str(visit["id"]), "--format", "json").stdout)[0]
    assert [e["rule"] for e in detail["evidence"]] == ["id.consult.visit.tiba", "en.consult.visit.arrive"]
    table = csv_rows(db, "show", str(visit["id"]))
    assert [r["evidence_date"] for r in table] == ["2024-06-19", "2024-06-18"]
    assert "no event 999" in run(db, "show", "999", code=2).stderr


def test_search(db: str) -> None:
    out = run(db, "search", "disanksi").stdout
    assert "«disanksi»" in out and "«menyanksi»" in out and "«sanksi»" in out
    hits = json.loads(run(db, "search", "sanksi PBB", "--format", "json").stdout)
    assert [(h["rank"], h["document"], h["matched"]) for h in hits] == [
        (1, "hubungan_rusia_korut.txt", ["PBB", "sanksi"])]
    table = csv_rows(db, "search", "sanction")
    assert [r["document"] for r in table] == ["ukraine_war_2022.txt", "panel_veto_2024.txt"]
    assert run(db, "search", "zeppelin").stdout == "No sentences match.\n"


def test_search_table_does_not_cut_a_marked_word(tmp_path: Path) -> None:
    # A long sentence whose match is near its end: the snippet (cut around the match) must be
    # shown whole, not clipped again by the table so that '«sanksi»' becomes '«san…'.
    text = ("Pernyataan bersama para pemimpin itu menyebutkan bahwa sebagian besar anggota mengecam keras "
            "perang di Ukraina, sambil mencatat adanya pandangan dan penilaian lain tentang situasi "
            "tersebut dan tentang sanksi.\n")
    (tmp_path / "g20.txt").write_text(text, encoding="utf-8")
    kb = str(tmp_path / "kb.db")
    assert CliRunner().invoke(main, ["build", str(tmp_path / "g20.txt"), "--db", kb, "--no-progress"]).exit_code == 0
    out = run(kb, "search", "sanksi").stdout
    assert "«sanksi»" in out, out


def test_a_negative_limit_is_a_usage_error(db: str) -> None:
    # it printed 'kronik: showing the first -1 events' (timeline) and 'No sentences match.' (search)
    assert "-1" in run(db, "timeline", "--limit", "-1", code=2).stderr
    assert "-5" in run(db, "search", "sanksi", "--limit", "-5", code=2).stderr
    assert len(json.loads(run(db, "search", "sanksi", "--limit", "0", "--format", "json").stdout)) > 1


def test_ask(db: str) -> None:
    out = run(db, "ask", "Kapan Putin mengunjungi Pyongyang?").stdout
    assert out.startswith("Putin mengunjungi Pyongyang pada tahun 2000 dan pada 18 Juni 2024.\n")
    assert "“Pada tahun 2000, Putin mengunjungi Pyongyang untuk bertemu dengan Kim Jong Il.” — putin_pyongyang" in out
    answer = json.loads(run(db, "ask", "When did Kim Jong Un visit Russia?", "--format", "json").stdout)[0]
    assert answer["answered"] and answer["dates"] == ["2019-04", "2023-09"]
    assert answer["answer"] == "Kim Jong Un visited Russia in April 2019 and in September 2023."
    table = csv_rows(db, "ask", "When did Kim Jong Un visit Russia?")
    assert [r["date"] for r in table] == ["2019-04", "2023-09"] and table[0]["document"]
    none = run(db, "ask", "When did Obama visit Pyongyang?").stdout
    assert none.startswith("The knowledge base has no answer to this question")
    assert "(no actor in the knowledge base is called Obama)" in none


@pytest.mark.parametrize(("args", "message"), [
    (["timeline", "--actor", "Xi Jinping"], "no actor called 'Xi Jinping'"),
    (["timeline", "--from", "last year"], "is not YYYY"),
    (["timeline", "--type", "VISIT"], "unknown event type"),
    (["actor", "Nobody"], "no actor called 'Nobody'"),
    (["dyad", "RUS", "Atlantis"], "no actor called 'Atlantis'"),
])
def test_errors_are_one_line_and_exit_2(db: str, args: list[str], message: str) -> None:
    result = run(db, *args, code=2)
    assert message in result.stderr and len(result.stderr.splitlines()) == 1 and result.stdout == ""


def test_no_knowledge_base(tmp_path: Path) -> None:
    result = run(str(tmp_path / "none.db"), "timeline", code=2)
    assert "no knowledge base here" in result.stderr


def test_a_table_on_a_terminal_is_drawn_by_rich(capsys: pytest.CaptureFixture[str]) -> None:
    Printer("table", terminal=True).table([("a", "first"), ("b", "second")], [{"a": "RUS", "b": 3.5}], title="T")
    out = capsys.readouterr().out
    assert "first" in out and "RUS" in out and "3.50" in out and "│" in out


def test_show_says_when_a_target_was_inferred_from_the_documents_pair(tmp_path: Path) -> None:
    doc = tmp_path / "laut.txt"
    doc.write_text("China dan Filipina kembali bersitegang di Laut China Selatan. Manila menuduh China menghalangi "
                   "misi pasokan. Beijing menolak tuduhan itu. Filipina lalu melayangkan nota protes.\n",
                   encoding="utf-8")
    db = str(tmp_path / "kb.db")
    assert CliRunner().invoke(main, ["build", str(doc), "--db", db, "--no-progress"]).exit_code == 0
    events = json.loads(run(db, "timeline", "--format", "json").stdout)
    protest = next(e for e in events if "nota protes" in e["quote"]["text"])
    assert (protest["type"], protest["source"], protest["target"]) == ("ACCUSE", "PHL", "CHN")
    shown = run(db, "show", str(protest["id"])).stdout
    assert "target inferred" in shown
    accused = next(e for e in events if "menuduh" in e["quote"]["text"])
    assert "target inferred" not in run(db, "show", str(accused["id"])).stdout


def test_an_office_holder_named_by_a_title_alone_is_their_mention_and_in_their_events(tmp_path: Path) -> None:
    doc = tmp_path / "r.txt"
    doc.write_text("Pada tahun 2006, Presiden Rusia mengunjungi Jakarta.\n", encoding="utf-8")
    db = str(tmp_path / "kb.db")
    assert CliRunner().invoke(main, ["build", str(doc), "--db", db, "--no-progress"]).exit_code == 0
    profile = run(db, "actor", "Putin").stdout
    assert "1 mention in 1 document; 1 event" in profile and "Presiden Rusia" in profile
    [event] = json.loads(run(db, "timeline", "--format", "json").stdout)
    assert (event["type"], event["source"], event["target"], event["actors"]) == ("CONSULT", "RUS", "IDN",
                                                                                ["Vladimir Putin"])
    exported = tmp_path / "e.jsonl"
    assert CliRunner().invoke(main, ["export", "--format", "eval", "--db", db, "-o", str(exported)]).exit_code == 0
    entities = json.loads(exported.read_text(encoding="utf-8"))["entities"]
    assert all(e["type"] != "PER" for e in entities)  # the schema's entities are names, not titles


def test_an_organisation_known_by_its_code_is_listed_as_a_body_with_its_name(tmp_path: Path) -> None:
    doc = tmp_path / "wto.txt"
    doc.write_text("In September 2019, South Korea withdrew the complaint it had filed at the WTO.\n", encoding="utf-8")
    db = str(tmp_path / "kb.db")
    assert CliRunner().invoke(main, ["build", str(doc), "--db", db, "--no-progress"]).exit_code == 0
    actors = {a["code"]: a for a in json.loads(run(db, "actors", "--format", "json").stdout)}
    assert (actors["WTO"]["name"], actors["WTO"]["type"], actors["WTO"]["mentions"]) == (
        "World Trade Organization", "ORG", 1)
    assert [a["code"] for a in json.loads(run(db, "actors", "--type", "GPE", "--format", "json").stdout)] == ["KOR"]
