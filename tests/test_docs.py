"""docs/cli.md documents every command, every option and every export column (as sqlite-utils does)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from kronik.cli import main
from kronik.export import ACTOR_COLUMNS, EDGE_COLUMNS, EVENT_COLUMNS

DOCS = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")


def section(heading: str) -> str:
    """The text under '## heading', up to the next '## '."""
    m = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", DOCS, re.M | re.S)
    return m.group(1) if m else ""


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_documented_with_its_options_and_an_example(name: str) -> None:
    text = section(f"kronik {name}")
    assert text, f"docs/cli.md has no '## kronik {name}' section"
    command = main.commands[name]
    for param in command.params:
        if isinstance(param, click.Option):
            flags = [o for o in param.opts if o.startswith("--")]
            assert any(f"`{f}" in text for f in flags), f"kronik {name}: {flags[0]} is not in docs/cli.md"
    assert f"$ kronik {name}" in text, f"kronik {name} has no example in docs/cli.md"
    assert (command.help or "").strip(), f"kronik {name} has no help text"


def test_every_documented_command_exists() -> None:
    documented = set(re.findall(r"^## kronik (\w+)", DOCS, re.M))
    assert documented == set(main.commands)


@pytest.mark.parametrize("column", sorted({*EVENT_COLUMNS, *ACTOR_COLUMNS, *EDGE_COLUMNS}))
def test_every_export_column_is_documented(column: str) -> None:
    assert f"`{column}`" in section("Export columns"), f"export column {column} is not in docs/cli.md"
