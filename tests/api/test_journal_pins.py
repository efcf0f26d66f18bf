"""What a journal copy cannot prove by itself, and the pins that prove it: `journal verify FILE`
reports an empty file, a missing first entry, an unpinned tail; `--expect-head`, `--checkpoint`
and `--from-genesis` catch a dropped entry or a copy re-chained after an edit; signed
checkpoints (`journal checkpoint`) check the database too, over the CLI and over GraphQL."""

from __future__ import annotations

import json
import os
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from resolvers import workdays
from resolvers.journal import store
from resolvers.journal.chain import entry_hash
from resolvers.journal.export import export_line
from server.cli import main
from tests.api.test_journal_export import dutygraph
from tests.conftest import running
from tests.databases import BACKEND, execute_raw

HEAD = "{ journalHead { seq hash } }"
PINNED = """
query($heads: [String!], $checkpoints: [JSON!]) {
  journalVerifyPinned(expectHead: $heads, checkpoint: $checkpoints) {
    ok checkedEntries headSeq headHash problem unproven
    pins { seq hash source matched problem }
  }
}
"""
VERIFY = "{ journalVerify { ok headSeq unproven pins { seq } } }"


@dataclass
class Export:
    """A whole exported journal, its lines, and the head the running app reported."""

    path: Path
    lines: list[str]
    head: dict[str, Any]

    def entries(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines]

    def pin(self, seq: int | None = None) -> str:
        """``SEQ:HASH`` of entry ``seq`` (default: the head)."""
        if seq is None:
            return f"{self.head['seq']}:{self.head['hash']}"
        return f"{seq}:{self.entries()[seq - 1]['hash']}"


@pytest.fixture
async def exported(seeded_url: str, tmp_path: Path) -> Export:
    async with running(seeded_url) as (_, client):
        head = (await client.data(HEAD))["journalHead"]
    path = tmp_path / "journal.jsonl"
    result = dutygraph(seeded_url, "journal", "export", "-o", str(path))
    assert result.returncode == 0, result.stderr
    return Export(path, path.read_text(encoding="utf-8").splitlines(), head)


