"""The GraphQL-over-HTTP endpoint: per-request context, error shaping, response media types."""

from __future__ import annotations

import re
import uuid
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from resolvers.context import Actor, Context
from server.errors import before_execution, format_error
from server.graphiql import graphiql_html

GRAPHQL_RESPONSE = "application/graphql-response+json"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id_of(request: Request | WebSocket) -> str:
    given = request.headers.get("x-request-id", "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


def wants_graphql_response(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return GRAPHQL_RESPONSE in accept and (
        "application/json" not in accept
        or accept.index(GRAPHQL_RESPONSE) < accept.index("application/json")
    )


class GraphQLView(GraphQL[Context, None]):
    """Strawberry's ASGI view with dutygraph's context, error format and JSON encoding."""

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        context = Context(
            actor=Actor("api:anonymous"),
            request_id=request_id_of(request),
            request=request,
            response=response,
        )
        request.state.dutygraph_context = context
        return context

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(graphiql_html())

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        context: Context = request.state.dutygraph_context
        body: dict[str, Any] = {}
        if not (result.errors and result.data is None and before_execution(result.errors)):
            body["data"] = result.data
        if result.errors:
            body["errors"] = [format_error(e, context.request_id) for e in result.errors]
        if result.extensions:
            body["extensions"] = result.extensions
        return body  # type: ignore[return-value]

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        request: Request | None = getattr(sub_response, "dutygraph_request", None)
        context = getattr(getattr(request, "state", None), "dutygraph_context", None)
        if context is not None:
            response.headers["x-request-id"] = context.request_id
        if request is not None and wants_graphql_response(request):
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if isinstance(response_data, dict) and "data" not in response_data:
                response.status_code = 400
        return response

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.dutygraph_request = request  # type: ignore[attr-defined]
        return sub_response
