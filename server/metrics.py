"""Prometheus metrics at ``/metrics``: operations, latency, SQL statements, fallbacks, journal
appends, clock runs and WebSocket sessions.

Served outside production by default (``DUTYGRAPH_METRICS=0`` turns it off); in production only
with ``DUTYGRAPH_METRICS_TOKEN`` set, and then only to ``Authorization: Bearer <token>``. With
several workers, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory shared by them (before
they start): each worker writes its values there and any worker's ``/metrics`` answers for all
(prometheus-client's multiprocess mode).

SQL statements are counted from Tortoise's own query log (``tortoise.db_client`` at DEBUG): a
filter counts each statement for the operation running and drops the record unless a handler is
attached to that logger itself, so turning metrics on does not flood the logs.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response
from strawberry.extensions import SchemaExtension

from resolvers.execution import breadth_first
from resolvers.journal import writer as journal_writer
from server.errors import classify

OPERATIONS = Counter(
    "dutygraph_operations",
    "GraphQL operations by endpoint, operation type and outcome (OK or the first error's code).",
    ["endpoint", "operation_type", "outcome"],
)
LATENCY = Histogram(
    "dutygraph_operation_seconds",
    "Time from parsing to the result of a GraphQL operation.",
    ["endpoint", "operation_type"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
STATEMENTS = Histogram(
    "dutygraph_sql_statements_per_operation",
    "SQL statements one GraphQL operation ran.",
    ["endpoint", "operation_type"],
    buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233),
)
FALLBACKS = Counter(
    "dutygraph_breadth_first_fallbacks",
    "Queries answered by graphql-core instead of the breadth-first pass, by reason.",
    ["reason"],
)
JOURNAL_APPENDS = Counter(
    "dutygraph_journal_appends", "Journal entries committed (one per recorded change)."
)
CLOCK_RUNS = Counter(
    "dutygraph_clock_runs", "Runs of the deadline clock, by outcome (ok, failed).", ["outcome"]
)
WEBSOCKET_SESSIONS = Gauge(
    "dutygraph_websocket_sessions",
    "WebSocket sessions open now.",
    multiprocess_mode="livesum",
)

#: The statement count of the operation running in this context (a one-element list).
_statements: ContextVar[list[int] | None] = ContextVar("dutygraph_statements", default=None)
_SQL_LOGGER = logging.getLogger("tortoise.db_client")


class _CountStatements(logging.Filter):
    """Counts each statement Tortoise logs for the operation running; drops the record unless a
    handler was attached to the SQL logger itself (the tests' statement counter is one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.DEBUG:
            return True
        cell = _statements.get()
        if cell is not None:
            cell[0] += 1
        return bool(_SQL_LOGGER.handlers)


_FILTER = _CountStatements()


def install() -> None:
    """Count SQL statements and fallbacks (idempotent; called when the app is made)."""
    if _FILTER not in _SQL_LOGGER.filters:
        _SQL_LOGGER.addFilter(_FILTER)
    if _SQL_LOGGER.level == logging.NOTSET or _SQL_LOGGER.level > logging.DEBUG:
        _SQL_LOGGER.setLevel(logging.DEBUG)
    if _fallback not in breadth_first.ON_FALLBACK:
        breadth_first.ON_FALLBACK.append(_fallback)
    if _appended not in journal_writer.ON_APPEND:
        journal_writer.ON_APPEND.append(_appended)


def _fallback(reason: breadth_first.Fallback) -> None:
    FALLBACKS.labels(reason.value).inc()


def _appended(count: int) -> None:
    JOURNAL_APPENDS.inc(count)


def clock_ran(ok: bool) -> None:
    CLOCK_RUNS.labels("ok" if ok else "failed").inc()


class websocket_session:  # noqa: N801 — used as a context manager, named like one
    """Counts an open WebSocket session for the duration of the block."""

    def __enter__(self) -> None:
        WEBSOCKET_SESSIONS.inc()

    def __exit__(self, *_: object) -> None:
        WEBSOCKET_SESSIONS.dec()


class OperationMetrics(SchemaExtension):
    """Counts each operation, its latency and its SQL statements (one per request)."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        cell = [0]
        token = _statements.set(cell)
        try:
            yield
        finally:
            # A subscription's operation ends in another context (its stream's): there the
            # token cannot be reset, and nothing needs to be.
            with contextlib.suppress(ValueError):
                _statements.reset(token)
            context = self.execution_context
            endpoint = _endpoint(context.context)
            try:
                kind = context.operation_type.value
            except Exception:  # noqa: BLE001 — a document that never parsed has no type
                kind = "unknown"
            OPERATIONS.labels(endpoint, kind, _outcome(context.result)).inc()
            LATENCY.labels(endpoint, kind).observe(time.perf_counter() - started)
            STATEMENTS.labels(endpoint, kind).observe(cell[0])


def _endpoint(context: Any) -> str:
    request = getattr(context, "request", None)
    path = getattr(getattr(request, "url", None), "path", "")
    return "public" if path.startswith("/public") else "internal"


def _outcome(result: Any) -> str:
    """OK, or the code the client sees on the first error (``server/errors.classify``)."""
    errors = getattr(result, "errors", None)
    if not errors:
        return "OK"
    code, _, _ = classify(errors[0])
    return code.value


def registry() -> CollectorRegistry:
    """The registry to expose: all workers' values in multiprocess mode, else this process's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined)
        return combined
    return REGISTRY


def metrics_endpoint(token: str | None) -> Any:
    """The ``/metrics`` handler; with ``token``, only for ``Authorization: Bearer <token>``."""

    async def metrics(request: Request) -> Response:
        if token is not None:
            given = request.headers.get("authorization", "")
            scheme, _, value = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip(), token):
                return Response(
                    "metrics need the metrics token\n",
                    status_code=401,
                    headers={"www-authenticate": 'Bearer realm="metrics"'},
                    media_type="text/plain",
                )
        return Response(generate_latest(registry()), media_type=CONTENT_TYPE_LATEST)

    return metrics
