"""Printing what a query gives: a table, JSON or CSV, for the exploring commands.

Takes: rows (dicts) and the columns to show, or plain lines. Gives: output on stdout. A
table is drawn with rich when stdout is a terminal and as plain aligned text otherwise (so
that a pipe or a test reads the same words); `json` prints one JSON list; `csv` prints a
header and one line per row. Long texts are shortened in a table only.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

import click

FORMATS = ("table", "json", "csv")
Column = tuple[str, str]  # (key in the row, header)


def short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


class Printer:
    """One command's output in one format."""

    def __init__(self, fmt: str, *, terminal: bool | None = None) -> None:
        self.fmt = fmt
        self.terminal = sys.stdout.isatty() if terminal is None else terminal

    def json(self, items: Sequence[Any]) -> None:
        click.echo(json.dumps(list(items), ensure_ascii=False, indent=2, default=str))

    def csv(self, columns: Sequence[str], rows: Sequence[dict]) -> None:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_value(row.get(c)) for c in columns])

    def title(self, text: str) -> None:
        if self.terminal:
            from rich.console import Console

            Console().print(f"[bold]{text}[/bold]")
        else:
            click.echo(f"\n## {text}")

    def line(self, text: str = "") -> None:
        click.echo(text)

    def table(self, columns: Sequence[Column], rows: Sequence[dict], *, widths: dict[str, int] | None = None,
              title: str | None = None) -> None:
        widths = widths or {}
        cells = [[short(cell(r.get(k)), widths[k]) if k in widths else cell(r.get(k)) for k, _ in columns]
                 for r in rows]
        if self.terminal:
            from rich.console import Console
            from rich.table import Table

            t = Table(title=title, title_justify="left", show_lines=False)
            for key, header in columns:
                t.add_column(header, overflow="fold", max_width=widths.get(key))
            for r in cells:
                t.add_row(*r)
            Console().print(t)
            return
        if title:
            self.title(title)
        heads = [h for _, h in columns]
        sizes = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(heads)]
        click.echo("  ".join(h.ljust(sizes[i]) for i, h in enumerate(heads)).rstrip())
        click.echo("  ".join("-" * n for n in sizes))
        for r in cells:
            click.echo("  ".join(v.ljust(sizes[i]) for i, v in enumerate(r)).rstrip())
