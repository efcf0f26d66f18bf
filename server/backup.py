"""``dutygraph backup OUT`` and ``dutygraph restore IN``: consistent copies of a live database.

SQLite: the sqlite3 online backup API copies one consistent snapshot (WAL readers do not block
the writers) and the copy is checked with ``PRAGMA integrity_check``. PostgreSQL: ``pg_dump -Fc``
(one snapshot transaction) and ``pg_restore`` into an empty database. A restore ends by verifying
the journal hash chain of what it wrote; it refuses to overwrite a database that holds tables.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from server.settings import connection_url


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def sqlite_path(database_url: str) -> Path | None:
    """The file of a ``sqlite://`` URL (None for PostgreSQL)."""
    if not database_url.startswith("sqlite:"):
        return None
    path = database_url.removeprefix("sqlite://").split("?", 1)[0]
    if not path or path == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(path)


def postgres_uri(database_url: str) -> str:
    """The libpq form of the URL (``postgresql://``) that pg_dump and pg_restore accept."""
    url = connection_url(database_url)
    return "postgresql://" + url.removeprefix("postgres://")


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` in one step of the backup API (one consistent snapshot)."""
    if not source.exists():
        raise BackupError(f"{source} does not exist.")
    reader = sqlite3.connect(source, timeout=30)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer, pages=-1)
        (check,) = writer.execute("PRAGMA integrity_check").fetchone()
        if check != "ok":
            raise BackupError(f"The copy in {target} failed its integrity check: {check}")
    finally:
        writer.close()
        reader.close()


def run_tool(*command: str) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools).")
    done = subprocess.run([tool, *command[1:]], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def backup(database_url: str, output: Path) -> None:
    """Write a consistent copy of the (possibly live) database to ``output``."""
    if output.exists():
        raise BackupError(f"{output} exists; choose a new file name.")
    output.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite_path(database_url)
    if source is not None:
        copy_sqlite(source, output)
    else:
        run_tool(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            f"--file={output}",
            postgres_uri(database_url),
        )


def sqlite_is_empty(path: Path) -> bool:
    if not path.exists():
        return True
    with sqlite3.connect(path) as connection:
        (tables,) = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()
    return bool(tables == 0)


async def postgres_is_empty(database_url: str) -> bool:
    import asyncpg

    connection = await asyncpg.connect(postgres_uri(database_url))
    try:
        tables = await connection.fetchval(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
    finally:
        await connection.close()
    return bool(tables == 0)


def restore(database_url: str, source: Path) -> None:
    """Load the backup ``source`` into the empty database ``database_url``."""
    if not source.exists():
        raise BackupError(f"{source} does not exist.")
    target = sqlite_path(database_url)
    if target is not None:
        if not sqlite_is_empty(target):
            raise BackupError(f"{target} already holds tables; restore into a new database.")
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_sqlite(source, target)
        return
    if not asyncio.run(postgres_is_empty(database_url)):
        raise BackupError("The target database already holds tables; restore into a new one.")
    run_tool(
        "pg_restore",
        "--exit-on-error",
        "--single-transaction",
        "--no-owner",
        f"--dbname={postgres_uri(database_url)}",
        str(source),
    )


async def verified(database_url: str) -> dict[str, object]:
    from resolvers.journal.store import verify_stored
    from server.database import open_database

    async with open_database(database_url):
        report = await verify_stored()
    return dict(report.__dict__)


def command(name: str, database_url: str, path: Path) -> int:
    """The CLI: ``backup OUT`` or ``restore IN``; exit 0 ok, 1 journal broken, 2 failed."""
    try:
        if name == "backup":
            backup(database_url, path)
            print(f"Backed up to {path} ({path.stat().st_size} bytes).", file=sys.stderr)
            return 0
        restore(database_url, path)
    except BackupError as error:
        print(f"{name} failed: {error}", file=sys.stderr)
        return 2
    report = asyncio.run(verified(database_url))
    print(json.dumps(report, ensure_ascii=False))
    return 0 if report.get("ok") else 1
