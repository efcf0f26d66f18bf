"""Shared small types: validity windows (valid-from/valid-to) and the as-of filter."""

from __future__ import annotations

from datetime import date
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
