"""kronik export (kronik/export.py): eval, jsonl, csv, parquet and graphml, with their columns."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from kronik.cli import main
from kronik.export import ACTOR_COLUMNS, EDGE_COLUMNS, EVENT_COLUMNS

from . import explore_kb


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(explore_kb.kb_path(tmp_path_factory))


def export(db: str, out: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["export", "--db", db, "-o", str(out), *args])
    assert result.exit_code == code, result.output + result.stderr
    return result.stdout + result.stderr


def n_events(db: str) -> int:
    import sqlite3

    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM events").fetchone()[0]


def test_eval_keeps_its_shape(db: str, tmp_path: Path) -> None:
    out = tmp_path / "eval.jsonl"
    assert "wrote 6 documents" in export(db, out, "--format", "eval")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc"] for r in records] == sorted(r["doc"] for r in records)
    first = next(r for r in records if r["doc"] == "putin_pyongyang_2024.txt")
    assert list(first) == ["doc", "doc_date", "lang", "timex", "entities", "events"]
    assert first["doc_date"] == "2024-06-19" and first["lang"] == "id"
    event = first["events"][0]
    assert {"type", "mode", "source", "target", "date", "status", "actors", "evidence", "rule"} <= set(event)
    assert event["evidence"].startswith("Presiden Rusia Vladimir Putin tiba di Pyongyang")


def test_jsonl_events_carry_all_their_evidence_and_rules(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    export(db, out, "--format", "jsonl")
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(events) == n_events(db)
    visit = next(e for e in events if e["date"] == "2024-06-18")
    assert [(x["document"], x["rule"]) for x in visit["evidence"]] == [
        ("putin_pyongyang_2024.txt", "id.consult.visit.tiba"), ("reuters_summit_2024.txt", "en.consult.visit.arrive")]
    assert visit["conflicts"][0]["field"] == "date"


def test_csv_events_actors_and_edges(db: str, tmp_path: Path) -> None:
    export(db, tmp_path / "e.csv", "--format", "csv")
    events = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8")))
    assert tuple(events[0]) == EVENT_COLUMNS and len(events) == n_events(db)
    assert events[0]["date"] == "1961" and events[0]["rules"] == "id.agree.sign.menandatangani"
    assert "wrote 15 actors" in export(db, tmp_path / "a.csv", "--format", "csv", "--what", "actors")
    actors = list(csv.DictReader((tmp_path / "a.csv").open(encoding="utf-8")))
    assert tuple(actors[0]) == ACTOR_COLUMNS
    assert actors[0]["code"] == "RUS" and actors[0]["entity_ids"] == "Q159"
    export(db, tmp_path / "g.csv", "--format", "csv", "--what", "graph")
    edges = list(csv.DictReader((tmp_path / "g.csv").open(encoding="utf-8")))
    assert tuple(edges[0]) == EDGE_COLUMNS
    prk_rus = edges[0]
    # Asserted events between North Korea and Russia: visits both ways, a treaty, debt relief,
    # support, the sanctions of the 2000s.
    assert (prk_rus["source"], prk_rus["target"]) == ("PRK", "RUS")
    assert int(prk_rus["events"]) == int(prk_rus["a_to_b"]) + int(prk_rus["b_to_a"]) == 9
    assert int(prk_rus["verbal_coop"]) + int(prk_rus["material_coop"]) + int(prk_rus["material_conflict"]) == 9


def test_parquet(db: str, tmp_path: Path) -> None:
    export(db, tmp_path / "e.parquet", "--format", "parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == n_events(db)
    assert set(table.column_names) == set(EVENT_COLUMNS) | {"conflicts"}
    rows = table.to_pylist()
    putin = next(r for r in rows if r["date"] == "2000")
    assert putin["actors"] == ["Vladimir Putin", "Kim Jong Il"] and putin["n_documents"] == 2
    assert putin["rules"] == ["id.consult.visit.mengunjungi"]
    export(db, tmp_path / "a.parquet", "--format", "parquet", "--what", "actors")
    actors = pq.read_table(tmp_path / "a.parquet").to_pylist()
    assert actors[0]["code"] == "RUS" and actors[0]["entity_ids"] == ["Q159"]


def test_graphml(db: str, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    assert "graph nodes" in export(db, out, "--format", "graphml")
    g = nx.read_graphml(out)
    assert g.nodes["RUS"]["name"] == "Russia" and g.nodes["RUS"]["type"] == "GPE"
    assert g.nodes["UNSC"]["type"] == "ORG" and g.nodes["RUS"]["mentions"] > 0
    edge = g.edges["PRK", "RUS"]
    assert edge["events"] == 9 and edge["verbal_coop"] >= 1 and -10 <= edge["mean_intensity"] <= 10
    assert not g.has_edge("RUS", "JPN")


def test_what_must_fit_the_format(db: str, tmp_path: Path) -> None:
    assert "exports graph, not events" in export(db, tmp_path / "x", "--format", "graphml", "--what", "events", code=2)
    assert "exports documents" in export(db, tmp_path / "x", "--format", "eval", "--what", "actors", code=2)
    assert not (tmp_path / "x").exists()
