"""Writing a bench dataset: Wuwei seed, synthetic rows in bulk, and a real hash-chained journal.

    python -m bench.generate --size S --database-url sqlite://data/bench-S.sqlite3

Rows go in with ``bulk_create`` and their creation entries with ``Journal.created_many``; the
journal is then padded to the size's total with revision entries (each bumps the row's version,
as an edit would), chained with the same hash rules, so ``journal verify`` checks all of it.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from tortoise import connections
from tortoise.models import Model

from bench.dataset import GENERATED, SIZES, Builder, Dataset, Size, Starts
from models import JournalEntry
from resolvers.context import Actor
from resolvers.journal.chain import GENESIS_HASH, entry_hash
from resolvers.journal.writer import journaled, snapshot
from seed.load import load_default
from server.database import apply_migrations, open_database

ACTOR = Actor("bench:generate")
SEED = 2017
BATCH = 500
#: Rows whose revisions pad the journal, and how often each kind is picked.
REVISED = {"task": 1, "commitment": 3, "evidence": 4}


class Progress(Protocol):
    def update(self, n: int) -> object: ...

    def close(self) -> None: ...


class Silent:
    def update(self, n: int) -> None:
        return None

    def close(self) -> None:
        return None


def progress(total: int, what: str) -> Progress:
    """A progress bar on a terminal, silent in pipes and logs (``disable=None``) and where tqdm
    is not installed (the tests use the generator too)."""
    try:
        from tqdm import tqdm
    except ImportError:
        return Silent()
    return tqdm(total=total, desc=what, unit="row", disable=None, leave=False)


@dataclass
class Generated:
    size: str
    rows: int
    journal_entries: int
    seconds: float


def chunks(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


async def first_free_ids(dataset_models: list[type[Model]]) -> Starts:
    client = connections.get("default")
    ids: dict[type[Model], int] = {}
    for model in dataset_models:
        _, rows = await client.execute_query(f'SELECT MAX(id) FROM "{model._meta.db_table}"')
        ids[model] = int(rows[0][0] or 0) + 1
    return Starts(ids)


async def reset_sequence(model: type[Model]) -> None:
    """PostgreSQL: explicit ids bypass the serial sequence; move it past them."""
    client = connections.get("default")
    if client.capabilities.dialect != "postgres":
        return
    table = model._meta.db_table
    await client.execute_query(
        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
        f'(SELECT MAX(id) FROM "{table}"))'
    )


async def write_tables(dataset: Dataset, bar: Progress) -> int:
    """Each table in one transaction with its creation entries; returns rows written."""
    written = 0
    for rows in dataset.tables.values():
        if not rows:
            continue
        model = type(rows[0])
        async with journaled(ACTOR) as journal:
            for part in chunks(rows, 5 * BATCH):
                await model.bulk_create(part, batch_size=BATCH, using_db=journal.connection)
                await journal.created_many(part, batch_size=BATCH)
                bar.update(len(part))
        await reset_sequence(model)
        written += len(rows)
    return written


async def pad_journal(dataset: Dataset, target: int, rng: random.Random, bar: Progress) -> int:
    """Revision entries until the journal holds ``target`` entries; returns how many."""
    last = await JournalEntry.all().order_by("-seq").first()
    seq, prev_hash = (last.seq, last.hash) if last else (0, GENESIS_HASH)
    needed = target - seq
    if needed <= 0:
        return 0
    pool = [(row, weight) for name, weight in REVISED.items() for row in dataset.tables[name]]
    rows, weights = [p[0] for p in pool], [p[1] for p in pool]
    versions: dict[tuple[type[Model], int], int] = {}
    base: dict[tuple[type[Model], int], dict[str, Any]] = {}
    async with journaled(ACTOR) as journal:
        for part in chunks(rng.choices(rows, weights, k=needed), 10 * BATCH):
            entries = []
            for row in part:
                key = (type(row), row.pk)
                if key not in base:
                    base[key] = snapshot(row)
                version = versions.get(key, 1)
                versions[key] = version + 1
                kind = type(row).__name__
                document: dict[str, Any] = {
                    "seq": seq + 1,
                    "recorded_at": datetime.now(UTC),
                    "actor": ACTOR.name,
                    "action": f"{kind.lower()}.update",
                    "entity_type": kind,
                    "entity_id": row.pk,
                    "before": {**base[key], "version": version},
                    "after": {**base[key], "version": version + 1},
                    "prev_hash": prev_hash,
                }
                seq, prev_hash = seq + 1, entry_hash(document)
                entries.append(JournalEntry(**document, hash=prev_hash))
            await JournalEntry.bulk_create(entries, batch_size=BATCH, using_db=journal.connection)
            bar.update(len(part))
        by_version: dict[tuple[type[Model], int], list[int]] = defaultdict(list)
        for (model, pk), version in versions.items():
            by_version[(model, version)].append(pk)
        for (model, version), pks in by_version.items():
            for ids in chunks(pks, BATCH):
                await model.filter(id__in=ids).using_db(journal.connection).update(version=version)
    return needed


async def refresh_statistics() -> None:
    """``VACUUM ANALYZE`` on PostgreSQL, as autovacuum soon would on a served database: without
    it the planner plans on the estimates the bulk writes left behind, and no index-only scan
    skips the table (the visibility map is unset). SQLite is left as the service
    leaves it (nothing there runs ``ANALYZE``), so its plans are the ones users get."""
    client = connections.get("default")
    if client.capabilities.dialect == "postgres":
        await client.execute_script("VACUUM ANALYZE")


async def generate(size: Size, seed: int = SEED) -> Generated:
    """Seed plan plus ``size`` synthetic rows into the open database (Tortoise initialised)."""
    started = time.perf_counter()
    await load_default()
    rng = random.Random(seed)
    dataset = Builder(size, await first_free_ids(GENERATED), rng).build()
    total = sum(len(rows) for rows in dataset.tables.values())
    bar = progress(total, f"rows ({size.name})")
    rows = await write_tables(dataset, bar)
    bar.close()
    last = await JournalEntry.all().order_by("-seq").first()
    bar = progress(max(0, size.journal - (last.seq if last else 0)), "journal revisions")
    await pad_journal(dataset, size.journal, rng, bar)
    bar.close()
    entries = await JournalEntry.all().count()
    await refresh_statistics()
    return Generated(size.name, rows, entries, round(time.perf_counter() - started, 1))


async def generate_into(database_url: str, size: Size, seed: int = SEED) -> Generated:
    await apply_migrations(database_url)
    async with open_database(database_url):
        return await generate(size, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--database-url", required=True, help="an empty or migrated database")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    outcome = asyncio.run(generate_into(args.database_url, SIZES[args.size], args.seed))
    print(
        f"size {outcome.size}: {outcome.rows} rows, {outcome.journal_entries} journal entries "
        f"in {outcome.seconds} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
