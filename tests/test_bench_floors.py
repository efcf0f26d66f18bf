"""The bench's floors are honest on generated data (size T): each list floor answers exactly
what the app answers for every list shape (first, middle and last pages), and the write floor
writes what a journaled mutation writes — the journal still verifies after both."""

from __future__ import annotations

import pytest

from bench.dataset import SIZES
from bench.floors_lists import LIST_FLOORS
from bench.generate import generate
from bench.measure import Budget, measure
from bench.shapes import SHAPES, subjects
from bench.writes import CLIENTS, write_loads
from models import JournalEntry
from resolvers.journal.store import verify_stored
from server.database import open_database
from tests.conftest import running
from tests.databases import DatabaseFactory

QUICK = Budget(runs=3, seconds=0.2)


@pytest.fixture(scope="module")
async def bench_url(databases: DatabaseFactory) -> str:
    url = await databases.fresh(seeded=True)
    async with open_database(url):
        await generate(SIZES["T"])
    return url


async def test_every_list_floor_answers_what_the_app_answers(bench_url: str) -> None:
    listed = [shape for shape in SHAPES if shape.floor in LIST_FLOORS]
    assert len(listed) >= 6  # overdue and due within: first, middle and last pages
    async with running(bench_url) as (_, client):
        named = await subjects()
        for shape in listed:
            result = await measure(client.http, shape, named, QUICK)
            assert result.same_json == {"python": True}, shape.name
            assert result.python_floor is not None
            assert result.graphql.bytes > 200, shape.name  # a page with nodes, not an empty list


async def test_the_write_floor_writes_a_verifiable_journal_as_the_app_does(bench_url: str) -> None:
    async with running(bench_url) as (_, client):
        named = await subjects()
        assert len(named.write_tasks) == max(CLIENTS)
        before = await JournalEntry.all().count()
        loads = await write_loads(
            client.http,
            [global_id for _, global_id in named.write_tasks],
            [pk for pk, _ in named.write_tasks],
            seconds=0.3,
        )
        assert [load["clients"] for load in loads] == list(CLIENTS)
        for load in loads:
            assert load["app"]["writes"] > 0
            assert load["floor"]["writes"] > 0
        floor_entries = await JournalEntry.filter(actor="account:bench-floor").count()
        assert floor_entries == sum(load["floor"]["writes"] for load in loads) + 2 * sum(CLIENTS)
        assert await JournalEntry.all().count() > before + floor_entries
        report = await verify_stored()
    assert report.ok, report
