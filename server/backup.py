"""``dutygraph backup OUT`` and ``dutygraph restore IN``: consistent copies of a live database
and its evidence files, in one archive (server/backup_archive.py: tar + SHA-256 manifest).

SQLite: the sqlite3 online backup API copies one consistent snapshot (WAL readers do not block
the writers) and the copy is checked with ``PRAGMA integrity_check``. PostgreSQL: ``pg_dump -Fc``
(one snapshot transaction) and ``pg_restore`` into an empty database. A restore checks every
file against the manifest first, and ends by verifying the journal hash chain of what it wrote
and every evidence row against the store; it refuses to overwrite a database that holds tables.
Backups made before the archive (a bare SQLite file or dump) still restore, without evidence.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from server import backup_archive as archive
from server.settings import DEFAULT_DATA_DIR, connection_url

DEFAULT_EVIDENCE_DIR = DEFAULT_DATA_DIR / "evidence"


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


def snapshot(database_url: str, output: Path) -> None:
    """A consistent copy of the (possibly live) database in ``output``."""
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


def backup(
    database_url: str, output: Path, evidence_dir: Path = DEFAULT_EVIDENCE_DIR
) -> archive.Manifest:
    """Write the archive of the (possibly live) database and the evidence store to ``output``."""
    if output.exists():
        raise BackupError(f"{output} exists; choose a new file name.")
    output.parent.mkdir(parents=True, exist_ok=True)
    sqlite = sqlite_path(database_url) is not None
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as work:
        database_file = Path(work) / ("database.sqlite3" if sqlite else "database.pgdump")
        snapshot(database_url, database_file)  # first: every row's file is already stored
        hashes = (
            archive.sqlite_row_hashes(database_file)
            if sqlite
            else asyncio.run(archive.postgres_row_hashes(postgres_uri(database_url)))
        )
        return archive.write_archive(output, database_file, evidence_dir, hashes)


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


def restore(
    database_url: str, source: Path, evidence_dir: Path = DEFAULT_EVIDENCE_DIR
) -> int | None:
    """Load the backup ``source`` into the empty database ``database_url`` and its evidence
    files into ``evidence_dir``; the number of evidence files (None: a bare database backup)."""
    if not source.exists():
        raise BackupError(f"{source} does not exist.")
    if not archive.is_archive(source):
        load_database(database_url, source)
        return None
    with tempfile.TemporaryDirectory(prefix="dutygraph-restore-") as work:
        try:
            manifest = archive.unpack_checked(source, Path(work))
        except archive.ArchiveError as error:
            raise BackupError(str(error)) from None
        load_database(database_url, Path(work) / manifest.database["name"])
        return archive.install_evidence(Path(work), manifest, evidence_dir)


def load_database(database_url: str, source: Path) -> None:
    """Load a database snapshot into the empty database ``database_url``."""
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


async def verified(database_url: str, evidence_dir: Path | None) -> dict[str, object]:
    """The journal check of the restored database, and (``evidence_dir`` given) its evidence
    rows against the store."""
    from models import Evidence
    from resolvers.journal.store import verify_stored
    from server.database import open_database

    async with open_database(database_url):
        report = dict((await verify_stored()).__dict__)
        if evidence_dir is not None:
            hashes = await Evidence.filter(sha256__isnull=False).values_list("sha256", flat=True)
            report["evidence"] = archive.evidence_check({str(h) for h in hashes}, evidence_dir)
    return report


def command(
    name: str, database_url: str, path: Path, evidence_dir: Path = DEFAULT_EVIDENCE_DIR
) -> int:
    """The CLI: ``backup OUT`` or ``restore IN``; exit 0 ok, 1 journal broken or evidence
    missing, 2 failed (nothing restored when the archive does not match its manifest)."""
    try:
        if name == "backup":
            manifest = backup(database_url, path, evidence_dir)
            print(
                f"Backed up to {path} ({path.stat().st_size} bytes): the database and "
                f"{len(manifest.evidence)} evidence files, with a SHA-256 manifest.",
                file=sys.stderr,
            )
            if manifest.missing_evidence:
                print(
                    f"warning: {len(manifest.missing_evidence)} evidence rows name files the "
                    f"store {evidence_dir} does not hold: {manifest.missing_evidence}",
                    file=sys.stderr,
                )
            return 0
        files = restore(database_url, path, evidence_dir)
    except BackupError as error:
        print(f"{name} failed: {error}", file=sys.stderr)
        return 2
    if files is None:
        print(
            f"{path} is a bare database backup (made before backups held evidence): the "
            "evidence files were not restored.",
            file=sys.stderr,
        )
    report = asyncio.run(verified(database_url, None if files is None else evidence_dir))
    print(json.dumps(report, ensure_ascii=False))
    evidence = report.get("evidence")
    evidence_ok = not isinstance(evidence, dict) or bool(evidence.get("ok"))
    return 0 if report.get("ok") and evidence_ok else 1
