"""The one policy layer: coarse role checks on root fields, row scopes per model, write checks.

- ``table``: which roles may call each query and mutation (deny by default);
- ``fields``: the strawberry permission classes placed from the table (``guard``);
- ``scopes``: which rows of each model an actor may read (lists, loaders, ``node``, ``fetch``);
- ``writes``: the before-and-after unit check of every journaled write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.permissions.fields import guard
from resolvers.permissions.scopes import RowScopes, scope_of
from resolvers.permissions.table import INTERNAL, PUBLIC_SCHEMA, Reach

if TYPE_CHECKING:
    import strawberry

    from resolvers.context import Context

M = TypeVar("M", bound=Model)

__all__ = [
    "INTERNAL",
    "PUBLIC_SCHEMA",
    "Reach",
    "RowScopes",
    "guard",
    "scope_of",
    "visible",
]


async def visible(info: strawberry.Info[Context, None], model: type[M]) -> QuerySet[M]:
    """The rows of ``model`` the caller may read: start every list query here."""
    return model.filter(await info.context.loaders.scopes.of(model))
