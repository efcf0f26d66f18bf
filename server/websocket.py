"""WebSocket sessions on ``/graphql``: subscriptions only, a credential that is checked again for
every new operation and every ``DUTYGRAPH_WS_RECHECK_INTERVAL`` seconds (revoked: close 4403),
and errors shaped as over HTTP (stable codes, unexpected ones masked and logged), since
strawberry's WebSocket handlers send ``error.formatted``, which bypasses the HTTP view."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError
from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.types import ExecutionResult
from strawberry.types.execution import StreamExecutionResult

from resolvers.errors import DomainError, ErrorCode
from server.auth import authenticate_credential, bearer_in_params, bearer_of
from server.auth_settings import AuthSettings
from server.errors import format_error

if TYPE_CHECKING:
    from strawberry.schema import BaseSchema
    from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
        ConnectionInitMessage as TransportInitMessage,
    )
    from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
        Message,
        SubscribeMessage,
    )
    from strawberry.subscriptions.protocols.graphql_ws.types import (
        ConnectionInitMessage,
        OperationMessage,
        StartMessage,
    )

    from resolvers.context import Context

logger = logging.getLogger("dutygraph.websocket")

#: Close code of a socket whose credential no longer holds (graphql-transport-ws "Forbidden").
REVOKED = 4403
#: Close code when the credential could not be checked (the database did not answer).
UNCHECKED = 1011

SUBSCRIPTIONS_ONLY = (
    "Only subscriptions run over WebSocket: send queries and mutations by POST to /graphql."
)


def shaped(error: GraphQLError, request_id: str) -> GraphQLError:
    """A plain error whose ``formatted`` is what the HTTP endpoint would answer."""
    if isinstance(error.original_error, InvalidOperationTypeError):
        error = GraphQLError(
            SUBSCRIPTIONS_ONLY,
            original_error=DomainError(ErrorCode.OPERATION_NOT_ALLOWED, SUBSCRIPTIONS_ONLY),
        )
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


class SubscriptionsOnly:
    """The schema as a graphql-transport-ws socket sees it: queries and mutations are refused
    before they run (``OPERATION_NOT_ALLOWED``), as GET refuses mutations; they go by POST."""

    def __init__(self, schema: BaseSchema) -> None:
        self.schema = schema

    async def stream(self, query: str | None, **options: Any) -> Any:
        return await self.schema.subscribe(query, **options)


class Session:
    """The credential a socket opened with, checked again while it stays open."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.closed = False
        self._watch: asyncio.Task[None] | None = None

    def _settings(self) -> Any:
        app = getattr(self.context.request, "app", None)
        return getattr(getattr(app, "state", None), "settings", None)

    async def check(self) -> int | None:
        """None while the credential still gives the socket's actor; else the close code."""
        request = self.context.request
        credential = bearer_of(request) if request is not None else None
        if credential is None:
            credential = bearer_in_params(self.context.connection_params)
        settings = self._settings()
        try:
            auth = await authenticate_credential(
                credential, settings.auth if settings else AuthSettings()
            )
        except Exception:  # noqa: BLE001 - a socket nobody can vouch for is closed
            logger.exception("re-checking a WebSocket's credential failed")
            return UNCHECKED
        # Roles or unit changed count as revoked: the client reconnects with what it now holds.
        return None if auth.problem is None and auth.actor == self.context.actor else REVOKED

    def watch(self, close: Callable[[int], Awaitable[None]]) -> None:
        """Check every interval from now on and ``close`` the socket once the check fails."""
        settings = self._settings()
        interval = settings.live.websocket_recheck_interval if settings else 30.0
        if self._watch is None and interval > 0:
            self._watch = asyncio.create_task(self._run(interval, close))

    async def _run(self, interval: float, close: Callable[[int], Awaitable[None]]) -> None:
        while not self.closed:
            await asyncio.sleep(interval)
            code = await self.check()
            if code is not None:
                await close(code)
                return

    async def stop(self) -> None:
        if self._watch is not None and self._watch is not asyncio.current_task():
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch


