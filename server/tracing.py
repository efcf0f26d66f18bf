"""Optional OpenTelemetry spans: one per operation, with its parse, validate and execute steps as
children, and one per SQL statement under the step that ran it.

Off unless ``DUTYGRAPH_OTEL=1``; then the OpenTelemetry SDK is configured from its own
environment variables (``OTEL_SERVICE_NAME``, ``OTEL_EXPORTER_OTLP_ENDPOINT``, …) and spans go to
an OTLP/HTTP exporter. The SDK is an optional dependency: ``pip install 'dutygraph[otel]'``.

Spans are not made per field: a per-field hook would be a graphql-core middleware, and a
middleware sends every query down graphql-core's slower field-by-field path
(``resolvers/execution/breadth_first.py``).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from strawberry.extensions import SchemaExtension

#: The Tortoise client methods that run SQL.
_EXECUTES = ("execute_query", "execute_query_dict", "execute_insert", "execute_many")
_WRAPPED = "__dutygraph_traced__"

_tracer: Any = None


class TracingUnavailable(RuntimeError):
    """``DUTYGRAPH_OTEL=1`` without the OpenTelemetry SDK installed."""


def configure_from_env() -> None:
    """An SDK tracer provider exporting over OTLP/HTTP, configured by the OTEL_* variables."""
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as missing:
        raise TracingUnavailable(
            "DUTYGRAPH_OTEL=1 needs the OpenTelemetry SDK: pip install 'dutygraph[otel]' "
            f"({missing})"
        ) from None
    provider = TracerProvider(resource=Resource.create({"service.name": "dutygraph"}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    install(provider)


def install(provider: Any) -> None:
    """Trace with ``provider``'s tracer: operations (``Tracing``) and SQL statements."""
    global _tracer
    _tracer = provider.get_tracer("dutygraph")
    from tortoise.backends.base.client import BaseDBAsyncClient

    for client in _client_classes(BaseDBAsyncClient):
        for name in _EXECUTES:
            method = client.__dict__.get(name)
            if method is not None and not getattr(method, _WRAPPED, False):
                setattr(client, name, _traced_statement(method))


def installed() -> bool:
    return _tracer is not None


def _client_classes(base: type) -> Iterator[type]:
    # The backends' modules define the classes that run SQL; import the two dutygraph uses.
    from tortoise.backends.asyncpg import client as _asyncpg  # noqa: F401
    from tortoise.backends.sqlite import client as _sqlite  # noqa: F401

    seen: set[type] = set()
    stack = [base]
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        yield cls
        stack.extend(cls.__subclasses__())


def _traced_statement(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def traced(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        if _tracer is None:
            return await method(self, query, *args, **kwargs)
        with _tracer.start_as_current_span("SQL", kind=_client_kind()) as span:
            span.set_attribute("db.system", _system(self))
            span.set_attribute("db.statement", query[:2000])
            return await method(self, query, *args, **kwargs)

    setattr(traced, _WRAPPED, True)
    return traced


def _client_kind() -> Any:
    from opentelemetry.trace import SpanKind

    return SpanKind.CLIENT


def _system(client: Any) -> str:
    name = type(client).__module__
    return "postgresql" if "asyncpg" in name or "postgres" in name else "sqlite"


@contextmanager
def _span(name: str, **attributes: Any) -> Iterator[Any]:
    if _tracer is None:
        yield None
        return
    with _tracer.start_as_current_span(name) as span:
        for key, value in attributes.items():
            if value is not None:
                span.set_attribute(key, value)
        yield span


class Tracing(SchemaExtension):
    """Spans for an operation and its parse, validate and execute steps."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        with _span("GraphQL operation", **{"graphql.operation.name": context.operation_name}) as op:
            yield
            if op is not None:
                # A document that never parsed has no operation type.
                with contextlib.suppress(Exception):
                    op.set_attribute("graphql.operation.type", context.operation_type.value)
                if context.operation_name:
                    op.update_name(f"GraphQL {context.operation_name}")

    def on_parse(self) -> Iterator[None]:
        with _span("GraphQL parse"):
            yield

    def on_validate(self) -> Iterator[None]:
        with _span("GraphQL validate"):
            yield

    def on_execute(self) -> Iterator[None]:
        with _span("GraphQL execute"):
            yield
