"""A DataLoader whose cached answers arrive with its next batch, so callers stay in step.

strawberry's DataLoader answers a key it has already loaded at once. A resolver that happens to
ask only for such keys then runs a step ahead of the others of its level: its next load starts
a batch of its own, and the others' same load a second one. (Thirty aliased
``responsibilityChain`` fields sharing units loaded positions in two statements instead of one.)
Here a cached key joins the loader's current batch like any other key and is answered when that
batch is, without being fetched again; so every caller of a level moves on at the same moment
and their next loads batch together. A batch of only cached keys runs no query.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from strawberry.dataloader import Batch, DataLoader, WrongNumberOfResultsReturned

K = TypeVar("K")
T = TypeVar("T")


@dataclass(frozen=True)
class _Many:
    """A ``load_many``: its list is made from the cache when the batch has run."""

    keys: tuple[Any, ...]


@dataclass(frozen=True)
class _Known:
    """A key already answered: ``value`` is handed out with the batch, not fetched."""

    key: Any
    value: Any


class RoundLoader(DataLoader[K, T], Generic[K, T]):
    """``DataLoader`` with cached keys answered in the next batch (see the module docstring)."""

    _dispatches: set[asyncio.Task[None]]

    def load(self, key: K) -> asyncio.Future[T]:
        if self.cache:
            cached = self.cache_map.get(key)
            if cached is not None and not cached.cancelled():
                if not cached.done() or cached.exception() is not None:
                    return cached
                future: asyncio.Future[T] = self.loop.create_future()
                self._round().add_task(_Known(key, cached.result()), future)
                return future
        future = self.loop.create_future()
        if self.cache:
            self.cache_map.set(key, future)
        self._round().add_task(key, future)
        return future

    def load_many(self, keys: Iterable[K]) -> Awaitable[list[T]]:
        """All of ``keys`` as one future, answered with the next batch (an empty list too).

        Keys not loaded yet join the batch; the list is put together when it has run, without
        a future and a callback per key as ``gather`` would make.
        """
        wanted = list(keys)
        if not self.cache:
            return asyncio.gather(*map(self.load, wanted))
        batch = self._round()
        for key in wanted:
            cached = self.cache_map.get(key)
            if cached is None or cached.cancelled():
                fetched: asyncio.Future[T] = self.loop.create_future()
                self.cache_map.set(key, fetched)
                batch.add_task(key, fetched)
        future: asyncio.Future[list[T]] = self.loop.create_future()
        batch.add_task(_Many(tuple(wanted)), future)
        return future

    def _round(self) -> Batch[K, T]:
        batch = self.batch
        if batch is not None and batch.tasks and not batch.dispatched:
            return batch
        batch = self.batch = Batch()
        self.loop.call_soon(self._start, batch)
        return batch

    def _start(self, batch: Batch[K, T]) -> None:
        if not hasattr(self, "_dispatches"):
            self._dispatches = set()
        task = asyncio.ensure_future(_dispatch(self, batch))
        self._dispatches.add(task)
        task.add_done_callback(self._dispatches.discard)


async def _dispatch(loader: RoundLoader[Any, Any], batch: Batch[Any, Any]) -> None:
    batch.dispatched = True
    tasks = list(batch.tasks)
    asked = [task for task in tasks if not isinstance(task.key, _Known | _Many)]
    try:
        if asked and not all(task.future.cancelled() for task in asked):
            values = list(await loader.load_fn([task.key for task in asked]))
            if len(values) != len(asked):
                raise WrongNumberOfResultsReturned(expected=len(asked), received=len(values))  # noqa: TRY301
            for task, value in zip(asked, values, strict=True):
                if task.future.cancelled():
                    continue
                if isinstance(value, BaseException):
                    task.future.set_exception(value)
                else:
                    task.future.set_result(value)
    except Exception as error:  # noqa: BLE001 — every caller of the batch gets the error
        for task in asked:
            if not task.future.done():
                task.future.set_exception(error)
    for task in tasks:
        if isinstance(task.key, _Known) and not task.future.done():
            task.future.set_result(task.key.value)
    for task in tasks:
        if isinstance(task.key, _Many) and not task.future.done():
            _answer_many(loader, task.key.keys, task.future)


def _answer_many(loader: RoundLoader[Any, Any], keys: tuple[Any, ...], future: Any) -> None:
    """Resolve a ``load_many`` from the cache; keys still loading in an earlier batch are
    waited for as ``gather`` would."""
    parts = [loader.cache_map.get(key) for key in keys]
    if not all(part is not None and part.done() for part in parts):
        waiting = asyncio.gather(
            *(
                part if part is not None else loader.load(key)
                for key, part in zip(keys, parts, strict=True)
            )
        )
        waiting.add_done_callback(lambda done: _settle_many(done, future))
        return
    cancelled = any(part.cancelled() for part in parts)  # type: ignore[union-attr]
    # Every part's error is retrieved (else asyncio reports it as never retrieved); the first
    # one is the list's, as with ``gather``.
    errors = [part.exception() for part in parts if not part.cancelled()]  # type: ignore[union-attr]
    first = next((error for error in errors if error is not None), None)
    if cancelled:
        future.cancel()
    elif first is not None:
        future.set_exception(first)
    else:
        future.set_result([part.result() for part in parts])  # type: ignore[union-attr]


def _settle_many(done: asyncio.Future[list[Any]], future: Any) -> None:
    if future.done():
        return
    if done.cancelled():
        future.cancel()
    elif done.exception() is not None:
        future.set_exception(done.exception())
    else:
        future.set_result(done.result())
