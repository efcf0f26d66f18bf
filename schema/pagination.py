"""Keyset pagination for Relay connections, over SQL querysets and over loaded lists.

A cursor is base64 of the JSON list of the sort-key values of its row, so a deep page costs the
same as the first one and a cursor stays valid while rows are added before it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from strawberry.types.nodes import SelectedField
from tortoise.expressions import Q
from tortoise.fields import DateField
from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.errors import bad_input
from resolvers.execution.rows import select
from schema.relay import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Connection, PageInfo

M = TypeVar("M", bound=Model)
N = TypeVar("N")
R = TypeVar("R")

#: A sort key: (column, descending).
SortKey = tuple[str, bool]


@dataclass(frozen=True)
class PageArgs:
    """Validated ``first/after/last/before`` arguments."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def __post_init__(self) -> None:
        if self.first is not None and self.last is not None:
            raise bad_input("Pass either `first` or `last`, not both.", "last")
        for name in ("first", "last"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
                raise bad_input(f"`{name}` must be between 0 and {MAX_PAGE_SIZE}.", name)

    @property
    def backward(self) -> bool:
        return self.last is not None or (self.first is None and self.before is not None)

    @property
    def size(self) -> int:
        chosen = self.last if self.backward else self.first
        return DEFAULT_PAGE_SIZE if chosen is None else chosen


def encode_cursor(values: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(
        json.dumps(list(values), ensure_ascii=False, separators=(",", ":")).encode()
    ).decode()


def decode_cursor(cursor: str, width: int, field: str) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        raise bad_input(f"{cursor!r} is not a valid cursor.", field) from None
    if (
        not isinstance(values, list)
        or len(values) != width
        or not all(isinstance(v, int | str) for v in values)
    ):
        raise bad_input(f"{cursor!r} is not a cursor of this list and ordering.", field)
    return values


def _fits(value: Any, model: type[Model], column: str) -> bool:
    """Whether a cursor value can be compared with ``column`` of ``model`` in SQL: an integer
    within the column's range for integer columns, text the database can hold otherwise."""
    field = model._meta.fields_map.get(column)
    bounds = getattr(field, "constraints", {}) if field is not None else {}
    if field is None and isinstance(value, int):
        return -(2**63) <= value < 2**63
    if "ge" in bounds and "le" in bounds:
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and bounds["ge"] <= value <= bounds["le"]
        )
    if not isinstance(value, str) or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape
        return False
    return True


def _as_date(value: Any) -> date | None:
    """An ISO date of a cursor (dates travel as text), or None when it is not one."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _typed(
    values: list[Any], model: type[Model], keys: Sequence[SortKey], field: str, cursor: str
) -> list[Any]:
    """``values`` of a cursor if each fits its sort column, else BAD_USER_INPUT (a value of the
    wrong type or range would fail in the database as a server error); dates as dates."""
    typed = []
    for value, (column, _) in zip(values, keys, strict=True):
        if isinstance(model._meta.fields_map.get(column), DateField):
            value = _as_date(value)
        elif not _fits(value, model, column):
            value = None
        if value is None:
            raise bad_input(f"{cursor!r} is not a cursor of this list and ordering.", field)
        typed.append(value)
    return typed


def _like(values: list[Any], sample: list[Any], field: str, cursor: str) -> list[Any]:
    """``values`` of a cursor if each has the type of the list's own keys (``sample``)."""
    if any(type(v) is not type(k) for v, k in zip(values, sample, strict=True)):
        raise bad_input(f"{cursor!r} is not a cursor of this list and ordering.", field)
    return values


def beyond(keys: Sequence[SortKey], values: Sequence[Any]) -> Q:
    """Rows strictly after ``values`` in the order ``keys`` (lexicographic keyset condition)."""
    condition: Q | None = None
    for i, (column, desc) in enumerate(keys):
        step = Q(**{f"{column}__{'lt' if desc else 'gt'}": values[i]})
        for prior, value in zip(keys[:i], values[:i], strict=False):
            step &= Q(**{prior[0]: value})
        condition = step if condition is None else condition | step
    assert condition is not None
    if len(keys) < 2 or values[0] is None:
        return condition
    # The same rows, plus a bound on the first key alone: the OR above is no index range, so
    # without it PostgreSQL walks the index from the list's start and filters (a middle page
    # of the overdue list at size M read 7,600 rows for 51).
    first, desc = keys[0]
    return Q(**{f"{first}__{'lte' if desc else 'gte'}": values[0]}) & condition


def _reverse(keys: Sequence[SortKey]) -> list[SortKey]:
    return [(column, not desc) for column, desc in keys]


def _order_by(keys: Sequence[SortKey]) -> list[str]:
    return [("-" if desc else "") + column for column, desc in keys]


def page_connection(
    rows: list[R],
    args: PageArgs,
    key_of: Callable[[R], list[Any]],
    convert: Callable[[R], N],
    count: Callable[[], Awaitable[int]],
) -> Connection[N]:
    """The connection of ``rows`` read for ``args``: at most one more than the page (telling
    whether there is a next one), in reverse order when paging backward."""
    more = len(rows) > args.size
    rows = rows[: args.size]
    if args.backward:
        rows.reverse()
    keys = [key_of(row) for row in rows]
    page_info = PageInfo(
        has_next_page=more if not args.backward else args.before is not None,
        has_previous_page=more if args.backward else args.after is not None,
        start_cursor=encode_cursor(keys[0]) if keys else None,
        end_cursor=encode_cursor(keys[-1]) if keys else None,
    )
    items = [convert(row) for row in rows]
    return Connection(items=items, keys=keys, page=page_info, count_total=count)


def asks_only_total(info: Any) -> bool:
    """Whether the connection field being resolved selects ``totalCount`` and nothing else."""
    for field in info.selected_fields:
        for selection in field.selections:
            if not isinstance(selection, SelectedField) or selection.name not in (
                "totalCount",
                "__typename",
            ):
                return False
    return True


def counted_only(count: Callable[[], Awaitable[int]]) -> Connection[Any]:
    """A connection for a selection of ``totalCount`` alone: no page is read."""
    empty = PageInfo(
        has_next_page=False, has_previous_page=False, start_cursor=None, end_cursor=None
    )
    return Connection(items=[], keys=[], page=empty, count_total=count)


async def paginate_query(
    queryset: QuerySet[M], keys: Sequence[SortKey], args: PageArgs, convert: Callable[[M], N]
) -> Connection[N]:
    """One page of ``queryset`` in the order ``keys`` (the last key must be unique, e.g. ``id``)."""
    page = queryset
    order = list(keys)
    model = queryset.model
    if args.after is not None:
        after = decode_cursor(args.after, len(keys), "after")
        page = page.filter(beyond(keys, _typed(after, model, keys, "after", args.after)))
    if args.before is not None:
        before = decode_cursor(args.before, len(keys), "before")
        before = _typed(before, model, keys, "before", args.before)
        page = page.filter(beyond(_reverse(keys), before))
    if args.backward:
        order = _reverse(keys)
    rows = await select(page.order_by(*_order_by(order)).limit(args.size + 1))

    def key_of(row: M) -> list[Any]:
        values = [getattr(row, column) for column, _ in keys]
        return [v.isoformat() if isinstance(v, date) else v for v in values]

    return page_connection(list(rows), args, key_of, convert, queryset.count)


def _precedes(a: list[Any], b: list[Any], keys: Sequence[SortKey]) -> bool:
    for (_, desc), x, y in zip(keys, a, b, strict=True):
        if x != y:
            return (x > y) if desc else (x < y)
    return False


async def paginate_list(
    items: Sequence[R],
    keys: Sequence[SortKey],
    args: PageArgs,
    convert: Callable[[R], N],
    key_of: Callable[[R], list[Any]],
) -> Connection[N]:
    """The same paging over items already loaded (and already in ``keys`` order)."""
    selected = list(items)
    sample = key_of(items[0]) if items else None
    if args.after is not None:
        after = decode_cursor(args.after, len(keys), "after")
        if sample is not None:
            after = _like(after, sample, "after", args.after)
        selected = [i for i in selected if _precedes(after, key_of(i), keys)]
    if args.before is not None:
        before = decode_cursor(args.before, len(keys), "before")
        if sample is not None:
            before = _like(before, sample, "before", args.before)
        selected = [i for i in selected if _precedes(key_of(i), before, keys)]
    if args.backward:
        selected.reverse()
    total = len(items)

    async def count() -> int:
        return total

    return page_connection(selected[: args.size + 1], args, key_of, convert, count)


def rank_bounds(args: PageArgs) -> tuple[int | None, int | None]:
    """The ranks after and before the cursors of a list keyed by rank alone (1, 2, …), or
    BAD_USER_INPUT naming the argument whose cursor is not one of such a list."""

    def rank_of(cursor: str | None, field: str) -> int | None:
        if cursor is None:
            return None
        [value] = decode_cursor(cursor, 1, field)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
            raise bad_input(f"{cursor!r} is not a cursor of this list and ordering.", field)
        return value

    return rank_of(args.after, "after"), rank_of(args.before, "before")
