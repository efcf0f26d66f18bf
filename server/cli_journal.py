"""The ``dutygraph journal`` commands: verify (the database or an exported file), export,
audit (rows against their snapshots), checkpoint (a signed head) and public-key."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resolvers.journal.pins import Pin, parse_pin
from server.settings import Settings

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from resolvers.journal.store import StoredReport

#: Exit codes: 0 sound, 1 the check failed, 2 the command could not run (bad input, no key).
FAILED, UNUSABLE = 1, 2
#: The commands that use the server's signing key (made on first use).
KEYED = ("checkpoint", "public-key")


def add_journal_commands(commands: Any) -> None:
    """Add ``journal …`` to ``dutygraph``'s subparsers."""
    journal = commands.add_parser("journal", help="audit journal tools")
    journal_commands = journal.add_subparsers(dest="journal_command", required=True)
    verify = journal_commands.add_parser(
        "verify",
        help="recompute the hash chain (of FILE, offline, if given); exit 1 if broken, empty, "
        "or not matching a pinned head or checkpoint",
    )
    verify.add_argument("file", nargs="?", type=Path, help="an exported JSON Lines journal")
    verify.add_argument(
        "--expect-head",
        action="append",
        default=[],
        metavar="SEQ:HASH",
        help="a head pinned earlier (journalHead): the entry SEQ must have HASH (repeatable)",
    )
    verify.add_argument(
        "--checkpoint",
        action="append",
        default=[],
        type=Path,
        metavar="CP",
        help="a checkpoint written by `journal checkpoint`: its signature and head must match",
    )
    verify.add_argument(
        "--public-key",
        type=Path,
        help="the key checkpoints must be signed with (default: DUTYGRAPH_JOURNAL_KEY_FILE)",
    )
    verify.add_argument(
        "--from-genesis",
        action="store_true",
        help="FILE must be the whole journal: fail if it does not start at seq 1 from genesis",
    )
    export = journal_commands.add_parser("export", help="write the journal as JSON Lines")
    export.add_argument("-o", "--output", type=Path, help="write to this file, not stdout")
    export.add_argument("--from-seq", type=int, default=1, help="first seq to export")
    export.add_argument("--to-seq", type=int, help="last seq to export")
    journal_commands.add_parser(
        "audit",
        help="compare every row with its latest journal snapshot; list rows changed outside "
        "the journal (JSON Lines, then a summary); exit 1 if any",
    )
    checkpoint = journal_commands.add_parser(
        "checkpoint", help="verify the chain and write its head signed with the server's key"
    )
    checkpoint.add_argument("-o", "--output", type=Path, help="write to this file, not stdout")
    public_key = journal_commands.add_parser(
        "public-key", help="print the public key that checks checkpoints (PEM)"
    )
    public_key.add_argument("-o", "--output", type=Path, help="write to this file, not stdout")


def _pins(args: argparse.Namespace, settings: Settings) -> list[Pin]:
    """The pins given on the command line; ValueError (CheckpointError) if one is unusable."""
    from resolvers.journal import checkpoint

    pins = [parse_pin(text) for text in args.expect_head]
    if args.checkpoint:
        key = checkpoint.trusted_key(args.public_key or settings.journal_key_file)
        pins += [checkpoint.read(path, key).pin for path in args.checkpoint]
    if args.from_genesis:
        from resolvers.journal.chain import GENESIS_HASH

        pins.append(Pin(0, GENESIS_HASH, "genesis"))
    return pins


def _print(report: dict[str, Any]) -> None:
    print(json.dumps(report, ensure_ascii=False))


async def verify_stored(database_url: str, pins: list[Pin]) -> int:
    from resolvers.journal.store import head, verify_pinned
    from server.database import open_database
    from server.progress import progress

    async with open_database(database_url):
        with progress((await head())[0], "校验日志") as advance:
            report = await verify_pinned(pins, advance)
    _print(report.as_dict())
    return 0 if report.ok else FAILED


