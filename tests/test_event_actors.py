"""Migration 0002 (kronik/migrations/0002_explore.sql): event_actors kept in step with events."""

from __future__ import annotations

import json
import sqlite3
from importlib import resources
from pathlib import Path

import pytest

from kronik.stages.merge import cluster
from kronik.store import KnowledgeBase, _migrations, _statements

from . import explore_kb


def expected_rows(conn: sqlite3.Connection) -> list[tuple]:
    """What event_actors should hold, computed from events in Python."""
    out = []
    for eid, source, target, date, etype, status, actors in conn.execute(
            "SELECT id, source, target, date, type, status, actors FROM events"):
        if source:
            out.append((eid, source, "source", target, date, etype, status))
        if target and target != source:
            out.append((eid, target, "target", source, date, etype, status))
        out += [(eid, name, "person", None, date, etype, status) for name in dict.fromkeys(json.loads(actors))]
    return sorted(out, key=repr)


def actual_rows(conn: sqlite3.Connection) -> list[tuple]:
    return sorted(conn.execute("SELECT event_id, actor, role, partner, date, type, status FROM event_actors"),
                  key=repr)


def test_event_actors_follow_events_through_merges_and_edits(tmp_path: Path) -> None:
    path = explore_kb.build(tmp_path / "kb.db")
    with KnowledgeBase(path) as kb:
        c = kb.conn
        assert kb.schema_version == _migrations()[-1][0] >= 2
        assert actual_rows(c) == expected_rows(c) and len(actual_rows(c)) > 60
        kb.merge_events(cluster)  # merging again replaces every event
        assert actual_rows(c) == expected_rows(c)
        with kb.transaction():
            c.execute("UPDATE events SET status = 'denied', actors = '[\"Sergei Lavrov\"]' WHERE id = 1")
        assert actual_rows(c) == expected_rows(c)
        assert ("Sergei Lavrov", "person") in {(r[1], r[2]) for r in actual_rows(c) if r[0] == 1}
        with kb.transaction():
            c.execute("DELETE FROM events WHERE id = 1")
        assert actual_rows(c) == expected_rows(c)
        assert c.execute("SELECT count(*) FROM event_actors WHERE event_id = 1").fetchone()[0] == 0


def test_a_schema_1_knowledge_base_is_upgraded_with_its_events(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sql = (resources.files("kronik.migrations") / "0001_initial.sql").read_text(encoding="utf-8")
    with sqlite3.connect(path) as c:
        for stmt in _statements(sql):
            c.execute(stmt)
        c.execute("PRAGMA user_version = 1")
        c.execute("INSERT INTO events (id, type, quad, source, target, date, status, actors, n_evidence, n_documents) "
                  "VALUES (1, 'CONSULT', 'verbal-coop', 'RUS', 'PRK', '2024-06-19', 'asserted', "
                  "'[\"Vladimir Putin\"]', 1, 1)")
    c.close()
    with pytest.raises(Exception, match="out of date"):
        KnowledgeBase(path, readonly=True)
    from kronik.cli_explore import open_kb  # what the exploring commands open a file with

    with open_kb(path) as kb:
        assert kb.schema_version == _migrations()[-1][0] >= 2
        assert actual_rows(kb.conn) == [(1, "PRK", "target", "RUS", "2024-06-19", "CONSULT", "asserted"),
                                        (1, "RUS", "source", "PRK", "2024-06-19", "CONSULT", "asserted"),
                                        (1, "Vladimir Putin", "person", None, "2024-06-19", "CONSULT", "asserted")]


@pytest.mark.parametrize(("sql", "index"), [
    ("SELECT event_id FROM event_actors WHERE actor = 'RUS' ORDER BY date, event_id LIMIT 5", "event_actors_actor"),
    ("SELECT event_id FROM event_actors WHERE actor = 'RUS' AND partner = 'PRK' ORDER BY date, event_id",
     "event_actors_dyad"),
    ("SELECT entity_id FROM aliases WHERE text = 'putin' COLLATE NOCASE", "aliases_text"),
    ("SELECT text, count(*) FROM mentions WHERE entity_id = 'Q159' GROUP BY text", "mentions_entity_text"),
])
def test_the_exploring_queries_use_their_indexes(tmp_path_factory: pytest.TempPathFactory, sql: str,
                                                 index: str) -> None:
    with KnowledgeBase(explore_kb.kb_path(tmp_path_factory), readonly=True) as kb:
        plan = " ".join(r[-1] for r in kb.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert f"COVERING INDEX {index}" in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan
