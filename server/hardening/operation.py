"""Which operation of a document runs: several operations and no ``operationName`` is refused
(GraphQL spec, GetOperation), where strawberry would run the first."""

from __future__ import annotations

from collections.abc import Iterator

from graphql.language import OperationDefinitionNode
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError


class SeveralOperations(CannotGetOperationTypeError):
    """The document has several operations and the request names none of them."""

    def __init__(self, count: int) -> None:
        super().__init__(None)
        self.count = count

    def as_http_error_reason(self) -> str:
        return (
            f"The document has {self.count} operations; say which one to run with `operationName`."
        )


class OneOperation(SchemaExtension):
    """Refuses a document of several operations when the request names none of them."""

    named: str | None = None

    def on_operation(self) -> Iterator[None]:
        # Before parsing, ``operation_name`` is the name the request gave (afterwards strawberry
        # falls back to the first operation's name, which is the behaviour refused here).
        self.named = self.execution_context.operation_name
        yield

    def on_validate(self) -> Iterator[None]:
        document = self.execution_context.graphql_document
        if document is not None and self.named is None:
            count = sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
            if count > 1:
                raise SeveralOperations(count)
        yield
