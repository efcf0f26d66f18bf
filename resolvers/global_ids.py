"""Relay global IDs (全局ID): ``base64("Type:pk")``, made and read without the GraphQL layer
so journal entries, exports and reports name objects the way the API does."""

from __future__ import annotations

import base64
import binascii

from resolvers.errors import bad_input


def to_global_id(type_name: str, pk: int) -> str:
    """Relay global ID: base64 of ``Type:pk``."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


#: Node types whose key is a 64-bit column (the journal's sequence); every other key is a
#: 32-bit integer column (tests/test_relay.py checks this against the models).
WIDE_KEY_TYPES = frozenset({"JournalEntry"})
LARGEST_KEY = 2**31 - 1
LARGEST_WIDE_KEY = 2**63 - 1


def largest_key(type_name: str) -> int:
    """The largest key an object of ``type_name`` can have (what its key column holds)."""
    return LARGEST_WIDE_KEY if type_name in WIDE_KEY_TYPES else LARGEST_KEY


def from_global_id(global_id: str, field: str = "id") -> tuple[str, int]:
    """Decode a global ID into ``(type name, primary key)``; a malformed one is BAD_USER_INPUT,
    and so is one whose key no row of its type can have (beyond its key column's range)."""
    try:
        raw = base64.b64decode(global_id.encode("ascii"), validate=True).decode()
        type_name, _, pk = raw.partition(":")
        if not type_name or not pk.isascii() or not pk.isdigit() or len(pk) > 19:
            raise ValueError(raw)
    except (ValueError, UnicodeError, binascii.Error):
        raise bad_input(f"{global_id!r} is not a valid global ID.", field) from None
    if int(pk) > largest_key(type_name):
        raise bad_input(
            f"{global_id!r} is not a valid global ID: no {type_name} has the key {pk}.", field
        )
    return type_name, int(pk)


def pk_of(global_id: str, type_name: str, field: str = "id") -> int:
    """The primary key inside a global ID that must be of ``type_name``."""
    actual, pk = from_global_id(str(global_id), field)
    if actual != type_name:
        raise bad_input(f"{field} must be the ID of a {type_name}, not of a {actual}.", field)
    return pk
