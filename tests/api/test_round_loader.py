"""RoundLoader (resolvers/execution/round_loader.py): cached keys and lists arrive with the next
batch."""

from __future__ import annotations

import asyncio

import pytest

from resolvers.execution.round_loader import RoundLoader


class Recorder:
    """A load function that records the batches it was asked for."""

    def __init__(self, failing: frozenset[int] = frozenset()) -> None:
        self.batches: list[list[int]] = []
        self.failing = failing

    async def __call__(self, keys: list[int]) -> list[object]:
        self.batches.append(list(keys))
        await asyncio.sleep(0)
        return [ValueError(f"no {k}") if k in self.failing else k * 10 for k in keys]


async def test_a_cached_key_waits_for_the_batch_of_the_others() -> None:
    recorder = Recorder()
    loader: RoundLoader[int, object] = RoundLoader(load_fn=recorder)
    assert await loader.load(1) == 10
    # Key 1 is cached: it is answered with key 2's batch, not before (nothing runs ahead).
    cached, fresh = loader.load(1), loader.load(2)
    assert not cached.done()
    assert await asyncio.gather(cached, fresh) == [10, 20]
    assert recorder.batches == [[1], [2]]


async def test_lists_come_whole_with_one_batch() -> None:
    recorder = Recorder()
    loader: RoundLoader[int, object] = RoundLoader(load_fn=recorder)
    first = loader.load_many([3, 1, 3])
    second = loader.load_many([1, 2])
    nothing = loader.load_many([])
    assert await asyncio.gather(first, second, nothing) == [[30, 10, 30], [10, 20], []]
    assert recorder.batches == [[3, 1, 2]]
    # All cached now: answered without another query.
    assert await loader.load_many([2, 3]) == [20, 30]
    assert recorder.batches == [[3, 1, 2]]


async def test_a_list_waits_for_keys_of_an_earlier_batch_still_loading() -> None:
    recorder = Recorder()
    loader: RoundLoader[int, object] = RoundLoader(load_fn=recorder)
    early = loader.load(5)
    await asyncio.sleep(0)  # the batch of 5 has started and is waiting on its query
    assert not early.done()
    assert await loader.load_many([5, 6]) == [50, 60]
    assert await early == 50


async def test_errors_reach_the_callers_of_those_keys_only() -> None:
    loader: RoundLoader[int, object] = RoundLoader(load_fn=Recorder(failing=frozenset({2})))
    good, bad = loader.load(1), loader.load(2)
    assert await good == 10
    with pytest.raises(ValueError, match="no 2"):
        await bad
    with pytest.raises(ValueError, match="no 2"):
        await loader.load_many([1, 2])


async def test_a_failing_load_function_fails_the_whole_batch() -> None:
    async def broken(keys: list[int]) -> list[int]:
        raise LookupError("database gone")

    loader: RoundLoader[int, int] = RoundLoader(load_fn=broken)
    results = await asyncio.gather(loader.load(1), loader.load_many([2, 3]), return_exceptions=True)
    assert [type(r) for r in results] == [LookupError, LookupError]
