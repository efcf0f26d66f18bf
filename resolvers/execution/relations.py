"""Relation fields: one declaration gives the field, its resolver and its batch function.

``relation(loader=…, key=…, type=…, description=…)`` is how a type declares a field that
follows a loader (``resolvers/execution/dataloaders.py``): the keys of every object of a selection
level
go to the request's loader in one call, each row becomes its GraphQL object once per request
(``Loaders.shared``, keyed by the type's converter, so an object reached from many others is
completed once), and the breadth-first executor (``resolvers/execution/breadth_first.py``) calls
the batch
function once per level while graphql-core's executor calls the resolver per object — the two
cannot disagree because the resolver answers through the batch function::

    plan = relation(
        loader=lambda loaders: loaders.plan_by_id,
        key=lambda task: task.plan_pk,
        type=Annotated["Plan", strawberry.lazy("schema.plan")],
        description="所属方案 — the plan this task belongs to.",
    )

Types are named by class, or with ``strawberry.lazy`` where the modules import each other. A
relation with arguments (``assignments(role:, asOf:)``) keeps an explicit resolver, decorated
with ``@batched`` (``resolvers/execution/batching.py``) and built on ``to_one``/``to_many``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any, ForwardRef, TypeVar, get_args, get_origin

import strawberry
from strawberry.types.lazy_type import LazyType, StrawberryLazyReference

from resolvers.execution.batching import BATCH

if TYPE_CHECKING:
    from resolvers.execution.dataloaders import Loaders

T = TypeVar("T")

#: Objects and rows are any: the fields' own resolvers are typed.
Info = strawberry.Info[Any, None]
LoaderOf = Callable[["Loaders"], Any]


@cache
def from_model(path: str) -> Callable[[Any], Any]:
    """``from_model`` of the GraphQL type at ``path`` (``"schema.unit.Unit"``), looked up when
    first called: the schema modules import one another, so a relation to a type of a module
    that imports this one cannot name the type when it is declared. One function per path, so
    every relation to a type shares its objects (``Loaders.shared`` keys by the converter)."""
    module, _, name = path.rpartition(".")
    found: list[Callable[[Any], Any]] = []

    def convert(row: Any) -> Any:
        if not found:
            found.append(getattr(import_module(module), name).from_model)
        return found[0](row)

    return convert


def to_one(
    loader: LoaderOf,
    key: Callable[[Any], Hashable | None],
    convert: Callable[[Any], T],
) -> Callable[[list[Any], Info], Awaitable[list[T | None]]]:
    """For each object, the row its ``key`` names as a GraphQL object (None: no key, or no such
    row in the actor's scope)."""

    async def batch(objects: list[Any], info: Info) -> list[T | None]:
        loaders = info.context.loaders
        keys = [key(each) for each in objects]
        wanted = [k for k in keys if k is not None]
        found = dict(zip(wanted, await loader(loaders).load_many(wanted), strict=True))
        return [
            None if k is None or (row := found[k]) is None else loaders.shared(row, convert)
            for k in keys
        ]

    return batch


def to_many(
    loader: LoaderOf,
    key: Callable[[Any], Hashable],
    convert: Callable[[Any], T],
    keep: Callable[[Any, Any], bool] | None = None,
) -> Callable[[list[Any], Info], Awaitable[list[list[T]]]]:
    """For each object, the rows its ``key`` gathers (those ``keep`` accepts, if given), in the
    loader's order, as GraphQL objects."""

    async def batch(objects: list[Any], info: Info) -> list[list[T]]:
        loaders = info.context.loaders
        lists = await loader(loaders).load_many([key(each) for each in objects])
        return [
            [loaders.shared(row, convert) for row in rows if keep is None or keep(each, row)]
            for each, rows in zip(objects, lists, strict=True)
        ]

    return batch


def _target(graphql_type: Any) -> tuple[str, str]:
    """The (module, class name) of a relation's GraphQL type: a class, or ``Annotated[…,
    strawberry.lazy(module)]`` for a type whose module imports this one's."""
    if get_origin(graphql_type) is Annotated:
        target, *extras = get_args(graphql_type)
        for extra in extras:
            if isinstance(extra, StrawberryLazyReference):
                name = target.__forward_arg__ if isinstance(target, ForwardRef) else target
                return extra.module, name if isinstance(name, str) else name.__qualname__
        graphql_type = target
    if isinstance(graphql_type, LazyType):
        return graphql_type.module, graphql_type.type_name
    if isinstance(graphql_type, type):
        return graphql_type.__module__, graphql_type.__qualname__
    raise TypeError(f"a relation needs a type or a strawberry.lazy type, not {graphql_type!r}")


def converter_of(graphql_type: Any) -> Callable[[Any], Any]:
    """The row → GraphQL object function of ``graphql_type`` (the same one for every relation
    to it, so they share their objects; see ``from_model``)."""
    module, name = _target(graphql_type)
    return from_model(f"{module}.{name}")


def relation(
    *,
    loader: LoaderOf,
    key: Callable[[Any], Hashable | None],
    type: Any,  # noqa: A002 — the field's GraphQL type, as strawberry calls it
    description: str,
    many: bool = False,
    optional: bool = False,
    keep: Callable[[Any, Any], bool] | None = None,
    deprecation_reason: str | None = None,
) -> Any:
    """A relation field from one declaration: its strawberry field, the resolver that answers
    for one object and the batch function that answers for a whole selection level, both made
    from ``loader`` and ``key``::

        plan = relation(
            loader=lambda loaders: loaders.plan_by_id,
            key=lambda task: task.plan_pk,
            type=Annotated[Plan, strawberry.lazy("schema.plan")],
            description="所属方案 — the plan this task belongs to.",
        )

    ``many``: ``key`` names a list the loader gathers (``list[type]``, filtered by ``keep``);
    else one row (``type``, or ``type | None`` with ``optional``: a missing row answers null).
    """
    convert = converter_of(type)
    if many:
        batch: Callable[..., Awaitable[list[Any]]] = to_many(loader, key, convert, keep)
        graphql_type: Any = list[type]
    else:
        if keep is not None:
            raise TypeError("keep filters the rows of a many relation")
        batch = to_one(loader, key, convert)
        graphql_type = type | None if optional else type

    async def resolve(self: Any, info: Info) -> Any:
        [value] = await batch([self], info)
        if value is None and not many and not optional:
            raise LookupError(f"{description!r}: no row for a required relation")
        return value

    setattr(resolve, BATCH, batch)
    return strawberry.field(
        resolver=resolve,
        description=description,
        graphql_type=graphql_type,
        deprecation_reason=deprecation_reason,
    )
