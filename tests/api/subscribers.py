"""The scene of the event and clock tests: an app with its clock off, and accounts with Bearer
tokens, made in one place (swap ``token_for`` for the shared auth fixtures when they come)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from starlette.applications import Starlette

from models import Assignment, AssignmentRole, Unit, UnitKind
from resolvers.auth.operations import AccountDraft, create_account, issue_token
from resolvers.context import SYSTEM, Role
from resolvers.global_ids import to_global_id
from resolvers.journal.writer import journaled
from server.app import create_app
from server.live_settings import LiveSettings
from server.settings import Settings
from tests.conftest import GraphQLClient

_numbers = itertools.count(1)


async def token_for(*roles: Role, unit_pk: int | None = None) -> str:
    """A new account with ``roles`` (and unit) in the app's database, and a token of it."""
    async with journaled(SYSTEM) as journal:
        account = await create_account(
            journal,
            AccountDraft(
                username=f"events-{next(_numbers)}", roles=frozenset(roles), unit_pk=unit_pk
            ),
        )
        _, token = await issue_token(journal, account.pk, "tests", None)
    return token


@asynccontextmanager
async def client_of(app: Starlette, token: str) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client of the running ``app`` that sends ``token``."""
    transport = httpx.ASGITransport(app=app)
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=headers
    ) as http:
        yield GraphQLClient(http)


@dataclass
class Scene:
    """The app (clock off), a supervision office that also leads unit A, a leader of unit B."""

    app: Starlette
    office: GraphQLClient
    office_token: str
    leader_b: GraphQLClient
    unit_a: int
    unit_b: int
    assignment_a: str
    assignment_b: str


async def lead_assignments() -> list[Assignment]:
    """Current lead assignments of two different, non-collective units."""
    chosen: dict[int, Assignment] = {}
    for row in await Assignment.filter(role=AssignmentRole.LEAD, valid_to__isnull=True).order_by(
        "id"
    ):
        unit = await Unit.get(pk=row.unit_id)
        if unit.kind != UnitKind.COLLECTIVE:
            chosen.setdefault(unit.pk, row)
    return list(chosen.values())[:2]


@asynccontextmanager
async def open_scene(seeded_url: str, live: LiveSettings | None = None) -> AsyncIterator[Scene]:
    """The app on ``seeded_url`` (its clock off unless ``live`` says) and the scene's accounts."""
    settings = Settings(database_url=seeded_url, live=live or LiveSettings(clock_interval=0))
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        a, b = await lead_assignments()
        office_token = await token_for(
            Role.SUPERVISION_OFFICE, Role.CREDIT_ADMIN, Role.UNIT_LEADER, unit_pk=a.unit_id
        )
        b_token = await token_for(Role.UNIT_LEADER, unit_pk=b.unit_id)
        async with client_of(app, office_token) as office, client_of(app, b_token) as leader_b:
            yield Scene(
                app,
                office,
                office_token,
                leader_b,
                a.unit_id,
                b.unit_id,
                to_global_id("Assignment", a.pk),
                to_global_id("Assignment", b.pk),
            )


async def subscribed(app: Starlette, count: int = 1) -> None:
    """Until ``count`` subscriptions are registered with the app's hub."""
    for _ in range(400):
        if len(app.state.event_hub._inboxes) >= count:
            return
        await asyncio.sleep(0.025)
    raise AssertionError("the subscription did not start")
