"""Pinned heads: a ``seq`` and the hash the journal had there, checked against a copy.

A chain proves only that its entries follow one another. Whether a copy lost its tail, or was
re-chained after an edit, only a hash recorded elsewhere can tell: a head pinned in a report
(``--expect-head SEQ:HASH``) or a signed checkpoint. ``PinChecks`` watches the entries go by and
says, per pin, whether the copy holds that hash at that seq.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_PIN = re.compile(r"^\s*(\d{1,18})\s*:\s*([0-9a-fA-F]{64})\s*$")


@dataclass(frozen=True)
class Pin:
    """The hash entry ``seq`` must have; ``source`` says where the pin came from."""

    seq: int
    hash: str
    source: str = "expected head"


def parse_pin(text: str, source: str = "expected head") -> Pin:
    """``SEQ:HASH`` (the hash as 64 hex digits) as a Pin; ValueError says what is wrong."""
    found = _PIN.match(text)
    if not found:
        raise ValueError(
            f"{text!r} is not a pinned head: write it as SEQ:HASH, e.g. "
            "42:3f9a… (the seq and the 64 hex digits of `journalHead`)"
        )
    return Pin(int(found.group(1)), found.group(2).lower(), source)


@dataclass(frozen=True)
class PinCheck:
    """Whether a copy agrees with one pin; ``problem`` says why not (or why it cannot say)."""

    pin: Pin
    matched: bool
    problem: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.pin.seq,
            "hash": self.pin.hash,
            "source": self.pin.source,
            "matched": self.matched,
            "problem": self.problem,
        }


class PinChecks:
    """Checks pins against sound entries fed in seq order (after the chain check of each)."""

    def __init__(self, pins: Iterable[Pin], noun: str = "the copy") -> None:
        self.noun = noun
        self.pending: dict[int, list[Pin]] = {}
        for pin in pins:
            self.pending.setdefault(pin.seq, []).append(pin)
        self.results: list[PinCheck] = []
        self.first_seq: int | None = None

    def _settle(self, seq: int, digest: str) -> None:
        for pin in self.pending.pop(seq, []):
            if pin.hash == digest:
                self.results.append(PinCheck(pin, True))
            else:
                self.results.append(
                    PinCheck(
                        pin,
                        False,
                        f"entry {seq} has hash {digest}, not the pinned {pin.hash}: "
                        f"{self.noun} differs from the journal the pin was taken from (edited "
                        "and re-chained, or another journal)",
                    )
                )

    def start(self, first_seq: int, prev_hash: str) -> None:
        """The first entry's ``prev_hash`` is the hash at the seq before it (0: genesis)."""
        self.first_seq = first_seq
        self._settle(first_seq - 1, prev_hash)

    def feed(self, entry: Mapping[str, Any]) -> None:
        if self.first_seq is None:
            self.start(int(entry["seq"]), str(entry["prev_hash"]))
        self._settle(int(entry["seq"]), str(entry["hash"]))

    def finish(self, last_seq: int | None, chain_ok: bool) -> list[PinCheck]:
        """Every pin's outcome; pins the entries never reached fail, saying why."""
        if not self.pending:
            return self.results
        for seq, pins in sorted(self.pending.items()):
            if not chain_ok:
                problem = "the chain breaks before this seq, so the pin cannot be checked"
            elif self.first_seq is None:
                problem = f"{self.noun} holds no entries to check the pin against"
            elif seq == 0:
                problem = (
                    f"{self.noun} starts at seq {self.first_seq}, not at genesis: entries "
                    f"1..{self.first_seq - 1} are not in it"
                )
            elif last_seq is None or seq > last_seq:
                problem = (
                    f"{self.noun} ends at seq {last_seq or self.first_seq - 1}, before the "
                    f"pinned seq {seq}: entries were dropped from its end, or it is older "
                    "than the pin"
                )
            else:
                problem = (
                    f"{self.noun} starts at seq {self.first_seq}, after the pinned seq {seq}: "
                    "check this pin against a copy that reaches back to it"
                )
            self.results.extend(PinCheck(pin, False, problem) for pin in pins)
        self.pending.clear()
        return self.results
