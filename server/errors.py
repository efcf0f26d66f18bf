"""Shaping GraphQL errors for clients: a stable ``extensions.code`` on every error, unexpected
ones masked (with the request id) and logged in full."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from strawberry.schema.exceptions import CannotGetOperationTypeError
from tortoise.exceptions import IntegrityError

from resolvers.errors import RETRY_AFTER_SECONDS, DomainError, ErrorCode, busy_error, is_busy

logger = logging.getLogger("dutygraph.errors")

_COERCION_MARKERS = (
    "got invalid value",
    "has invalid value",
    "of required type",
    "was not provided",
    "of non-null type",
)


def classify(error: GraphQLError) -> tuple[ErrorCode, str, dict[str, Any]]:
    """The code, the message a client may see, and extra extensions for one error."""
    original = error.original_error
    if isinstance(original, DomainError):
        return original.code, original.message, original.extensions()
    if isinstance(original, CannotGetOperationTypeError):  # over WebSocket and SSE
        return ErrorCode.OPERATION_RESOLUTION_FAILURE, original.as_http_error_reason(), {}
    if is_busy(original):
        return ErrorCode.SERVICE_UNAVAILABLE, busy_error().message, {}
    if isinstance(original, IntegrityError):
        message = "The change conflicts with data stored meanwhile; reload and try again."
        return ErrorCode.CONFLICT, message, {}
    if original is None or isinstance(original, GraphQLError):
        if error.message.startswith("Syntax Error"):
            return ErrorCode.GRAPHQL_PARSE_FAILED, error.message, {}
        if any(marker in error.message for marker in _COERCION_MARKERS):
            return ErrorCode.BAD_USER_INPUT, error.message, {}
        if not error.path:
            return ErrorCode.GRAPHQL_VALIDATION_FAILED, error.message, {}
    return ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error.", {}


def before_execution(errors: list[GraphQLError]) -> bool:
    """Whether the request failed before any field ran (parse, validation, variables)."""
    return all(
        classify(e)[0]
        in (
            ErrorCode.GRAPHQL_PARSE_FAILED,
            ErrorCode.GRAPHQL_VALIDATION_FAILED,
            ErrorCode.BAD_USER_INPUT,
            ErrorCode.PERSISTED_QUERY_NOT_FOUND,
            ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
            ErrorCode.OPERATION_RESOLUTION_FAILURE,
        )
        and not e.path
        for e in errors
    )


def retry_after(response: object) -> int | None:
    """Seconds for ``Retry-After`` when a response body holds a SERVICE_UNAVAILABLE error."""
    errors = response.get("errors") if isinstance(response, dict) else None
    for error in errors if isinstance(errors, list) else ():
        extensions = error.get("extensions") if isinstance(error, dict) else None
        if isinstance(extensions, dict) and extensions.get("code") == "SERVICE_UNAVAILABLE":
            return RETRY_AFTER_SECONDS
    return None


def format_error(error: GraphQLError, request_id: str) -> dict[str, Any]:
    code, message, extra = classify(error)
    extensions: dict[str, Any] = {"code": code.value, **extra}
    if code == ErrorCode.INTERNAL_SERVER_ERROR:
        extensions["requestId"] = request_id
        message = f"Internal server error (request id {request_id})."
        original = error.original_error or error
        logger.error(
            "request %s failed at %s: %s",
            request_id,
            error.path,
            error.message,
            exc_info=(type(original), original, original.__traceback__),
        )
    formatted: dict[str, Any] = {"message": message, "extensions": extensions}
    if error.locations:
        formatted["locations"] = [
            {"line": loc.line, "column": loc.column} for loc in error.locations
        ]
    if error.path:
        formatted["path"] = list(error.path)
    return formatted
