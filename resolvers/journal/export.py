"""Verifiable journal export: JSON Lines out of the database, and offline verification of a file.

One entry per line, every hashed field plus ``hash``, in canonical form (sorted keys, no spaces,
UTF-8). Verification needs no database: it re-reads each line, insists the line is exactly the
canonical form of what it says (so no byte can change unnoticed), and feeds the entries to the
same ``ChainVerifier`` the database check uses. A slice is checked from its first entry's
``prev_hash`` on; what the file alone cannot prove (its first ``prev_hash``, whether entries
followed its last one, whether it was re-chained) is reported, and checked against pinned heads
or signed checkpoints when given.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from resolvers.journal.chain import (
    GENESIS_HASH,
    HASHED_FIELDS,
    ChainReport,
    ChainVerifier,
    canonical,
)
from resolvers.journal.pins import Pin, PinCheck, PinChecks
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
    """A chain report plus what the file alone cannot prove, and the pins it was checked against.

    ``first_broken_line`` is the 1-based line where the file first breaks. ``first_prev_hash``
    is the hash the first entry claims for the entry before it: genesis for a whole journal,
    else something only a trusted copy can confirm.
    """

    chain: ChainReport
    first_broken_line: int | None = None
    first_seq: int | None = None
    first_prev_hash: str | None = None
    pins: tuple[PinCheck, ...] = ()

    @property
    def empty(self) -> bool:
        return self.first_seq is None and self.first_broken_line is None

    @property
    def starts_at_genesis(self) -> bool:
        return self.first_seq == 1 and self.first_prev_hash == GENESIS_HASH

    @property
    def ok(self) -> bool:
        return (
            self.chain.ok
            and self.first_broken_line is None
            and not self.empty
            and all(check.matched for check in self.pins)
        )

    def unproven(self) -> list[str]:
        """What this file cannot show by itself (read it with every OK)."""
        if self.empty or self.first_seq is None:
            return ["an empty file proves nothing about any journal"]
        notes = []
        matched = [check.pin.seq for check in self.pins if check.matched]
        last = self.chain.head_seq or self.first_seq - 1
        if not self.starts_at_genesis and self.first_seq - 1 not in matched:
            notes.append(
                f"the file starts at seq {self.first_seq}, not at genesis: entries before it "
                f"are not in it; compare first_prev_hash with the hash of entry "
                f"{self.first_seq - 1} in a trusted copy (--expect-head "
                f"{self.first_seq - 1}:HASH)"
            )
        covered = max(matched, default=None)
        if covered is None and self.pins:
            notes.append("no pin matched: nothing shows this is the journal the pins came from")
        elif covered is None:
            notes.append(
                "no pinned head or checkpoint was given: a copy with entries dropped from its "
                "end, or edited and re-chained, verifies just the same; compare head_seq and "
                "head_hash with a pinned head (--expect-head SEQ:HASH, --checkpoint CP)"
            )
        elif covered < last:
            notes.append(
                f"entries {covered + 1}..{last} come after every pin: an edit there with the "
                "later hashes recomputed would verify just the same"
            )
        notes.append(
            f"entries after seq {last} may exist: only a newer pin or checkpoint shows whether "
            "the journal went on"
        )
        return notes

    def as_dict(self) -> dict[str, Any]:
        chain = dict(self.chain.__dict__)
        if self.empty:
            chain["problem"] = "the file holds no journal entries"
        elif chain["problem"] is None and not self.ok:
            failed = next(check for check in self.pins if not check.matched)
            chain["problem"] = f"{failed.pin.source} {failed.pin.seq}: {failed.problem}"
        return {
            **chain,
            "ok": self.ok,
            "first_broken_line": self.first_broken_line,
            "first_seq": self.first_seq,
            "first_prev_hash": self.first_prev_hash,
            "starts_at_genesis": self.starts_at_genesis,
            "pins": [check.as_dict() for check in self.pins],
            "unproven": self.unproven(),
        }


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


class FileVerifier:
    """Feed an exported file line by line (bounded memory); ``report()`` at the end."""

    def __init__(self, pins: Iterable[Pin] = ()) -> None:
        self.verifier: ChainVerifier | None = None
        self.pins = PinChecks(pins)
        self.number = 0
        self.broken_line: int | None = None
        self.first: tuple[int, str] | None = None

    def _break(self, problem: str) -> None:
        verifier = self.verifier or ChainVerifier()
        # Name the entry by the seq the chain expected there, not by a seq that was altered.
        verifier.broken = (verifier.prev_seq + 1, problem)
        self.verifier, self.broken_line = verifier, self.number

    def feed(self, raw: bytes | str) -> bool:
        """One line, with or without its newline; False once the file is broken."""
        if self.broken_line is not None:
            return False
        self.number += 1
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                self._break("the line is not valid UTF-8 (altered)")
                return False
        entry = _entry(raw[:-1] if raw.endswith("\n") else raw)
        if isinstance(entry, str):
            self._break(entry)
            return False
        if self.verifier is None:
            seq, prev_hash = int(entry["seq"]), str(entry["prev_hash"])
            self.first = (seq, prev_hash)
            # Seq 1 must follow genesis; a slice is checked from where it says it starts.
            start = seq - 1 if seq > 1 and prev_hash != GENESIS_HASH else 0
            self.verifier = ChainVerifier(GENESIS_HASH if start == 0 else prev_hash, start)
        if not self.verifier.feed(entry):
            self._break(self.verifier.broken[1] if self.verifier.broken else "")
            return False
        self.pins.feed(entry)
        return True

    def report(self) -> FileReport:
        if self.verifier is None:
            return FileReport(
                ChainReport(ok=False, checked=0, head_seq=None, head_hash=GENESIS_HASH)
            )
        chain = self.verifier.report()
        first_seq, first_prev = self.first or (None, None)
        pins = self.pins.finish(chain.head_seq, chain.ok)
        return FileReport(chain, self.broken_line, first_seq, first_prev, tuple(pins))


def verify_lines(lines: Iterable[bytes | str], pins: Iterable[Pin] = ()) -> FileReport:
    """Verify exported lines (each with or without its newline) without a database."""
    verifier = FileVerifier(pins)
    for line in lines:
        if not verifier.feed(line):
            break
    return verifier.report()


def verify_file(text: bytes, pins: Iterable[Pin] = ()) -> FileReport:
    """Verify an exported file's bytes: invalid UTF-8 fails at the line that holds it."""
    lines = text.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return verify_lines(lines, pins)


def verify_path(path: Path, pins: Iterable[Pin] = ()) -> FileReport:
    """Verify an exported file read line by line: memory stays bounded by the longest line."""
    with path.open("rb") as lines:
        return verify_lines(lines, pins)
