"""Persisted operations: automatic persisted queries (APQ, as Apollo Client's persisted-queries
link and urql's persisted exchange speak it) and an allow-list of documents by SHA-256 that
production can require.

APQ: a request naming a hash it has not seen (``extensions.persistedQuery.sha256Hash``, no
document) answers ``PersistedQueryNotFound``; the client sends the document with the hash, the
server checks that the hash is the document's, registers it and answers; from then on the hash
alone runs it. The registry is per process (bounded, least recently used dropped): with several
workers a hash known to one may be unknown to another, and the client simply resends.
With ``DUTYGRAPH_REQUIRE_PERSISTED_OPERATIONS=1`` nothing registers: only the allow-list runs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from graphql import ASTValidationRule, DocumentNode, GraphQLError, ValidationRule
from strawberry.extensions import SchemaExtension

from resolvers.errors import DomainError, ErrorCode, bad_input

HASH_FIELD = "extensions.persistedQuery.sha256Hash"
# A refused request runs on with this instead of the client's document, and a validation rule
# reports the refusal: it takes the ordinary pre-execution error path on every transport and
# through the validation cache, and nothing of the client's document is parsed.
PLACEHOLDER = "{ __typename }"

NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")


def placeholder(operation_name: str | None) -> str:
    """The placeholder under the operationName the request sent (Apollo sends one with a
    hash-only request), so the refusal is reported rather than an "unknown operation"."""
    if operation_name and NAME.fullmatch(operation_name):
        return f"query {operation_name} {PLACEHOLDER}"
    return PLACEHOLDER


#: Documents registered by APQ per process, at most (least recently used are dropped).
REGISTRY_SIZE = 2000


class Registry:
    """Documents registered by APQ in this process: hash → document, least recently used out."""

    def __init__(self, size: int = REGISTRY_SIZE) -> None:
        self.size = size
        self.documents: OrderedDict[str, str] = OrderedDict()

    def get(self, key: str) -> str | None:
        document = self.documents.get(key)
        if document is not None:
            self.documents.move_to_end(key)
        return document

    def add(self, key: str, document: str) -> None:
        self.documents[key] = document
        self.documents.move_to_end(key)
        while len(self.documents) > self.size:
            self.documents.popitem(last=False)


@functools.cache
def refusal_rule(code: ErrorCode, message: str, field: str | None) -> type[ASTValidationRule]:
    """A validation rule failing every document with this refusal (one class per refusal, so
    strawberry's validation cache keys stay few)."""

    class Refused(ValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> None:
            error = DomainError(code, message, field)
            self.report_error(GraphQLError(message, original_error=error))

    return Refused


def document_hash(document: str) -> str:
    """The key of a document: SHA-256 of its exact text (UTF-8), lowercase hex."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def load_operations(path: str | Path | None) -> dict[str, str]:
    """The ``{sha256: document}`` file, checked: every key must be its document's hash."""
    if path is None:
        return {}
    stored = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(stored, dict):
        raise ValueError(f"{path}: expected a JSON object {{sha256: document}}")
    for key, document in stored.items():
        if not isinstance(document, str) or document_hash(document) != key:
            raise ValueError(f"{path}: the document under {key} does not hash to it")
    return stored


def add_operations(store: Path, documents: list[Path]) -> list[tuple[str, Path]]:
    """Add each ``.graphql`` file to the ``store`` file (created if missing); their hashes."""
    operations = load_operations(store) if store.exists() else {}
    added = []
    for path in documents:
        document = path.read_text(encoding="utf-8")
        key = document_hash(document)
        operations[key] = document
        added.append((key, path))
    text = json.dumps(dict(sorted(operations.items())), ensure_ascii=False, indent=2)
    store.write_text(text + "\n", encoding="utf-8")
    return added


def requested_hash(extensions: Mapping[str, Any] | None) -> str | None:
    """The hash a request names, or None; a malformed ``persistedQuery`` is BAD_USER_INPUT."""
    given = (extensions or {}).get("persistedQuery")
    if given is None:
        return None
    if not isinstance(given, dict) or given.get("version", 1) != 1:
        raise bad_input("`persistedQuery` must be {version: 1, sha256Hash: ...}.", HASH_FIELD)
    key = given.get("sha256Hash")
    if not isinstance(key, str) or len(key) != 64:
        raise bad_input("`sha256Hash` must be 64 hexadecimal digits.", HASH_FIELD)
    return key.lower()


class PersistedOperations(SchemaExtension):
    """Per request: fill in the document of a hash-only request, check a given hash against
    the document, and with ``required`` refuse documents outside the allow-list."""

    operations: ClassVar[Mapping[str, str]] = {}
    required: ClassVar[bool] = False
    registry: ClassVar[Registry] = Registry()

    @classmethod
    def configured(cls, operations: Mapping[str, str], required: bool) -> type[SchemaExtension]:
        attributes = {"operations": operations, "required": required, "registry": Registry()}
        return type(cls.__name__, (cls,), attributes)

    def known(self, key: str) -> str | None:
        """The document of a hash: from the allow-list, or (APQ) registered earlier."""
        return self.operations.get(key) or (None if self.required else self.registry.get(key))

    def refusal(self) -> DomainError | None:
        context = self.execution_context
        try:
            key = requested_hash(context.operation_extensions)
        except DomainError as error:
            return error
        if key is not None and not context.query:
            document = self.known(key)
            if document is None:
                # Apollo clients react to this message by sending the document with the hash.
                return DomainError(
                    ErrorCode.PERSISTED_QUERY_NOT_FOUND, "PersistedQueryNotFound", HASH_FIELD
                )
            context.query = document
        elif key is not None and document_hash(context.query or "") != key:
            return bad_input("The sha256Hash does not match the document sent.", HASH_FIELD)
        elif key is not None and not self.required and context.query:
            self.registry.add(key, context.query)  # APQ: the hash alone runs it from now on
        if self.required and document_hash(context.query or "") not in self.operations:
            return DomainError(
                ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
                "Only persisted operations are served here: send a document from the "
                "allow-list (or its sha256Hash).",
            )
        return None

    def on_operation(self) -> Iterator[None]:
        self._refusal = self.refusal()
        if self._refusal is not None:
            self.execution_context.query = placeholder(self.execution_context.operation_name)
        yield None

    def on_validate(self) -> Iterator[None]:
        refusal = self._refusal
        if refusal is not None:
            rule = refusal_rule(refusal.code, refusal.message, refusal.field)
            context = self.execution_context
            context.validation_rules = (*context.validation_rules, rule)
        yield None


def persisted_extension(file: str | None, required: bool) -> type[SchemaExtension]:
    """The extension with the allow-list in ``file`` (none: every hash is unknown)."""
    if required and file is None:
        raise ValueError(
            "DUTYGRAPH_REQUIRE_PERSISTED_OPERATIONS needs DUTYGRAPH_PERSISTED_OPERATIONS"
        )
    return PersistedOperations.configured(load_operations(file), required)
