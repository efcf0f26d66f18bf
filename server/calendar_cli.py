"""``dutygraph calendar-load``: load a year's holiday schedule (放假调休安排) from a file."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from resolvers.actor import Actor
from resolvers.errors import DomainError

CLI_ACTOR = Actor("cli:calendar")


def add_parser(commands: Any) -> None:
    load = commands.add_parser(
        "calendar-load", help="load a year's holiday schedule (the State Council's notice)"
    )
    load.add_argument("file", type=Path, help="the schedule: `day,kind,name` lines (UTF-8)")
    load.add_argument("--year", type=int, required=True, help="the year it is for, e.g. 2027")
    load.add_argument("--notice", required=True, help="the notice it comes from (its title)")


async def load(database_url: str, args: argparse.Namespace) -> int:
    from resolvers import workdays
    from resolvers.calendar.operations import load_schedule
    from server.database import apply_migrations, open_database

    text = args.file.read_text(encoding="utf-8-sig")
    await apply_migrations(database_url)
    async with open_database(database_url):
        try:
            loaded = await load_schedule(CLI_ACTOR, args.year, args.notice, text, workdays.today())
        except DomainError as error:
            print(f"{error.code.value}: {error.message}", file=sys.stderr)
            return 2
    days = loaded.schedule.days
    worked = sum(day["kind"] == "WORKDAY" for day in days)
    print(
        f"{args.year}: {len(days) - worked} days off and {worked} make-up working days loaded; "
        f"{len(loaded.recounted)} stored deadlines recounted."
    )
    return 0


def run(database_url: str, args: argparse.Namespace) -> int:
    return asyncio.run(load(database_url, args))
