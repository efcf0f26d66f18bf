"""The migrations build exactly the models: Tortoise's own autodetector finds nothing to add.

(Its one known blind spot is left out: it does not see ``generated=False`` on the journal's
``seq`` key in 0001 and would drop and re-add it; see models/migrations/0002.)
"""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from server.database import open_database
from server.settings import tortoise_config
from tests.databases import DatabaseFactory


def describe(operation: object) -> str:
    """The operation's model, field and options, to say what differs."""
    found = vars(operation)
    return ", ".join(f"{k}={v!r}" for k, v in found.items() if k != "field")[:300] + (
        f", field={found['field'].describe(serializable=True)}" if "field" in found else ""
    )


def is_the_known_seq_quirk(operation: object) -> bool:
    text = repr(operation) + repr(getattr(operation, "__dict__", ""))
    return "JournalEntry" in text and "seq" in text


async def test_makemigrations_would_write_nothing(databases: DatabaseFactory) -> None:
    url = await databases.fresh()
    config = tortoise_config(url)
    apps_config = {label: dict(app) for label, app in config["apps"].items()}
    async with open_database(url):
        detector = MigrationAutodetector(Tortoise.apps, apps_config)
        writers = await detector.changes()
    pending = [
        (writer.name, type(operation).__name__, describe(operation))
        for writer in writers
        for operation in writer.operations
        if not is_the_known_seq_quirk(operation)
    ]
    assert pending == [], (
        "models and migrations disagree: run `tortoise makemigrations` (README, Development) — "
        f"{pending}"
    )
