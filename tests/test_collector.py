"""server/collector.py: the cyclic collector stays out of requests, and still collects."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.types import Receive, Scope, Send

from server.app import create_app
from server.collector import CollectorPause, collect_due
from server.settings import Settings


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    thresholds = gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)
    (gc.enable if was_enabled else gc.disable)()


class Inner:
    """An ASGI app that notes whether the collector was on, and waits until it is released."""

    def __init__(self) -> None:
        self.seen: list[bool] = []
        self.release = asyncio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.seen.append(gc.isenabled())
        await scope.get("release", self.release).wait()


async def noop_receive() -> dict[str, Any]:
    return {"type": "http.disconnect"}


async def noop_send(message: Any) -> None:
    return None


def request(
    app: Any, kind: str = "http", release: asyncio.Event | None = None, accept: bytes = b"*/*"
) -> asyncio.Task[None]:
    scope: dict[str, Any] = {"type": kind, "headers": [(b"accept", accept)]}
    if release is not None:
        scope["release"] = release
    return asyncio.ensure_future(app(scope, noop_receive, noop_send))


async def test_no_collection_inside_a_request_and_back_on_after() -> None:
    gc.enable()
    inner = Inner()
    app = CollectorPause(inner)
    first = request(app)
    await asyncio.sleep(0)
    second = request(app)
    await asyncio.sleep(0)
    assert inner.seen == [False, False]
    assert not gc.isenabled()
    inner.release.set()
    await asyncio.gather(first, second)
    assert gc.isenabled()
    assert app.in_flight == 0


async def test_overlapping_requests_still_collect_cycles() -> None:
    """Under constant load (never a moment without a request) cycles are still collected."""
    gc.enable()
    gc.set_threshold(100, 10, 10)
    inner = Inner()
    app = CollectorPause(inner, longest_pause=0.0)
    held = asyncio.Event()
    holder = request(app, release=held)  # keeps a request in flight throughout
    await asyncio.sleep(0)

    class Cyclic:
        pass

    cycle = Cyclic()
    cycle.me = cycle  # type: ignore[attr-defined]
    gone = weakref.ref(cycle)
    del cycle
    garbage = [[] for _ in range(500)]  # past the first threshold
    assert gone() is not None
    ending = request(app)
    await asyncio.sleep(0)
    inner.release.set()
    await ending
    # (in flight, collector on, cycle collected) with the holder still in flight.
    meanwhile = (app.in_flight, gc.isenabled(), gone() is None)
    held.set()
    await holder
    assert meanwhile == (1, False, True)
    assert gc.isenabled()
    assert len(garbage) == 500


async def test_a_collector_switched_off_elsewhere_stays_off() -> None:
    gc.disable()
    inner = Inner()
    inner.release.set()
    await request(CollectorPause(inner))
    assert inner.seen == [False]
    assert not gc.isenabled()


async def test_websockets_are_not_paused() -> None:
    gc.enable()
    inner = Inner()
    inner.release.set()
    await request(CollectorPause(inner), kind="websocket")
    assert inner.seen == [True]


async def test_streamed_responses_are_not_paused() -> None:
    """An HTTP subscription may stay open for hours: the collector keeps running meanwhile."""
    gc.enable()
    inner = Inner()
    inner.release.set()
    app = CollectorPause(inner)
    await request(app, accept=b"multipart/mixed;subscriptionSpec=1.0, application/json")
    await request(app, accept=b"text/event-stream")
    await request(app, accept=b"application/graphql-response+json")
    assert inner.seen == [True, True, False]


def test_collect_due_follows_the_thresholds() -> None:
    gc.disable()  # as inside a request: only collect_due collects
    gc.collect()
    gc.set_threshold(10**9, 10, 10)
    assert collect_due() is None
    gc.set_threshold(1, 10**9, 10**9)
    garbage = [[] for _ in range(50)]
    assert collect_due() == 0
    assert len(garbage) == 50


def test_the_app_pauses_the_collector(tmp_path: Any) -> None:
    app = create_app(Settings(database_url=f"sqlite://{tmp_path}/db.sqlite3"))
    assert any(m.cls is CollectorPause for m in app.user_middleware)
