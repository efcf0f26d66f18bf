"""Relation fields answered for a whole level at once.

``batched(fn)`` gives a field's resolver ``fn(objects, info, **arguments)``, which answers for
all the objects of a selection level together, in the same order. The breadth-first executor
(resolvers/execution/breadth_first.py) calls it once per level instead of the resolver once per
object;
the resolver itself answers by calling ``fn`` with its one object (graphql-core's executor uses
that), so the two cannot disagree.
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
