"""GitHub-style node count: how many nodes an operation may return, checked before it runs.

Every connection asks for ``first``/``last`` nodes (``DEFAULT_PAGE_SIZE`` when neither is given),
once per node of the connections it is nested in: ``tasks(first: 50) { nodes { commitments(first:
10) } }`` requests 50 + 50 × 10 = 550 nodes. The sum over the operation must stay under the limit;
the count is reported in ``extensions.cost`` of every response.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_operation_ast,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from schema.relay import DEFAULT_PAGE_SIZE
from server.hardening.shape import shape_of

PAGE_ARGUMENTS = ("first", "last")


def is_connection(type_: GraphQLNamedType) -> bool:
    return (
        isinstance(type_, GraphQLObjectType)
        and type_.name.endswith("Connection")
        and ("edges" in type_.fields or "nodes" in type_.fields)
    )


class NodeCounter:
    """Counts requested nodes of one operation; linear in the document (fragments memoised)."""

    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]
    ) -> None:
        self.schema = schema
        self.variables = dict(variables)
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.memo: dict[str, int] = {}
        self.visiting: set[str] = set()
        # Each fragment after those it spreads: counting one never recurses into another, so a
        # long chain of fragments cannot exhaust the stack.
        for name in shape_of(document).order:
            self.fragment(name)

    def operation(self, document: DocumentNode, operation_name: str | None) -> int:
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return 0
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and isinstance(definition.default_value, IntValueNode):
                self.variables[name] = int(definition.default_value.value)
        root = self.schema.get_root_type(operation.operation)
        return self.selections(operation.selection_set, root) if root else 0

    def page_size(self, field: FieldNode) -> int:
        for argument in field.arguments or ():
            if argument.name.value not in PAGE_ARGUMENTS:
                continue
            value: Any = None
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = self.variables.get(argument.value.name.value)
            if isinstance(value, int) and not isinstance(value, bool):
                return max(value, 0)
        return DEFAULT_PAGE_SIZE

    def selections(self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None) -> int:
        """Nodes requested under ``selection_set`` for ONE node of ``parent``."""
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, target)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value)
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> int:
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        definition = parent.fields.get(node.name.value)
        if definition is None:
            return 0
        type_ = get_named_type(definition.type)
        below = self.selections(node.selection_set, type_) if node.selection_set else 0
        if is_connection(type_):
            page = self.page_size(node)
            return page + page * below
        return below

    def fragment(self, name: str) -> int:
        if name in self.memo:
            return self.memo[name]
        definition = self.fragments.get(name)
        if definition is None or name in self.visiting:  # unknown or cyclic: validation says so
            return 0
        self.visiting.add(name)
        target = self.schema.get_type(definition.type_condition.name.value)
        self.memo[name] = self.selections(definition.selection_set, target)
        self.visiting.discard(name)
        return self.memo[name]


def requested_nodes(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> int:
    """The GitHub-style node count of the operation ``operation_name`` in ``document``."""
    return NodeCounter(schema, document, variables or {}).operation(document, operation_name)


@lru_cache(maxsize=256)
def _validated(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    """graphql-core's validation, remembered per document and rule set (both are stable: the
    parser cache returns one document per query text, the guards build their rules once)."""
    return validate_document(schema, document, rules)


def _copy(error: GraphQLError) -> GraphQLError:
    """A copy to hand out (``copy.copy`` would drop ``original_error``)."""
    return GraphQLError(
        error.message,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        error.original_error,
        error.extensions,
    )


class NodeCost(SchemaExtension):
    """Validates the document (cached) and checks its node count; reports ``extensions.cost``.

    The count depends on the variables, so it is computed on every request; the validation
    rules do not, so their verdict on a document is remembered (graphql-core's rules are most
    of the cost of a request for a large selection).
    """

    def __init__(self, *, limit: int) -> None:
        self.limit = limit
        self.requested = 0

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            rules = tuple(context.validation_rules)
            # Copies: later steps may edit an error's message (NoSuggestions).
            verdict = _validated(context.schema._schema, document, rules)
            errors = [_copy(error) for error in verdict]
            variables = context.variables if isinstance(context.variables, dict) else {}
            self.requested = requested_nodes(
                context.schema._schema, document, context.operation_name, variables
            )
            if self.requested > self.limit:
                errors.append(
                    GraphQLError(
                        f"This operation requests up to {self.requested} nodes; the limit is "
                        f"{self.limit}. Ask for smaller pages (first/last) or fewer "
                        "nested connections."
                    )
                )
            context.pre_execution_errors = errors
        yield

    def get_results(self) -> dict[str, Any]:
        return {"cost": {"requestedNodes": self.requested, "limit": self.limit}}
