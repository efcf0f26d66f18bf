"""Comparing two editions of a plan: tasks matched across editions (same code and title, else
the best text match above a threshold), and tasks added, removed, reassigned and re-dated."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

#: A task as compared: its code, title, the set of (unit id, role) it is assigned to, and its
#: deadline (the due day, or the deadline's text, or "" without one).
TaskShape = tuple[str, str, frozenset[tuple[int, str]], str]

#: Below this text similarity (0..1) a task of the new edition continues none of the old one.
MATCH_THRESHOLD = 0.6
CODE_TITLE = "CODE_TITLE"
TITLE = "TITLE"
TEXT = "TEXT"


@dataclass(frozen=True)
class Reassignment:
    """A task kept across editions whose units or roles changed."""

    code: str
    title: str
    before: frozenset[tuple[int, str]]
    after: frozenset[tuple[int, str]]


@dataclass(frozen=True)
class Redating:
    """A task kept across editions whose deadline changed."""

    code: str
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class EditionChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reassigned: list[Reassignment] = field(default_factory=list)
    redated: list[Redating] = field(default_factory=list)


def compare(
    old: Iterable[TaskShape],
    new: Iterable[TaskShape],
    continued: Mapping[str, str] | None = None,
) -> EditionChanges:
    """The changes from ``old`` to ``new``; ``continued`` maps a new task's code to the code of
    the old task it continues (default: the same code)."""
    before = {code: (title, units, due) for code, title, units, due in old}
    after = {code: (title, units, due) for code, title, units, due in new}
    if continued is None:
        continued = {code: code for code in after if code in before}
    kept = [(code, continued[code]) for code in after if continued.get(code) in before]
    carried = {old_code for _, old_code in kept}
    return EditionChanges(
        added=[code for code in after if code not in continued or continued[code] not in before],
        removed=[code for code in before if code not in carried],
        reassigned=[
            Reassignment(code, after[code][0], before[was][1], after[code][1])
            for code, was in kept
            if before[was][1] != after[code][1]
        ],
        redated=[
            Redating(code, after[code][0], before[was][2], after[code][2])
            for code, was in kept
            if before[was][2] != after[code][2]
        ],
    )


@dataclass(frozen=True)
class TaskText:
    """What matching reads of a task: its code, title and full text."""

    code: str
    title: str
    body: str


@dataclass(frozen=True)
class Match:
    """The task of the older edition (by index) that a new task continues, how and how well."""

    old: int
    rule: str
    score: float


def similarity(a: TaskText, b: TaskText) -> float:
    return SequenceMatcher(None, a.title + "\n" + a.body, b.title + "\n" + b.body).ratio()


def match_tasks(
    old: Sequence[TaskText], new: Sequence[TaskText], threshold: float = MATCH_THRESHOLD
) -> list[Match | None]:
    """For each new task, the old task it continues (each old task continues at most once).

    Same code and title first, then the same title under another code, then the best text
    match at or above ``threshold`` (greedy, best pairs first)."""
    matches: list[Match | None] = [None] * len(new)
    free = set(range(len(old)))
    by_code_title = {(t.code, t.title): i for i, t in enumerate(old)}
    for n, task in enumerate(new):
        i = by_code_title.get((task.code, task.title))
        if i is not None and i in free:
            matches[n] = Match(i, CODE_TITLE, 1.0)
            free.discard(i)
    by_title: dict[str, list[int]] = {}
    for i in sorted(free):
        by_title.setdefault(old[i].title, []).append(i)
    for n, task in enumerate(new):
        if matches[n] is None:
            candidates = [i for i in by_title.get(task.title, []) if i in free]
            if candidates:
                matches[n] = Match(
                    candidates[0], TITLE, round(similarity(old[candidates[0]], task), 4)
                )
                free.discard(candidates[0])
    pairs = []
    for n, task in enumerate(new):
        if matches[n] is not None:
            continue
        for i in free:
            matcher = SequenceMatcher(
                None, old[i].title + "\n" + old[i].body, task.title + "\n" + task.body
            )
            if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold:
                score = matcher.ratio()
                if score >= threshold:
                    pairs.append((score, n, i))
    for score, n, i in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if matches[n] is None and i in free:
            matches[n] = Match(i, TEXT, round(score, 4))
            free.discard(i)
    return matches
