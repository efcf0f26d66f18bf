"""A small graphql-transport-ws client for tests, over the ASGI app in process or over a real
socket to a live server (``websockets``), and one of the legacy graphql-ws protocol; the
credentials of a subscriber go in one place."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import AsyncIterator
from typing import Any, Protocol

import websockets
from starlette.types import ASGIApp, Message

PROTOCOL = "graphql-transport-ws"
#: The legacy protocol of subscriptions-transport-ws (Apollo), still offered by the server.
LEGACY_PROTOCOL = "graphql-ws"
#: How long a test waits for one message before it fails (never a timing assertion).
TIMEOUT = 20.0


def subscriber_headers(token: str | None = None) -> list[tuple[str, str]]:
    """Handshake headers of a subscriber: the one place a Bearer token goes once /graphql
    requires one (pass it to ``connect_in_process``/``connect_live`` as ``token``)."""
    return [("authorization", f"Bearer {token}")] if token else []


class Refused(Exception):
    """The server closed the handshake instead of accepting it."""

    def __init__(self, code: int) -> None:
        super().__init__(f"WebSocket refused with close code {code}")
        self.code = code


class Closed(ConnectionError):
    """The server closed an open socket (``code`` as sent in its close frame)."""

    def __init__(self, code: int | None) -> None:
        super().__init__(f"closed with code {code}")
        self.code = code


class Channel(Protocol):
    subprotocol: str | None

    async def send_text(self, text: str) -> None: ...

    async def receive_text(self) -> str: ...


class ASGIWebSocket:
    """One WebSocket connection driven straight into an ASGI app (like httpx's ASGITransport)."""

    def __init__(self, app: ASGIApp, path: str, headers: list[tuple[str, str]]) -> None:
        self.app, self.path, self.headers = app, path, headers
        self.to_app: asyncio.Queue[Message] = asyncio.Queue()
        self.from_app: asyncio.Queue[Message] = asyncio.Queue()
        self.subprotocol: str | None = None
        self.task: asyncio.Task[None] | None = None

    async def open(self) -> None:
        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "scheme": "ws",
            "http_version": "1.1",
            "path": self.path,
            "raw_path": self.path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"test")]
            + [(k.lower().encode(), v.encode()) for k, v in self.headers],
            "client": ("127.0.0.1", 50000),
            "server": ("test", 80),
            "subprotocols": [PROTOCOL],
        }
        self.task = asyncio.create_task(self.app(scope, self.to_app.get, self.from_app.put))
        await self.to_app.put({"type": "websocket.connect"})
        message = await asyncio.wait_for(self.from_app.get(), TIMEOUT)
        if message["type"] == "websocket.close":
            raise Refused(message.get("code", 1000))
        assert message["type"] == "websocket.accept", message
        self.subprotocol = message.get("subprotocol")

    async def send_text(self, text: str) -> None:
        await self.to_app.put({"type": "websocket.receive", "text": text})

    async def receive_text(self) -> str:
        message = await asyncio.wait_for(self.from_app.get(), TIMEOUT)
        if message["type"] == "websocket.close":
            raise Closed(message.get("code"))
        assert message.get("text") is not None, "graphql-transport-ws messages are text frames"
        text: str = message["text"]
        return text

    async def close(self) -> None:
        await self.to_app.put({"type": "websocket.disconnect", "code": 1000})
        if self.task is not None:
            try:
                await asyncio.wait_for(self.task, TIMEOUT)
            except TimeoutError:
                self.task.cancel()


