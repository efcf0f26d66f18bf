"""Token buckets per client address, in the database, for what the public may send in.

A bucket holds up to ``capacity`` submissions and refills by one every ``refill_seconds``. It is
a row of ``public_rate_bucket`` (models/public.py), so every worker process — and every server
on the same database — draws on the same bucket: N workers do not let N times as much through.
Taking a token is one conditional ``UPDATE … RETURNING``, atomic on SQLite and PostgreSQL alike;
a new client's bucket is one ``INSERT … ON CONFLICT DO NOTHING`` (two processes racing for the
first submission cannot both create it). Buckets that have filled up again are deleted as new
ones are made: a full bucket and no bucket mean the same.
"""

from __future__ import annotations

import re
import time
from functools import cache
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models import PublicRateBucket

#: The refill since ``updated`` (never negative, should the clock step back).
_REFILL = "(CASE WHEN :now > updated THEN :now - updated ELSE 0 END) / :refill"
_HELD = f"(tokens + {_REFILL})"

_TAKE = f"""
UPDATE public_rate_bucket
SET tokens = (CASE WHEN {_HELD} > :capacity THEN :capacity ELSE {_HELD} END) - 1, updated = :now
WHERE client = :client AND {_HELD} >= 1
RETURNING tokens
"""

_CREATE = """
INSERT INTO public_rate_bucket (client, tokens, updated) VALUES (:client, :capacity - 1, :now)
ON CONFLICT (client) DO NOTHING
RETURNING tokens
"""

_HELD_NOW = f"SELECT {_HELD} AS held FROM public_rate_bucket WHERE client = :client"

_FORGET_FULL = "DELETE FROM public_rate_bucket WHERE updated < :now - :capacity * :refill"

_NAME = re.compile(r":(\w+)")


@cache
def _placeholders(dialect: str, sql: str) -> tuple[str, tuple[str, ...]]:
    """``sql`` with its ``:name`` marks as the dialect's placeholders, and the names in the
    order of the parameters (PostgreSQL numbers each name once; SQLite takes one per mark)."""
    if dialect != "postgres":
        return _NAME.sub("?", sql), tuple(_NAME.findall(sql))
    order = tuple(dict.fromkeys(_NAME.findall(sql)))

    def numbered(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"${order.index(name) + 1}::{_PG_TYPES[name]}"

    return _NAME.sub(numbered, sql), order


#: PostgreSQL infers a parameter's type from its first use; these are said outright.
_PG_TYPES = {
    "client": "varchar",
    "now": "double precision",
    "refill": "double precision",
    "capacity": "double precision",
}


class TokenBucket:
    """``capacity`` submissions at once, refilled by one every ``refill_seconds``."""

    def __init__(self, capacity: int = 5, refill_seconds: float = 120.0) -> None:
        self.capacity = capacity
        self.refill_seconds = refill_seconds

    async def take(self, client: str, now: float | None = None) -> float | None:
        """Spend one token of ``client``: None if it had one, else seconds until it will."""
        values = {
            "client": client,
            "now": time.time() if now is None else now,
            "refill": float(self.refill_seconds),
            "capacity": float(self.capacity),
        }
        db = PublicRateBucket._choose_db(True)
        if await self._run(db, _TAKE, values):
            return None
        if self.capacity >= 1 and await self._run(db, _CREATE, values):
            await self._run(db, _FORGET_FULL, values)
            return None
        # Another request made the bucket between the two statements: take from it.
        if await self._run(db, _TAKE, values):
            return None
        found = await self._run(db, _HELD_NOW, values)
        held = float(found[0]["held"]) if found else 0.0
        # At least a second: another process may just have taken the token that refilled.
        return max((1.0 - held) * self.refill_seconds, 1.0)

    async def _run(
        self, db: BaseDBAsyncClient, sql: str, values: dict[str, Any]
    ) -> list[dict[str, Any]]:
        query, names = _placeholders(db.capabilities.dialect, sql)
        return list(await db.execute_query_dict(query, [values[name] for name in names]))
