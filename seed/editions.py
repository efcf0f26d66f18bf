"""Comparing two editions of a plan: tasks added, removed and reassigned (matched by code)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

#: A task as compared: its code, title and the set of (unit id, role) it is assigned to.
TaskShape = tuple[str, str, frozenset[tuple[int, str]]]


@dataclass(frozen=True)
class Reassignment:
    """A task kept across editions whose units or roles changed."""

    code: str
    title: str
    before: frozenset[tuple[int, str]]
    after: frozenset[tuple[int, str]]


@dataclass(frozen=True)
class EditionChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reassigned: list[Reassignment] = field(default_factory=list)


def compare(old: Iterable[TaskShape], new: Iterable[TaskShape]) -> EditionChanges:
    before = {code: (title, units) for code, title, units in old}
    after = {code: (title, units) for code, title, units in new}
    reassigned = [
        Reassignment(code, after[code][0], before[code][1], after[code][1])
        for code in after
        if code in before and before[code][1] != after[code][1]
    ]
    return EditionChanges(
        added=[code for code in after if code not in before],
        removed=[code for code in before if code not in after],
        reassigned=reassigned,
    )
