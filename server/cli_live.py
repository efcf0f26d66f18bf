"""CLI commands of the deadline clock, persisted operations and the overdue list:
``worker``, ``clock tick``, ``persisted add``, ``export-overdue``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import Any

from server.settings import Settings

COMMANDS = ("worker", "clock", "persisted", "export-overdue")


def add_live_commands(commands: Any) -> None:
    """Add the subcommands to ``dutygraph``'s subparsers."""
    worker = commands.add_parser("worker", help="run the deadline clock until stopped")
    worker.add_argument(
        "--interval", type=float, help="seconds between runs (default: DUTYGRAPH_CLOCK_INTERVAL)"
    )
    clock = commands.add_parser("clock", help="the deadline clock")
    clock_commands = clock.add_subparsers(dest="clock_command", required=True)
    tick = clock_commands.add_parser(
        "tick", help="one run: mark overdue commitments and sanctions, notice due-soon ones"
    )
    tick.add_argument("--as-of", type=date.fromisoformat, help="the day (default: today, China)")
    persisted = commands.add_parser("persisted", help="the persisted operations allow-list")
    persisted_commands = persisted.add_subparsers(dest="persisted_command", required=True)
    add = persisted_commands.add_parser("add", help="add .graphql documents; print their hashes")
    add.add_argument("files", nargs="+", type=Path, help="documents, one operation each")
    add.add_argument(
        "-o",
        "--output",
        type=Path,
        help="the JSON allow-list (default: DUTYGRAPH_PERSISTED_OPERATIONS)",
    )
    overdue = commands.add_parser("export-overdue", help="write the overdue list as .xlsx")
    overdue.add_argument("--as-of", type=date.fromisoformat, help="the day (default: today)")
    overdue.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx to write")


async def overdue_bytes(database_url: str, as_of: date) -> tuple[int, bytes]:
    from resolvers.exports.overdue import overdue_rows, overdue_xlsx
    from server.database import open_database

    async with open_database(database_url):
        rows = await overdue_rows(as_of)
    return len(rows), overdue_xlsx(as_of, rows)


def run_live_command(args: argparse.Namespace, settings: Settings) -> int:
    from resolvers import workdays
    from server.clock import run_worker, tick_once

    live = settings.live
    if args.command == "worker":
        interval = args.interval or live.clock_interval or 300.0
        return asyncio.run(run_worker(settings.database_url, interval, live.due_soon_days))
    if args.command == "clock":
        return asyncio.run(tick_once(settings.database_url, args.as_of, live.due_soon_days))
    if args.command == "persisted":
        from server.persisted import add_operations

        store = args.output or (
            Path(live.persisted_operations_file) if live.persisted_operations_file else None
        )
        if store is None:
            sys.stderr.write("name the allow-list: -o FILE or DUTYGRAPH_PERSISTED_OPERATIONS\n")
            return 2
        for key, path in add_operations(store, args.files):
            print(f"{key}  {path}")
        return 0
    as_of = args.as_of or workdays.today()
    count, data = asyncio.run(overdue_bytes(settings.database_url, as_of))
    args.output.write_bytes(data)
    print(f"wrote {args.output}: {count} overdue commitments as of {as_of}")
    return 0
