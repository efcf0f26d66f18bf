"""Free-text search terms: trimmed and bounded before they become LIKE patterns.

SQLite refuses a LIKE pattern over 50 000 bytes and PostgreSQL any text with NUL (500s before
these checks); no name, title or code the service stores is anywhere near ``MAX_SEARCH_CHARS``.
"""

from __future__ import annotations

from resolvers.errors import bad_input

MAX_SEARCH_CHARS = 200


def search_term(value: str, field: str) -> str:
    """``value`` trimmed, or BAD_USER_INPUT naming ``field`` when it is too long to match."""
    text = value.strip()
    if "\x00" in text:  # PostgreSQL text cannot hold NUL: the LIKE would fail in the database
        raise bad_input(f"`{field}` contains a NUL character.", field)
    if len(text) > MAX_SEARCH_CHARS:
        raise bad_input(
            f"`{field}` is longer than {MAX_SEARCH_CHARS} characters; nothing that long can match.",
            field,
        )
    return text
