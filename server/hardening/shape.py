"""The shape of a GraphQL document — selections once fragments are expanded, depth, aliases —
measured in one pass linear in the document, and the validation rules built on it.

A fragment is measured once and its measure reused at every spread, so ``fragment F1 on T {
...F0 ...F0 }`` … ``F30`` costs 31 measurements, not 2^30 walks (strawberry's depth and alias
validators walk every expansion). Fragments are ordered without recursion, as graphql-core's
own ``FragmentNestingVisitor`` does, so a long chain of fragments cannot exhaust the stack; a
spread of an unknown fragment, or one closing a cycle, adds nothing (graphql-core's rules
report both).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    Node,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

from resolvers.errors import DomainError, ErrorCode


class Shape(NamedTuple):
    """The measure of one selection set with every fragment spread in it expanded."""

    #: Fields, inline fragments and fragment spreads, each spread's fragment counted again.
    selections: int = 0
    #: Levels of fields with a selection set below this one (introspection fields' insides,
    #: as strawberry's ``QueryDepthLimiter`` has it, are not counted).
    depth: int = 0
    #: Aliased fields.
    aliases: int = 0


EMPTY = Shape()


def _spreads(selection_set: SelectionSetNode) -> list[str]:
    """Names of the fragments spread in ``selection_set`` itself (not in those fragments)."""
    found: list[str] = []
    stack = [selection_set]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                found.append(selection.name.value)
            elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set:
                stack.append(selection.selection_set)
    return found


def _nested(selection: SelectionNode) -> tuple[SelectionSetNode | None, int | None]:
    """The selection set a field or inline fragment opens, and the depth it adds: a field one
    level, an inline fragment none, an introspection field's insides not counted (None; as in
    strawberry's ``QueryDepthLimiter``, MaxIntrospectionDepthRule bounds them)."""
    if isinstance(selection, InlineFragmentNode):
        return selection.selection_set, 0
    if isinstance(selection, FieldNode) and selection.selection_set is not None:
        return selection.selection_set, None if selection.name.value.startswith("__") else 1
    return None, None


