"""resolvers/public/ratelimit.py: submission allowances kept in the database, shared by every
worker process on it."""

from __future__ import annotations

import asyncio

from models import PublicRateBucket
from resolvers.public.ratelimit import TokenBucket
from server.database import open_database
from tests.databases import DatabaseFactory

T0 = 1_800_000_000.0


async def test_workers_share_one_allowance(databases: DatabaseFactory) -> None:
    url = await databases.fresh()
    async with open_database(url):
        # Two workers' limiters (each process makes its own) on the same database.
        first, second = TokenBucket(3, 60.0), TokenBucket(3, 60.0)
        taken = [
            await first.take("203.0.113.7", T0),
            await second.take("203.0.113.7", T0 + 1),
            await first.take("203.0.113.7", T0 + 2),
        ]
        assert taken == [None, None, None]
        wait = await second.take("203.0.113.7", T0 + 3)
        assert wait is not None
        assert 55 < wait <= 60
        # Another address has its own bucket.
        assert await second.take("198.51.100.1", T0 + 3) is None
        # A token comes back every refill period, and only one.
        assert await first.take("203.0.113.7", T0 + 63) is None
        assert await second.take("203.0.113.7", T0 + 64) is not None


async def test_concurrent_takes_never_overspend(databases: DatabaseFactory) -> None:
    url = await databases.fresh()
    async with open_database(url):
        limiters = [TokenBucket(4, 600.0) for _ in range(3)]
        results = await asyncio.gather(*(limiters[i % 3].take("192.0.2.9", T0) for i in range(12)))
        assert results.count(None) == 4
        bucket = await PublicRateBucket.get(client="192.0.2.9")
        assert 0 <= bucket.tokens < 1


async def test_a_clock_stepping_back_gives_nothing_back(databases: DatabaseFactory) -> None:
    url = await databases.fresh()
    async with open_database(url):
        limiter = TokenBucket(2, 60.0)
        assert await limiter.take("192.0.2.1", T0) is None
        assert await limiter.take("192.0.2.1", T0 - 3600) is None
        assert await limiter.take("192.0.2.1", T0 - 3600) is not None


async def test_full_buckets_are_forgotten(databases: DatabaseFactory) -> None:
    url = await databases.fresh()
    async with open_database(url):
        limiter = TokenBucket(2, 60.0)
        assert await limiter.take("192.0.2.1", T0) is None
        assert await limiter.take("192.0.2.2", T0 + 60) is None
        assert await PublicRateBucket.all().count() == 2
        # By T0 + 121 the first bucket is full again (2 tokens × 60 s): a new bucket clears it.
        assert await limiter.take("192.0.2.3", T0 + 121) is None
        assert sorted(await PublicRateBucket.all().values_list("client", flat=True)) == [
            "192.0.2.2",
            "192.0.2.3",
        ]
        # Forgotten means full: the first address may send its whole burst again.
        assert await limiter.take("192.0.2.1", T0 + 122) is None
        assert await limiter.take("192.0.2.1", T0 + 122) is None
        assert await limiter.take("192.0.2.1", T0 + 122) is not None
