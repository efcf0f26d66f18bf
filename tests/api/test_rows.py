"""models/rows.py builds the same model instances from rows as Tortoise itself does."""

from __future__ import annotations

from typing import Any

from tortoise import connections

import models
from bench.dataset import SIZES
from bench.generate import generate
from models.rows import _tortoise_init_from_db, from_rows
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
