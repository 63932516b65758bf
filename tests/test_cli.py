"""The command line: help on every command, exit codes, exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kronik.cli import main


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(run_cli, command: str) -> None:
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(main.commands[command].help or "") > 20


def test_usage_errors_exit_2(run_cli, tmp_path: Path) -> None:
    assert run_cli("build").exit_code == 2
    assert run_cli("export", "--format", "xml", "-o", tmp_path / "x").exit_code == 2
    result = run_cli("export", "--format", "eval", "--db", tmp_path / "missing.db", "-o", tmp_path / "x")
    assert result.exit_code == 2 and "kronik build" in result.stderr


@pytest.mark.parametrize("fmt", ["eval", "jsonl", "csv", "parquet", "graphml"])
def test_export_to_a_folder_that_does_not_exist_is_one_line_and_exit_2(run_cli, tmp_path: Path, fmt: str) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Rusia dan Korea Utara menandatangani perjanjian pada 19 Juni 2024.",
                                  encoding="utf-8")
    db = tmp_path / "kb.db"
    assert run_cli("build", corpus, "--db", db, "--no-progress").exit_code == 0
    target = tmp_path / "no" / "such" / "folder" / "out.x"
    for source in (["--db", db], ["--corpus", corpus]):
        result = run_cli("export", "--format", fmt, *source, "-o", target)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("kronik: ") and str(target.parent) in result.stderr
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert not target.parent.exists()
    from kronik.errors import KronikError
    from kronik.export import export
    from kronik.store import KnowledgeBase

    with KnowledgeBase(db) as kb, pytest.raises(KronikError, match="cannot write the export"):
        export(kb, fmt, target)  # the library call says it too, without a traceback of its own


def test_build_summary_and_exports(run_cli, tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Rusia dan Korea Utara menandatangani perjanjian pada 19 Juni 2024. "
                                  "Kedua negara berjanji saling membantu.", encoding="utf-8")
    (corpus / "b.md").write_text("# Catatan\n\nIsi yang sama sekali berbeda dari dokumen pertama.", encoding="utf-8")
    (corpus / "copy.txt").write_bytes((corpus / "a.txt").read_bytes())
    db = tmp_path / "kb.db"
    result = run_cli("build", corpus, "--db", db, "--no-progress")
    assert result.exit_code == 0
    assert "3 found, 2 added, 0 unchanged, 1 duplicate content, 0 failed" in result.stdout
    assert "knowledge base: 2 documents" in result.stdout
    for fmt in ("eval", "jsonl", "csv"):
        out = tmp_path / f"out.{fmt}"
        res = run_cli("export", "--format", fmt, "--db", db, "-o", out)
        assert res.exit_code == 0 and out.exists()
    docs = [json.loads(line)["doc"] for line in (tmp_path / "out.eval").read_text().splitlines()]
    assert docs == ["a.txt", "b.md", "copy.txt"]
    header = next(csv.reader((tmp_path / "out.csv").open()))
    assert header[:4] == ["event_id", "date", "type", "mode"]
