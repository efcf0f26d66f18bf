"""Running a mutation: one transaction with its journal, and unset-aware input unpacking."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

import strawberry

from resolvers.journal.writer import Journal, journaled
from schema.errors import bad_input

if TYPE_CHECKING:
    from resolvers.context import Context

R = TypeVar("R")

#: Description of every mutation's `input` argument.
INPUT = "输入 — what to change; see the input type for each field."


async def in_journal(
    info: strawberry.Info[Context, None], operation: Callable[[Journal], Awaitable[R]]
) -> R:
    """Run ``operation`` in one transaction; a raised error rolls back the change and its entry."""
    async with journaled(info.context.actor) as journal:
        return await operation(journal)


def given(values: object, non_null: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of an update input the client sent (``UNSET`` ones left out).

    ``id`` and ``expected_version`` are left out too; a null for a field in ``non_null`` is
    BAD_USER_INPUT (null there cannot mean "clear it").
    """
    changes = {
        name: value
        for name, value in vars(values).items()
        if value is not strawberry.UNSET and name not in ("id", "expected_version")
    }
    for name in non_null:
        if name in changes and changes[name] is None:
            raise bad_input(f"`{camel(name)}` cannot be null; omit it to keep it.", camel(name))
    return changes


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
