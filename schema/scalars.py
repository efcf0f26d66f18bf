"""Shared small types: validity windows (valid-from/valid-to) and the as-of filter."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Protocol


class Bounded(Protocol):
    valid_from: date | None
    valid_to: date | None


def holds_on(row: Bounded, day: date | None) -> bool:
    """Whether a validity window contains ``day`` (``valid_to`` is the last day it holds).

    ``day=None`` means "now, whatever the date": rows not yet ended.
    """
    if day is None:
        return row.valid_to is None
    return (row.valid_from is None or row.valid_from <= day) and (
        row.valid_to is None or day <= row.valid_to
    )


def wire(member: Enum) -> str:
    """The wire value of a schema enum member ("LEAD"), typed as ``str``.

    Strawberry's ``enum_value`` descriptions make type checkers see the values as definitions;
    at run time they are the plain strings.
    """
    return str(member.value)
