"""Expected failures: stable ``extensions.code`` values and the exception that carries them."""

from __future__ import annotations

import sqlite3
from enum import StrEnum

from tortoise.exceptions import OperationalError, TransactionManagementError


class ErrorCode(StrEnum):
    """Values of ``extensions.code`` on GraphQL errors."""

    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_ALLOWED = "PERSISTED_QUERY_NOT_ALLOWED"
    TIMEOUT = "TIMEOUT"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    RATE_LIMITED = "RATE_LIMITED"
    #: The HTTP request is not a GraphQL request (body, media type, shape); HTTP 400.
    BAD_REQUEST = "BAD_REQUEST"
    #: A method this operation may not be sent with (a mutation by GET); HTTP 405.
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    #: Which operation of the document to run is unclear: an unknown ``operationName``, or
    #: several operations and none named.
    OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
    #: Retryable: the database stayed busy (another writer) longer than the wait; nothing was
    #: saved. HTTP answers 503 with ``Retry-After``.
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    OPERATION_NOT_ALLOWED = "OPERATION_NOT_ALLOWED"


class DomainError(Exception):
    """An expected failure a client can act on; mapped to a GraphQL error with its code."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def extensions(self) -> dict[str, str]:
        ext = {"code": self.code.value}
        if self.field:
            ext["field"] = self.field
        return ext


def not_found(type_name: str, ident: object, field: str | None = None) -> DomainError:
    return DomainError(ErrorCode.NOT_FOUND, f"{type_name} {ident} does not exist.", field)


def bad_input(message: str, field: str | None = None) -> DomainError:
    return DomainError(ErrorCode.BAD_USER_INPUT, message, field)


#: What ``Retry-After`` tells a client refused for a busy database, in seconds.
RETRY_AFTER_SECONDS = 1

_BUSY_MARKERS = ("database is locked", "database is busy", "database table is locked")


def is_busy(error: BaseException | None) -> bool:
    """Whether ``error`` (or what it wraps) is SQLite's "another writer holds the lock" after
    the busy timeout: the retryable SERVICE_UNAVAILABLE, never a 500."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(
            error, sqlite3.OperationalError | OperationalError | TransactionManagementError
        ) and any(marker in str(error) for marker in _BUSY_MARKERS):
            return True
        error = error.__cause__ or error.__context__
    return False


def busy_error() -> DomainError:
    return DomainError(
        ErrorCode.SERVICE_UNAVAILABLE,
        "The database is busy with other changes; nothing was saved. "
        f"Try again in {RETRY_AFTER_SECONDS} s.",
    )
