"""Shared fixtures: the seed corpus (skipped with a reason when absent), CLI runner, helpers."""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kronik.cli import main

# The tests (and the processes they start) keep parsed data files in a folder of their own, not
# in the user's cache: a run starts cold and leaves nothing behind in $HOME.
os.environ["KRONIK_CACHE"] = tempfile.mkdtemp(prefix="kronik-test-cache-")
atexit.register(shutil.rmtree, os.environ["KRONIK_CACHE"], ignore_errors=True)

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
