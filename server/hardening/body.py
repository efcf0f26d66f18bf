"""Request body size limit: an ASGI middleware answering 413 PAYLOAD_TOO_LARGE.

A declared ``Content-Length`` over the limit is refused before the body is read; a chunked body
is counted as it arrives and refused as soon as it passes the limit.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resolvers.errors import ErrorCode


class _TooLarge(Exception):
    """The body passed the limit while it was being read."""


def too_large(limit: int) -> JSONResponse:
    message = f"The request body is larger than {limit} bytes."
    body = {"errors": [{"message": message, "extensions": {"code": ErrorCode.PAYLOAD_TOO_LARGE}}]}
    return JSONResponse(body, status_code=413, headers={"connection": "close"})


class BodyLimit:
    """Refuses HTTP request bodies longer than ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await too_large(self.max_bytes)(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await too_large(self.max_bytes)(scope, receive, send)
