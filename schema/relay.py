"""Relay conventions: the ``Node`` interface, connections, edges and page info (global IDs
themselves are made and read in ``resolvers.global_ids``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Annotated, Any, Generic, TypeVar

import strawberry

T = TypeVar("T")

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


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
