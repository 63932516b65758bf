"""The `kronik` command: thin commands that parse arguments, call the library and print.

Takes: the command line. Gives: exit code 0 when all went well, 1 when some documents
failed (each listed on stderr as `path: reason`), 2 for a usage error (unknown option,
missing path, bad knowledge-base file).
"""

from __future__ import annotations

import functools
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kronik.errors import KronikError
from kronik.pipeline import BuildReport, ProgressFn, build
from kronik.store import DEFAULT_DB, KnowledgeBase

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """The `--db FILE` option every command shares."""
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB, show_default=True,
        help="Knowledge-base file (SQLite).",
    )(func)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """A KronikError becomes one line on stderr and exit code 2 (the input was not usable)."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KronikError as exc:
            click.echo(f"kronik: {exc}", err=True)
            sys.exit(EXIT_USAGE)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kronik")
def main() -> None:
    """kronik reads documents about international relations (Indonesian and English) and
    builds a sourced record of who did what to whom, when, and how sure we are of it."""


def _progress(enabled: bool) -> Callable[[int], ProgressFn] | None:
    if not enabled:
        return None

    def start(total: int) -> ProgressFn:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       TextColumn("{task.description}"), transient=True, console=_stderr_console())
        bar.start()
        task = bar.add_task("", total=total)
        done = 0

        def tick(path: str, outcome: str) -> None:
            nonlocal done
            done += 1
            bar.update(task, advance=1, description=Path(path).name[:40])
            if done >= total:
                bar.stop()

        if total == 0:
            bar.stop()
        return tick

    return start


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _print_report(report: BuildReport, db: Path) -> None:
    for path, reason in report.failed:
        click.echo(f"error: {path}: {reason}", err=True)
    for path, warning in report.warnings:
        click.echo(f"warning: {path}: {warning}", err=True)
    with KnowledgeBase(db) as kb:
        totals = kb.counts()
    state = "interrupted" if report.interrupted else "built"
    click.echo(f"kronik: {state} {db} in {report.seconds:.1f} s")
    click.echo(f"  files: {report.files} found, {report.added} added, {report.unchanged} unchanged, "
               f"{report.duplicates} duplicate content, {len(report.failed)} failed")
    if report.added:
        rate = report.words / report.seconds if report.seconds else 0
        click.echo(f"  this build: {report.words:,} words ({rate:,.0f} words/s), {report.sentences:,} sentences, "
                   f"{report.timexes:,} dates, {report.mentions:,} actor mentions, {report.events:,} event reports")
    click.echo(f"  knowledge base: {totals['documents']:,} documents, {totals['sentences']:,} sentences, "
               f"{totals['dates']:,} dates, {totals['actors']:,} actors, {totals['events']:,} events")
    if report.interrupted:
        click.echo("  run the same command again to resume", err=True)


@main.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--gazetteer", "gazetteers", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra gazetteer file(s) with your own actors (same YAML format as the shipped ones).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on when stderr is a terminal).")
@handle_errors
def build_cmd(paths: tuple[Path, ...], db: Path, gazetteers: tuple[Path, ...], progress: bool | None) -> None:
    """Build or update the knowledge base from PATHS (files or folders, read recursively).

    Supported formats: .txt, .md, .html/.htm, .pdf (text layer), .docx. Unchanged files are
    skipped; a file whose content is already stored is recorded without being read again.
    """
    show = sys.stderr.isatty() if progress is None else progress
    report = build(paths, db, gazetteers=gazetteers, progress=_progress(show))
    _print_report(report, db)
    if report.interrupted:
        sys.exit(130)
    sys.exit(EXIT_OK if not report.failed else EXIT_FAILED)


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["eval", "jsonl", "csv", "parquet", "graphml"]), required=True,
              help="eval: one JSON object per document (shared/eval/SCHEMA.md); jsonl: one record per line "
                   "(events with their evidence and rule ids); csv: one row per record; parquet: the same, "
                   "typed; graphml: the actor graph. Columns: docs/cli.md.")
@click.option("--what", type=click.Choice(["events", "actors", "graph"]),
              help="What to export with jsonl, csv or parquet: merged events (default), actors, or the "
                   "edges of the actor graph. graphml is always the graph; eval always documents.")
@click.option("--corpus", type=click.Path(exists=True, file_okay=True, path_type=Path),
              help="Build a fresh temporary knowledge base from this folder first, and export that.")
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write (replaced atomically).")
@handle_errors
def export_cmd(fmt: str, what: str | None, corpus: Path | None, db: Path, output: Path) -> None:
    """Export the knowledge base (or a corpus built on the fly with --corpus)."""
    from kronik.cli_explore import open_kb  # upgrades an older knowledge base's schema first
    from kronik.export import WHAT, default_what, export

    if what is not None and what not in WHAT[fmt]:
        raise click.UsageError(f"--format {fmt} exports {' or '.join(WHAT[fmt])}, not {what}")
    what = what or default_what(fmt)
    if not output.parent.is_dir():  # say so before building a corpus, not after
        raise KronikError("no such folder to write the export to", path=str(output.parent))
    failed = False
    if corpus is not None:
        with tempfile.TemporaryDirectory(prefix="kronik-") as tmp:
            tmp_db = Path(tmp) / "kronik.db"
            report = build([corpus], tmp_db)
            for path, reason in report.failed:
                click.echo(f"error: {path}: {reason}", err=True)
            failed = bool(report.failed)
            with KnowledgeBase(tmp_db) as kb:
                n = export(kb, fmt, output, what)
    else:
        with open_kb(db) as kb:
            n = export(kb, fmt, output, what)
    noun = {"documents": "documents", "events": "events", "actors": "actors",
            "graph": "actors (graph nodes)" if fmt == "graphml" else "edges"}[what]
    click.echo(f"kronik: wrote {n} {noun} to {output}")
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


from kronik import cli_explore  # noqa: E402, F401  registers the exploring commands
