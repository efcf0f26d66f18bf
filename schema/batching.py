"""Relation fields answered for a whole level at once.

A field's resolver answers for one object; ``batched(fn)`` also gives it ``fn(objects, info,
**arguments)``, which answers for all the objects of a selection level together, in the same
order, with exactly the same results. The breadth-first executor (resolvers/breadth_first.py)
calls it instead of the per-object resolver: one coroutine per level instead of one per object.
graphql-core's executor, and anything else, keeps calling the resolver itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: The attribute holding a resolver's batch function.
BATCH = "__dutygraph_batch__"


def batched(batch: Callable[..., Any]) -> Callable[[F], F]:
    """Attach ``batch`` (async, ``(objects, info, **arguments) -> results``) to a resolver."""

    def attach(resolver: F) -> F:
        setattr(resolver, BATCH, batch)
        return resolver

    return attach
