"""Optional OpenTelemetry spans (server/tracing.py), collected with the SDK's in-memory exporter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from server import tracing
from tests.conftest import running

TASKS = "query Tasks { tasks(first: 3) { nodes { code assignments { unit { name } } } } }"


@pytest.fixture
def exported() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.install(provider)
    try:
        yield exporter
    finally:
        tracing._tracer = None  # the wrapped SQL methods trace nothing once no tracer is set


def parent_name(span: ReadableSpan, spans: list[ReadableSpan]) -> str | None:
    if span.parent is None:
        return None
    by_id = {s.context.span_id: s.name for s in spans}
    return by_id.get(span.parent.span_id)


async def test_an_operation_its_steps_and_its_sql_are_spans(
    seeded_url: str, exported: InMemorySpanExporter
) -> None:
    async with running(seeded_url, otel=True) as (_, office):
        exported.clear()
        answer = await office.post(TASKS)
        assert answer.json()["data"]["tasks"]["nodes"]
    spans = list(exported.get_finished_spans())
    names = [span.name for span in spans]
    assert "GraphQL Tasks" in names
    for step in ("GraphQL parse", "GraphQL validate", "GraphQL execute"):
        [span] = [s for s in spans if s.name == step]
        assert parent_name(span, spans) == "GraphQL Tasks"
    statements = [
        s for s in spans if s.name == "SQL" and parent_name(s, spans) == "GraphQL execute"
    ]
    # The page, its assignments and their units: at least three statements, each with its SQL.
    assert len(statements) >= 3
    assert all("SELECT" in str(s.attributes.get("db.statement", "")) for s in statements)
    [operation] = [s for s in spans if s.name == "GraphQL Tasks"]
    assert operation.attributes is not None
    assert operation.attributes["graphql.operation.type"] == "query"


async def test_without_the_setting_no_operation_is_traced(
    seeded_url: str, exported: InMemorySpanExporter
) -> None:
    async with running(seeded_url) as (_, office):
        exported.clear()
        assert (await office.post(TASKS)).json()["data"]["tasks"]["nodes"]
    assert not [s for s in exported.get_finished_spans() if s.name.startswith("GraphQL")]
