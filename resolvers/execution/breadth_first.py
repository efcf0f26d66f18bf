"""Breadth-first execution of read operations: one pass per selection level, not per field.

graphql-core completes a response field by field, depth first: every field of every object costs
a resolve-info object, a path, an awaitable check and, for async resolvers, a task of its own,
and each nesting level waits on its own futures. For a page of 100 tasks with their units that
is thousands of small steps, most of a request's time. This executor walks the same selection a
level at a time instead: the plain fields of every object at a level are read straight from the
objects (they are attributes of plain strawberry objects, see ``schema/``), and the resolver
fields of the whole level are started together and awaited once, so the DataLoaders see every
key of a level in one batch.

It calls the very same resolvers, permission classes and field extensions, coerces leaves with
the same scalar and enum types and collects fields with graphql-core's own ``collect_fields``, so
the response is the one the standard executor would give. Whatever it does not handle — an
error, a null in a non-null position, ``@defer``/``@stream``, a resolver that is not a plain
value — makes it step aside: the standard executor runs the operation from the start and
answers (reads have no side effects; the DataLoader caches it leaves behind are valid). Each
such fallback is logged at WARNING with its reason (``Fallback``) and the operation's name, and
counted in ``FALLBACKS``: an error or introspection is expected to take that path, an
``UNSUPPORTED`` one is a shape to teach the pass (tests/api/test_breadth_first.py pins which
documents fall back, and why).
Mutations and subscriptions always take the standard path.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
    OperationType,
    Undefined,
    is_abstract_type,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList, collect_fields
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter, get_arguments

from resolvers.execution.batching import BATCH

MAX_INT = 2**31 - 1
log = logging.getLogger(__name__)


#: One object to complete: the plans of its fields, the value, the dict it fills.
Pending = tuple[list["FieldPlan"], Any, dict[str, Any]]
Completer = Callable[[Any, list[Pending]], Any]


class StepAside(Exception):
    """The breadth-first pass cannot give this response; the standard executor will."""


class Fallback(StrEnum):
    """Why an operation was answered by the standard executor instead of the breadth-first pass."""

    #: A resolver raised or returned an error (graphql-core shapes the errors and nulls).
    ERROR = "error"
    #: ``__schema``/``__type`` fields: graphql-core's own introspection resolvers.
    INTROSPECTION = "introspection"
    #: ``@defer``/``@stream``: incremental delivery.
    INCREMENTAL = "incremental"
    #: Anything else: a shape the pass does not handle — a regression if it is new.
    UNSUPPORTED = "unsupported"


#: Fallbacks of this process by reason (read by the tests).
FALLBACKS: Counter[Fallback] = Counter()
#: Called with the reason of each fallback (server/metrics.py counts them).
ON_FALLBACK: list[Callable[[Fallback], None]] = []


def fallback_reason(surprise: Exception) -> Fallback:
    """The kind of fallback ``surprise`` (raised by the breadth-first pass) is."""
    if not isinstance(surprise, StepAside):
        return Fallback.ERROR
    message = str(surprise)
    if message == "introspection":
        return Fallback.INTROSPECTION
    if message == "@defer":
        return Fallback.INCREMENTAL
    if message in ("a resolver returned an error", "null in a non-null position") or (
        message.startswith("an error or an awaitable")
    ):
        return Fallback.ERROR
    return Fallback.UNSUPPORTED


@dataclass(eq=False)
class FieldPlan:
    """How to produce one response key of one object type at one place in the selection."""

    key: str
    field_def: GraphQLField
    details: FieldDetailsList
    #: The attribute to read for a plain field (no resolver, permission or extension).
    attribute: str | None
    #: Arguments, coerced once (they depend on the variables only).
    args: dict[str, Any] = field(default_factory=dict)
    info: Any = None
    #: For ``__typename``: the name to answer.
    typename: str | None = None
    #: The resolver called directly, when strawberry's wrapper adds nothing (``_direct_call``).
    call: Callable[[Any], Any] | None = None
    #: The field's batch function over all objects of a level (resolvers/execution/batching.py), if
    #: any.
    batch: Callable[[list[Any]], Awaitable[list[Any]]] | None = None
    #: Completes a resolved value (see ``_Run._completer``).
    complete: Completer = field(default=lambda value, later: value)


class BreadthFirstExecution(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor, with queries run a level at a time (see the module docstring)."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        middleware = self.middleware_manager
        if self.operation.operation is not OperationType.QUERY or (
            middleware is not None and middleware.middlewares
        ):
            return super().execute_operation(serially)
        return self._breadth_first_or_standard(serially)

    async def _breadth_first_or_standard(self, serially: bool | None) -> Any:
        try:
            data = await _Run(self).run()
        except Exception as surprise:  # noqa: BLE001 — the standard executor answers it
            reason = fallback_reason(surprise)
            FALLBACKS[reason] += 1
            for hook in ON_FALLBACK:
                hook(reason)
            operation = self.operation.name.value if self.operation.name else "(anonymous)"
            log.warning(
                "breadth-first pass stepped aside for %s (%s): %r", operation, reason, surprise
            )
            result = super().execute_operation(serially)
            return await result if self.is_awaitable(result) else result
        return self.finish(self.build_response(data))


class _Run:
    def __init__(self, executor: BreadthFirstExecution) -> None:
        self.executor = executor
        self.schema = executor.schema
        self.plans: dict[tuple[str, int], tuple[FieldDetailsList, list[FieldPlan]]] = {}

    async def run(self) -> dict[str, Any]:
        executor = self.executor
        root_type = self.schema.query_type
        assert root_type is not None
        grouped, defers, _ = collect_fields(
            self.schema,
            executor.fragments,
            executor.variable_values,
            root_type,
            executor.operation,
            executor.hide_suggestions,
        )
        if defers:
            raise StepAside("@defer")
        data: dict[str, Any] = {}
        root_plans = [self._plan(root_type, key, details) for key, details in grouped.items()]
        level: list[Pending] = [(root_plans, executor.root_value, data)]
        try:
            while level:
                level = await self._level(level)
        finally:
            # The plans' completers refer back to this run: without them the objects of the
            # request are freed as it ends, not by the cyclic collector.
            self.plans.clear()
        return data

    def _plans(self, parent: GraphQLObjectType, details: FieldDetailsList) -> list[FieldPlan]:
        """The plans of the subfields of ``details`` on ``parent`` (once per run)."""
        cache_key = (parent.name, id(details))
        cached = self.plans.get(cache_key)
        if cached is not None:
            return cached[1]
        grouped, defers, _ = self.executor.collect_subfields(parent, details)
        if defers:
            raise StepAside("@defer")
        plans = [self._plan(parent, key, group) for key, group in grouped.items()]
        self.plans[cache_key] = (details, plans)
        return plans

    def _plan(self, parent: GraphQLObjectType, key: str, details: FieldDetailsList) -> FieldPlan:
        executor = self.executor
        node = details[0].node
        name = node.name.value
        if name == "__typename":
            return FieldPlan(key, None, details, None, typename=parent.name)  # type: ignore[arg-type]
        field_def = self.schema.get_field(parent, name)
        if field_def is None:
            raise StepAside(f"no field {parent.name}.{name}")
        if name.startswith("__"):
            raise StepAside("introspection")
        resolve = field_def.resolve
        attribute = None
        if resolve is not None and getattr(resolve, "_is_default", False):
            strawberry_field = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if strawberry_field is None:
                raise StepAside(f"{parent.name}.{name} is not a strawberry field")
            attribute = strawberry_field.python_name
        elif resolve is None:
            raise StepAside(f"{parent.name}.{name} has no resolver")
        args = (
            get_argument_values(
                field_def,
                node,
                executor.variable_values,
                details[0].fragment_variable_values,
                executor.hide_suggestions,
            )
            if field_def.args or node.arguments
            else {}
        )
        nodes = [detail.node for detail in details]
        info = executor.build_resolve_info(field_def, nodes, parent, Path(None, key, parent.name))
        plan = FieldPlan(key, field_def, details, attribute, args, info)
        plan.complete = self._completer(plan, field_def.type)
        if attribute is None:
            plan.call, plan.batch = self._direct_call(field_def, info, args)
        return plan

    def _direct_call(
        self, field_def: GraphQLField, info: Any, args: dict[str, Any]
    ) -> tuple[Callable[[Any], Any] | None, Callable[[list[Any]], Awaitable[list[Any]]] | None]:
        """The field's own resolver with its arguments converted once, for every object, and its
        batch function for all objects of a level (resolvers/execution/batching.py), when it has
        one.

        strawberry converts the arguments and builds an ``Info`` on every call; a field without
        field extensions (permissions are one) or exception handlers gets exactly the same call
        made directly. Any other field goes through strawberry (``field_def.resolve``).
        """
        strawberry_field = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        strawberry_schema = self.schema.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if strawberry_field is None or strawberry_schema is None:
            return None, None
        resolver = strawberry_field.base_resolver
        converter = strawberry_schema.schema_converter
        if (
            resolver is None
            or strawberry_field.extensions
            or converter._exception_handler_specs
            or resolver.parent_parameter is not None
            or resolver.root_parameter is not None
        ):
            return None, None
        config = strawberry_schema.config
        strawberry_info = config.info_class(_raw_info=info, _field=strawberry_field)
        _, kwargs = get_arguments(
            field=strawberry_field,
            source=None,
            info=strawberry_info,
            kwargs=args,
            config=config,
            scalar_registry=converter.scalar_registry,
        )
        function = resolver.wrapped_func
        if resolver.self_parameter is None:
            return (lambda source: function(**kwargs)), None
        batch = getattr(function, BATCH, None)
        return (
            (lambda source: function(source, **kwargs)),
            (lambda sources: batch(sources, **kwargs)) if batch is not None else None,
        )

    async def _level(self, level: list[Pending]) -> list[Pending]:
        """Fill every field of the objects in ``level``; return the objects one level down."""
        is_awaitable = self.executor.is_awaitable
        later: list[Pending] = []
        waiting: list[Any] = []
        slots: list[tuple[FieldPlan, dict[str, Any]]] = []
        #: Batch fields: their objects and the dicts their answers go to, by plan.
        batches: dict[int, tuple[FieldPlan, list[Any], list[dict[str, Any]]]] = {}
        try:
            for plans, source, target in level:
                for plan in plans:
                    if plan.typename is not None:
                        target[plan.key] = plan.typename
                        continue
                    if plan.attribute is not None:
                        value = getattr(source, plan.attribute)
                    elif plan.batch is not None:
                        target[plan.key] = None
                        group = batches.get(id(plan))
                        if group is None:
                            group = batches[id(plan)] = (plan, [], [])
                        group[1].append(source)
                        group[2].append(target)
                        continue
                    else:
                        if plan.call is not None:
                            value = plan.call(source)
                        else:
                            value = plan.field_def.resolve(source, plan.info, **plan.args)  # type: ignore[misc]
                        if is_awaitable(value):
                            target[plan.key] = None
                            waiting.append(value)
                            slots.append((plan, target))
                            continue
                    target[plan.key] = plan.complete(value, later)
            grouped = list(batches.values())
            for plan, sources, _ in grouped:
                assert plan.batch is not None
                waiting.append(plan.batch(sources))
        except BaseException:
            for awaitable in waiting:
                abandon(awaitable, None)
            raise
        if waiting:
            values = await settle(waiting)
            for (plan, target), value in zip(slots, values, strict=False):
                target[plan.key] = plan.complete(value, later)
            for (plan, _, targets), answers in zip(grouped, values[len(slots) :], strict=True):
                if not isinstance(answers, list) or len(answers) != len(targets):
                    raise StepAside(f"{plan.key}: the batch answered for other objects")
                for target, value in zip(targets, answers, strict=True):
                    target[plan.key] = plan.complete(value, later)
        return later

    def _completer(self, plan: FieldPlan, kind: GraphQLOutputType) -> Completer:
        """A function completing values of ``kind`` as graphql-core's ``complete_value`` does."""
        if isinstance(kind, GraphQLNonNull):
            if is_leaf_type(kind.of_type):
                return _leaf_completer(kind.of_type, non_null=True)
            inner = self._completer(plan, kind.of_type)

            def non_null(value: Any, later: list[Pending]) -> Any:
                if value is None or value is Undefined:
                    raise StepAside("null in a non-null position")
                return inner(value, later)

            return non_null
        if isinstance(kind, GraphQLList):
            item = self._completer(plan, kind.of_type)

            def listed(value: Any, later: list[Pending]) -> Any:
                if value is None or value is Undefined:
                    return None
                if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
                    raise StepAside("a list field returned no list")
                return [item(each, later) for each in value]

            return listed
        if is_leaf_type(kind):
            return _leaf_completer(kind, non_null=False)
        is_awaitable = self.executor.is_awaitable
        abstract = is_abstract_type(kind)
        # The closure keeps what it needs, not the plan that keeps it (no reference cycle: the
        # request's objects are freed as it ends, without the cyclic collector).
        info, details = plan.info, plan.details
        runtime_type, plans_of = self._runtime_type, self._plans
        #: This selection's answers by object identity (the object is kept, so its id is not
        #: reused): an object reached again — the loaders hand out one object per row
        #: (``Loaders.shared``), so a unit named by 30 assignments is one object — is completed
        #: once; its answer depends only on it, the arguments and the request's loaders.
        answered: dict[int, tuple[Any, dict[str, Any]]] = {}
        #: The plans of the selection's subfields, by runtime type name.
        subplans: dict[str, list[FieldPlan]] = {}

        def obj(value: Any, later: list[Pending]) -> Any:
            if value is None or value is Undefined:
                return None
            known = answered.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            if isinstance(value, Exception) or is_awaitable(value):
                raise StepAside("an error or an awaitable where an object belongs")
            runtime = runtime_type(info, kind, value) if abstract else kind
            assert isinstance(runtime, GraphQLObjectType)
            if runtime.is_type_of is not None and runtime.is_type_of(value, info) is not True:
                raise StepAside(f"{value!r} is not a {runtime.name}")
            plans = subplans.get(runtime.name)
            if plans is None:
                plans = subplans[runtime.name] = plans_of(runtime, details)
            target: dict[str, Any] = {}
            answered[id(value)] = (value, target)
            later.append((plans, value, target))
            return target

        return obj

    def _runtime_type(self, info: Any, kind: Any, value: Any) -> GraphQLObjectType:
        resolve_type = kind.resolve_type or self.executor.type_resolver
        name = resolve_type(value, info, kind)
        runtime = self.schema.get_type(name) if isinstance(name, str) else None
        if not isinstance(runtime, GraphQLObjectType) or not self.schema.is_sub_type(kind, runtime):
            raise StepAside(f"no runtime type for {kind.name}")
        return runtime


