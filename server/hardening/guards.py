"""Per-request guards of the GraphQL endpoint: size, shape and time limits, production switches."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, nullcontext
from contextvars import ContextVar
from typing import Any, TypeVar

from graphql import GraphQLError, ValidationContext, ValidationRule
from graphql.language import DirectiveNode, Node
from graphql.validation.rules.max_introspection_depth_rule import MaxIntrospectionDepthRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    SchemaExtension,
)

from resolvers.errors import DomainError, ErrorCode
from server.hardening.cost import NodeCost
from server.hardening.shape import aliases_rule, depth_rule, shape_of
from server.hardening.strings import ControlCharacters
from server.settings import Settings

E = TypeVar("E", bound=SchemaExtension)

_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def configured(base: type[E], **options: Any) -> type[E]:
    """``base`` with its options bound: a class strawberry instantiates once per request."""

    class Configured(base):  # type: ignore[valid-type, misc]
        def __init__(self) -> None:
            super().__init__(**options)

    Configured.__name__ = Configured.__qualname__ = base.__name__
    return Configured


def max_directives_rule(limit: int) -> type[ValidationRule]:
    """A validation rule refusing documents that use more than ``limit`` directives."""

    class MaxDirectivesRule(ValidationRule):
        count = 0

        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            self.count += 1
            if self.count == limit + 1:
                self.report_error(
                    GraphQLError(
                        f"The document uses more than {limit} directives; "
                        "use fewer or split the operation.",
                        node,
                    )
                )

    return MaxDirectivesRule


class DocumentSize(SchemaExtension):
    """Refuses a GraphQL document longer than the limit before it is parsed."""

    def __init__(self, *, limit: int) -> None:
        self.limit = limit

    def on_operation(self) -> Iterator[None]:
        query = self.execution_context.query or ""
        if len(query.encode("utf-8", "surrogatepass")) > self.limit:
            raise DomainError(
                ErrorCode.PAYLOAD_TOO_LARGE,
                f"The GraphQL document is longer than {self.limit} bytes; "
                "send large values as variables.",
            )
        yield


#: When the running operation's time is up (``time.monotonic()``), and its timeout in seconds.
#: Set per operation (each runs in a task of its own) for ``ValidationDeadline``.
_DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("dutygraph_deadline", default=None)


class ValidationDeadline(ValidationRule):
    """Stops validation once the operation's timeout has passed: validation runs under it too.

    The expansion limit bounds the work of every rule; this is the backstop, checked at every
    node graphql-core's rules visit (the rule class is fixed, so validation stays cached).
    """

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.deadline = _DEADLINE.get()

    def enter(self, node: Node, *_: Any) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline[0]:
            raise DomainError(
                ErrorCode.TIMEOUT,
                f"Validating the operation took longer than {self.deadline[1]:g} s; nothing "
                "was run. Send a smaller document, or try again later.",
            )


class ValidationCost(SchemaExtension):
    """Refuses a document too costly to validate, measured in time linear in the document
    before graphql-core's rules (or any other that follows spreads) run: one whose fragments
    expand past ``max_selections`` selections, or whose overlap check would compare more than
    ``max_pairs`` fields and fragments (server/hardening/shape.py)."""

    def __init__(self, *, max_selections: int, max_pairs: int) -> None:
        self.max_selections = max_selections
        self.max_pairs = max_pairs

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            refusal = shape_of(document).refusal(self.max_selections, self.max_pairs)
            if refusal is not None:
                context.pre_execution_errors = [refusal]
        yield


class OperationTimeout(SchemaExtension):
    """Stops an operation that runs longer than ``seconds``, validation included: error TIMEOUT,
    its writes undone.

    ``around()`` is entered inside the timeout, in the same hook: strawberry does not unwind the
    hooks of other extensions when one fails on entry, so what must sit under the timeout (the
    idempotency transaction) is entered here rather than in an extension of its own.
    """

    def __init__(self, *, seconds: float) -> None:
        self.seconds = seconds
        self.deadline: float | None = None

    def on_operation(self) -> Iterator[None]:
        self.deadline = time.monotonic() + self.seconds
        # Not reset after the operation: the variable lives in this operation's task.
        _DEADLINE.set((self.deadline, self.seconds))
        yield

    def around(self) -> AbstractAsyncContextManager[object]:
        return nullcontext()

    async def on_execute(self) -> AsyncIterator[None]:
        left = self.seconds if self.deadline is None else self.deadline - time.monotonic()
        try:
            async with asyncio.timeout(max(left, 0)), self.around():
                yield
        except TimeoutError:
            raise DomainError(
                ErrorCode.TIMEOUT,
                f"The operation ran longer than {self.seconds:g} s and was stopped; "
                "nothing it started was saved. Ask for less, or try again later.",
            ) from None


class NoSuggestions(SchemaExtension):
    """Drops "Did you mean …" hints: they would spell out the schema with introspection off."""

    @staticmethod
    def _strip(errors: list[GraphQLError] | None) -> None:
        for error in errors or ():
            error.message = _SUGGESTION.sub("", error.message)

    def on_validate(self) -> Iterator[None]:
        yield
        self._strip(self.execution_context.pre_execution_errors)

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        self._strip(getattr(result, "errors", None))


def guard_extensions(
    settings: Settings, execution: type[OperationTimeout] = OperationTimeout
) -> list[type[SchemaExtension]]:
    """The guards for ``settings``, outermost first (classes: one instance per request);
    ``execution`` runs the operation under the timeout."""
    limits = settings.limits
    # Rule classes made once, here: NodeCost remembers validation per document and rule set.
    rules = [
        ValidationDeadline,
        depth_rule(limits.max_depth),
        aliases_rule(limits.max_aliases),
        MaxIntrospectionDepthRule,
        max_directives_rule(limits.max_directives),
    ]
    guards: list[type[SchemaExtension]] = [
        configured(DocumentSize, limit=limits.max_document_bytes),
        configured(MaxTokensLimiter, max_token_count=limits.max_tokens),
        configured(AddValidationRules, validation_rules=rules),
        configured(
            ValidationCost,
            max_selections=limits.max_expanded_selections,
            max_pairs=limits.max_overlap_pairs,
        ),
        configured(NodeCost, limit=limits.max_nodes),
        ControlCharacters,
        configured(execution, seconds=limits.operation_timeout),
    ]
    if settings.is_production:
        guards += [DisableIntrospection, NoSuggestions]
    return guards
