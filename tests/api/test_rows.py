"""resolvers/execution/rows.py builds the same model instances from rows as Tortoise itself does."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise import connections

import models
from bench.dataset import SIZES
from bench.generate import generate
from resolvers.execution.rows import Prepared, _tortoise_init_from_db, from_rows, statement
from server.database import open_database
from tests.databases import DatabaseFactory

MODELS = [
    value
    for value in (getattr(models, name) for name in models.__all__)
    if isinstance(value, type) and hasattr(value, "_meta")
]


def state(instance: Any) -> dict[str, Any]:
    return {key: value for key, value in vars(instance).items() if not key.startswith("_")}


async def test_fast_rows_equal_tortoise_rows(databases: DatabaseFactory) -> None:
    url = await databases.fresh(seeded=True)
    compared = 0
    async with open_database(url):
        await generate(SIZES["T"])
        client = connections.get("default")
        for model in MODELS:
            table = model._meta.db_table
            _, rows = await client.execute_query(f'SELECT * FROM "{table}" LIMIT 500')
            # Columns in reverse order: ``from_rows`` reads them by position, whatever the order.
            columns = ", ".join(f'"{c}"' for c in reversed(list(rows[0].keys()))) if rows else "*"
            _, reordered = await client.execute_query(f'SELECT {columns} FROM "{table}" LIMIT 500')
            by_position = from_rows(model, reordered)
            assert len(by_position) == len(rows)
            for row, positional in zip(rows, by_position, strict=True):
                fast = model._init_from_db(**dict(row))
                slow = _tortoise_init_from_db(model, **dict(row))
                assert state(fast) == state(slow), (model.__name__, dict(row))
                assert state(positional) == state(slow), (model.__name__, dict(row))
                assert {k: type(v) for k, v in state(fast).items()} == {
                    k: type(v) for k, v in state(slow).items()
                }
                assert {k: type(v) for k, v in state(positional).items()} == {
                    k: type(v) for k, v in state(slow).items()
                }
                compared += 1
            # Through the ORM too: a query returns the fast instances.
            first = await model.all().first()
            if first is not None:
                assert first._saved_in_db
                assert not first._partial
    # Every model with rows was compared (the bench data fills all of them).
    assert compared > 1000


async def test_rows_lacking_a_column_are_made_by_tortoise(databases: DatabaseFactory) -> None:
    """A statement without one of the model's columns (an ``.only()`` query, say) cannot be read
    by position: each row then goes through Tortoise's own conversion, as a partial instance."""
    url = await databases.fresh(seeded=True)
    async with open_database(url):
        client = connections.get("default")
        _, rows = await client.execute_query('SELECT "id", "name" FROM "unit" ORDER BY "id"')
        units = from_rows(models.Unit, rows)
        assert [(u.id, u.name) for u in units] == [(r["id"], r["name"]) for r in rows]
        assert units
        assert all(u._partial for u in units)


async def test_related_rows_and_prepared_queries(databases: DatabaseFactory) -> None:
    """``from_rows`` with a prefix reads the related part of a ``select_related`` row as
    Tortoise does; ``Prepared`` runs the SQL built once with each run's own values."""
    url = await databases.fresh(seeded=True)
    async with open_database(url):
        query = models.Assignment.all().select_related("unit").limit(40)
        db, sql, params = statement(query)
        _, rows = await db.execute_query(sql, params)
        assignments = from_rows(models.Assignment, rows)
        units = from_rows(models.Unit, rows, prefix="assignment__unit.")
        expected = await models.Assignment.all().select_related("unit").limit(40)
        assert len(expected) == 40
        assert [state(a) for a in assignments] == [state(a) for a in expected]
        assert [state(u) for u in units] == [state(a.unit) for a in expected]

        by_task = Prepared(models.Assignment, lambda pk: models.Assignment.filter(task_id=pk), -7)
        tasks = [a.task_id for a in expected[:3]] + [-1]
        for pk in tasks:
            got = from_rows(models.Assignment, await by_task.rows(pk))
            want = await models.Assignment.filter(task_id=pk)
            assert [state(a) for a in got] == [state(a) for a in want]
        assert any(by_task._built.values())  # built once, then bound

        # A value Tortoise converts on its way to the database is not bound: built every run.
        sample = datetime(1999, 1, 1, tzinfo=UTC)
        since = Prepared(models.Unit, lambda day: models.Unit.filter(created_at__gte=day), sample)
        early, late = datetime(2000, 1, 1, tzinfo=UTC), datetime(2999, 1, 1, tzinfo=UTC)
        units_since_early = await models.Unit.filter(created_at__gte=early).count()
        assert units_since_early > 0
        assert len(await since.rows(early)) == units_since_early
        assert await since.rows(late) == []
        assert list(since._built.values()) == [None]
