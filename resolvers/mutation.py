"""Running a mutation: one transaction with its journal, and unset-aware input unpacking."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import MISSING
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import strawberry

from resolvers.errors import bad_input
from resolvers.journal.writer import Journal, journaled

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


#: Deprecation of the plain arguments that a mutation's `input` replaced (issue 15).
PLAIN_ARGUMENT = "Use `input` (this mutation takes one input object like every other)."

#: The deprecated plain ``reason`` and ``expectedVersion`` arguments.
PlainReason = Annotated[
    str | None,
    strawberry.argument(
        description="原因 — why (kept in the record).", deprecation_reason=PLAIN_ARGUMENT
    ),
]
PlainVersion = Annotated[
    int | None,
    strawberry.argument(
        description="预期版本 — optimistic lock.", deprecation_reason=PLAIN_ARGUMENT
    ),
]

InputT = TypeVar("InputT")


def one_input(form: type[InputT], input: InputT | None, **plain: Any) -> InputT:
    """The mutation's ``input``, or one built from its deprecated plain arguments.

    Both forms at once, or neither, is BAD_USER_INPUT; a plain form that leaves out a field the
    input type requires names that field.
    """
    sent = {name: value for name, value in plain.items() if value is not None}
    if input is not None:
        if sent:
            raise bad_input(
                "Give either `input` or the deprecated plain arguments "
                f"({', '.join(f'`{camel(n)}`' for n in sent)}), not both.",
                "input",
            )
        return input
    fields = form.__dataclass_fields__  # type: ignore[attr-defined]
    missing = [
        camel(name)
        for name, spec in fields.items()
        if name not in sent and spec.default is MISSING and spec.default_factory is MISSING
    ]
    if missing:
        raise bad_input(
            f"`input` is required (with {', '.join(f'`{n}`' for n in missing)}).", "input"
        )
    return form(**sent)
