"""The Starlette application: ``/graphql``, ``/healthz``, and the ORM registered for its life."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from tortoise import connections
from tortoise.contrib.starlette import RegisterTortoise
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from resolvers import workdays
from resolvers.calendar.operations import refreshed_schedules
from resolvers.execution.rows import install_row_builder
from resolvers.journal.runs import verification_runs
from resolvers.root import make_schema
from server import metrics, tracing
from server.bulletin import bulletin_download
from server.collector import CollectorPause
from server.downloads import overdue_list, plan_matrix
from server.events import SUBSCRIPTION_PROTOCOLS, live_updates
from server.extensions import server_extensions
from server.graphiql import ASSETS_URL, assets_app
from server.hardening.body import BodyLimit
from server.library_contract import check as check_library_contract
from server.public import public_view
from server.refusals import coded_http_error
from server.settings import Settings, tortoise_config
from server.view import GraphQLView


async def healthz(request: Request) -> JSONResponse:
    """Liveness and database reachability."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
        return JSONResponse({"status": "unavailable", "database": str(error)}, status_code=503)
    return JSONResponse({"status": "ok"})


logger = logging.getLogger("dutygraph.server")


def apply_today(settings: Settings) -> None:
    """Fix "today" for this process as the settings say (or go back to the real date)."""
    workdays.set_today(settings.today)
    if settings.today is not None:
        logger.warning(
            "DUTYGRAPH_TODAY is set: this %s service runs on the fixed day %s, not the real date.",
            settings.environment,
            settings.today.isoformat(),
        )


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    apply_today(settings)
    check_library_contract()
    install_row_builder()
    if settings.serves_metrics:
        metrics.install()
    if settings.otel and not tracing.installed():
        tracing.configure_from_env()
    view = GraphQLView(
        make_schema(server_extensions(settings), breadth_first=settings.breadth_first),
        graphql_ide=None if settings.is_production else "graphiql",
        allow_queries_via_get=not settings.is_production,
        subscription_protocols=SUBSCRIPTION_PROTOCOLS,
        allowed_origins=settings.live.allowed_origins,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with (
            RegisterTortoise(app, config=tortoise_config(settings.database_url)),
            live_updates(app, settings.database_url, settings.live),
            refreshed_schedules(),
            verification_runs(),
        ):
            yield

    app = Starlette(
        routes=[
            # Every method reaches the views, so an unsupported one is refused with a coded body.
            Route("/graphql", view),
            WebSocketRoute("/graphql", view),
            Route("/public/graphql", public_view(settings)),
            Route("/healthz", healthz),
            *(
                [Route("/metrics", metrics.metrics_endpoint(settings.metrics_token))]
                if settings.serves_metrics
                else []
            ),
            Route("/exports/plans/{plan_id}/matrix.xlsx", plan_matrix),
            Route("/exports/overdue.xlsx", overdue_list),
            Route("/exports/bulletin.{kind:str}", bulletin_download),
            *([] if settings.is_production else [Mount(ASSETS_URL, assets_app())]),
        ],
        lifespan=lifespan,
        exception_handlers={StarletteHTTPException: coded_http_error},
        middleware=[
            # X-Forwarded-For only from the proxies named (``dutygraph serve`` turns uvicorn's
            # own handling off: it trusts loopback by default).
            *(
                [Middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))]
                if settings.trusted_proxies
                else []
            ),
            Middleware(CollectorPause),
            Middleware(
                BodyLimit, max_bytes=settings.limits.body_bytes(settings.evidence_max_bytes)
            ),
        ],
    )
    app.state.settings = settings
    return app
