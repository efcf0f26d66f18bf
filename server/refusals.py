"""Refusals of the HTTP transport: requests that never become a GraphQL operation, answered as
GraphQL error bodies (``{"errors": [{"message", "extensions": {"code"}}]}``) with their status.

Also how a request body is read: strict JSON (UTF-8, no lone surrogates) of bounded nesting.
"""

from __future__ import annotations

from typing import Any

import orjson
from cross_web import HTTPException
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response

from resolvers.errors import ErrorCode

#: The deepest nesting of arrays and objects a request body may have; no input type of the
#: schema nests anywhere near this, and deeper values would recurse through every later step.
MAX_JSON_DEPTH = 64

#: The code of a refusal strawberry raises itself, by HTTP status.
CODE_OF_STATUS = {
    400: ErrorCode.BAD_REQUEST,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
}


class Refusal(HTTPException):
    """A request refused before any operation runs: HTTP ``status`` with one coded error."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        message: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status, message)
        self.code = code
        self.headers = headers or {}


def refusal_of(error: HTTPException) -> Refusal:
    """``error`` as a coded refusal (strawberry raises plain ``HTTPException``s)."""
    if isinstance(error, Refusal):
        return error
    code = CODE_OF_STATUS.get(error.status_code, ErrorCode.BAD_REQUEST)
    headers = {"allow": "GET, POST"} if error.status_code == 405 else None
    return Refusal(error.status_code, code, error.reason, headers)


def bad_request(message: str) -> Refusal:
    return Refusal(400, ErrorCode.BAD_REQUEST, message)


def refusal_response(refusal: Refusal, media_type: str, request_id: str | None) -> Response:
    body = {"errors": [{"message": refusal.reason, "extensions": {"code": refusal.code.value}}]}
    headers = dict(refusal.headers)
    if request_id is not None:
        headers["x-request-id"] = request_id
    return Response(
        orjson.dumps(body), status_code=refusal.status_code, media_type=media_type, headers=headers
    )


def too_deep(value: object, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays and objects in ``value`` nest deeper than ``limit`` (iterative: a deep
    value cannot exhaust the stack here)."""
    pending: list[tuple[object, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children: Any
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False


def decode_json(data: str | bytes) -> object:
    """A JSON value, strictly: invalid UTF-8, lone surrogates (``"\\ud800"``) and nesting deeper
    than ``MAX_JSON_DEPTH`` are refused (BAD_REQUEST), as is anything else not JSON."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise bad_request(f"The body is not valid JSON in UTF-8: {error}.") from None
    if too_deep(value):
        raise bad_request(f"The JSON nests arrays and objects deeper than {MAX_JSON_DEPTH} levels.")
    return value


async def coded_http_error(request: Request, error: Exception) -> Response:
    """Starlette's own refusals (an unknown path, a method a route does not take) as coded
    error bodies, like every other refusal of this service, instead of plain text."""
    assert isinstance(error, StarletteHTTPException)
    if error.status_code in (204, 304):  # no body may follow
        return Response(status_code=error.status_code, headers=error.headers)
    code = CODE_OF_STATUS.get(error.status_code, ErrorCode.BAD_REQUEST)
    if error.status_code == 404:
        message = f"Nothing is served at {request.url.path}."
    elif error.status_code == 405:
        message = f"{request.method} is not accepted at {request.url.path}."
    else:
        message = str(error.detail)
    refusal = Refusal(error.status_code, code, message, dict(error.headers or {}))
    return refusal_response(refusal, "application/json", None)
