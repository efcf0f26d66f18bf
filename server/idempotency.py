"""Idempotent mutations: an ``Idempotency-Key`` header makes a retry return the first response.

A keyed mutation runs in ONE transaction that first inserts ``(actor, key, fingerprint)`` — the
unique constraint makes a concurrent duplicate wait for, then lose to, the first — then runs
the resolvers (each ``in_journal`` becomes a savepoint inside it) and stores the response before
it commits. So the key exists exactly when the write does: a crash before the commit leaves
neither (a retry runs again), a crash after it leaves both (a retry gets the stored response).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from typing import Any

from graphql import ExecutionResult, GraphQLError, SourceLocation, print_ast
from strawberry.types.graphql import OperationType
from tortoise.exceptions import IntegrityError

from models import IdempotencyKey
from resolvers.auth.secrets import without_tokens
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.transaction import transaction
from server.errors import classify
from server.hardening.guards import OperationTimeout
from server.redaction import redacted

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


class _Discard(Exception):
    """Undo the whole keyed request: it failed unexpectedly, a retry must run it again."""


def fingerprint(document: str, operation_name: str | None, variables: Any) -> str:
    """SHA-256 over the normalised document, the operation name and the variables."""
    canonical = json.dumps(
        [document, operation_name, variables],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def stored_response(result: ExecutionResult, data: Any) -> dict[str, Any]:
    """What a retry must see: ``data`` (secrets nulled), each error with its code."""
    errors = []
    for error in result.errors or ():
        code, message, extra = classify(error)
        errors.append(
            {
                "message": message,
                "code": code.value,
                "field": extra.get("field"),
                "path": list(error.path) if error.path else None,
                "locations": [[loc.line, loc.column] for loc in error.locations or ()],
            }
        )
    return {"data": without_tokens(result.data), "errors": errors}


def replayed(response: dict[str, Any]) -> ExecutionResult:
    errors = []
    for stored in response["errors"]:
        domain = DomainError(ErrorCode(stored["code"]), stored["message"], stored["field"])
        error = GraphQLError(stored["message"], path=stored["path"], original_error=domain)
        error.locations = [SourceLocation(line, column) for line, column in stored["locations"]]
        errors.append(error)
    return ExecutionResult(data=response["data"], errors=errors or None)


#: Failures a retry of the same request must run again rather than replay.
_RETRYABLE = (ErrorCode.INTERNAL_SERVER_ERROR, ErrorCode.SERVICE_UNAVAILABLE)


def unexpected(result: object) -> bool:
    errors = getattr(result, "errors", None) or ()
    return any(classify(e)[0] in _RETRYABLE for e in errors)


class IdempotentExecution(OperationTimeout):
    """Runs the operation under the timeout and a keyed mutation in its transaction (see top);
    reports ``extensions.idempotency`` when a key was used."""

    key: str | None = None
    replayed = False

    def _header(self) -> str | None:
        request = getattr(self.execution_context.context, "request", None)
        headers = getattr(request, "headers", None)
        key = headers.get(HEADER) if headers is not None else None
        if key is not None and not _KEY.match(key):
            raise bad_input(f"{HEADER} must be 1–200 visible ASCII characters.", HEADER)
        return key

    def around(self) -> AbstractAsyncContextManager[object]:
        context = self.execution_context
        if context.operation_type != OperationType.MUTATION or context.graphql_document is None:
            return nullcontext()
        key = self._header()
        return nullcontext() if key is None else self._keyed(key)

    @asynccontextmanager
    async def _keyed(self, key: str) -> AsyncIterator[None]:
        context = self.execution_context
        self.key = key
        actor = context.context.actor.name
        document_ast = context.graphql_document
        assert document_ast is not None
        document = print_ast(document_ast)
        digest = fingerprint(document, context.operation_name, context.variables or {})
        try:
            async with transaction() as connection:
                try:
                    async with transaction():
                        row = await IdempotencyKey.create(
                            key=key, actor=actor, fingerprint=digest, using_db=connection
                        )
                except IntegrityError:
                    row = (
                        await IdempotencyKey.filter(key=key, actor=actor).using_db(connection).get()
                    )
                    if row.fingerprint != digest:
                        raise DomainError(
                            ErrorCode.IDEMPOTENCY_KEY_REUSED,
                            f"{HEADER} {key!r} was already used for a different request; "
                            "use a new key for a new change.",
                            HEADER,
                        ) from None
                    context.result = replayed(row.response or {"data": None, "errors": []})
                    self.replayed = True
                    yield
                    return
                yield
                if unexpected(context.result):
                    raise _Discard
                result: Any = context.result
                data = redacted(
                    context.schema._schema, document_ast, context.operation_name, result.data
                )
                row.response = stored_response(result, data)
                await row.save(using_db=connection, update_fields=["response"])
        except _Discard:
            errors = getattr(context.result, "errors", None)
            context.result = ExecutionResult(data=None, errors=errors)

    def get_results(self) -> dict[str, Any]:
        if self.key is None:
            return {}
        return {"idempotency": {"key": self.key, "replayed": self.replayed}}
