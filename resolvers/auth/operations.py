"""Account and token rules: valid names and role sets, tokens issued once and revoked for good.

Journal snapshots of accounts and tokens leave out the password hash and the token digest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from models import Account, ApiToken, Unit
from resolvers.actor import UNIT_ROLES, Role
from resolvers.auth.secrets import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    new_token,
    shown_prefix,
    token_digest,
)
from resolvers.errors import DomainError, ErrorCode, bad_input, not_found
from resolvers.journal.writer import Journal, snapshot
from resolvers.records import check_version, fetch, write_unchanged

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,99}$")
#: Token lifetime when none is given, and the longest one allowed.
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 3650
#: Never written to the journal.
SECRET_COLUMNS = ("password_hash", "digest")


def safe_snapshot(row: Account | ApiToken) -> dict[str, Any]:
    """The stored columns without secrets (an account says only whether it has a password)."""
    values = {k: v for k, v in snapshot(row).items() if k not in SECRET_COLUMNS}
    if isinstance(row, Account):
        values["has_password"] = row.password_hash is not None
    return values


def check_roles(roles: frozenset[Role], unit_pk: int | None) -> None:
    if not roles:
        raise bad_input("An account needs at least one role.", "roles")
    if Role.PUBLIC in roles:
        raise bad_input("PUBLIC is the role of anonymous callers, not of an account.", "roles")
    if roles & UNIT_ROLES and unit_pk is None:
        raise bad_input("UNIT_STAFF and UNIT_LEADER act for a unit: give `unitId`.", "unitId")


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise bad_input(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.", "password")
    return hash_password(password)


@dataclass(frozen=True)
class AccountDraft:
    username: str
    roles: frozenset[Role]
    display_name: str = ""
    unit_pk: int | None = None
    password: str | None = None


async def create_account(journal: Journal, draft: AccountDraft) -> Account:
    username = draft.username.strip()
    if not USERNAME.match(username):
        raise bad_input(
            "A username is 2–100 letters, digits, dots, dashes, underscores or @.", "username"
        )
    if await Account.filter(username=username).using_db(journal.connection).exists():
        raise DomainError(ErrorCode.CONFLICT, f"Account {username} already exists.", "username")
    check_roles(draft.roles, draft.unit_pk)
    if draft.unit_pk is not None:
        await fetch(Unit, draft.unit_pk, "Unit", "unitId", journal)
    row = await Account.create(
        username=username,
        display_name=draft.display_name.strip(),
        unit_id=draft.unit_pk,
        roles=sorted(role.value for role in draft.roles),
        password_hash=check_password(draft.password) if draft.password is not None else None,
        using_db=journal.connection,
    )
    await journal.record("account.create", "Account", row.pk, None, safe_snapshot(row))
    return row


async def update_account(
    journal: Journal, pk: int, changes: dict[str, Any], expected_version: int | None
) -> Account:
    """Change roles, unit, display name, active or password (``changes`` holds only those)."""
    row = await fetch(Account, pk, "Account", "id", journal)
    check_version(row, expected_version)
    before = safe_snapshot(row)
    if "roles" in changes:
        row.roles = sorted(role.value for role in changes["roles"])
    if "unit_pk" in changes:
        if changes["unit_pk"] is not None:
            await fetch(Unit, changes["unit_pk"], "Unit", "unitId", journal)
        row.unit_id = changes["unit_pk"]
    if "display_name" in changes:
        row.display_name = changes["display_name"].strip()
    if "active" in changes:
        row.active = changes["active"]
    if "password" in changes:
        password = changes["password"]
        row.password_hash = check_password(password) if password is not None else None
    check_roles(frozenset(Role(role) for role in row.roles), row.unit_id)
    if _administers(before) and not _administers(safe_snapshot(row)):
        await _keep_an_administrator(journal, row.pk)
    await write_unchanged(journal, row, before["version"])
    await journal.record("account.update", "Account", row.pk, before, safe_snapshot(row))
    return row


def _administers(state: dict[str, Any]) -> bool:
    return bool(state["active"]) and Role.SYSTEM_ADMIN.value in state["roles"]


async def _keep_an_administrator(journal: Journal, leaving: int) -> None:
    """Refuse to deactivate or demote the last active SYSTEM_ADMIN: nobody could manage
    accounts any more without shell access. Under the journal lock, so two administrators
    demoting each other at once cannot both succeed."""
    await journal.lock()
    others = (
        await Account.filter(active=True)
        .exclude(id=leaving)
        .using_db(journal.connection)
        .values_list("roles", flat=True)
    )
    if not any(Role.SYSTEM_ADMIN.value in (roles or []) for roles in others):
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            "This is the last active SYSTEM_ADMIN account: make another account SYSTEM_ADMIN "
            "before deactivating or demoting this one.",
        )


async def issue_token(
    journal: Journal, account_pk: int, name: str, expires_in_days: int | None
) -> tuple[ApiToken, str]:
    """A new token for an active account: the row, and the token itself (shown once)."""
    account = await fetch(Account, account_pk, "Account", "accountId", journal)
    if not account.active:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"Account {account.username} is deactivated: activate it before issuing tokens.",
            "accountId",
        )
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
        raise bad_input(
            f"`expiresInDays` must be between 1 and {MAX_TOKEN_DAYS} (or null: never).",
            "expiresInDays",
        )
    token = new_token()
    expires_at = None
    if expires_in_days is not None:
        expires_at = datetime.now(UTC) + timedelta(days=expires_in_days)
    row = await ApiToken.create(
        account_id=account.pk,
        name=name.strip()[:100],
        prefix=shown_prefix(token),
        digest=token_digest(token),
        expires_at=expires_at,
        using_db=journal.connection,
    )
    await journal.record("api_token.issue", "ApiToken", row.pk, None, safe_snapshot(row))
    return row, token


async def revoke_token(journal: Journal, pk: int) -> ApiToken:
    row = await fetch(ApiToken, pk, "ApiToken", "id", journal)
    if row.revoked_at is not None:
        raise DomainError(ErrorCode.CONFLICT, "This token is already revoked.", "id")
    before = safe_snapshot(row)
    row.revoked_at = datetime.now(UTC)
    await write_unchanged(journal, row, before["version"])
    await journal.record("api_token.revoke", "ApiToken", row.pk, before, safe_snapshot(row))
    return row


async def token_with_prefix(journal: Journal, prefix: str) -> ApiToken:
    """The one token whose shown prefix starts with ``prefix`` (the CLI names tokens so)."""
    prefix = prefix.strip()
    if len(prefix) < 6:
        raise bad_input("Give at least the first 6 characters of the token.", "prefix")
    rows = await ApiToken.filter(prefix__startswith=prefix[:16]).using_db(journal.connection)
    if not rows:
        raise not_found("ApiToken", prefix, "prefix")
    if len(rows) > 1:
        raise DomainError(
            ErrorCode.CONFLICT, f"{len(rows)} tokens start with {prefix}: give more.", "prefix"
        )
    return rows[0]
