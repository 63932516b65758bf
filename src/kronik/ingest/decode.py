"""Bytes to text: encoding detection, binary rejection, newline normalisation, streaming.

Takes: the raw bytes of a text file (whole, or the first block of a large one). Gives: the
encoding to use and the decoded text with newlines normalised as Python's text mode does
(CRLF and CR become LF), so offsets agree with `Path.read_text()`.

Order of decisions: a byte-order mark wins; NUL bytes mean UTF-16 without BOM when they
fall on alternate bytes, otherwise binary; strict UTF-8; UTF-8 with a handful of broken
bytes (replaced, with a warning); then charset-normalizer restricted to the legacy Western
single-byte encodings; what none of them reads cleanly is undecodable.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from kronik.errors import IngestError

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
LEGACY = ["cp1252", "latin_1", "iso8859_15"]
SNIFF = 1 << 20  # bytes looked at for detection
MAX_BROKEN_UTF8 = 0.01  # share of non-ASCII sequences that may be broken before UTF-8 is doubted


@dataclass(slots=True)
class Decision:
    encoding: str
    errors: str = "strict"
    warnings: list[str] = field(default_factory=list)


def _nul_layout(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on alternate bytes (BOM-less UTF-16 text)."""
    sample = head[: 1 << 16]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _broken_utf8_share(data: bytes) -> tuple[int, int]:
    """(broken sequences, well-formed non-ASCII characters) when `data` is read as UTF-8."""
    text = data.decode("utf-8", errors="replace")
    literal = data.decode("utf-8", errors="ignore").count("\ufffd")
    broken = text.count("\ufffd") - literal
    non_ascii = sum(1 for ch in text if ord(ch) > 127) - broken
    return broken, non_ascii


def detect(head: bytes, *, complete: bool, utf8_valid: bool | None = None) -> Decision:
    """Choose how to decode. `head` is the whole file when `complete`, else its first block.

    `utf8_valid` is the result of a strict UTF-8 pass over the whole file, when the caller
    has made one (large files are validated while they are hashed).
    """
    for bom, enc in BOMS:
        if head.startswith(bom):
            return Decision(enc)
    if b"\x00" in head[: 1 << 16]:
        layout = _nul_layout(head)
        if layout is None:
            raise IngestError("binary content (NUL bytes), not a text file")
        return Decision(layout)
    if utf8_valid is None:
        try:
            (head if complete else _trim_partial_utf8(head)).decode("utf-8")
            utf8_valid = True
        except UnicodeDecodeError:
            utf8_valid = False
    if utf8_valid:
        return Decision("utf-8")
    broken, non_ascii = _broken_utf8_share(head)
    if non_ascii >= 20 and broken <= max(2, MAX_BROKEN_UTF8 * non_ascii):
        return Decision("utf-8", "replace", [f"{broken} undecodable byte sequence(s) replaced by U+FFFD"])
    best = from_bytes(head[:SNIFF], cp_isolation=[*LEGACY, "utf_8"]).best()
    if best is None or best.encoding not in {"cp1252", "latin_1", "iso8859_15"}:
        raise IngestError("undecodable bytes: not UTF-8, UTF-16 or a Western single-byte encoding")
    text = head[:SNIFF].decode(best.encoding, errors="replace")
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x80 <= ord(ch) < 0xA0)
    if controls > 0.01 * max(1, len(text)):
        raise IngestError("undecodable bytes: too many control characters for any text encoding")
    return Decision(best.encoding)


def _trim_partial_utf8(block: bytes) -> bytes:
    """Drop an incomplete multi-byte character cut at the end of a block."""
    for back in range(1, 4):
        if len(block) < back:
            break
        b = block[-back]
        if b & 0xC0 == 0xC0:  # a lead byte: keep it only if its sequence is complete
            need = 2 if b & 0xE0 == 0xC0 else 3 if b & 0xF0 == 0xE0 else 4
            return block if back >= need else block[:-back]
        if b & 0x80 == 0:
            return block
    return block


def normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_all(data: bytes, decision: Decision) -> str:
    try:
        text = data.decode(decision.encoding, errors=decision.errors)
    except UnicodeDecodeError as exc:
        raise IngestError(f"undecodable bytes at offset {exc.start} for {decision.encoding}") from None
    return normalise_newlines(text)


def decode_stream(blocks: Iterator[bytes], decision: Decision) -> Iterator[str]:
    """Decode block by block, keeping a CR that ends one block for the LF that may start the next."""
    decoder = codecs.getincrementaldecoder(decision.encoding)(errors=decision.errors)
    pending_cr = False
    for block in blocks:
        try:
            text = decoder.decode(block)
        except UnicodeDecodeError as exc:
            raise IngestError(f"undecodable bytes for {decision.encoding}: {exc.reason}") from None
        if pending_cr:
            text = "\r" + text
        pending_cr = text.endswith("\r")
        if pending_cr:
            text = text[:-1]
        yield normalise_newlines(text)
    tail = decoder.decode(b"", final=True)
    if pending_cr:
        tail = "\r" + tail
    if tail:
        yield normalise_newlines(tail)
