"""Verifiable journal export: JSON Lines out of the database, and offline verification of a file.

One entry per line, every hashed field plus ``hash``, in canonical form (sorted keys, no spaces,
UTF-8). Verification needs no database: it re-reads each line, insists the line is exactly the
canonical form of what it says (so no byte can change unnoticed), and feeds the entries to the
same ``ChainVerifier`` the database check uses. A slice is checked from its first entry's
``prev_hash`` on, so an auditor compares that (or the last hash) with a pinned chain head.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from resolvers.journal.chain import (
    GENESIS_HASH,
    HASHED_FIELDS,
    ChainReport,
    ChainVerifier,
    canonical,
)
from resolvers.journal.store import entry_document, stored_entries

LINE_FIELDS = (*HASHED_FIELDS, "hash")


def export_line(document: dict[str, Any]) -> str:
    """The canonical text of one entry (without the newline)."""
    return canonical({name: document[name] for name in LINE_FIELDS}).decode()


async def export_lines(from_seq: int = 1, to_seq: int | None = None) -> AsyncIterator[str]:
    async for row in stored_entries(max(from_seq, 1)):
        if to_seq is not None and row.seq > to_seq:
            return
        yield export_line(entry_document(row))


async def export_journal(
    out: TextIO,
    from_seq: int = 1,
    to_seq: int | None = None,
    advance: Callable[[int], object] = lambda n: None,
) -> int:
    """Write the entries ``from_seq``..``to_seq`` (inclusive) to ``out``; returns how many."""
    count = 0
    async for line in export_lines(from_seq, to_seq):
        out.write(line + "\n")
        count += 1
        advance(1)
    return count


@dataclass(frozen=True)
class FileReport:
    """A chain report plus the line of the file where it first breaks (1-based)."""

    chain: ChainReport
    first_broken_line: int | None = None

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.first_broken_line is None

    def as_dict(self) -> dict[str, Any]:
        return {**self.chain.__dict__, "ok": self.ok, "first_broken_line": self.first_broken_line}


def _entry(line: str) -> dict[str, Any] | str:
    """The entry a line holds, or what is wrong with the line."""
    try:
        document = json.loads(line)
    except ValueError:
        return "the line is not valid JSON (the entry was altered)"
    if not isinstance(document, dict) or set(document) != set(LINE_FIELDS):
        return "the line does not hold exactly the fields of an entry (the entry was altered)"
    if not isinstance(document["seq"], int) or isinstance(document["seq"], bool):
        return "seq is not a whole number (the entry was altered)"
    if export_line(document) != line:
        return "the line is not in canonical form (the entry was altered)"
    return document


def verify_lines(lines: Iterable[str]) -> FileReport:
    """Verify exported lines (each with or without its newline) without a database."""
    verifier: ChainVerifier | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw[:-1] if raw.endswith("\n") else raw
        entry = _entry(line)
        if verifier is None:
            if isinstance(entry, str):
                broken = ChainVerifier(prev_seq=0)
                broken.broken = (1, entry)
                return FileReport(broken.report(), number)
            # A chain from genesis starts at seq 1, a slice is trusted for where it starts.
            start = 0 if entry["prev_hash"] == GENESIS_HASH else int(entry["seq"]) - 1
            verifier = ChainVerifier(str(entry["prev_hash"]), start)
        if isinstance(entry, str):
            verifier.broken = (verifier.prev_seq + 1, entry)
            return FileReport(verifier.report(), number)
        if not verifier.feed(entry):
            # Name the entry by the seq the chain expected there, not by a seq that was altered.
            verifier.broken = (verifier.prev_seq + 1, verifier.broken[1] if verifier.broken else "")
            return FileReport(verifier.report(), number)
    return FileReport((verifier or ChainVerifier()).report())


def verify_file(text: bytes) -> FileReport:
    """Verify an exported file's bytes: invalid UTF-8 fails at the line that holds it."""
    lines = text.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    decoded: list[str] = []
    for number, raw in enumerate(lines, start=1):
        try:
            decoded.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            head = verify_lines(decoded)
            if not head.ok:
                return head
            verifier = ChainVerifier(head.chain.head_hash, head.chain.head_seq or 0)
            verifier.checked = head.chain.checked
            verifier.broken = (verifier.prev_seq + 1, "the line is not valid UTF-8 (altered)")
            return FileReport(verifier.report(), number)
    return verify_lines(decoded)
