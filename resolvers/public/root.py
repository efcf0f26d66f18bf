"""The public schema served at ``/public/graphql``: its own root types, no internal type."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig

from resolvers.permissions import PUBLIC_SCHEMA, guard
from resolvers.public.mutations import PublicSubmitMutation
from resolvers.public.objections import PublicObjectionQuery
from resolvers.public.queries import PublicRecordQuery
from resolvers.root import DutygraphSchema
from schema.scalars_bounded import SCALAR_OVERRIDES


@strawberry.type(description="公示查询 — what anyone may read: published dishonesty records.")
class PublicQuery(PublicRecordQuery, PublicObjectionQuery):
    pass


@strawberry.type(description="公众提交 — objections and complaints from the public.")
class PublicMutation(PublicSubmitMutation):
    pass


guard(PublicQuery, PUBLIC_SCHEMA["Query"])
guard(PublicMutation, PUBLIC_SCHEMA["Mutation"])


def make_public_schema(
    extensions: Sequence[type[SchemaExtension] | Callable[[], SchemaExtension]] = (),
) -> DutygraphSchema:
    """The public schema with the server's extensions (the same limits as the internal one)."""
    return DutygraphSchema(
        query=PublicQuery,
        mutation=PublicMutation,
        extensions=list(extensions),
        config=StrawberryConfig(auto_camel_case=True),
        scalar_overrides=SCALAR_OVERRIDES,
    )


public_schema = make_public_schema()
