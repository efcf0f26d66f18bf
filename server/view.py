"""The GraphQL-over-HTTP endpoint: per-request context, error shaping, response media types."""

from __future__ import annotations

import re
import uuid
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult, SubscriptionExecutionResult

from resolvers.context import Context
from server.auth import (
    MISSING,
    Authentication,
    authenticate,
    authenticate_credential,
    bearer_in_params,
)
from server.auth_settings import AuthSettings
from server.errors import before_execution, format_error, retry_after
from server.graphiql import graphiql_html
from server.websocket import LegacyWSHandler, TransportWSHandler

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

    #: The internal endpoint serves accounts only; the public view (server/public.py) anyone.
    requires_account = True
    #: Subscriptions only, the credential re-checked while the socket is open.
    graphql_transport_ws_handler_class = TransportWSHandler
    graphql_ws_handler_class = LegacyWSHandler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # The context and the request refer to each other; once answered, the context lets
            # go of the request's data so it is freed now (server/collector.py).
            state = scope.get("state")
            context = state.pop("dutygraph_context", None) if isinstance(state, dict) else None
            if isinstance(context, Context):
                context.release()

    async def authenticate(self, request: Request | WebSocket) -> Authentication:
        settings = getattr(request.app.state, "settings", None)
        return await authenticate(request, settings.auth if settings else AuthSettings())

    def refused(self, request: Request | WebSocket) -> Authentication | None:
        """The failed authentication of a request this endpoint must refuse, if it is one."""
        auth: Authentication | None = getattr(request.state, "dutygraph_auth", None)
        return auth if self.requires_account and auth is not None and auth.problem else None

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        auth = await self.authenticate(request)
        request.state.dutygraph_auth = auth
        context = Context(
            actor=auth.actor,
            request_id=request_id_of(request),
            request=request,
            response=response,
        )
        request.state.dutygraph_context = context
        return context

    async def execute_operation(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Context,
        root_value: None,
        sub_response: Response,
    ) -> ExecutionResult | list[ExecutionResult] | SubscriptionExecutionResult:
        """Nothing runs for a caller the endpoint refuses: one UNAUTHENTICATED error instead."""
        auth = self.refused(request)
        if auth is None:
            return await super().execute_operation(
                request, request_adapter, request_data, context, root_value, sub_response
            )
        error = auth.error()
        result = ExecutionResult(
            data=None, errors=[GraphQLError(error.message, original_error=error)]
        )
        return [result for _ in request_data] if isinstance(request_data, list) else result

    async def on_ws_connect(self, context: Context) -> None:
        auth = self.refused(context.request)
        credential = bearer_in_params(context.connection_params)
        if auth is not None and auth.problem == MISSING and credential is not None:
            settings = getattr(context.request.app.state, "settings", None)
            auth = await authenticate_credential(
                credential, settings.auth if settings else AuthSettings()
            )
            context.request.state.dutygraph_auth = auth
            context.act_as(auth.actor)
            auth = self.refused(context.request)
        if auth is not None:
            raise ConnectionRejectionError(
                {"message": auth.error().message, "extensions": auth.error().extensions()}
            )

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(graphiql_html())

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        context: Context = request.state.dutygraph_context
        body: dict[str, Any] = {}
        refused = self.refused(request) is not None
        if not refused and not (
            result.errors and result.data is None and before_execution(result.errors)
        ):
            body["data"] = result.data
        if result.errors:
            body["errors"] = [format_error(e, context.request_id) for e in result.errors]
        if result.extensions:
            body["extensions"] = result.extensions
        return body  # type: ignore[return-value]

    def encode_json(self, data: object) -> str:
        # Text, not bytes: strawberry sends bytes as binary WebSocket frames, which
        # graphql-transport-ws clients reject.
        return orjson.dumps(data).decode()

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        # strawberry's own create_response, with the body as orjson's bytes (``encode_json`` gives
        # text for WebSocket frames; a 100 kB answer would be decoded and encoded again).
        response = Response(
            orjson.dumps(response_data), status_code=200, media_type="application/json"
        )
        response.headers.raw.extend(sub_response.headers.raw)
        if sub_response.background:
            response.background = sub_response.background
        if sub_response.status_code:
            response.status_code = sub_response.status_code
        request: Request | None = getattr(sub_response, "dutygraph_request", None)
        context = getattr(getattr(request, "state", None), "dutygraph_context", None)
        if context is not None:
            response.headers["x-request-id"] = context.request_id
        if request is not None and wants_graphql_response(request):
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if isinstance(response_data, dict) and "data" not in response_data:
                response.status_code = 400
        retry = retry_after(response_data)
        if retry is not None:
            # The database was busy: trying again later will work, so say when, as HTTP does;
            # 503 when nothing at all was done (no field of the answer has data).
            response.headers["retry-after"] = str(retry)
            data = response_data.get("data") if isinstance(response_data, dict) else None
            if not isinstance(data, dict) or not any(data.values()):
                response.status_code = 503
        auth = self.refused(request) if request is not None else None
        if auth is not None:
            response.status_code = 401
            response.headers["www-authenticate"] = auth.www_authenticate()
        return response

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.dutygraph_request = request  # type: ignore[attr-defined]
        return sub_response