async def close_socket(websocket: Any, code: int) -> None:
    """Close with ``code``; messages still on their way are dropped (``send_message``)."""
    reason = "Forbidden" if code == REVOKED else "Credential could not be checked"
    with contextlib.suppress(Exception):  # the client may be gone already
        await websocket.close(code=code, reason=reason)


class TransportWSHandler(BaseGraphQLTransportWSHandler["Context", None]):
    """graphql-transport-ws, subscriptions only, with the credential re-checked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schema = SubscriptionsOnly(self.schema)  # type: ignore[assignment]
        self.session = Session(self.context)

    async def handle_connection_init(self, message: TransportInitMessage) -> None:
        await super().handle_connection_init(message)
        if self.connection_acknowledged:
            self.session.watch(self.close)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged and (code := await self.session.check()) is not None:
            await self.close(code)
            return
        await super().handle_subscribe(message)

    async def close(self, code: int) -> None:
        if self.session.closed:
            return
        self.session.closed = True
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)
        await close_socket(self.websocket, code)

    async def send_message(self, message: Message) -> None:
        if not self.session.closed:
            await super().send_message(message)

    async def shutdown(self) -> None:
        self.session.closed = True
        await self.session.stop()
        await super().shutdown()


class LegacyWSHandler(BaseGraphQLWSHandler["Context", None]):
    """The legacy graphql-ws protocol (subscriptions only there already), credential
    re-checked as on graphql-transport-ws."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session = Session(self.context)

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        if self.connection_acknowledged:
            self.session.watch(self.close)

    async def handle_start(self, message: StartMessage) -> None:
        if self.connection_acknowledged and (code := await self.session.check()) is not None:
            await self.close(code)
            return
        await super().handle_start(message)

    async def close(self, code: int) -> None:
        if self.session.closed:
            return
        self.session.closed = True
        await self.cleanup()
        await close_socket(self.websocket, code)

    async def send_message(self, message: OperationMessage) -> None:
        if not self.session.closed:
            await super().send_message(message)

    async def handle(self) -> None:
        try:
            await super().handle()
        finally:
            self.session.closed = True
            await self.session.stop()


REVOKED_MESSAGE = (
    "The credential this stream was opened with no longer holds (revoked, expired, or the "
    "account's roles changed); open a new stream with a valid one."
)


async def rechecked_stream(stream: Any, context: Context) -> Any:
    """A subscription streamed over HTTP (server-sent events), ended like a WebSocket is: the
    credential is checked every ``DUTYGRAPH_WS_RECHECK_INTERVAL`` seconds, and once it no longer
    holds the stream sends one ``UNAUTHENTICATED`` error and completes — idle or not."""
    session = Session(context)
    settings = session._settings()
    interval = settings.live.websocket_recheck_interval if settings else 30.0
    revoked = asyncio.Event()

    async def close(_code: int) -> None:
        revoked.set()

    if interval > 0:
        session.watch(close)
    ended = asyncio.ensure_future(revoked.wait())
    try:
        while True:
            upcoming = asyncio.ensure_future(anext(stream))
            await asyncio.wait({upcoming, ended}, return_when=asyncio.FIRST_COMPLETED)
            if revoked.is_set():
                upcoming.cancel()
                with contextlib.suppress(BaseException):
                    await upcoming
                error = DomainError(ErrorCode.UNAUTHENTICATED, REVOKED_MESSAGE)
                yield ExecutionResult(
                    data=None, errors=[GraphQLError(error.message, original_error=error)]
                )
                return
            try:
                value = upcoming.result()
            except StopAsyncIteration:
                return
            yield value
    finally:
        session.closed = True
        ended.cancel()
        await session.stop()
        with contextlib.suppress(Exception):
            await stream.aclose()
