"""The GraphQL-over-HTTP endpoint: per-request context, error shaping, response media types."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError, MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.http.types import HTTPMethod
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult, SubscriptionExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET

from resolvers.context import Context
from resolvers.errors import ErrorCode
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
from server.hardening.operation import SeveralOperations
from server.metrics import websocket_session
from server.refusals import Refusal, bad_request, decode_json, refusal_of, refusal_response
from server.websocket import LegacyWSHandler, TransportWSHandler, rechecked_stream

GRAPHQL_RESPONSE = "application/graphql-response+json"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

#: The request body being parsed and its decoded value: strawberry decodes the body itself, after
#: ``parse_http_body`` has looked at it, and gets the same value rather than a second decoding.
_decoded_body: ContextVar[tuple[bytes, object] | None] = ContextVar("decoded_body", default=None)


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
            if scope["type"] == "websocket":
                with websocket_session():
                    await super().__call__(scope, receive, send)
            else:
                await super().__call__(scope, receive, send)
        finally:
            # The context and the request refer to each other; once answered, the context lets
            # go of the request's data so it is freed now (server/collector.py).
            state = scope.get("state")
            context = state.pop("dutygraph_context", None) if isinstance(state, dict) else None
            if isinstance(context, Context):
                context.release()

    async def run(
        self, request: Request | WebSocket, context: Any = UNSET, root_value: Any = UNSET
    ) -> Any:
        """Strawberry's ``run``; a request it refuses gets a GraphQL error body with a code
        (strawberry answers those in plain text)."""
        try:
            return await super().run(request, context, root_value)
        except HTTPException as error:
            if isinstance(request, WebSocket):
                raise
            given = getattr(request.state, "dutygraph_context", None)
            request_id = given.request_id if isinstance(given, Context) else request_id_of(request)
            media_type = GRAPHQL_RESPONSE if wants_graphql_response(request) else "application/json"
            return refusal_response(refusal_of(error), media_type, request_id)

    def decode_json(self, data: str | bytes) -> object:
        decoded = _decoded_body.get()
        if decoded is not None and decoded[0] is data:
            return decoded[1]
        return decode_json(data)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """Strawberry's parsing, with the media type and the shape of a JSON body checked first
        (one JSON object: no batch arrays) and ``operationName`` a string."""
        token = None
        content_type, _ = parse_content_type(request.content_type or "")
        if request.method == "POST" and "application/json" not in content_type:
            raise Refusal(
                415,
                ErrorCode.BAD_REQUEST,
                "Send the operation as JSON (`Content-Type: application/json`), not as "
                f"{content_type or 'a body without a media type'}.",
            )
        if request.method == "POST":
            body = await request.get_body()
            data = decode_json(body)
            if isinstance(data, list):
                raise bad_request(
                    "Batches (a JSON array of operations) are not accepted; send one operation "
                    "per request."
                )
            if not isinstance(data, dict):
                raise bad_request(
                    "The body must be a JSON object with `query` (and optionally `variables`, "
                    f"`operationName`, `extensions`), not {orjson.dumps(data).decode()[:40]}."
                )
            token = _decoded_body.set((body, data))
        try:
            parsed = await super().parse_http_body(request)
        finally:
            if token is not None:
                _decoded_body.reset(token)
        for item in parsed if isinstance(parsed, list) else [parsed]:
            if not isinstance(item.operation_name, str | None):
                raise bad_request("`operationName` must be a string or null.")
        return parsed

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """One operation over plain HTTP (subscriptions need ``text/event-stream``), refusals
        coded: an unclear operation, a method the operation may not use, no query."""
        method: HTTPMethod = request_adapter.method
        allowed = OperationType.from_http(method) - {OperationType.SUBSCRIPTION}
        if not self.allow_queries_via_get and method == "GET":
            allowed -= {OperationType.QUERY}
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
        except CannotGetOperationTypeError as error:
            raise unclear_operation(error) from None
        except InvalidOperationTypeError as error:
            raise refused_operation(error.operation_type, method) from None
        except MissingQueryError:
            raise bad_request("The request has no GraphQL document (`query`).") from None

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
            result = await super().execute_operation(
                request, request_adapter, request_data, context, root_value, sub_response
            )
            if isinstance(result, SubscriptionExecutionResult) and self.requires_account:
                # Over HTTP (server-sent events): ended once the credential no longer holds.
                return rechecked_stream(result, context)
            return result
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


def unclear_operation(error: CannotGetOperationTypeError) -> Refusal:
    name = error.operation_name
    if isinstance(error, SeveralOperations):
        message = error.as_http_error_reason()
    elif name is not None:
        message = f"The document has no operation named {name!r}."
    else:
        message = "The document has no operation to run."
    return Refusal(400, ErrorCode.OPERATION_RESOLUTION_FAILURE, message)


def refused_operation(operation: OperationType, method: str) -> Refusal:
    if operation == OperationType.SUBSCRIPTION:
        return bad_request(
            "A subscription over HTTP needs `Accept: text/event-stream` (server-sent events); "
            "or subscribe over a WebSocket."
        )
    if operation == OperationType.MUTATION:
        message = "Mutations are sent by POST with a JSON body, never by GET."
    else:
        message = f"Queries are not served by {method} here; send them by POST."
    return Refusal(405, ErrorCode.METHOD_NOT_ALLOWED, message, {"allow": "POST"})
