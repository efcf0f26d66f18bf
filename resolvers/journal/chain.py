"""Pure hash-chain rules: canonical serialisation, entry hashes and chain verification.

No database here, so an exported journal verifies offline with exactly the same code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

GENESIS_HASH = "0" * 64

#: The fields an entry's hash covers, in the canonical document.
HASHED_FIELDS = (
    "seq",
    "recorded_at",
    "actor",
    "action",
    "entity_type",
    "entity_id",
    "before",
    "after",
    "prev_hash",
)


def plain(value: Any) -> Any:
    """A JSON-safe form of a value stored in the journal (dates as ISO text, enums by value)."""
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def format_time(moment: datetime) -> str:
    """UTC, microseconds, ``Z``: the one spelling of a time inside hashed documents."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _scalar(value: Any) -> Any:
    converted = plain(value)
    if converted is value:
        raise TypeError(f"{type(value).__name__} cannot go into the journal")
    return converted


def canonical(document: Mapping[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes that are hashed (values as ``plain`` gives them)."""
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_scalar
    ).encode()


def entry_hash(entry: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical({k: entry[k] for k in HASHED_FIELDS})).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """Outcome of verifying a journal: how far it is sound and where it first breaks."""

    ok: bool
    checked: int
    head_seq: int | None
    head_hash: str
    first_broken_seq: int | None = None
    problem: str | None = None


class ChainVerifier:
    """Feeds entries in order; remembers the first broken one."""

    def __init__(self, prev_hash: str = GENESIS_HASH, prev_seq: int = 0) -> None:
        self.prev_hash = prev_hash
        self.prev_seq = prev_seq
        self.checked = 0
        self.broken: tuple[int, str] | None = None

    def feed(self, entry: Mapping[str, Any]) -> bool:
        """Check one entry; returns False once the chain is broken (stop feeding then)."""
        if self.broken:
            return False
        seq = int(entry["seq"])
        problem = None
        if seq != self.prev_seq + 1:
            problem = f"sequence jumps from {self.prev_seq} to {seq}"
        elif entry["prev_hash"] != self.prev_hash:
            problem = "prev_hash does not match the hash of the entry before"
        elif entry_hash(entry) != entry["hash"]:
            problem = "content does not match its hash (the entry was altered)"
        if problem:
            self.broken = (seq, problem)
            return False
        self.checked += 1
        self.prev_seq, self.prev_hash = seq, str(entry["hash"])
        return True

    def report(self) -> ChainReport:
        return ChainReport(
            ok=self.broken is None,
            checked=self.checked,
            head_seq=self.prev_seq or None,
            head_hash=self.prev_hash,
            first_broken_seq=self.broken[0] if self.broken else None,
            problem=self.broken[1] if self.broken else None,
        )


def verify_entries(entries: Iterable[Mapping[str, Any]]) -> ChainReport:
    verifier = ChainVerifier()
    for entry in entries:
        if not verifier.feed(entry):
            break
    return verifier.report()
