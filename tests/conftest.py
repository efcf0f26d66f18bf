"""Fixtures: real databases (SQLite or PostgreSQL), the real ASGI app, a GraphQL client."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from server.app import create_app
from server.settings import Settings
from tests.databases import DatabaseFactory


@pytest.fixture(scope="session")
async def databases() -> AsyncIterator[DatabaseFactory]:
    factory = DatabaseFactory(Path(tempfile.mkdtemp(prefix="dutygraph-test-")))
    yield factory
    await factory.drop_all()


class GraphQLClient:
    """Posts GraphQL documents to the app over HTTP, as a frontend would."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
    ) -> httpx.Response:
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, **kwargs
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


async def running(database_url: str) -> AsyncIterator[tuple[Starlette, GraphQLClient]]:
    app = create_app(Settings(database_url=database_url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield app, GraphQLClient(http)


@pytest.fixture
async def database_url(databases: DatabaseFactory) -> str:
    return await databases.fresh()


@pytest.fixture
async def seeded_url(databases: DatabaseFactory) -> str:
    return await databases.fresh(seeded=True)


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[GraphQLClient]:
    async for _, graphql in running(database_url):
        yield graphql


@pytest.fixture
async def seeded(seeded_url: str) -> AsyncIterator[GraphQLClient]:
    """A client of an app whose database holds the Wuwei seed plan."""
    async for _, graphql in running(seeded_url):
        yield graphql


class StatementCounter(logging.Handler):
    """Counts SQL statements the ORM sends (it logs each one on ``tortoise.db_client``)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(("Created connection", "Closed connection")):
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
