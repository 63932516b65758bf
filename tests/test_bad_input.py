"""Bad input: each failing file gets one clear line, every other file is processed, nothing
half-written stays in the knowledge base."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import kronik.ingest
from kronik.pipeline import Pipeline, build, default_stages

from .conftest import rows
from .ingest.helpers import write_docx, write_pdf

GOOD = "Presiden Rusia mengunjungi Pyongyang pada 19 Juni 2024. Kim Jong Un menyambutnya di bandara."


def good_files(folder: Path, n: int = 2) -> None:
    for i in range(n):
        (folder / f"good_{i}.txt").write_text(f"{GOOD} Catatan nomor {i}.", encoding="utf-8")


def build_cli(run_cli, folder: Path, db: Path):
    result = run_cli("build", folder, "--db", db, "--no-progress")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    return result, errors


def assert_only_good_documents(db: Path, n: int) -> None:
    assert rows(db, "SELECT count(*) FROM documents") == [(n,)]
    # no orphan rows from a failed document
    assert rows(db, "SELECT count(*) FROM sentences WHERE doc_id NOT IN (SELECT id FROM documents)") == [(0,)]
    assert rows(db, "SELECT count(*) FROM document_text") == [(n,)]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \t\n", "empty file"),
        ("binary.txt", bytes(range(256)) * 64, "binary content"),
        ("garbage.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D] * 300), "undecodable bytes"),
        ("corrupt.docx", b"PK\x03\x04garbage that is not a zip", "corrupt"),
        ("fake.pdf", b"%PDF-1.4\nnot really a pdf", "PDF"),
    ],
)
def test_each_bad_file_gets_one_line_and_the_rest_goes_on(tmp_path: Path, run_cli, name: str, content: bytes,
                                                          reason: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good_files(corpus)
    (corpus / name).write_bytes(content)
    db = tmp_path / "kb.db"
    result, errors = build_cli(run_cli, corpus, db)
    assert result.exit_code == 1
    assert len(errors) == 1 and name in errors[0] and reason in errors[0], errors
    assert_only_good_documents(db, 2)


def test_pdf_without_text_layer(tmp_path: Path, run_cli) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good_files(corpus)
    write_pdf(corpus / "scan.pdf", [], text_layer=False)
    result, errors = build_cli(run_cli, corpus, tmp_path / "kb.db")
    assert result.exit_code == 1
    reason = "PDF has no text layer (scanned or image-only; kronik does no OCR)"
    assert errors == [f"error: {corpus / 'scan.pdf'}: {reason}"]
    assert_only_good_documents(tmp_path / "kb.db", 2)


def test_good_docx_and_pdf_pass(tmp_path: Path, run_cli) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_pdf(corpus / "a.pdf", [GOOD])
    write_docx(corpus / "b.docx", [GOOD, "Paragraf kedua."])
    result, errors = build_cli(run_cli, corpus, tmp_path / "kb.db")
    assert result.exit_code == 0 and errors == []
    assert_only_good_documents(tmp_path / "kb.db", 2)


def test_file_vanishing_mid_build(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good_files(corpus, 3)

    def progress(total: int):
        def tick(path: str, outcome: str) -> None:
            (corpus / "good_1.txt").unlink(missing_ok=True)  # vanishes after the first file is read
        return tick

    report = build([corpus], tmp_path / "kb.db", progress=progress)
    assert [(Path(p).name, r) for p, r in report.failed] == [("good_1.txt", "not found (vanished or a broken link)")]
    assert report.added == 2
    assert_only_good_documents(tmp_path / "kb.db", 2)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good_files(corpus, 2)
    locked = corpus / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    real_open = open

    def guarded_open(file, *args, **kwargs):  # root ignores chmod, so refuse the way the OS would
        if Path(file) == locked:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(kronik.ingest, "open", guarded_open, raising=False)
    report = build([corpus], tmp_path / "kb.db")
    assert [(Path(p).name, r) for p, r in report.failed] == [("locked.txt", "unreadable: permission denied")]
    assert_only_good_documents(tmp_path / "kb.db", 2)


def test_symlink_loops(tmp_path: Path, run_cli) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good_files(corpus, 2)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "up").symlink_to(corpus, target_is_directory=True)  # a folder loop
    (corpus / "x.txt").symlink_to(corpus / "y.txt")  # a file loop
    (corpus / "y.txt").symlink_to(corpus / "x.txt")
    result, errors = build_cli(run_cli, corpus, tmp_path / "kb.db")
    assert result.exit_code == 1
    assert sorted(e.split(": ", 2)[2] for e in errors) == [
        "symlink loop", "symlink loop", "symlink loop (folder already visited), skipped"]
    assert_only_good_documents(tmp_path / "kb.db", 2)


@pytest.mark.slow
def test_ten_thousand_small_files(tmp_path: Path, run_cli) -> None:
    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(10_000):
        (corpus / f"n{i:05d}.txt").write_text(f"Nota diplomatik nomor {i} dikirim ke Seoul pada 2023.",
                                             encoding="utf-8")
    (corpus / "n00042.txt").write_bytes(b"\x00\x01\x02" * 100)
    result, errors = build_cli(run_cli, corpus, tmp_path / "kb.db")
    assert result.exit_code == 1 and len(errors) == 1 and "n00042.txt" in errors[0]
    assert rows(tmp_path / "kb.db", "SELECT count(*) FROM documents") == [(9_999,)]
    again, errors = build_cli(run_cli, corpus, tmp_path / "kb.db")
    assert "0 added, 9999 unchanged" in again.stdout


# The peak is read from /proc (VmHWM, this process's own): ru_maxrss survives fork and exec on
# Linux, so a child of a large pytest process would report its parent's size.
MEMORY_PROBE = textwrap.dedent("""
    import json, re, resource, sys
    from pathlib import Path
    from kronik.pipeline import Pipeline, build, foundation_stages
    report = build([sys.argv[1]], sys.argv[2], pipeline=Pipeline(foundation_stages()))
    status = Path("/proc/self/status")
    hwm = re.search(r"VmHWM:\\s+(\\d+) kB", status.read_text()) if status.exists() else None
    kb = int(hwm.group(1)) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"failed": report.failed, "words": report.words, "peak_mb": kb / 1024}))
