"""The one error a plan source raises when it holds no readable plan (→ BAD_USER_INPUT, exit 2)."""

from __future__ import annotations


class SourceError(ValueError):
    """A file that cannot be read as a plan; the message says what was found and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
