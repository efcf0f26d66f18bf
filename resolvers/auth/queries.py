"""Account queries: the caller's own account, and every account for the system administrator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q

from models import Account as AccountRow
from resolvers.errors import DomainError, ErrorCode
from resolvers.permissions import visible
from resolvers.search import search_term
from schema.account import Account
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, Connection, First, Last

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.type(description="账号查询 — queries of accounts.")
class AccountQuery:
    @strawberry.field(description="当前账号 — the caller's own account and roles.")
    async def viewer(self, info: strawberry.Info[Context, None]) -> Account:
        actor = info.context.actor
        row = None
        if actor.account_pk is not None:
            row = await info.context.loaders.account_by_id.load(actor.account_pk)
        if row is None:
            raise DomainError(ErrorCode.UNAUTHENTICATED, "Sign in with an account first.")
        return Account.from_model(row)

    @strawberry.field(description="账号列表 — every account, oldest first (system administrator).")
    async def accounts(
        self,
        info: strawberry.Info[Context, None],
        search: Annotated[
            str | None,
            strawberry.argument(description="关键词 — text in the username or display name."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Account] | None:
        args = PageArgs(first=first, after=after, last=last, before=before)
        query = await visible(info, AccountRow)
        if search and search.strip():
            text = search_term(search, "search")
            query = query.filter(Q(username__icontains=text) | Q(display_name__icontains=text))
        return await paginate_query(query, [("id", False)], args, Account.from_model)
