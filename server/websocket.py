"""Errors over WebSocket shaped as over HTTP (stable codes, unexpected ones masked and logged):
strawberry's WebSocket handlers send ``error.formatted``, which bypasses the HTTP view."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import StreamExecutionResult

from server.errors import format_error


def shaped(error: GraphQLError, request_id: str) -> GraphQLError:
    """A plain error whose ``formatted`` is what the HTTP endpoint would answer."""
    body = format_error(error, request_id)
    return GraphQLError(
        body["message"],
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=body["extensions"],
    )


class WebSocketErrors(SchemaExtension):
    """Reshapes the errors of results streamed to a WebSocket (SSE goes through the view)."""

    def on_stream_result(self, result: StreamExecutionResult) -> Iterator[None]:
        context = self.execution_context.context
        errors = getattr(result, "errors", None)
        if errors and isinstance(getattr(context, "request", None), WebSocket):
            result.errors = [shaped(e, context.request_id) for e in errors]  # type: ignore[union-attr]
        yield None