async def settle(awaitables: list[Any]) -> list[Any]:
    """The results of ``awaitables``, run side by side in this task.

    ``asyncio.gather`` would wrap each in a task of its own; a level of a large page holds
    thousands of resolver coroutines that each wait on a DataLoader future, so they are stepped
    here instead: each runs until it waits, and resumes once what it waits for is done. A
    coroutine that raises ends the whole pass (the standard executor then answers); the others
    are abandoned as a cancelled task's would be (what they wait on is cancelled, then closed).
    """
    results: list[Any] = [None] * len(awaitables)
    coroutines = [a if isinstance(a, Coroutine) else _awaited(a) for a in awaitables]
    #: Coroutines waiting, with the future each waits on (None: it only yielded control).
    waiting: list[tuple[int, Coroutine[Any, Any, Any], Any]] = []
    started = 0
    try:
        for index, coroutine in enumerate(coroutines):
            started = index + 1
            _step(index, coroutine, results, waiting)
        while waiting:
            ready = [f is None or f.done() for _, _, f in waiting]
            if not any(ready):
                futures = {id(f): f for _, _, f in waiting}
                await asyncio.wait(futures.values(), return_when=asyncio.FIRST_COMPLETED)
            else:
                # Let the loop run once (what a bare ``yield`` asks for; callbacks due now).
                await asyncio.sleep(0)
            ready = [f is None or f.done() for _, _, f in waiting]
            still: list[tuple[int, Coroutine[Any, Any, Any], Any]] = []
            for position, ((index, coroutine, future), go) in enumerate(
                zip(waiting, ready, strict=True)
            ):
                if not go:
                    still.append((index, coroutine, future))
                    continue
                try:
                    _step(index, coroutine, results, still)
                except BaseException:
                    waiting = still + waiting[position + 1 :]
                    raise
            waiting = still
    except BaseException:
        for _, coroutine, future in waiting:
            abandon(coroutine, future)
        for coroutine in coroutines[started:]:
            coroutine.close()
        raise
    return results


