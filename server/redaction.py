"""Secrets never stored with an idempotency key: fields marked ``metadata={"secret": True}``.

A response is kept so that a retry can get it again; a secret (a new API token) is shown once,
so its value is nulled in the stored copy and a replay answers null there.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    SelectionSetNode,
    get_named_type,
    get_operation_ast,
)

#: Key in ``strawberry.field(metadata=...)`` marking a field whose value must not be stored.
SECRET = "secret"
#: Field names treated as secret even when unmarked: a forgotten marker must not leak one.
SECRET_NAMES = frozenset({"token", "password", "secret", "privateKey"})


def is_secret(parent: GraphQLObjectType | GraphQLInterfaceType, name: str) -> bool:
    field = parent.fields.get(name)
    definition = field.extensions.get("strawberry-definition") if field else None
    marked = (getattr(definition, "metadata", None) or {}).get(SECRET)
    return bool(marked) or name in SECRET_NAMES


def redacted(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, data: Any
) -> Any:
    """``data`` with the value of every secret field replaced by null (a copy)."""
    operation = get_operation_ast(document, operation_name)
    root = schema.get_root_type(operation.operation) if operation else None
    if operation is None or root is None or not isinstance(data, dict):
        return data
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }

    def walk(selections: SelectionSetNode, parent: GraphQLNamedType | None, value: Any) -> Any:
        if isinstance(value, list):
            return [walk(selections, parent, item) for item in value]
        if not isinstance(value, dict) or not isinstance(
            parent, GraphQLObjectType | GraphQLInterfaceType
        ):
            return value
        copy = dict(value)
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                if key not in copy:
                    continue
                if is_secret(parent, selection.name.value):
                    copy[key] = None
                elif selection.selection_set and selection.name.value in parent.fields:
                    child = get_named_type(parent.fields[selection.name.value].type)
                    copy[key] = walk(selection.selection_set, child, copy[key])
            else:
                target: Any = parent
                condition: NamedTypeNode | None
                if isinstance(selection, FragmentSpreadNode):
                    fragment = fragments.get(selection.name.value)
                    if fragment is None:
                        continue
                    condition, inner = fragment.type_condition, fragment.selection_set
                else:
                    assert isinstance(selection, InlineFragmentNode)
                    condition, inner = selection.type_condition, selection.selection_set
                if condition is not None:
                    target = schema.get_type(condition.name.value)
                copy = walk(inner, target, copy)
        return copy

    return walk(operation.selection_set, root, data)
