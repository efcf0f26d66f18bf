"""The credit administrator's list of what the public sent in (internal endpoint)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from models import PublicSubmission as SubmissionRow
from resolvers.permissions import visible
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, Connection, First, Last
from schema.submission import PublicSubmission, PublicSubmissionKind

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.type(description="公众来件查询 — objections and complaints from the public.")
class PublicSubmissionQuery:
    @strawberry.field(description="公众来件 — what the public sent in, newest last.")
    async def public_submissions(
        self,
        info: strawberry.Info[Context, None],
        kind: Annotated[
            PublicSubmissionKind | None, strawberry.argument(description="类别 — only this kind.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[PublicSubmission] | None:
        args = PageArgs(first=first, after=after, last=last, before=before)
        query = await visible(info, SubmissionRow)
        if kind is not None:
            query = query.filter(kind=kind.value)
        return await paginate_query(query, [("id", False)], args, PublicSubmission.from_model)
