"""The dutygraph command: serve, migrate, seed, import, export-schema, journal."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from server.cli_journal import add_journal_commands, run_journal_command
from server.cli_live import COMMANDS as LIVE_COMMANDS
from server.cli_live import add_live_commands, run_live_command
from server.settings import Settings


def export_schema() -> str:
    from resolvers.root import graphql_schema

    return graphql_schema.as_str() + "\n"


async def seed_default(database_url: str, *, quiet: bool = False) -> None:
    from models import Plan
    from seed.load import load_default
    from server.database import open_database

    async with open_database(database_url):
        outcome = await load_default()
        if not quiet:
            state = "loaded" if outcome.created else "already present"
            print(
                f"Seed plan {outcome.plan.title!r} {state} "
                f"({outcome.tasks} tasks, {outcome.assignments} assignments written; "
                f"{await Plan.all().count()} plans in the database)."
            )


async def first_start(database_url: str) -> None:
    """Migrations, then the default plan if the database holds no plan yet."""
    from models import Plan
    from server.database import apply_migrations, open_database

    await apply_migrations(database_url)
    async with open_database(database_url):
        empty = not await Plan.exists()
    if empty:
        await seed_default(database_url)


async def matrix_bytes(database_url: str, plan: str) -> bytes | None:
    from resolvers.errors import DomainError
    from resolvers.exports.matrix import matrix_workbook
    from resolvers.global_ids import pk_of
    from server.database import open_database

    async with open_database(database_url):
        try:
            plan_pk = int(plan) if plan.isdigit() else pk_of(plan, "Plan", "plan")
            _, data = await matrix_workbook(plan_pk)
        except DomainError as error:
            sys.stderr.write(f"{error.code.value}: {error.message}\n")
            return None
    return data


def export_matrix(database_url: str, plan: str, output: Path) -> int:
    data = asyncio.run(matrix_bytes(database_url, plan))
    if data is None:
        return 2
    output.write_bytes(data)
    print(f"wrote {output} ({len(data)} bytes)")
    return 0


async def seed_demo(settings: Settings) -> None:
    """The demo's example year, through the API's own operations (idempotent)."""
    from server.database import open_database
    from server.demo import load_demo_year

    async with open_database(settings.database_url):
        loaded = await load_demo_year(settings)
    print("Demo example year " + ("loaded." if loaded else "already present."))


def demo_settings(settings: Settings, requested: bool) -> tuple[Settings, bool]:
    """Settings for ``--demo``: the fixed day (also for uvicorn's workers, through the
    environment they read) and whether to load the example year; the log says what was done."""
    from resolvers import workdays
    from server.demo import demo_choice

    choice = demo_choice(
        requested=requested,
        production=settings.is_production,
        allowed=os.environ.get("DUTYGRAPH_DEMO", "") == "1",
        today=settings.today,
    )
    if choice.message:
        logging.getLogger("dutygraph.demo").warning(choice.message)
    if not choice.load or choice.today is None:
        return settings, False
    os.environ["DUTYGRAPH_TODAY"] = choice.today.isoformat()
    workdays.set_today(choice.today)
    return Settings(**{**settings.__dict__, "today": choice.today}), True


def serve(settings: Settings, workers: int, seed: bool, demo: bool = False) -> None:
    import uvicorn

    if seed or demo:
        asyncio.run(first_start(settings.database_url))
    else:
        from server.database import apply_migrations

        asyncio.run(apply_migrations(settings.database_url))
    if demo:
        asyncio.run(seed_demo(settings))
    from server import accounts_cli

    accounts_cli.announce_first_admin(asyncio.run(accounts_cli.first_admin(settings.database_url)))
    if workers > 1 and settings.serves_metrics and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Every worker writes its metrics here, so any worker's /metrics answers for all.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="dutygraph-metrics-")
    uvicorn.run(
        "server.asgi:app",
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_level=settings.log_level,
        proxy_headers=False,  # the app honours X-Forwarded-For from DUTYGRAPH_TRUSTED_PROXIES only
    )


DEMO_HELP = (
    "demo day: fix today at 2018-03-01 (or DUTYGRAPH_TODAY) and load the marked example year "
    "(ignored in production unless DUTYGRAPH_DEMO=1)"
)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="dutygraph", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser("serve", help="migrate, seed on first start, serve HTTP")
    serve_cmd.add_argument("--host", help="bind address (default: DUTYGRAPH_HOST or 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, help="port (default: DUTYGRAPH_PORT or 8000)")
    serve_cmd.add_argument("--workers", type=int, default=1, help="worker processes")
    serve_cmd.add_argument("--no-seed", action="store_true", help="do not load the default plan")
    serve_cmd.add_argument("--demo", action="store_true", help=DEMO_HELP)
    commands.add_parser("migrate", help="apply database migrations")
    seed_cmd = commands.add_parser("seed", help="load the default Wuwei plan (idempotent)")
    seed_cmd.add_argument("--demo", action="store_true", help=DEMO_HELP)
    export = commands.add_parser("export-schema", help="print the GraphQL SDL")
    export.add_argument("-o", "--output", type=Path, help="write to this file instead")
    matrix = commands.add_parser("export-matrix", help="write a plan's 任务分工表 as .xlsx")
    matrix.add_argument("plan", help="the plan: its number (1) or global ID")
    matrix.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx to write")
    bulletin = commands.add_parser("bulletin", help="write the 督查通报 as .docx or .xlsx")
    bulletin.add_argument("--period", required=True, help="e.g. 2018-Q1, 2018年1月, 2018")
    bulletin.add_argument("--as-of", help="the day it reports on (default: today)")
    bulletin.add_argument("-o", "--output", type=Path, required=True, help=".docx or .xlsx")
    plan_import = commands.add_parser(
        "import", help="import a plan (.txt, .docx, .xlsx, .pdf or .html)"
    )
    plan_import.add_argument(
        "file",
        type=Path,
        nargs="+",
        help="the plan: text (UTF-8/GB18030), .docx, .xlsx, .pdf or .html (several with --report)",
    )
    plan_import.add_argument(
        "--report",
        action="store_true",
        help="per-plan counts (tasks, assignments, warnings, unresolved units); no database",
    )
    plan_import.add_argument("--dry-run", action="store_true", help="preview only, no database")
    plan_import.add_argument("--json", action="store_true", help="machine-readable output")
    plan_import.add_argument(
        "--create-units", action="store_true", help="create units the graph does not know"
    )
    plan_import.add_argument(
        "--supersedes", type=int, help="plan number this text is the next edition of"
    )
    plan_import.add_argument(
        "--as-historical",
        action="store_true",
        help="record an edition older than the current one as a past edition",
    )
    add_journal_commands(commands)
    backup = commands.add_parser(
        "backup", help="write the live database and the evidence files into one archive"
    )
    backup.add_argument("file", type=Path, help="the archive to write (tar with a manifest)")
    restore = commands.add_parser(
        "restore", help="check an archive against its manifest, load it into an empty database"
    )
    restore.add_argument("file", type=Path, help="a file written by `dutygraph backup`")
    add_live_commands(commands)
    from server import accounts_cli, calendar_cli

    calendar_cli.add_parser(commands)

    accounts_cli.add_parsers(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = Settings.from_env()
    logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr)
    from resolvers import workdays

    workdays.set_today(settings.today)  # every command reads the one clock (DUTYGRAPH_TODAY)
    if args.command == "serve":
        overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v}
        settings = Settings(**{**settings.__dict__, **overrides})
        settings, demo = demo_settings(settings, args.demo)
        serve(settings, args.workers, seed=not args.no_seed, demo=demo)
    elif args.command in ("user", "token"):
        from server import accounts_cli

        return accounts_cli.run(settings.database_url, args)
    elif args.command == "calendar-load":
        from server import calendar_cli

        return calendar_cli.run(settings.database_url, args)
    elif args.command == "migrate":
        from server.database import apply_migrations

        asyncio.run(apply_migrations(settings.database_url))
    elif args.command == "seed":
        from server.database import apply_migrations

        settings, demo = demo_settings(settings, args.demo)
        asyncio.run(apply_migrations(settings.database_url))
        asyncio.run(seed_default(settings.database_url))
        if demo:
            asyncio.run(seed_demo(settings))
    elif args.command == "import":
        from server import plan_import

        if args.report:
            return plan_import.report(args.file, args.json)
        if len(args.file) != 1:
            sys.stderr.write("import: give one file (several only with --report)\n")
            return 2
        if args.dry_run:
            return plan_import.dry_run(args.file[0], args.json)
        return asyncio.run(
            plan_import.write(
                settings.database_url,
                args.file[0],
                args.create_units,
                args.json,
                supersedes=args.supersedes,
                as_historical=args.as_historical,
            )
        )
    elif args.command in LIVE_COMMANDS:
        return run_live_command(args, settings)
    elif args.command == "bulletin":
        from server.bulletin import write_bulletin

        return write_bulletin(settings.database_url, args.period, args.as_of, args.output)
    elif args.command == "export-matrix":
        return export_matrix(settings.database_url, args.plan, args.output)
    elif args.command == "export-schema":
        sdl = export_schema()
        if args.output:
            args.output.write_text(sdl, encoding="utf-8")
        else:
            sys.stdout.write(sdl)
    elif args.command == "journal":
        return run_journal_command(args, settings)
    elif args.command in ("backup", "restore"):
        from server.backup import command

        return command(args.command, settings.database_url, args.file, settings.evidence_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
