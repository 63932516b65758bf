"""Plain-text and Markdown readers, and the streaming reader for very large text files.

Takes: file bytes (or a path, for streaming) and the `Source` to fill. Gives: the text.
Markdown is rendered to its plain text with markdown-it (headings and paragraphs become
blank-line separated blocks, markup and link targets are dropped); a YAML front-matter
block supplies title, author and date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from kronik.errors import IngestError
from kronik.ingest import decode
from kronik.model import Source

SECTION_CHARS = 1 << 20  # target size of one section of a streamed file
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.S)


def read_plain(data: bytes, source: Source) -> str:
    decision = decode.detect(data, complete=True)
    source.encoding = decision.encoding
    source.warnings.extend(decision.warnings)
    text = decode.decode_all(data, decision)
    if not text.strip():
        raise IngestError("empty file (only whitespace)")
    return text


def read_markdown(data: bytes, source: Source) -> str:
    raw = read_plain(data, source)
    m = FRONT_MATTER.match(raw)
    if m:
        try:
            meta = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError:
            meta = {}
        if isinstance(meta, dict):
            source.title = _str(meta.get("title"))
            source.author = _str(meta.get("author"))
            source.published = _str(meta.get("date"))
        raw = raw[m.end() :]
    blocks: list[str] = []
    for token in MarkdownIt("commonmark").parse(raw):
        if token.type == "inline":
            blocks.append(_inline_text(token.children or []))
        elif token.type in ("code_block", "fence"):
            blocks.append(token.content.rstrip("\n"))
    if source.title is None:
        m2 = re.search(r"^#\s+(.+)$", raw, re.M)
        source.title = m2.group(1).strip() if m2 else None
    return "\n\n".join(b for b in blocks if b.strip())


def _inline_text(children: list) -> str:
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)
    return "".join(out)


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def stream_sections(path: Path, source: Source) -> Iterator[str]:
    """Yield ~1M-character sections cut after a paragraph break (else a line, else a space)."""
    with open(path, "rb") as fh:
        head = fh.read(decode.SNIFF)
    decision = decode.detect(head, complete=False)
    source.encoding = decision.encoding
    source.warnings.extend(decision.warnings)

    def blocks() -> Iterator[bytes]:
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                yield block

    pending = ""
    produced = False
    for chunk in decode.decode_stream(blocks(), decision):
        pending += chunk
        while len(pending) >= SECTION_CHARS:
            cut = _cut_point(pending, SECTION_CHARS)
            produced = True
            yield pending[:cut]
            pending = pending[cut:]
    if pending or not produced:
        if not produced and not pending.strip():
            raise IngestError("empty file (only whitespace)")
        yield pending


def _cut_point(text: str, size: int) -> int:
    window_start = size // 2
    for sep in ("\n\n", "\n", " "):
        at = text.rfind(sep, window_start, size)
        if at >= 0:
            return at + len(sep)
    return size
