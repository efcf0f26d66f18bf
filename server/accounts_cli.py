"""``dutygraph user …`` and ``dutygraph token …``: accounts and API tokens from the shell, and
the first administrator's token printed once on the first start of ``dutygraph serve``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any, cast

from models import Account, ApiToken, Unit
from resolvers.actor import Actor, Role
from resolvers.auth import operations
from resolvers.errors import DomainError, ErrorCode, not_found
from resolvers.global_ids import pk_of
from resolvers.journal.writer import journaled
from server.database import apply_migrations, open_database

#: Journal name of changes made from the shell (an internal job: no API policy applies).
CLI_ACTOR = Actor("cli:accounts")
FIRST_ADMIN = "admin"
ACCOUNT_ROLES = [role.value for role in Role if role != Role.PUBLIC]


def add_parsers(commands: Any) -> None:
    """The ``user`` and ``token`` commands, added to the main parser's subcommands."""
    user = commands.add_parser("user", help="accounts: create, list")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    create = user_commands.add_parser("create", help="create an account")
    create.add_argument("username")
    create.add_argument(
        "--role", action="append", required=True, choices=ACCOUNT_ROLES, help="repeatable"
    )
    create.add_argument("--unit", help="the unit: its name, short name, alias or ID")
    create.add_argument("--display-name", default="", help="the name shown to people")
    user_commands.add_parser("list", help="list accounts with roles, unit and tokens")
    token = commands.add_parser("token", help="API tokens: issue, revoke")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    issue = token_commands.add_parser("issue", help="issue a token (printed once)")
    issue.add_argument("username")
    issue.add_argument("--name", default="", help="what the token is for")
    issue.add_argument(
        "--expires-in-days",
        type=int,
        default=operations.DEFAULT_TOKEN_DAYS,
        help=f"lifetime in days (default {operations.DEFAULT_TOKEN_DAYS}; 0: never expires)",
    )
    revoke = token_commands.add_parser("revoke", help="revoke a token by its prefix")
    revoke.add_argument("prefix", help="the token's first characters, e.g. dg_AbCdEfGh")


async def unit_pk_of(name_or_id: str) -> int:
    text = name_or_id.strip()
    if text.isdigit():
        return int(text)
    found = await Unit.filter(search_names__contains=f"|{text}|").first()
    if found is not None:
        return found.pk
    try:
        return pk_of(text, "Unit", "unit")
    except DomainError:  # neither a unit's name nor a global ID: say what --unit takes
        raise DomainError(
            ErrorCode.NOT_FOUND,
            f"No unit is called {text!r}. Give --unit a unit's full name, short name or alias "
            '(e.g. 凉州区政府) or its global ID; GraphQL `units(filter: {search: "…"})` '
            "lists them.",
            "unit",
        ) from None


async def account_named(username: str) -> Account:
    account = await Account.filter(username=username).first()
    if account is None:
        raise not_found("Account", username, "username")
    return account


async def create_user(args: argparse.Namespace) -> str:
    unit_pk = await unit_pk_of(args.unit) if args.unit else None
    draft = operations.AccountDraft(
        username=args.username,
        roles=frozenset(Role(role) for role in args.role),
        display_name=args.display_name,
        unit_pk=unit_pk,
    )
    async with journaled(CLI_ACTOR) as journal:
        account = await operations.create_account(journal, draft)
    return f"created account {account.username} ({', '.join(account.roles)})"


async def list_users(args: argparse.Namespace) -> str:
    lines = []
    for account in await Account.all().select_related("unit"):
        tokens = await ApiToken.filter(account_id=account.pk, revoked_at__isnull=True)
        unit = cast("Unit | None", account.unit)
        state = "active" if account.active else "deactivated"
        prefixes = " ".join(t.prefix for t in tokens) or "-"
        name = unit.name if unit else "-"
        lines.append(
            f"{account.username}\t{','.join(account.roles)}\t{name}\t{state}\ttokens: {prefixes}"
        )
    return "\n".join(lines) or "no accounts"


async def issue(args: argparse.Namespace) -> str:
    account = await account_named(args.username)
    days = args.expires_in_days or None
    async with journaled(CLI_ACTOR) as journal:
        row, token = await operations.issue_token(journal, account.pk, args.name, days)
    expiry = row.expires_at.isoformat() if row.expires_at else "never"
    return (
        f"{token}\n"
        f"token {row.prefix}… for {account.username}, expires {expiry}: shown only now, "
        "store it safely"
    )


async def revoke(args: argparse.Namespace) -> str:
    async with journaled(CLI_ACTOR) as journal:
        row = await operations.token_with_prefix(journal, args.prefix)
        await operations.revoke_token(journal, row.pk)
    return f"revoked token {row.prefix}…"


COMMANDS = {
    ("user", "create"): create_user,
    ("user", "list"): list_users,
    ("token", "issue"): issue,
    ("token", "revoke"): revoke,
}


async def run_command(database_url: str, args: argparse.Namespace) -> int:
    sub = args.user_command if args.command == "user" else args.token_command
    await apply_migrations(database_url)
    async with open_database(database_url):
        try:
            print(await COMMANDS[(args.command, sub)](args))
        except DomainError as error:
            print(f"{error.code.value}: {in_cli_words(error.message)}", file=sys.stderr)
            return 2
    return 0


#: GraphQL names in shared error messages, as the command line spells them.
CLI_WORDS = {"`unitId`": "`--unit UNIT`", "`roles`": "`--role ROLE`", "`accountId`": "USER"}


def in_cli_words(message: str) -> str:
    for graphql_name, flag in CLI_WORDS.items():
        message = message.replace(graphql_name, flag)
    return message


def run(database_url: str, args: argparse.Namespace) -> int:
    return asyncio.run(run_command(database_url, args))


async def first_admin(database_url: str) -> str | None:
    """On a database without accounts: the account ``admin`` (SYSTEM_ADMIN) and its token."""
    async with open_database(database_url):
        if await Account.exists():
            return None
        draft = operations.AccountDraft(
            username=FIRST_ADMIN,
            roles=frozenset({Role.SYSTEM_ADMIN}),
            display_name="系统管理员",
        )
        async with journaled(CLI_ACTOR) as journal:
            account = await operations.create_account(journal, draft)
            _, token = await operations.issue_token(
                journal, account.pk, "first start", operations.DEFAULT_TOKEN_DAYS
            )
    return token


def announce_first_admin(token: str | None) -> None:
    if token is not None:
        print(
            "First start: created account admin (SYSTEM_ADMIN). Its API token, shown only now:\n"
            f"\n    {token}\n\n"
            "Send it as `Authorization: Bearer <token>`; create more accounts with "
            "`dutygraph user create` or `accountCreate`.",
            flush=True,
        )
