"""The public endpoint ``/public/graphql``: its own schema, anonymous callers, a submission
limit per client address."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from resolvers.actor import Actor, Role
from resolvers.context import Context
from resolvers.public.context import PublicContext
from resolvers.public.ratelimit import TokenBucket
from resolvers.public.root import make_public_schema
from server.auth import Authentication
from server.extensions import server_extensions
from server.settings import Settings
from server.view import GraphQLView, request_id_of

#: Everyone on the public endpoint acts as this, whatever credentials they send.
PUBLIC = Actor("public", frozenset({Role.PUBLIC}))


class PublicGraphQLView(GraphQLView):
    """Anonymous by design: credentials are ignored, nothing internal is reachable."""

    requires_account = False

    def __init__(self, *args: Any, limiter: TokenBucket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limiter = limiter

    async def authenticate(self, request: Request | WebSocket) -> Authentication:
        return Authentication(PUBLIC)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        request.state.dutygraph_auth = Authentication(PUBLIC)
        client = request.client.host if request.client else "unknown"
        context = PublicContext(
            actor=PUBLIC,
            request_id=request_id_of(request),
            request=request,
            response=response,
            client=client,
            limiter=self.limiter,
        )
        request.state.dutygraph_context = context
        return context


def public_view(settings: Settings) -> PublicGraphQLView:
    limiter = TokenBucket(
        capacity=settings.auth.public_submit_burst,
        refill_seconds=settings.auth.public_submit_refill_seconds,
    )
    return PublicGraphQLView(
        make_public_schema(server_extensions(settings)),
        graphql_ide=None if settings.is_production else "graphiql",
        allow_queries_via_get=not settings.is_production,
        limiter=limiter,
    )
