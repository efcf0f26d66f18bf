"""Test databases: one migrated template per run, a fresh copy per test, dropped afterwards.

``DUTYGRAPH_TEST_DB=sqlite`` (default) uses SQLite files in a temporary folder;
``DUTYGRAPH_TEST_DB=postgres`` creates databases on ``DUTYGRAPH_TEST_POSTGRES_URL``
(default ``postgres://postgres@127.0.0.1:5432/postgres``) named ``dutygraph_test_<run>_<n>``.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from resolvers.actor import Actor, Role
from resolvers.auth.operations import AccountDraft, create_account, issue_token
from resolvers.journal.writer import journaled
from seed.load import load_default
from server.database import apply_migrations, open_database

BACKEND = os.environ.get("DUTYGRAPH_TEST_DB", "sqlite").lower()
POSTGRES_URL = os.environ.get(
    "DUTYGRAPH_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


#: The accounts every test database starts with: ``office`` acts for the default clients.
OFFICE_ROLES = frozenset({Role.SUPERVISION_OFFICE, Role.CREDIT_ADMIN, Role.AUDITOR})
SETUP_ACTOR = Actor("test:setup")


@dataclass(frozen=True)
class Credentials:
    """Tokens of a test database: ``admin`` (SYSTEM_ADMIN) and ``office`` (督查室 + 信用 + 审计)."""

    admin: str
    office: str


#: Credentials of every database the factory made, by URL.
CREDENTIALS: dict[str, Credentials] = {}


def credentials(url: str) -> Credentials:
    """The tokens valid on the test database at ``url``."""
    return CREDENTIALS[url]


async def account_token(username: str, roles: frozenset[Role], unit_pk: int | None = None) -> str:
    """A new account and a token that never expires (inside ``open_database``)."""
    async with journaled(SETUP_ACTOR) as journal:
        draft = AccountDraft(username=username, roles=roles, unit_pk=unit_pk)
        account = await create_account(journal, draft)
        _, token = await issue_token(journal, account.pk, "tests", None)
    return token


class DatabaseFactory:
    """Makes databases for tests: ``fresh()`` (migrated, empty) and ``fresh(seeded=True)``."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.run = uuid.uuid4().hex[:8]
        self.counter = itertools.count()
        self.created: list[str] = []
        self.templates: dict[bool, str] = {}
        self.template_credentials: dict[str, Credentials] = {}

    def _name(self) -> str:
        return f"dutygraph_test_{self.run}_{next(self.counter)}"

    def _url(self, name: str) -> str:
        if BACKEND == "postgres":
            return POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
        return f"sqlite://{self.workdir / (name + '.sqlite3')}"

    async def _admin(self, sql: str) -> None:
        connection = await asyncpg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1))
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    async def _create_empty(self) -> str:
        name = self._name()
        if BACKEND == "postgres":
            await self._admin(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return name

    async def _template(self, seeded: bool) -> str:
        if seeded not in self.templates:
            name = await self._create_empty()
            url = self._url(name)
            await apply_migrations(url)
            async with open_database(url):
                if seeded:
                    await load_default()
                self.template_credentials[name] = Credentials(
                    admin=await account_token("admin", frozenset({Role.SYSTEM_ADMIN})),
                    office=await account_token("office", OFFICE_ROLES),
                )
            self.templates[seeded] = name
        return self.templates[seeded]

    async def fresh(self, seeded: bool = False) -> str:
        """The URL of a new database: migrated, and with the Wuwei seed when ``seeded``."""
        template = await self._template(seeded)
        name = self._name()
        if BACKEND == "postgres":
            await self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            for suffix in ("", "-wal", "-shm"):
                source = self.workdir / f"{template}.sqlite3{suffix}"
                if source.exists():
                    shutil.copyfile(source, self.workdir / f"{name}.sqlite3{suffix}")
        self.created.append(name)
        CREDENTIALS[self._url(name)] = self.template_credentials[template]
        return self._url(name)

    async def drop_all(self) -> None:
        if BACKEND == "postgres":
            for name in reversed(self.created):
                await self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(self.workdir, ignore_errors=True)


async def execute_raw(url: str, sql: str) -> None:
    """Run one statement on a test database directly, behind the application's back."""
    if url.startswith("sqlite://"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite://")) as connection:
            connection.execute(sql)
        return
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()
