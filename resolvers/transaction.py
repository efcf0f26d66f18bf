"""Database transactions that a cancellation cannot leave half-open.

Tortoise's ``in_transaction()`` is not safe against cancellation. On SQLite its ``__aenter__``
takes the connection's one lock and then awaits ``BEGIN``; a task cancelled during that await
(a WebSocket client gone mid-mutation, the operation timeout) leaves ``__aenter__`` without
``__aexit__``, so the lock is never released: every later query, ``/healthz`` included, waits
for it forever while the event loop sits idle. On PostgreSQL the same window keeps a pooled
connection that has sent ``BEGIN``: it stays ``idle in transaction`` and never returns to the
pool. A cancellation during ``__aexit__`` can likewise skip the rollback or the release.

``transaction()`` runs Tortoise's entry and exit each in a task of its own, which a
cancellation of the caller does not interrupt: the caller waits for them to finish, rolls back
if it was cancelled, and only then lets the cancellation go on. Their tasks share one copy of
the caller's context, where Tortoise sets and resets its connection variable; the caller's own
context routes queries to the transaction as ``in_transaction()`` would.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.connection import get_connections
from tortoise.transactions import in_transaction  # noqa: TID251 - wrapped here, once

T = TypeVar("T")
logger = logging.getLogger("dutygraph.transaction")


async def finished(task: asyncio.Task[Any]) -> asyncio.CancelledError | None:
    """Wait for ``task`` to end although the caller may be cancelled meanwhile (the task is not
    cancelled with it); the cancellation that came, for the caller to raise afterwards."""
    cancelled: asyncio.CancelledError | None = None
    while not task.done():
        try:
            await asyncio.wait((task,))
        except asyncio.CancelledError as error:
            cancelled = error
    return cancelled


async def uninterrupted(step: Coroutine[Any, Any, T], context: contextvars.Context) -> T:
    """The result of ``step``, run to its end in ``context``; a cancellation of the caller that
    came meanwhile is raised once ``step`` is over."""
    task = asyncio.create_task(step, context=context)
    cancelled = await finished(task)
    if cancelled is not None:
        if not task.cancelled() and task.exception() is not None:
            logger.warning("a transaction step failed while cancelled", exc_info=task.exception())
        raise cancelled
    return task.result()


@asynccontextmanager
async def transaction(connection_name: str | None = None) -> AsyncIterator[BaseDBAsyncClient]:
    """``in_transaction()`` that always ends: committed when the block succeeds, rolled back when
    it fails or its task is cancelled (at any point, entry and exit included), and the
    connection given back either way."""
    tortoise = in_transaction(connection_name)
    steps = contextvars.copy_context()
    entering = asyncio.create_task(tortoise.__aenter__(), context=steps)
    cancelled = await finished(entering)
    if cancelled is not None:
        # Cancelled while entering: the entry has finished meanwhile; undo it if it succeeded,
        # then stop. The cancellation (the operation timeout, a client gone) is what the caller
        # learns, not an entry that failed after it came (a busy wait that ran out).
        if not entering.cancelled() and entering.exception() is None:
            await _leave(tortoise, steps, cancelled)
        raise cancelled
    client = entering.result()  # an entry that failed propagates, as in_transaction()'s does
    token = get_connections().set(client.connection_name, client)
    try:
        yield client
    except BaseException as error:
        await _leave(tortoise, steps, error)
        raise
    else:
        await uninterrupted(tortoise.__aexit__(None, None, None), steps)
    finally:
        get_connections().reset(token)


async def _leave(tortoise: Any, steps: contextvars.Context, error: BaseException) -> None:
    """Roll back after ``error``; a failing rollback is logged, ``error`` is what propagates."""
    try:
        await uninterrupted(tortoise.__aexit__(type(error), error, error.__traceback__), steps)
    except asyncio.CancelledError:
        if not isinstance(error, asyncio.CancelledError):
            raise
    except Exception:  # noqa: BLE001 - the block's own error matters more than the rollback's
        logger.warning("rolling back a transaction failed", exc_info=True)