class DocumentShape:
    """The shape of every operation and fragment of one document."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments: dict[str, FragmentDefinitionNode] = {}
        self.operations: list[OperationDefinitionNode] = []
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                self.fragments.setdefault(definition.name.value, definition)
            elif isinstance(definition, OperationDefinitionNode):
                self.operations.append(definition)
        #: Fragment names, each after the fragments it spreads (a cycle broken where found).
        self.order: list[str] = self._order()
        self.fragment_shapes: dict[str, Shape] = {}
        self._measured: dict[int, Shape] = {}  # by id() of a selection set of this document
        #: Comparisons graphql-core's OverlappingFieldsCanBeMergedRule makes (see ``_pairs``).
        self.overlap_pairs = 0
        for name in self.order:
            self.fragment_shapes[name] = self.measure(self.fragments[name].selection_set)
        self.operation_shapes = [self.measure(op.selection_set) for op in self.operations]

    def _order(self) -> list[str]:
        order: list[str] = []
        spreads = {name: _spreads(f.selection_set) for name, f in self.fragments.items()}
        placed: set[str] = set()
        for root in self.fragments:
            if root in placed:
                continue
            placed.add(root)
            path = [(root, iter(spreads[root]))]
            while path:
                name, pending = path[-1]
                following = next((s for s in pending if s in spreads and s not in placed), None)
                if following is None:
                    path.pop()
                    order.append(name)
                else:
                    placed.add(following)
                    path.append((following, iter(spreads[following])))
        return order

    def measure(self, selection_set: SelectionSetNode) -> Shape:
        """The shape of ``selection_set``; a fragment not measured yet (unknown, or spread in
        a cycle) counts as its spread alone. Recursion only follows the nesting within one
        definition, which graphql-core's parser bounds."""
        known = self._measured.get(id(selection_set))
        if known is not None:
            return known
        selections = depth = aliases = 0
        for selection in selection_set.selections:
            below = EMPTY
            if isinstance(selection, FragmentSpreadNode):
                below = self.fragment_shapes.get(selection.name.value, EMPTY)
                depth = max(depth, below.depth)
            else:
                nested, step = _nested(selection)
                if nested is not None:
                    below = self.measure(nested)
                    if step is not None:
                        depth = max(depth, below.depth + step)
            if isinstance(selection, FieldNode) and selection.alias is not None:
                aliases += 1
            selections += 1 + below.selections
            aliases += below.aliases
        shape = self._measured[id(selection_set)] = Shape(selections, depth, aliases)
        self.overlap_pairs += self._pairs(selection_set)
        return shape

    def _pairs(self, selection_set: SelectionSetNode) -> int:
        """An estimate of the comparisons graphql-core makes to check that the fields of
        ``selection_set`` can be merged: every two fields of one response name (each pair also
        compares what they select), every two fragments spread side by side, every fragment
        with every field. Quadratic in one selection set: 500 copies of one field take seconds.
        """
        fields: dict[str, list[FieldNode]] = {}
        fragments: set[str] = set()
        stack = [selection_set]
        while stack:  # inline fragments' fields are merged into the selection they are in
            for selection in stack.pop().selections:
                if isinstance(selection, FieldNode):
                    name = selection.alias.value if selection.alias else selection.name.value
                    fields.setdefault(name, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    stack.append(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    fragments.add(selection.name.value)
        pairs = 0
        for same in fields.values():
            below = max(
                self.measure(f.selection_set).selections if f.selection_set else 0 for f in same
            )
            pairs += len(same) * (len(same) - 1) // 2 * (1 + below)
        count = sum(len(same) for same in fields.values())
        return pairs + len(fragments) * (len(fragments) - 1) // 2 + len(fragments) * count

    @property
    def expanded_selections(self) -> int:
        """Selections of the operations once expanded, or of the largest fragment if more."""
        operations = sum(shape.selections for shape in self.operation_shapes)
        fragments = max((shape.selections for shape in self.fragment_shapes.values()), default=0)
        return max(operations, fragments)

    def too_deep(self, selection_set: SelectionSetNode, max_depth: int) -> Node | None:
        """The first selection nested deeper than ``max_depth`` fields, if there is one.

        Follows only selections whose measure goes past the limit, so it walks at most
        ``max_depth`` levels of one path (and the selections beside it).
        """
        on_path: set[str] = set()
        level = 0
        current: SelectionSetNode | None = selection_set
        while current is not None:
            below, current = current, None
            for selection in below.selections:
                if level > max_depth:
                    return selection
                if isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    shape = self.fragment_shapes.get(name, EMPTY)
                    if (
                        name in self.fragments
                        and name not in on_path
                        and shape.depth + level > max_depth
                    ):
                        on_path.add(name)
                        current = self.fragments[name].selection_set
                        break
                else:
                    nested, step = _nested(selection)
                    if nested is None or step is None:
                        continue
                    if self.measure(nested).depth + step + level > max_depth:
                        level += step
                        current = nested
                        break
        return None

    def refusal(self, max_selections: int, max_pairs: int) -> GraphQLError | None:
        """Why this document is too costly to validate, if it is: it expands past
        ``max_selections`` selections, or its overlap check compares more than ``max_pairs``."""
        expanded = self.expanded_selections
        if expanded > max_selections:
            message = (
                f"This document has {expanded} selections once its fragments are expanded; the "
                f"limit is {max_selections}. Spread fragments fewer times, or split the operation."
            )
        elif self.overlap_pairs > max_pairs:
            message = (
                f"Checking that this document's fields can be merged takes {self.overlap_pairs} "
                f"comparisons; the limit is {max_pairs}. Repeat a field under one name fewer "
                "times (aliases make names differ), or spread fewer fragments side by side."
            )
        else:
            return None
        return GraphQLError(
            message, original_error=DomainError(ErrorCode.GRAPHQL_VALIDATION_FAILED, message)
        )


#: Shapes of recent documents by identity: the parser cache returns one document per query
#: text, and hashing a document (a frozen dataclass, hashed field by field every time) would
#: cost as much as measuring it. Each entry keeps its document, so an id is never reused.
_SHAPES: OrderedDict[int, tuple[DocumentNode, DocumentShape]] = OrderedDict()
_SHAPES_KEPT = 128


def shape_of(document: DocumentNode) -> DocumentShape:
    """The shape of ``document``, measured once (the guard and the rules below all ask)."""
    found = _SHAPES.get(id(document))
    if found is not None and found[0] is document:
        _SHAPES.move_to_end(id(document))
        return found[1]
    shape = DocumentShape(document)
    _SHAPES[id(document)] = (document, shape)
    if len(_SHAPES) > _SHAPES_KEPT:
        _SHAPES.popitem(last=False)
    return shape


def depth_rule(max_depth: int) -> type[ValidationRule]:
    """Strawberry's ``QueryDepthLimiter`` rule (same message, introspection fields not
    counted), measured once per fragment; one error per operation, at its first selection
    past the limit."""

    class MaxDepthRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            shape = shape_of(context.document)
            for operation, measured in zip(shape.operations, shape.operation_shapes, strict=True):
                if measured.depth <= max_depth:
                    continue
                name = operation.name.value if operation.name else "anonymous"
                node = shape.too_deep(operation.selection_set, max_depth) or operation
                context.report_error(
                    GraphQLError(f"'{name}' exceeds maximum operation depth of {max_depth}", node)
                )

    return MaxDepthRule


def aliases_rule(max_aliases: int) -> type[ValidationRule]:
    """Strawberry's ``MaxAliasesLimiter`` rule (same message and count: aliases of every
    operation, a fragment's counted at each spread), measured once per fragment."""

    class MaxAliasesRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            total = sum(s.aliases for s in shape_of(context.document).operation_shapes)
            if total > max_aliases:
                context.report_error(GraphQLError(f"{total} aliases found. Allowed: {max_aliases}"))

    return MaxAliasesRule
