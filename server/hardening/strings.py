"""String inputs carry no C0 control characters (NUL and the rest; tab, newline and carriage
return allowed): one check of every string a request brings — in its variables and in the
document's literals — before anything runs, naming the input field."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    Node,
    ObjectFieldNode,
    StringValueNode,
    VariableDefinitionNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

from resolvers.errors import bad_input

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _literals(document: DocumentNode) -> Iterator[tuple[str, StringValueNode | VariableNode]]:
    """Each string literal and each use of a variable, with its field: the nearest input field
    or argument around it (for a variable's default value, the variable)."""
    stack: list[tuple[Node, str]] = [(document, "")]
    while stack:
        node, field = stack.pop()
        if isinstance(node, StringValueNode | VariableNode):
            yield field, node
            continue
        if isinstance(node, VariableDefinitionNode):
            if node.default_value is not None:
                stack.append((node.default_value, node.variable.name.value))
            continue
        if isinstance(node, ArgumentNode | ObjectFieldNode):
            field = node.name.value
        for key in node.keys:
            child = getattr(node, key, None)
            children = child if isinstance(child, tuple | list) else (child,)
            stack.extend((c, field) for c in reversed(children) if isinstance(c, Node))


def _strings(value: Any, field: str) -> Iterator[tuple[str, str]]:
    """``(field, text)`` for each string in a variable's value, named by its nearest key."""
    stack = [(value, field)]
    while stack:
        value, field = stack.pop()
        if isinstance(value, str):
            yield field, value
        elif isinstance(value, Mapping):
            stack.extend((item, str(key)) for key, item in value.items())
        elif isinstance(value, list | tuple):
            stack.extend((item, field) for item in value)


#: What a document says for the check, by its text: the first literal with a control character
#: (field, text) and the field of each variable it uses. Documents repeat (clients send a few
#: saved operations), and walking one costs more than the rest of a small request's checks.
Analysis = tuple[tuple[str, str] | None, dict[str, str]]
_ANALYSED: dict[str, Analysis] = {}
ANALYSED_DOCUMENTS = 1024


def _analyse(document: DocumentNode) -> Analysis:
    used: dict[str, str] = {}
    found: tuple[str, str] | None = None
    for field, node in _literals(document):
        if isinstance(node, VariableNode):
            used.setdefault(node.name.value, field)
        elif found is None and _CONTROL.search(node.value):
            found = (field, node.value)
    return found, used


def analysed(document: DocumentNode, text: str | None) -> Analysis:
    """``_analyse(document)``, remembered for the document's ``text`` (the oldest of
    ``ANALYSED_DOCUMENTS`` is forgotten first)."""
    if text is None:
        return _analyse(document)
    found = _ANALYSED.get(text)
    if found is None:
        found = _analyse(document)
        if len(_ANALYSED) >= ANALYSED_DOCUMENTS:
            del _ANALYSED[next(iter(_ANALYSED))]
        _ANALYSED[text] = found
    return found


def control_character_error(
    document: DocumentNode, variables: Mapping[str, Any] | None, text: str | None = None
) -> GraphQLError | None:
    """A BAD_USER_INPUT error for the first string input with a control character, if any
    (``text``: the document's source, to reuse its analysis)."""
    found, used = analysed(document, text)
    if found is None:
        for name, value in (variables or {}).items():
            if name not in used:  # not declared by any operation: graphql-core ignores it
                continue
            found = next(
                ((f, t) for f, t in _strings(value, used[name]) if _CONTROL.search(t)), None
            )
            if found is not None:
                break
    if found is None:
        return None
    field, text = found
    match = _CONTROL.search(text)
    assert match is not None
    error = bad_input(
        f"`{field}` contains the control character U+{ord(match.group()):04X}; "
        "remove it (tab, newline and carriage return are allowed).",
        field,
    )
    return GraphQLError(error.message, original_error=error)


class ControlCharacters(SchemaExtension):
    """Refuses a valid document whose string inputs hold control characters (see above)."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.pre_execution_errors:
            variables = context.variables if isinstance(context.variables, Mapping) else None
            text = context.query if isinstance(context.query, str) else None
            error = control_character_error(document, variables, text)
            if error is not None:
                context.pre_execution_errors = [error]
        yield
