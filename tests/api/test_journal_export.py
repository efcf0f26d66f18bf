"""The verifiable export: `dutygraph journal export` writes JSON Lines with hashes, and
`dutygraph journal verify FILE` checks them offline, failing at the entry any altered byte is in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from resolvers.journal.export import verify_file
from tests.conftest import running

ROOT = Path(__file__).resolve().parents[2]
HEAD = "{ journalHead { seq hash } }"


def dutygraph(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script when there is one, else the same module."""
    script = Path(sys.executable).with_name("dutygraph")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "server.cli"]
    return subprocess.run(
        [*command, *args],
        env={**os.environ, "DATABASE_URL": database_url},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def altered(data: bytes, offset: int) -> bytes:
    """``data`` with the one byte at ``offset`` changed (ASCII stays ASCII)."""
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1 :]


async def test_export_verifies_offline_and_any_altered_byte_fails_there(
    seeded_url: str, tmp_path: Path
) -> None:
    async with running(seeded_url) as (_, client):
        head = (await client.data(HEAD))["journalHead"]
    exported = tmp_path / "journal.jsonl"
    result = dutygraph(seeded_url, "journal", "export", "-o", str(exported))
    assert result.returncode == 0, result.stderr
    data = exported.read_bytes()
    lines = data.decode().splitlines()
    assert len(lines) == head["seq"]
    entries = [json.loads(line) for line in lines]
    assert [e["seq"] for e in entries] == list(range(1, head["seq"] + 1))
    assert entries[-1]["hash"] == head["hash"]
    assert set(entries[0]) == {
        "seq",
        "recorded_at",
        "actor",
        "action",
        "entity_type",
        "entity_id",
        "before",
        "after",
        "prev_hash",
        "hash",
    }
    # Offline: the database URL points nowhere, the file alone is checked.
    nowhere = f"sqlite://{tmp_path / 'missing' / 'none.sqlite3'}"
    sound = dutygraph(nowhere, "journal", "verify", str(exported))
    assert sound.returncode == 0, sound.stdout + sound.stderr
    report = json.loads(sound.stdout)
    assert (report["ok"], report["checked"], report["head_hash"]) == (
        True,
        head["seq"],
        head["hash"],
    )

    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line.encode()) + 1)
    for number in (1, len(lines) // 2, len(lines)):
        start, end = starts[number - 1], starts[number] - 1
        raw = data[start:end]
        wide = next((i for i, b in enumerate(raw) if b >= 0x80), len(raw) // 3)
        for offset in {0, 5, wide, len(raw) // 2, len(raw) - 70, len(raw) - 2, len(raw) - 1}:
            report_ = verify_file(altered(data, start + offset))
            assert not report_.ok, (number, offset)
            assert report_.first_broken_line == number, (number, offset)
            assert report_.chain.first_broken_seq == entries[number - 1]["seq"], (number, offset)
            assert report_.chain.checked == number - 1
    # The newline that ends the last entry belongs to it too.
    assert verify_file(altered(data, len(data) - 1)).first_broken_line == len(lines)

    middle = len(lines) // 2
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_bytes(altered(data, starts[middle - 1] + 20))
    broken = dutygraph(nowhere, "journal", "verify", str(tampered))
    assert broken.returncode == 1
    failure = json.loads(broken.stdout)
    assert (failure["ok"], failure["first_broken_seq"], failure["first_broken_line"]) == (
        False,
        middle,
        middle,
    )


async def test_a_slice_verifies_from_its_own_first_entry(seeded_url: str, tmp_path: Path) -> None:
    whole, part = tmp_path / "whole.jsonl", tmp_path / "part.jsonl"
    assert dutygraph(seeded_url, "journal", "export", "-o", str(whole)).returncode == 0
    result = dutygraph(
        seeded_url, "journal", "export", "-o", str(part), "--from-seq", "5", "--to-seq", "12"
    )
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
    assert [e["seq"] for e in entries] == list(range(5, 13))
    full = whole.read_text(encoding="utf-8").splitlines()
    assert entries[0]["prev_hash"] == json.loads(full[3])["hash"]
    assert part.read_text(encoding="utf-8").splitlines() == full[4:12]
    report = verify_file(part.read_bytes())
    assert (report.ok, report.chain.checked, report.chain.head_seq) == (True, 8, 12)
    # Dropping an entry out of the middle of a slice breaks it at the next one.
    lines = part.read_bytes().split(b"\n")
    gap = verify_file(b"\n".join(lines[:3] + lines[4:]))
    assert (gap.ok, gap.chain.first_broken_seq, gap.first_broken_line) == (False, 8, 4)


async def test_journal_verify_without_file_still_checks_the_database(seeded_url: str) -> None:
    result = dutygraph(seeded_url, "journal", "verify")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ok"] is True
