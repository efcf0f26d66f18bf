"""Fixtures: real databases (SQLite or PostgreSQL), the real ASGI app, a GraphQL client."""

from __future__ import annotations

import itertools
import logging
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from resolvers.actor import Role
from server.app import create_app
from server.settings import Settings
from tests.databases import Credentials, DatabaseFactory, credentials


@pytest.fixture(scope="session")
async def databases() -> AsyncIterator[DatabaseFactory]:
    factory = DatabaseFactory(Path(tempfile.mkdtemp(prefix="dutygraph-test-")))
    yield factory
    await factory.drop_all()


class BearerToken(httpx.Auth):
    """``Authorization: Bearer <token>`` on every request."""

    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        request.headers["authorization"] = f"Bearer {self.token}"
        yield request


class GraphQLClient:
    """Posts GraphQL documents to the app over HTTP, as a frontend would, with a token.

    ``token`` None posts anonymously. The default clients act as the account ``office``
    (SUPERVISION_OFFICE + CREDIT_ADMIN + AUDITOR); ``as_unit`` and ``as_roles`` give clients
    acting as other accounts, ``anonymous`` and ``public`` clients without credentials.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        token: str | None = None,
        *,
        path: str = "/graphql",
        credentials: Credentials | None = None,
    ) -> None:
        self.http = http
        self.token = token
        self.path = path
        self.credentials = credentials

    def with_token(self, token: str | None, path: str | None = None) -> GraphQLClient:
        return GraphQLClient(self.http, token, path=path or self.path, credentials=self.credentials)

    def anonymous(self) -> GraphQLClient:
        """The same endpoint without credentials."""
        return self.with_token(None)

    def public(self) -> GraphQLClient:
        """The public endpoint ``/public/graphql`` (anonymous)."""
        return self.with_token(None, "/public/graphql")

    @property
    def admin(self) -> GraphQLClient:
        """The system administrator of the test database."""
        assert self.credentials is not None, "this client was made without credentials"
        return self.with_token(self.credentials.admin, "/graphql")

    async def as_roles(self, *roles: Role, unit: str | None = None) -> GraphQLClient:
        """A client acting as a new account with ``roles`` (and the unit named or ID'd)."""
        unit_id = None
        if unit is not None:
            unit_id = unit
            if not unit.isascii():
                found = await self.admin.data(UNIT_ID, {"name": unit})
                assert found["unitByName"], f"no unit {unit}"
                unit_id = found["unitByName"]["id"]
        username = f"t{next(ACCOUNT_NUMBERS)}-{'-'.join(r.value.lower() for r in roles)}"
        made = await self.admin.data(
            ACCOUNT_CREATE,
            {"input": {"username": username, "roles": [r.value for r in roles], "unitId": unit_id}},
        )
        account = made["accountCreate"]["account"]["id"]
        issued = await self.admin.data(TOKEN_ISSUE, {"input": {"accountId": account}})
        return self.with_token(issued["apiTokenIssue"]["token"], "/graphql")

    async def as_unit(self, unit: str, role: Role = Role.UNIT_LEADER) -> GraphQLClient:
        """A client acting for ``unit`` (its name, short name, alias or ID) in a unit role."""
        return await self.as_roles(role, unit=unit)

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
    ) -> httpx.Response:
        auth = BearerToken(self.token) if self.token else None
        return await self.http.post(
            self.path,
            json={"query": query, "variables": variables or {}},
            auth=auth,
            **kwargs,
        )

    async def run(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The response body; fails the test on a non-200 status."""
        response = await self.post(query, variables)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The ``data`` of a response that must have no errors."""
        body = await self.run(query, variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def error(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The first error of a response that must have errors."""
        body = await self.run(query, variables)
        assert body.get("errors"), body
        first: dict[str, Any] = body["errors"][0]
        return first


UNIT_ID = "query($name: String!) { unitByName(name: $name) { id } }"
ACCOUNT_CREATE = """
mutation($input: AccountCreateInput!) { accountCreate(input: $input) { account { id } } }
"""
TOKEN_ISSUE = """
mutation($input: ApiTokenIssueInput!) { apiTokenIssue(input: $input) { token } }
"""
ACCOUNT_NUMBERS = itertools.count(1)


def office_client(http: httpx.AsyncClient, database_url: str) -> GraphQLClient:
    """The default client of a test database: the account ``office``."""
    found = credentials(database_url)
    return GraphQLClient(http, found.office, credentials=found)


@asynccontextmanager
async def running(
    database_url: str, **settings: Any
) -> AsyncIterator[tuple[Starlette, GraphQLClient]]:
    """The app on ``database_url``; ``settings`` override Settings fields (environment, limits)."""
    app = create_app(Settings(database_url=database_url, **settings))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        # Raw ``http`` calls act as the office too, unless they pass their own ``auth``.
        auth = BearerToken(credentials(database_url).office)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://test", auth=auth
        ) as http:
            yield app, office_client(http, database_url)


@pytest.fixture
async def database_url(databases: DatabaseFactory) -> str:
    return await databases.fresh()


@pytest.fixture
async def seeded_url(databases: DatabaseFactory) -> str:
    return await databases.fresh(seeded=True)


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[GraphQLClient]:
    async with running(database_url) as (_, graphql):
        yield graphql


@pytest.fixture
async def seeded(seeded_url: str) -> AsyncIterator[GraphQLClient]:
    """A client of an app whose database holds the Wuwei seed plan."""
    async with running(seeded_url) as (_, graphql):
        yield graphql


class StatementCounter(logging.Handler):
    """Counts SQL statements the ORM sends (it logs each one on ``tortoise.db_client``).

    Authentication's own statements (the token lookup, and its ``last_used_at`` at most once a
    minute) are left out: they are the same for every request, whatever it asks for.
    """

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(("Created connection", "Closed connection")) and (
            '"api_token"' not in message
        ):
            self.statements.append(message)


@pytest.fixture
def sql_statements() -> Iterator[StatementCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = StatementCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    yield counter
    logger.removeHandler(counter)
    logger.setLevel(previous)
