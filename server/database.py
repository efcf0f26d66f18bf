"""Opening the database outside the web app (CLI, tests) and applying migrations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise.context import TortoiseContext
from tortoise.migrations.api.migrate import migrate

from resolvers.execution.rows import install_row_builder
from server.library_contract import check as check_library_contract
from server.settings import tortoise_config


@asynccontextmanager
async def open_database(database_url: str) -> AsyncIterator[TortoiseContext]:
    """Tortoise initialised on ``database_url`` for the duration of the block."""
    check_library_contract()
    install_row_builder()
    async with TortoiseContext() as context:
        await context.init(config=tortoise_config(database_url))
        yield context


async def apply_migrations(database_url: str) -> None:
    """Bring the schema up to the latest migration (no-op when it already is)."""
    async with open_database(database_url):
        await migrate(config=tortoise_config(database_url))