def verify_exported(path: Path, pins: list[Pin]) -> int:
    """Offline: no database is opened, only the file is read (line by line)."""
    from resolvers.journal.export import verify_path

    report = verify_path(path, pins)
    _print(report.as_dict())
    return 0 if report.ok else FAILED


async def export_journal(
    database_url: str, output: Path | None, from_seq: int, to_seq: int | None
) -> int:
    from resolvers.journal.export import export_journal as write_lines
    from resolvers.journal.store import head
    from server.database import open_database
    from server.progress import progress

    async with open_database(database_url):
        newest = (await head())[0]
        last = min(to_seq, newest) if to_seq is not None else newest
        with progress(max(last - max(from_seq, 1) + 1, 0), "导出日志") as advance:
            if output is None:
                count = await write_lines(sys.stdout, from_seq, to_seq, advance)
            else:
                with output.open("w", encoding="utf-8", newline="\n") as out:
                    count = await write_lines(out, from_seq, to_seq, advance)
    print(f"Exported {count} journal entries.", file=sys.stderr)
    return 0


async def audit_rows(database_url: str) -> int:
    from resolvers.journal.audit import AuditSummary, audit
    from server.database import open_database
    from server.progress import progress

    summary = AuditSummary()
    async with open_database(database_url):
        with progress(None, "核对数据", unit="行") as advance:
            async for finding in audit(summary, advance):
                _print(finding.as_dict())
    _print(summary.as_dict())
    if not summary.ok:
        print(
            f"{sum(summary.findings.values())} rows differ from the journal: they were changed "
            "outside the application (see the lines above).",
            file=sys.stderr,
        )
    return 0 if summary.ok else FAILED


async def checked_chain(database_url: str) -> StoredReport:
    from resolvers.journal.store import head, verify_pinned
    from server.database import open_database
    from server.progress import progress

    async with open_database(database_url):
        with progress((await head())[0], "校验日志") as advance:
            return await verify_pinned((), advance)


def write_checkpoint(database_url: str, key: Ed25519PrivateKey, output: Path | None) -> int:
    """Sign the head only after the whole chain verified: never vouch for a broken journal."""
    from resolvers.journal import checkpoint

    report = asyncio.run(checked_chain(database_url))
    if not report.ok:
        _print(report.as_dict())
        print("The chain is broken: no checkpoint written.", file=sys.stderr)
        return FAILED
    # The signing time records when; it decides nothing about "today", so the real clock.
    moment = datetime.now(UTC)
    signed = checkpoint.sign(key, report.chain.head_seq or 0, report.chain.head_hash, moment)
    text = json.dumps(signed, ensure_ascii=False, sort_keys=True) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    short = signed["key_id"][:16]
    print(f"Checkpoint of seq {signed['seq']} signed by key {short}…", file=sys.stderr)
    return 0


def export_public_key(key: Ed25519PrivateKey, output: Path | None) -> int:
    from resolvers.journal import checkpoint

    pem = checkpoint.public_pem(key.public_key())
    if output is None:
        sys.stdout.write(pem)
    else:
        output.write_text(pem, encoding="utf-8")
    return 0


def run_journal_command(args: argparse.Namespace, settings: Settings) -> int:
    from resolvers.journal import checkpoint

    url, command = settings.database_url, args.journal_command
    try:
        # Everything a command needs from the user is checked before the work starts.
        pins = _pins(args, settings) if command == "verify" else []
        key = checkpoint.signing_key(settings.journal_key_file) if command in KEYED else None
        if command == "verify" and args.file is not None:
            return verify_exported(args.file, pins)
    except (ValueError, OSError) as error:  # CheckpointError is a ValueError
        print(f"journal {command}: {error}", file=sys.stderr)
        return UNUSABLE
    if command == "verify":
        return asyncio.run(verify_stored(url, pins))
    if command == "export":
        return asyncio.run(export_journal(url, args.output, args.from_seq, args.to_seq))
    if command == "audit":
        return asyncio.run(audit_rows(url))
    assert key is not None
    if command == "checkpoint":
        return write_checkpoint(url, key, args.output)
    return export_public_key(key, args.output)