""")


@pytest.mark.slow
def test_fifty_megabyte_file_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    para = ("Delegasi Korea Selatan tiba di Jakarta pada 12 Mei 2023 untuk membahas kerja sama pertahanan, "
            "perdagangan senilai US$11 miliar, dan keamanan maritim di kawasan — “langkah penting” kata menteri.\n\n")
    with open(big, "w", encoding="utf-8") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(para * 200)
    size_mb = big.stat().st_size / 2**20
    out = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(big), str(tmp_path / "kb.db")],
                         capture_output=True, text=True, check=True)
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["failed"] == []
    assert probe["peak_mb"] < 300, f"peak {probe['peak_mb']:.0f} MB for a {size_mb:.0f} MB file"
    sections = rows(tmp_path / "kb.db", "SELECT count(*), sum(length(text)) FROM document_text")[0]
    assert sections[0] > 10  # streamed in sections, not read whole
    assert sections[1] == len(big.read_text(encoding="utf-8"))


def test_interrupted_build_leaves_no_half_document_and_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good_files(corpus, 3)
    calls = {"n": 0}

    def interrupt_second(doc):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return doc

    stages = default_stages()
    from kronik.pipeline import Stage

    broken = Pipeline([*stages, Stage("ctrl-c", interrupt_second)])
    report = build([corpus], tmp_path / "kb.db", pipeline=broken)
    assert report.interrupted and report.added == 1
    assert_only_good_documents(tmp_path / "kb.db", 1)
    resumed = build([corpus], tmp_path / "kb.db")
    assert (resumed.added, resumed.unchanged) == (2, 1)
    assert_only_good_documents(tmp_path / "kb.db", 3)


KILL_PROBE = textwrap.dedent("""
    import sys
    from kronik.pipeline import build
    build([sys.argv[1]], sys.argv[2])
""")


def files_stored(db: Path) -> int:
    """Files recorded so far by a build running in another process: 0 while the database file
    does not exist yet or its schema is still being created (sqlite creates the file before the
    first migration has made the `files` table)."""
    import sqlite3

    if not db.exists():
        return 0
    try:
        return rows(db, "SELECT count(*) FROM files")[0][0]
    except sqlite3.OperationalError:  # no such table yet, or the migration holds the lock
        return 0


def test_polling_a_knowledge_base_whose_schema_is_not_made_yet(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "kb.db"
    assert files_stored(db) == 0
    sqlite3.connect(db).close()  # the file exists, the `files` table does not
    assert db.exists() and files_stored(db) == 0


@pytest.mark.slow
def test_killed_build_leaves_a_consistent_knowledge_base(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(400):
        (corpus / f"d{i:03d}.txt").write_text((GOOD + f" Nomor {i}.\n\n") * 40, encoding="utf-8")
    db = tmp_path / "kb.db"
    proc = subprocess.Popen([sys.executable, "-c", KILL_PROBE, str(corpus), str(db)])
    import time

    deadline = time.time() + 30
    while time.time() < deadline and files_stored(db) < 20:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    docs = rows(db, "SELECT count(*) FROM documents")[0][0]
    assert 0 < docs < 400
    assert rows(db, "SELECT count(*) FROM documents d WHERE NOT EXISTS "
                    "(SELECT 1 FROM files f WHERE f.doc_id = d.id)") == [(0,)]
    assert rows(db, "SELECT count(DISTINCT doc_id) FROM sentences") == [(docs,)]
    report = build([corpus], db)
    assert report.added + report.unchanged == 400 and not report.failed