def abandon(awaitable: Any, future: Any) -> None:
    """Stop an awaitable the pass no longer needs: cancel what it waits on, then close it."""
    if future is not None and not future.done():
        future.cancel()
    if isinstance(awaitable, Coroutine):
        awaitable.close()
    elif isinstance(awaitable, asyncio.Future):
        awaitable.cancel()


async def _awaited(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


def _step(
    index: int,
    coroutine: Coroutine[Any, Any, Any],
    results: list[Any],
    waiting: list[tuple[int, Coroutine[Any, Any, Any], Any]],
) -> None:
    """Run ``coroutine`` until it waits (noted in ``waiting``) or returns (into ``results``)."""
    try:
        future = coroutine.send(None)
    except StopIteration as returned:
        results[index] = returned.value
        return
    if future is not None:
        if not getattr(future, "_asyncio_future_blocking", False):
            coroutine.close()
            raise StepAside(f"a resolver yielded {future!r}")
        future._asyncio_future_blocking = False
    waiting.append((index, coroutine, future))


def _leaf_completer(kind: Any, non_null: bool) -> Completer:
    """Completes values of the leaf type ``kind``: strings of String and ID fields as they are,
    enum values through a table filled from the type's own coercion, the rest through it."""

    def coerce(value: Any) -> Any:
        if isinstance(value, Exception):
            raise StepAside("a resolver returned an error")
        coerced = kind.coerce_output_value(value)
        if coerced is None or coerced is Undefined:
            raise StepAside(f"{kind} cannot serialise {value!r}")
        return coerced

    def absent() -> None:
        if non_null:
            raise StepAside("null in a non-null position")

    if kind is GraphQLString or kind is GraphQLID:

        def text(value: Any, later: list[Pending]) -> Any:
            if type(value) is str:
                return value
            if value is None or value is Undefined:
                return absent()
            return coerce(value)

        return text
    if isinstance(kind, GraphQLEnumType):
        #: Names by (type, value): an enum's output depends on the value alone.
        names: dict[tuple[type, Any], Any] = {}

        def enum(value: Any, later: list[Pending]) -> Any:
            if value is None or value is Undefined:
                return absent()
            key = (type(value), value)
            try:
                return names[key]
            except KeyError:
                name = names[key] = coerce(value)
                return name
            except TypeError:
                return coerce(value)

        return enum

    def leaf(value: Any, later: list[Pending]) -> Any:
        if value is None or value is Undefined:
            return absent()
        value_type = type(value)
        if value_type is bool and kind is GraphQLBoolean:
            return value
        if value_type is int and kind is GraphQLInt and -MAX_INT - 1 <= value <= MAX_INT:
            return value
        return coerce(value)

    return leaf