@pytest.fixture(autouse=True)
def keep_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """``main`` sets the process clock from the environment: put it back afterwards."""
    monkeypatch.setattr(workdays, "_fixed_today", workdays._fixed_today)


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    """``dutygraph journal verify ARGS`` through the real entry point: exit code and report."""
    code = main(["journal", "verify", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """``journal verify ARGS`` must refuse to run (exit 2): what it said on stderr."""
    assert main(["journal", "verify", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def rechained(lines: list[str], seq: int, **changes: Any) -> list[str]:
    """The copy a forger makes: entry ``seq`` edited and every later hash recomputed."""
    entries = [json.loads(line) for line in lines]
    for number, entry in enumerate(entries):
        if entry["seq"] == seq:
            entry.update(changes)
        if entry["seq"] >= seq:
            if number:
                entry["prev_hash"] = entries[number - 1]["hash"]
            entry["hash"] = entry_hash(entry)
    return [export_line(entry) for entry in entries]


def test_an_empty_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = verify(capsys, str(write(tmp_path / "empty.jsonl", [])))
    assert code == 1
    assert report["ok"] is False
    assert report["checked"] == 0
    assert report["problem"] == "the file holds no journal entries"
    assert report["unproven"] == ["an empty file proves nothing about any journal"]


async def test_a_dropped_last_entry_fails_against_the_pinned_head(
    exported: Export, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, whole = verify(capsys, str(exported.path), "--expect-head", exported.pin())
    assert code == 0, whole
    assert whole["pins"] == [
        {
            "seq": exported.head["seq"],
            "hash": exported.head["hash"],
            "source": "expected head",
            "matched": True,
            "problem": None,
        }
    ]
    short = write(tmp_path / "short.jsonl", exported.lines[:-1])
    # Alone, the shorter file is a sound chain: the report says what it cannot prove.
    code, alone = verify(capsys, str(short))
    assert (code, alone["ok"], alone["head_seq"]) == (0, True, exported.head["seq"] - 1)
    assert alone["head_hash"] == exported.entries()[-2]["hash"]
    assert any("no pinned head" in note for note in alone["unproven"])
    code, pinned = verify(capsys, str(short), "--expect-head", exported.pin())
    assert code == 1
    assert pinned["ok"] is False
    assert pinned["pins"][0]["matched"] is False
    assert f"ends at seq {exported.head['seq'] - 1}" in pinned["pins"][0]["problem"]
    assert "dropped from its end" in pinned["problem"]


async def test_a_dropped_first_entry_is_a_slice_that_says_so(
    exported: Export, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, whole = verify(capsys, str(exported.path), "--from-genesis")
    assert (code, whole["starts_at_genesis"], whole["first_seq"]) == (0, True, 1)
    headless = write(tmp_path / "headless.jsonl", exported.lines[1:])
    code, report = verify(capsys, str(headless))
    assert code == 0
    assert (report["starts_at_genesis"], report["first_seq"]) == (False, 2)
    assert report["first_prev_hash"] == exported.entries()[0]["hash"]
    assert any("starts at seq 2, not at genesis" in note for note in report["unproven"])
    code, strict = verify(capsys, str(headless), "--from-genesis")
    assert code == 1
    assert strict["ok"] is False
    assert "not at genesis" in strict["problem"]
    # Anchored by the hash of the entry before it, the slice is proven to start there.
    code, anchored = verify(capsys, str(headless), "--expect-head", exported.pin(1))
    assert (code, anchored["pins"][0]["matched"]) == (0, True)
    assert not any("genesis" in note for note in anchored["unproven"])


async def test_a_rechained_edit_fails_against_the_pinned_head(
    exported: Export, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    middle = exported.head["seq"] // 2
    forged = write(
        tmp_path / "forged.jsonl", rechained(exported.lines, middle, actor="account:someone")
    )
    code, alone = verify(capsys, str(forged))
    assert (code, alone["ok"]) == (0, True)  # a chain is all a file proves on its own
    assert alone["head_hash"] != exported.head["hash"]
    code, pinned = verify(
        capsys,
        str(forged),
        "--expect-head",
        exported.pin(middle - 1),
        "--expect-head",
        exported.pin(),
    )
    assert code == 1
    assert [p["matched"] for p in pinned["pins"]] == [True, False]
    assert "re-chained" in pinned["pins"][1]["problem"]


async def test_the_first_entry_must_follow_genesis(
    exported: Export, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = exported.entries()[0]
    first["prev_hash"] = "1" * 64
    first["hash"] = entry_hash(first)
    forged = write(tmp_path / "forged.jsonl", [export_line(first), *exported.lines[1:]])
    code, report = verify(capsys, str(forged))
    assert code == 1
    assert (report["first_broken_seq"], report["first_broken_line"]) == (1, 1)


def test_an_unusable_pin_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(write(tmp_path / "empty.jsonl", []))
    assert "SEQ:HASH" in refused(capsys, path, "--expect-head", "12:abc")
    missing = str(tmp_path / "none.json")
    assert "no key at" in refused(capsys, path, "--checkpoint", missing, "--public-key", missing)


def keyed(database_url: str, key: Path, *args: str) -> Any:
    """``dutygraph ARGS`` in a process whose signing key is ``key``."""
    previous = os.environ.get("DUTYGRAPH_JOURNAL_KEY_FILE")
    os.environ["DUTYGRAPH_JOURNAL_KEY_FILE"] = str(key)
    try:
        return dutygraph(database_url, *args)
    finally:
        if previous is None:
            del os.environ["DUTYGRAPH_JOURNAL_KEY_FILE"]
        else:
            os.environ["DUTYGRAPH_JOURNAL_KEY_FILE"] = previous


async def test_a_signed_checkpoint_checks_a_copy(
    exported: Export,
    seeded_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key, checkpoint = tmp_path / "keys" / "journal.pem", tmp_path / "checkpoint.json"
    made = keyed(seeded_url, key, "journal", "checkpoint", "-o", str(checkpoint))
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    signed = json.loads(checkpoint.read_text(encoding="utf-8"))
    assert (signed["seq"], signed["hash"]) == (exported.head["seq"], exported.head["hash"])
    public = tmp_path / "journal.pub"
    assert keyed(seeded_url, key, "journal", "public-key", "-o", str(public)).returncode == 0
    assert "PUBLIC KEY" in public.read_text(encoding="utf-8")
    trust = ["--checkpoint", str(checkpoint), "--public-key", str(public)]

    code, sound = verify(capsys, str(exported.path), *trust)
    assert (code, sound["pins"][0]["source"]) == (0, "checkpoint checkpoint.json")
    forged = write(tmp_path / "forged.jsonl", rechained(exported.lines, 3, actor="x"))
    code, report = verify(capsys, str(forged), *trust)
    assert (code, report["pins"][0]["matched"]) == (1, False)
    short = write(tmp_path / "short.jsonl", exported.lines[:-1])
    assert verify(capsys, str(short), *trust)[0] == 1
    # Without --public-key, the server's own key (DUTYGRAPH_JOURNAL_KEY_FILE) is trusted.
    monkeypatch.setenv("DUTYGRAPH_JOURNAL_KEY_FILE", str(key))
    assert verify(capsys, str(exported.path), "--checkpoint", str(checkpoint))[0] == 0

    # A checkpoint edited to fit a forged copy, or signed by another key, is refused.
    altered = tmp_path / "altered.json"
    forged_head = json.loads(forged.read_text(encoding="utf-8").splitlines()[-1])["hash"]
    altered.write_text(json.dumps({**signed, "hash": forged_head}), encoding="utf-8")
    assert "signature does not match" in refused(capsys, str(forged), "--checkpoint", str(altered))
    other_key, other = tmp_path / "other.pem", tmp_path / "other.json"
    assert keyed(seeded_url, other_key, "journal", "checkpoint", "-o", str(other)).returncode == 0
    other_error = refused(capsys, str(exported.path), "--checkpoint", str(other))
    assert "not by the trusted key" in other_error


async def test_a_key_others_can_read_is_refused(seeded_url: str, tmp_path: Path) -> None:
    key = tmp_path / "journal.pem"
    assert keyed(seeded_url, key, "journal", "public-key").returncode == 0
    key.chmod(0o644)
    refused = keyed(seeded_url, key, "journal", "checkpoint")
    assert refused.returncode == 2
    assert "chmod 600" in refused.stderr


async def test_the_database_is_checked_against_a_checkpoint(
    seeded_url: str, tmp_path: Path
) -> None:
    key, checkpoint = tmp_path / "journal.pem", tmp_path / "checkpoint.json"
    assert keyed(seeded_url, key, "journal", "checkpoint", "-o", str(checkpoint)).returncode == 0
    signed = json.loads(checkpoint.read_text(encoding="utf-8"))
    async with running(seeded_url, journal_key_file=key) as (_, client):
        head = (await client.data(HEAD))["journalHead"]
        sound = (await client.data(PINNED, {"checkpoints": [signed]}))["journalVerifyPinned"]
        assert sound["ok"] is True
        assert sound["pins"] == [
            {
                "seq": head["seq"],
                "hash": head["hash"],
                "source": "checkpoint[0]",
                "matched": True,
                "problem": None,
            }
        ]
        assert sound["unproven"] == []
        plain = (await client.data(VERIFY))["journalVerify"]
        assert plain["pins"] == []
        assert "no pinned head" in plain["unproven"][0]
        bad = await client.error(PINNED, {"heads": ["1:zz"]})
        assert (bad["extensions"]["code"], bad["extensions"].get("field")) == (
            "BAD_USER_INPUT",
            "expectHead",
        )
        forged = await client.error(PINNED, {"checkpoints": [{**signed, "seq": 1}]})
        assert forged["extensions"]["code"] == "BAD_USER_INPUT"
        assert "signature does not match" in forged["message"]
    async with running(seeded_url, journal_key_file=tmp_path / "none.pem") as (_, client):
        keyless = await client.error(PINNED, {"checkpoints": [signed]})
        assert keyless["extensions"]["code"] == "BAD_USER_INPUT"

    # Behind the application's back: the newest entry is edited and its hash recomputed.
    # The chain still verifies; the checkpoint does not.
    column = "actor" if BACKEND == "sqlite" else '"actor"'
    last = head["seq"]
    rows = await fetch_entry(seeded_url, last)
    rows["actor"] = "account:someone"
    await execute_raw(
        seeded_url,
        f"UPDATE journal_entry SET {column} = 'account:someone', hash = '{entry_hash(rows)}' "
        f"WHERE seq = {last}",
    )
    plain_cli = dutygraph(seeded_url, "journal", "verify")
    assert plain_cli.returncode == 0, plain_cli.stdout
    pinned_cli = keyed(seeded_url, key, "journal", "verify", "--checkpoint", str(checkpoint))
    assert pinned_cli.returncode == 1
    failed = json.loads(pinned_cli.stdout)
    assert failed["pins"][0]["matched"] is False
    assert "re-chained" in failed["problem"]
    async with running(seeded_url, journal_key_file=key) as (_, client):
        report = (await client.data(PINNED, {"checkpoints": [signed]}))["journalVerifyPinned"]
        assert report["ok"] is False
        assert report["pins"][0]["matched"] is False
        # A deleted tail: the pinned head is past the end of the journal.
    await execute_raw(seeded_url, f"DELETE FROM journal_entry WHERE seq = {last}")
    async with running(seeded_url, journal_key_file=key) as (_, client):
        assert (await client.data(VERIFY))["journalVerify"]["ok"] is True
        pin = f"{head['seq']}:{head['hash']}"
        report = (await client.data(PINNED, {"heads": [pin]}))["journalVerifyPinned"]
        assert report["ok"] is False
        assert f"ends at seq {last - 1}" in report["problem"]


async def fetch_entry(database_url: str, seq: int) -> dict[str, Any]:
    """Entry ``seq`` as its hash covers it, read through the application's own store."""
    from models import JournalEntry
    from resolvers.journal.store import entry_document
    from server.database import open_database

    async with open_database(database_url):
        row = await JournalEntry.get(seq=seq)
        return entry_document(row)


async def test_verification_streams_and_hashes_off_the_event_loop(
    exported: Export,
    seeded_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file is read line by line, never whole; the database is read in batches whose hashing
    runs in a worker thread, so a server keeps answering while a big journal is checked."""

    def whole_file(self: Path, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"{self} was read whole")

    with monkeypatch.context() as patched:
        patched.setattr(Path, "read_bytes", whole_file)
        patched.setattr(Path, "read_text", whole_file)
        assert verify(capsys, str(exported.path))[0] == 0

    threads: list[int] = []
    feed = store._feed

    def recording(*args: Any) -> int:
        threads.append(threading.get_ident())
        return feed(*args)

    monkeypatch.setattr(store, "_feed", recording)
    monkeypatch.setattr(store, "VERIFY_BATCH", 50)
    async with running(seeded_url) as (_, client):
        report = (await client.data("{ journalVerify { ok checkedEntries } }"))["journalVerify"]
    assert report == {"ok": True, "checkedEntries": exported.head["seq"]}
    assert len(threads) == -(-exported.head["seq"] // 50)
    assert threading.get_ident() not in threads