class LiveWebSocket:
    """A real WebSocket to a live server."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.subprotocol: str | None = connection.subprotocol

    async def send_text(self, text: str) -> None:
        await self.connection.send(text)

    async def receive_text(self) -> str:
        try:
            message = await asyncio.wait_for(self.connection.recv(), TIMEOUT)
        except websockets.exceptions.ConnectionClosed as closed:
            raise Closed(closed.rcvd.code if closed.rcvd else None) from closed
        assert isinstance(message, str), "graphql-transport-ws messages are text frames"
        return message

    async def close(self) -> None:
        await self.connection.close()


class GraphQLWS:
    """The client side of graphql-transport-ws: init, subscribe, next/error/complete."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.ids = itertools.count(1)
        #: Messages of each operation read while waiting for another one.
        self.pending: dict[str, list[dict[str, Any]]] = {}

    async def send(self, message: dict[str, Any]) -> None:
        await self.channel.send_text(json.dumps(message))

    async def receive(self) -> dict[str, Any]:
        while True:
            message: dict[str, Any] = json.loads(await self.channel.receive_text())
            if message["type"] == "ping":
                await self.send({"type": "pong"})
                continue
            if message["type"] != "pong":
                return message

    async def init(self, payload: dict[str, Any] | None = None) -> None:
        assert self.channel.subprotocol == PROTOCOL
        await self.send({"type": "connection_init", "payload": payload or {}})
        ack = await self.receive()
        assert ack["type"] == "connection_ack", ack

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        operation = str(next(self.ids))
        payload = {"query": query, "variables": variables or {}}
        await self.send({"id": operation, "type": "subscribe", "payload": payload})
        return operation

    async def receive_for(self, operation: str) -> dict[str, Any]:
        """The next message of ``operation``; messages of others wait for their turn."""
        while not self.pending.get(operation):
            message = await self.receive()
            self.pending.setdefault(message.get("id", ""), []).append(message)
        return self.pending[operation].pop(0)

    async def next_data(self, operation: str) -> dict[str, Any]:
        """The data of the next ``next`` message of ``operation`` (fails on an error)."""
        message = await self.receive_for(operation)
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message["payload"]
        data: dict[str, Any] = message["payload"]["data"]
        return data

    async def complete(self, operation: str) -> None:
        await self.send({"id": operation, "type": "complete"})

    async def closed(self) -> int | None:
        """Read until the server closes the socket: its close code (operations' messages are
        kept in ``pending``)."""
        try:
            while True:
                message = await self.receive()
                self.pending.setdefault(message.get("id", ""), []).append(message)
        except Closed as closed:
            return closed.code


class LegacyGraphQLWS(GraphQLWS):
    """The client side of the legacy graphql-ws protocol: init, start, data/error/complete."""

    async def receive(self) -> dict[str, Any]:
        while True:
            message: dict[str, Any] = json.loads(await self.channel.receive_text())
            if message["type"] != "ka":
                return message

    async def init(self, payload: dict[str, Any] | None = None) -> None:
        assert self.channel.subprotocol == LEGACY_PROTOCOL
        await self.send({"type": "connection_init", "payload": payload or {}})
        ack = await self.receive()
        assert ack["type"] == "connection_ack", ack

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        operation = str(next(self.ids))
        payload = {"query": query, "variables": variables or {}}
        await self.send({"id": operation, "type": "start", "payload": payload})
        return operation

    async def next_data(self, operation: str) -> dict[str, Any]:
        message = await self.receive_for(operation)
        assert message["type"] == "data", message
        assert "errors" not in message["payload"], message["payload"]
        data: dict[str, Any] = message["payload"]["data"]
        return data

    async def complete(self, operation: str) -> None:
        await self.send({"id": operation, "type": "stop"})


@contextlib.asynccontextmanager
async def connect_in_process(
    app: ASGIApp,
    token: str | None = None,
    origin: str | None = None,
    params: dict[str, Any] | None = None,
) -> AsyncIterator[GraphQLWS]:
    headers = subscriber_headers(token) + ([("origin", origin)] if origin else [])
    socket = ASGIWebSocket(app, "/graphql", headers)
    await socket.open()
    try:
        client = GraphQLWS(socket)
        await client.init(params)
        yield client
    finally:
        await socket.close()


@contextlib.asynccontextmanager
async def connect_live(
    base_url: str,
    token: str | None = None,
    origin: str | None = None,
    protocol: str = PROTOCOL,
    params: dict[str, Any] | None = None,
) -> AsyncIterator[GraphQLWS]:
    url = base_url.replace("http://", "ws://", 1) + "/graphql"
    async with websockets.connect(
        url,
        subprotocols=[protocol],  # type: ignore[list-item]
        additional_headers=subscriber_headers(token),
        origin=origin,  # type: ignore[arg-type]
        open_timeout=TIMEOUT,
    ) as connection:
        channel = LiveWebSocket(connection)
        client = LegacyGraphQLWS(channel) if protocol == LEGACY_PROTOCOL else GraphQLWS(channel)
        await client.init(params)
        yield client
