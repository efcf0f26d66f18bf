"""Running the deadline clock: in each server process, in ``dutygraph worker``, or once."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
from datetime import date

from resolvers import workdays
from resolvers.calendar.operations import installed_schedules, refreshed_schedules
from resolvers.clock.tick import TickReport, tick
from server import metrics

logger = logging.getLogger("dutygraph.clock")


async def wait_for_event(event: asyncio.Event, seconds: float) -> bool:
    """Whether ``event`` was set within ``seconds``. (``asyncio.timeout``, not ``wait_for``: on
    Python 3.11 ``wait_for`` can swallow a cancellation that races the event.)"""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await event.wait()
    return event.is_set()


async def tick_logged(due_soon_days: int, as_of: date | None = None) -> TickReport | None:
    """One run for ``as_of`` (default: today in China); a failure is logged, not raised."""
    try:
        report = await tick(as_of or workdays.today(), due_soon_days)
    except Exception:  # noqa: BLE001 - the clock must keep running; the next run retries
        logger.exception("deadline clock run failed")
        metrics.clock_ran(ok=False)
        return None
    metrics.clock_ran(ok=True)
    if report.changed:
        logger.info("deadline clock: %s", json.dumps(report.as_dict()))
    return report


class Clock:
    """Runs the clock every ``interval`` seconds until stopped (first run right at start)."""

    def __init__(self, interval: float, due_soon_days: int) -> None:
        self.interval = interval
        self.due_soon_days = due_soon_days
        self.stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        while not self.stopping.is_set():
            await tick_logged(self.due_soon_days)
            await wait_for_event(self.stopping, self.interval)

    async def start(self) -> None:
        """The first run completes before the server takes requests; later ones in the
        background."""
        await tick_logged(self.due_soon_days)
        self._task = asyncio.create_task(self._later(), name="dutygraph-deadline-clock")

    async def _later(self) -> None:
        await wait_for_event(self.stopping, self.interval)
        await self.run()

    async def stop(self) -> None:
        self.stopping.set()
        if self._task is not None:
            await self._task


async def run_worker(database_url: str, interval: float, due_soon_days: int) -> int:
    """``dutygraph worker``: the clock alone, until SIGINT or SIGTERM."""
    from server.database import open_database

    clock = Clock(interval, due_soon_days)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, clock.stopping.set)
    logger.info("deadline clock worker: every %ss", interval)
    async with open_database(database_url), refreshed_schedules():
        await clock.run()
    return 0


async def tick_once(database_url: str, as_of: date | None, due_soon_days: int) -> int:
    """``dutygraph clock tick``: one run, its report as JSON on stdout."""
    from server.database import open_database

    async with open_database(database_url):
        workdays.install(await installed_schedules())
        report = await tick(as_of or workdays.today(), due_soon_days)
    print(json.dumps(report.as_dict()))
    return 0
