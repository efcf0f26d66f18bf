"""The account the bench reads as: the supervision office, which sees every unit's work."""

from __future__ import annotations

from models import Account
from resolvers.actor import Actor, Role
from resolvers.auth.operations import AccountDraft, create_account, issue_token
from resolvers.journal.writer import journaled

USERNAME = "bench-office"
ROLES = frozenset({Role.SUPERVISION_OFFICE, Role.CREDIT_ADMIN, Role.AUDITOR})
BENCH_ACTOR = Actor("bench:setup")


async def office_token() -> str:
    """A fresh token of the bench's office account (made on first use; database open)."""
    async with journaled(BENCH_ACTOR) as journal:
        account = await Account.filter(username=USERNAME).using_db(journal.connection).first()
        if account is None:
            account = await create_account(journal, AccountDraft(username=USERNAME, roles=ROLES))
        _, token = await issue_token(journal, account.pk, "bench", 1)
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
