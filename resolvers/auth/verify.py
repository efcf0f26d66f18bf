"""Checking credentials: an API token by its digest, a JWT by its signature and claims; either
way the account behind it becomes the request's actor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from models import Account, ApiToken
from resolvers.actor import Actor, Role
from resolvers.auth.secrets import looks_like_token, token_digest
from resolvers.errors import is_busy
from resolvers.execution.rows import Prepared, from_rows

#: ``last_used_at`` is written at most this often per token (one small UPDATE, not journaled).
TOUCH_EVERY = timedelta(minutes=1)

#: Every request asks this: its SQL is built once (resolvers/execution/rows.py ``Prepared``), not
#: per request.
_TOKEN_WITH_ACCOUNT = Prepared(
    ApiToken,
    lambda digest: ApiToken.filter(digest=digest).select_related("account").limit(1),
    "\0 a digest no token has",
)
_ACCOUNT_COLUMNS = "api_token__account."


def actor_of(account: Account) -> Actor:
    roles = frozenset(Role(role) for role in account.roles if role in Role.__members__)
    return Actor(
        name=f"account:{account.username}",
        roles=roles - {Role.PUBLIC} or frozenset({Role.PUBLIC}),
        unit_pk=account.unit_id,
        account_pk=account.pk,
    )


async def account_for_token(token: str, now: datetime | None = None) -> Account | None:
    """The active account of a valid (known, unrevoked, unexpired) API token, else None."""
    if not looks_like_token(token):
        return None
    now = now or datetime.now(UTC)
    rows = await _TOKEN_WITH_ACCOUNT.rows(token_digest(token))
    if not rows:
        return None
    [row] = from_rows(ApiToken, rows)
    [account] = from_rows(Account, rows, prefix=_ACCOUNT_COLUMNS)
    if row.revoked_at is not None:
        return None
    if row.expires_at is not None and row.expires_at <= now:
        return None
    if account.pk is None or not account.active:
        return None
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        try:
            await ApiToken.filter(pk=row.pk).update(last_used_at=now)
        except Exception as exc:
            # A busy SQLite database must not refuse the caller: the touch is best effort and
            # the next request within TOUCH_EVERY tries again.
            if not is_busy(exc):
                raise
    return account


@dataclass(frozen=True)
class JwtRules:
    """How JWTs of the external identity provider are checked (all of it is required)."""

    key: str
    algorithms: tuple[str, ...]
    audience: str
    issuer: str
    leeway_seconds: int = 30


def jwt_subject(token: str, rules: JwtRules) -> str | None:
    """The ``sub`` of a JWT signed with a pinned algorithm, with valid ``exp``/``aud``/``iss``."""
    try:
        claims = jwt.decode(
            token,
            rules.key,
            algorithms=list(rules.algorithms),
            audience=rules.audience,
            issuer=rules.issuer,
            leeway=rules.leeway_seconds,
            options={"require": ["exp", "aud", "iss", "sub"]},
        )
    except jwt.PyJWTError:
        return None
    subject = claims.get("sub")
    return subject if isinstance(subject, str) and subject else None


async def account_for_jwt(token: str, rules: JwtRules) -> Account | None:
    """The active account whose username is the JWT's ``sub``."""
    subject = jwt_subject(token, rules)
    if subject is None:
        return None
    return await Account.filter(username=subject, active=True).first()
