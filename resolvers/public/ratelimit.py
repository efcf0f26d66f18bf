"""Token buckets per client address, in memory, for what the public may send in.

Each server process keeps its own buckets: with N worker processes a client may send N times
as much. Behind several workers, also limit the rate at the reverse proxy (or share buckets in
a store such as Redis); the in-process limit then stays a second line of defence.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass


@dataclass
class Bucket:
    tokens: float
    updated: float


class TokenBucket:
    """``capacity`` submissions at once, refilled by one every ``refill_seconds``."""

    def __init__(
        self, capacity: int = 5, refill_seconds: float = 120.0, max_clients: int = 10_000
    ) -> None:
        self.capacity = capacity
        self.refill_seconds = refill_seconds
        self.max_clients = max_clients
        self.buckets: OrderedDict[str, Bucket] = OrderedDict()

    def take(self, client: str, now: float | None = None) -> float | None:
        """Spend one token of ``client``: None if it had one, else seconds until it will."""
        now = time.monotonic() if now is None else now
        bucket = self.buckets.pop(client, None) or Bucket(float(self.capacity), now)
        refilled = (now - bucket.updated) / self.refill_seconds
        bucket.tokens = min(float(self.capacity), bucket.tokens + refilled)
        bucket.updated = now
        self.buckets[client] = bucket
        while len(self.buckets) > self.max_clients:
            self.buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return None
        return (1 - bucket.tokens) * self.refill_seconds
