"""models/rows.py builds the same model instances from rows as Tortoise itself does."""

from __future__ import annotations

from typing import Any

from tortoise import connections

import models
from bench.dataset import SIZES
from bench.generate import generate
from models.rows import _tortoise_init_from_db
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
            for row in rows:
                fast = model._init_from_db(**dict(row))
                slow = _tortoise_init_from_db(model, **dict(row))
                assert state(fast) == state(slow), (model.__name__, dict(row))
                assert {k: type(v) for k, v in state(fast).items()} == {
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
