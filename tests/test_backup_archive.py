"""Backups with evidence: one archive holds the database and the evidence files with a SHA-256
manifest; restore checks every file against it and every evidence row against the store."""

from __future__ import annotations

import asyncio
import io
import json
import tarfile
from pathlib import Path

import pytest

from resolvers import workdays
from server.backup import command, postgres_is_empty, sqlite_is_empty, sqlite_path
from server.backup_archive import MANIFEST
from server.database import open_database
from server.demo import DEMO_DAY, load_demo_year
from server.settings import Settings
from tests.databases import BACKEND, DatabaseFactory
from tests.test_durability import contents, empty_url  # noqa: F401 - the fixture


async def demo_database(databases: DatabaseFactory, evidence: Path) -> str:
    url = await databases.fresh(seeded=True)
    workdays.set_today(DEMO_DAY)
    try:
        async with open_database(url):
            await load_demo_year(Settings(database_url=url, evidence_dir=evidence))
    finally:
        workdays.set_today(None)
    return url


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {
            m.name: tar.extractfile(m).read()  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.isfile()
        }


def rewrite(archive: Path, changed: dict[str, bytes]) -> None:
    """The archive with some members' bytes replaced (as a damaged or altered copy would be)."""
    files = members(archive) | changed
    archive.unlink()
    with tarfile.open(archive, "w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


async def test_the_archive_holds_the_database_and_the_evidence(
    databases: DatabaseFactory,
    empty_url: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = tmp_path / "evidence"
    source = await demo_database(databases, store)
    archive = tmp_path / "dg.tar"
    assert await asyncio.to_thread(command, "backup", source, archive, store) == 0
    files = members(archive)
    manifest = json.loads(files[MANIFEST])
    assert list(files)[0] == MANIFEST
    database = "database.sqlite3" if BACKEND == "sqlite" else "database.pgdump"
    assert manifest["database"]["name"] == database
    [stored] = [p for p in store.rglob("*") if p.is_file()]
    assert manifest["evidence"] == [
        {
            "name": f"evidence/{stored.parent.name}/{stored.name}",
            "sha256": stored.name,
            "size": stored.stat().st_size,
        }
    ]
    assert manifest["evidenceRows"] == 1
    assert manifest["missingEvidence"] == []
    capsys.readouterr()

    restored_store = tmp_path / "restored-evidence"
    code = await asyncio.to_thread(command, "restore", empty_url, archive, restored_store)
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["evidence"] == {"ok": True, "rows": 1, "missing": []}
    copy = restored_store / stored.parent.name / stored.name
    assert copy.read_bytes() == stored.read_bytes()
    assert await contents(empty_url) == await contents(source)


async def test_an_altered_archive_restores_nothing(
    databases: DatabaseFactory,
    empty_url: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = tmp_path / "evidence"
    source = await demo_database(databases, store)
    archive = tmp_path / "dg.tar"
    assert await asyncio.to_thread(command, "backup", source, archive, store) == 0
    [name] = [n for n in members(archive) if n.startswith("evidence/")]
    rewrite(archive, {name: b"%PDF-1.4\n altered \n%%EOF\n"})
    restored_store = tmp_path / "restored-evidence"
    code = await asyncio.to_thread(command, "restore", empty_url, archive, restored_store)
    assert code == 2
    err = capsys.readouterr().err
    assert f"{name} does not match the manifest" in err
    assert "nothing restored" in err
    assert not restored_store.exists()
    path = sqlite_path(empty_url)
    empty = sqlite_is_empty(path) if path else await postgres_is_empty(empty_url)
    assert empty, "the target database was written although the archive was refused"


async def test_a_lost_evidence_file_is_named_at_backup_and_restore(
    databases: DatabaseFactory,
    empty_url: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = tmp_path / "evidence"
    source = await demo_database(databases, store)
    [stored] = [p for p in store.rglob("*") if p.is_file()]
    stored.unlink()
    archive = tmp_path / "dg.tar"
    assert await asyncio.to_thread(command, "backup", source, archive, store) == 0
    assert stored.name in capsys.readouterr().err
    assert json.loads(members(archive)[MANIFEST])["missingEvidence"] == [stored.name]
    code = await asyncio.to_thread(command, "restore", empty_url, archive, tmp_path / "r")
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True  # the journal is whole; the evidence is not
    assert report["evidence"] == {"ok": False, "rows": 1, "missing": [stored.name]}
