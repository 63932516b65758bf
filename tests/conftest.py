"""Shared fixtures: the seed corpus (skipped with a reason when absent), CLI runner, helpers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from kronik.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "eval" / "gold"
SCORER = SHARED / "eval" / "score.py"
EXAMPLES = ROOT / "examples" / "corpus"


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus not found at {SEEDS} (../shared is not beside the clone)")
    return SEEDS


@pytest.fixture
def run_cli():
    """Invoke `kronik ARGS…` in-process; returns the click Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute(sql, params).fetchall()


def document_text(db: Path, doc_id: int) -> str:
    return "".join(t for (t,) in rows(db, "SELECT text FROM document_text WHERE doc_id = ? ORDER BY section",
                                      (doc_id,)))
