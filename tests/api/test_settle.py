"""``settle`` (resolvers/execution/breadth_first.py) runs coroutines side by side like ``gather``
does."""

from __future__ import annotations

import asyncio

import pytest

from resolvers.execution.breadth_first import settle


async def test_a_lock_passes_from_coroutine_to_coroutine() -> None:
    lock = asyncio.Lock()
    order: list[int] = []

    async def worker(i: int) -> int:
        async with lock:
            await asyncio.sleep(0)
            order.append(i)
        return i * 10

    results = await asyncio.wait_for(settle([worker(i) for i in range(6)]), 5)
    assert results == [0, 10, 20, 30, 40, 50]
    assert sorted(order) == list(range(6))


async def test_a_coroutine_that_only_yields_lets_the_others_finish() -> None:
    done = asyncio.Event()

    async def poller() -> str:
        while not done.is_set():  # noqa: ASYNC110 — polling is what this case is about
            await asyncio.sleep(0)
        return "saw it"

    async def setter() -> str:
        await asyncio.sleep(0.01)
        done.set()
        return "set"

    async def immediate() -> int:
        return 7

    results = await asyncio.wait_for(settle([poller(), setter(), immediate()]), 5)
    assert results == ["saw it", "set", 7]


async def test_futures_and_tasks_are_awaited_too() -> None:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()
    loop.call_later(0.01, future.set_result, "later")
    task = asyncio.ensure_future(asyncio.sleep(0.01, result="slept"))
    assert await asyncio.wait_for(settle([future, task]), 5) == ["later", "slept"]


async def test_an_error_ends_the_pass_and_closes_the_rest() -> None:
    closed: list[str] = []

    async def waits_forever() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            closed.append("waiter")

    async def fails() -> None:
        await asyncio.sleep(0)
        raise LookupError("no such row")

    with pytest.raises(LookupError, match="no such row"):
        await asyncio.wait_for(settle([waits_forever(), fails()]), 5)
    assert closed == ["waiter"]
