"""Relay conventions: global IDs, the ``Node`` interface, connections, edges and page info."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Annotated, Any, Generic, TypeVar

import strawberry

from schema.errors import bad_input

T = TypeVar("T")

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


def to_global_id(type_name: str, pk: int) -> str:
    """Relay global ID: base64 of ``Type:pk``."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


#: Node types whose key is a 64-bit column (the journal's sequence); every other key is a
#: 32-bit integer column (tests/test_relay.py checks this against the models).
WIDE_KEY_TYPES = frozenset({"JournalEntry"})
LARGEST_KEY = 2**31 - 1
LARGEST_WIDE_KEY = 2**63 - 1


def largest_key(type_name: str) -> int:
    """The largest key an object of ``type_name`` can have (what its key column holds)."""
    return LARGEST_WIDE_KEY if type_name in WIDE_KEY_TYPES else LARGEST_KEY


def from_global_id(global_id: str, field: str = "id") -> tuple[str, int]:
    """Decode a global ID into ``(type name, primary key)``; a malformed one is BAD_USER_INPUT,
    and so is one whose key no row of its type can have (beyond its key column's range)."""
    try:
        raw = base64.b64decode(global_id.encode("ascii"), validate=True).decode()
        type_name, _, pk = raw.partition(":")
        if not type_name or not pk.isascii() or not pk.isdigit() or len(pk) > 19:
            raise ValueError(raw)
    except (ValueError, UnicodeError, binascii.Error):
        raise bad_input(f"{global_id!r} is not a valid global ID.", field) from None
    if int(pk) > largest_key(type_name):
        raise bad_input(
            f"{global_id!r} is not a valid global ID: no {type_name} has the key {pk}.", field
        )
    return type_name, int(pk)


def pk_of(global_id: strawberry.ID | str, type_name: str, field: str = "id") -> int:
    """The primary key inside a global ID that must be of ``type_name``."""
    actual, pk = from_global_id(str(global_id), field)
    if actual != type_name:
        raise bad_input(f"{field} must be the ID of a {type_name}, not of a {actual}.", field)
    return pk


@strawberry.interface(description="节点 — an object with a globally unique ID (Relay Node).")
class Node:
    id: strawberry.ID = strawberry.field(
        description="全局ID — opaque, globally unique ID; pass it to `node(id:)` to fetch again."
    )


@strawberry.enum(description="排序方向 — sort direction.")
class OrderDirection(Enum):
    ASC = strawberry.enum_value("ASC", description="升序 — ascending.")
    DESC = strawberry.enum_value("DESC", description="降序 — descending.")


@strawberry.type(description="分页信息 — where a page sits in the whole list (Relay PageInfo).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="有下一页 — more items follow this page.")
    has_previous_page: bool = strawberry.field(
        description="有上一页 — items come before this page."
    )
    start_cursor: str | None = strawberry.field(
        description="首游标 — cursor of the first item of this page (null when empty)."
    )
    end_cursor: str | None = strawberry.field(
        description="尾游标 — cursor of the last item of this page (null when empty)."
    )


@strawberry.type(description="边 — one item of a page with its cursor (Relay edge).")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="游标 — pass to `after`/`before` to page on.")
    node: T = strawberry.field(description="节点 — the item.")


@strawberry.type(description="连接 — one page of a list, with paging info (Relay connection).")
class Connection(Generic[T]):
    #: The page's items, their sort keys (cursors are encoded only when asked), its paging info.
    items: strawberry.Private[list[T]]
    keys: strawberry.Private[list[Any]]
    page: strawberry.Private[PageInfo]
    count_total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="边 — the items of this page with cursors.")
    def edges(self) -> list[Edge[T]]:
        from schema.pagination import encode_cursor

        return [
            Edge(cursor=encode_cursor(key), node=item)
            for key, item in zip(self.keys, self.items, strict=True)
        ]

    @strawberry.field(description="分页信息 — paging information.")
    def page_info(self) -> PageInfo:
        return self.page

    @strawberry.field(description="节点 — the items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return self.items

    @strawberry.field(
        description="总数 — number of items in the whole filtered list (counted only when asked)."
    )
    async def total_count(self) -> int:
        return await self.count_total()


First = Annotated[
    int | None,
    strawberry.argument(description=f"前N条 — page size from the start (0–{MAX_PAGE_SIZE})."),
]
After = Annotated[
    str | None, strawberry.argument(description="之后 — return items after this cursor.")
]
Last = Annotated[
    int | None,
    strawberry.argument(description=f"后N条 — page size from the end (0–{MAX_PAGE_SIZE})."),
]
Before = Annotated[
    str | None, strawberry.argument(description="之前 — return items before this cursor.")
]
