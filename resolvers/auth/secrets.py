"""Credentials in memory only: opaque API tokens (digest stored, token shown once) and argon2id
password hashes."""

from __future__ import annotations

import hashlib
import re
import secrets
from functools import cache
from typing import Any

from argon2 import PasswordHasher

#: Every token starts with this, so a leaked one is recognisable (secret scanners, logs).
TOKEN_PREFIX = "dg_"
#: Random bytes per token: 256 bits, written as 43 URL-safe characters.
TOKEN_BYTES = 32
TOKEN_LENGTH = len(TOKEN_PREFIX) + 43
#: Characters of a token kept in clear to tell tokens apart (``dg_`` and 8 more, 48 bits).
SHOWN_LENGTH = len(TOKEN_PREFIX) + 8

MIN_PASSWORD_LENGTH = 12


def new_token() -> str:
    """A fresh opaque token: ``dg_`` + 43 URL-safe characters of 32 random bytes."""
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX) and len(value) == TOKEN_LENGTH


def token_digest(token: str) -> str:
    """What the database keeps of a token: its SHA-256, in hex.

    A plain hash suffices: the token is 256 random bits, nothing to guess or look up.
    """
    return hashlib.sha256(token.encode()).hexdigest()


def shown_prefix(token: str) -> str:
    return token[:SHOWN_LENGTH]


@cache
def hasher() -> PasswordHasher:
    """argon2id with the library's RFC 9106 low-memory profile."""
    return PasswordHasher()


def hash_password(password: str) -> str:
    return hasher().hash(password)


_TOKEN_SHAPE = re.compile(rf"^{TOKEN_PREFIX}[A-Za-z0-9_-]{{43}}$")


def without_tokens(value: Any) -> Any:
    """``value`` (JSON) with every API token in it replaced by None, for anything that stores a
    response (idempotent replays): a token is shown once and never kept."""
    if isinstance(value, str):
        return None if _TOKEN_SHAPE.match(value) else value
    if isinstance(value, dict):
        return {key: without_tokens(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_tokens(item) for item in value]
    return value
