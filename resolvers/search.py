"""Free-text search terms: trimmed and bounded before they become LIKE patterns.

SQLite refuses a LIKE pattern over 50 000 bytes (a 500 before this bound); no name, title or
code the service stores is anywhere near ``MAX_SEARCH_CHARS``.
"""

from __future__ import annotations

from schema.errors import bad_input

MAX_SEARCH_CHARS = 200


def search_term(value: str, field: str) -> str:
    """``value`` trimmed, or BAD_USER_INPUT naming ``field`` when it is too long to match."""
    text = value.strip()
    if len(text) > MAX_SEARCH_CHARS:
        raise bad_input(
            f"`{field}` is longer than {MAX_SEARCH_CHARS} characters; nothing that long can match.",
            field,
        )
    return text
