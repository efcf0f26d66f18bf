"""One backup archive: the database snapshot and the evidence store, with a SHA-256 manifest.

``dutygraph backup FILE`` writes a tar holding ``manifest.json`` (first), the database
(``database.sqlite3``, or ``database.pgdump`` from ``pg_dump -Fc``) and every file of the
evidence store under ``evidence/<aa>/<sha256>``. The manifest lists each member with its
SHA-256 and size, and the evidence rows of the snapshot whose file the store did not hold.
The database is copied first: a file is stored before its evidence row commits, so every row of
the snapshot finds its file in the archive.

``restore`` reads the manifest, checks every member against it before writing anything (a
member that is missing, extra or altered refuses the restore), loads the database, puts the
evidence files into the store, and checks every evidence row of the restored database against
a stored file with that SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FORMAT = "dutygraph-backup/1"
MANIFEST = "manifest.json"
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ArchiveError(Exception):
    """The archive cannot be written or does not match its manifest; the message says why."""


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def stored_files(evidence_dir: Path) -> Iterator[tuple[str, Path]]:
    """The evidence store's files (``<aa>/<sha256>``), as member names and paths."""
    if not evidence_dir.is_dir():
        return
    for path in sorted(evidence_dir.glob("??/*")):
        if path.is_file() and SHA256.match(path.name):
            yield f"evidence/{path.parent.name}/{path.name}", path


def member_entry(name: str, path: Path) -> dict[str, Any]:
    return {"name": name, "sha256": digest(path), "size": path.stat().st_size}


@dataclass
class Manifest:
    """What an archive holds: each member with its SHA-256 and size."""

    database: dict[str, Any]
    evidence: list[dict[str, Any]] = field(default_factory=list)
    evidence_rows: int = 0
    missing_evidence: list[str] = field(default_factory=list)
    created_at: str = ""

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "format": FORMAT,
                "createdAt": self.created_at,
                "database": self.database,
                "evidence": self.evidence,
                "evidenceRows": self.evidence_rows,
                "missingEvidence": self.missing_evidence,
            },
            ensure_ascii=False,
            indent=1,
        ).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise ArchiveError(f"Not a dutygraph backup manifest (format {raw.get('format')!r}).")
        return cls(
            database=raw["database"],
            evidence=list(raw["evidence"]),
            evidence_rows=int(raw.get("evidenceRows", 0)),
            missing_evidence=list(raw.get("missingEvidence", [])),
            created_at=str(raw.get("createdAt", "")),
        )

    @property
    def members(self) -> list[dict[str, Any]]:
        return [self.database, *self.evidence]


def write_archive(
    output: Path, database_file: Path, evidence_dir: Path, row_hashes: set[str]
) -> Manifest:
    """Write the archive of a database snapshot already made and the evidence store."""
    evidence = [member_entry(name, path) for name, path in stored_files(evidence_dir)]
    by_hash = {entry["sha256"] for entry in evidence}
    manifest = Manifest(
        database=member_entry(database_file.name, database_file),
        evidence=evidence,
        evidence_rows=len(row_hashes),
        missing_evidence=sorted(row_hashes - by_hash),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=".backup-")
    os.close(handle)
    try:
        with tarfile.open(temporary, "w") as tar:
            data = manifest.as_json()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(database_file, arcname=database_file.name)
            for name, path in stored_files(evidence_dir):
                tar.add(path, arcname=name)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return manifest


def is_archive(path: Path) -> bool:
    if not tarfile.is_tarfile(path):
        return False
    with tarfile.open(path) as tar:
        return MANIFEST in tar.getnames()


def unpack_checked(source: Path, workdir: Path) -> Manifest:
    """Extract the members the manifest names into ``workdir``, each checked against it."""
    with tarfile.open(source) as tar:
        manifest_member = tar.extractfile(MANIFEST)
        if manifest_member is None:
            raise ArchiveError("The archive has no manifest.json.")
        manifest = Manifest.from_json(manifest_member.read())
        expected = {entry["name"]: entry for entry in manifest.members}
        present = {m.name for m in tar.getmembers() if m.isfile()} - {MANIFEST}
        if extra := sorted(present - set(expected)):
            raise ArchiveError(f"The archive holds files its manifest does not list: {extra}.")
        if missing := sorted(set(expected) - present):
            raise ArchiveError(f"Files the manifest lists are missing from the archive: {missing}.")
        for name, entry in expected.items():
            stream = tar.extractfile(name)
            assert stream is not None
            target = workdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            sha = hashlib.sha256()
            with target.open("wb") as out:
                for chunk in iter(lambda s=stream: s.read(1 << 20), b""):  # type: ignore[misc]
                    sha.update(chunk)
                    out.write(chunk)
            if sha.hexdigest() != entry["sha256"]:
                raise ArchiveError(
                    f"{name} does not match the manifest (SHA-256 {sha.hexdigest()}, manifest "
                    f"{entry['sha256']}): the archive was altered or damaged; nothing restored."
                )
            if name.startswith("evidence/") and Path(name).name != entry["sha256"]:
                raise ArchiveError(f"{name} is not stored under its own SHA-256.")
    return manifest


def install_evidence(workdir: Path, manifest: Manifest, evidence_dir: Path) -> int:
    """Put the checked evidence files into the store (files already there are kept)."""
    for entry in manifest.evidence:
        target = evidence_dir / Path(entry["name"]).relative_to("evidence")
        if target.exists() and digest(target) == entry["sha256"]:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(workdir / entry["name"], target)
    return len(manifest.evidence)


def sqlite_row_hashes(path: Path) -> set[str]:
    """SHA-256s the evidence rows of a SQLite database name (its snapshot file)."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT sha256 FROM evidence WHERE sha256 IS NOT NULL")
        return {sha for (sha,) in rows}


async def postgres_row_hashes(uri: str) -> set[str]:
    import asyncpg

    connection = await asyncpg.connect(uri)
    try:
        rows = await connection.fetch("SELECT sha256 FROM evidence WHERE sha256 IS NOT NULL")
    finally:
        await connection.close()
    return {row["sha256"] for row in rows}


def evidence_check(row_hashes: set[str], evidence_dir: Path) -> dict[str, Any]:
    """Every evidence row against the store: a file with that SHA-256, whose content has it."""
    missing = sorted(
        sha
        for sha in row_hashes
        if not (path := evidence_dir / sha[:2] / sha).is_file() or digest(path) != sha
    )
    return {"ok": not missing, "rows": len(row_hashes), "missing": missing}
