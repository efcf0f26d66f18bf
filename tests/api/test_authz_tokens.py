"""Attacks on credentials: no token, a made-up, revoked or expired token, a deactivated account;
the raw token never stored; passwords only as argon2id; the CLI and the first admin token."""

from __future__ import annotations

import asyncio
import itertools
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from resolvers.actor import Role
from resolvers.auth.secrets import TOKEN_LENGTH, new_token
from server.accounts_cli import first_admin
from tests.conftest import GraphQLClient, running
from tests.databases import BACKEND, execute_raw

VIEWER = "{ viewer { username roles unit { name } } }"
PLANS = "{ plans { totalCount } }"
ISSUE = """
mutation($input: ApiTokenIssueInput!) {
  apiTokenIssue(input: $input) { token apiToken { id prefix expiresAt revokedAt active } }
}
"""
REVOKE = "mutation($id: ID!) { apiTokenRevoke(id: $id) { apiToken { revokedAt active } } }"
CREATE = """
mutation($input: AccountCreateInput!) {
  accountCreate(input: $input) { account { id username roles hasPassword active } }
}
"""
UPDATE = """
mutation($input: AccountUpdateInput!) { accountUpdate(input: $input) { account { active } } }
"""
TOKENS = "{ viewer { tokens { prefix lastUsedAt active } } }"
JOURNAL = """
query($type: String!) { journal(filter: {entityType: $type}, first: 100) { nodes { after } } }
"""
NUMBERS = itertools.count(1)
EVERY_MUTATION = 'mutation { planCreate(input: {title: "x"}) { plan { id } } }'


async def refusal(client: GraphQLClient, **headers: str) -> tuple[int, dict[str, str], dict]:
    response = await client.anonymous().post(PLANS, headers=headers)
    return response.status_code, dict(response.headers), response.json()


async def new_account(seeded: GraphQLClient, **extra: object) -> tuple[str, str]:
    """An AUDITOR account and its token: (account ID, token)."""
    username = f"auditor{next(NUMBERS)}"
    made = await seeded.admin.data(
        CREATE, {"input": {"username": username, "roles": ["AUDITOR"], **extra}}
    )
    account = made["accountCreate"]["account"]["id"]
    issued = await seeded.admin.data(ISSUE, {"input": {"accountId": account}})
    return account, issued["apiTokenIssue"]["token"]


async def test_no_credentials_is_401_and_nothing_runs(seeded: GraphQLClient) -> None:
    head = await seeded.data("{ journalHead { seq } }")
    anonymous = seeded.anonymous()
    response = await anonymous.post(EVERY_MUTATION)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="dutygraph"'
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    graphql_response = await anonymous.post(
        PLANS, headers={"accept": "application/graphql-response+json"}
    )
    assert graphql_response.status_code == 401
    assert graphql_response.headers["content-type"] == "application/graphql-response+json"
    batch = await anonymous.http.post(
        "/graphql", json=[{"query": PLANS}, {"query": PLANS}], auth=None
    )
    assert batch.status_code in (400, 401)
    assert "totalCount" not in batch.text
    assert await seeded.data("{ journalHead { seq } }") == head


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer " + new_token(),  # well-formed, never issued
        "Bearer dg_short",
        "Basic b2ZmaWNlOm9mZmljZQ==",
        "Bearer",
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJvZmZpY2UifQ.",  # a JWT, none configured
    ],
)
async def test_made_up_credentials_are_refused(seeded: GraphQLClient, authorization: str) -> None:
    status, headers, body = await refusal(seeded, authorization=authorization)
    assert status == 401
    assert "error=" in headers["www-authenticate"]
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "data" not in body


async def test_revoked_token_stops_at_once(seeded: GraphQLClient) -> None:
    account, token = await new_account(seeded)
    holder = seeded.with_token(token)
    assert (await holder.data(VIEWER))["viewer"]["roles"] == ["AUDITOR"]
    issued = await seeded.admin.data(ISSUE, {"input": {"accountId": account, "name": "二号"}})
    other = issued["apiTokenIssue"]["apiToken"]
    revoked = await seeded.admin.data(REVOKE, {"id": other["id"]})
    assert revoked["apiTokenRevoke"]["apiToken"]["active"] is False
    second = seeded.with_token(issued["apiTokenIssue"]["token"])
    response = await second.post(VIEWER)
    assert response.status_code == 401
    assert (await holder.data(VIEWER))["viewer"]["roles"] == ["AUDITOR"]  # the other one works
    again = await seeded.admin.error(REVOKE, {"id": other["id"]})
    assert again["extensions"]["code"] == "CONFLICT"


async def test_expired_token_and_deactivated_account_are_refused(
    seeded: GraphQLClient, seeded_url: str
) -> None:
    _, token = await new_account(seeded)
    holder = seeded.with_token(token)
    assert (await holder.post(VIEWER)).status_code == 200
    prefix = token[:11]
    await execute_raw(
        seeded_url,
        f"UPDATE api_token SET expires_at = '2020-01-01 00:00:00+00:00' WHERE prefix = '{prefix}'",
    )
    assert (await holder.post(VIEWER)).status_code == 401
    leaver, fresh = await new_account(seeded)
    leaving = seeded.with_token(fresh)
    assert (await leaving.post(VIEWER)).status_code == 200
    await seeded.admin.data(UPDATE, {"input": {"id": leaver, "active": False}})
    assert (await leaving.post(VIEWER)).status_code == 401
    refused = await seeded.admin.error(ISSUE, {"input": {"accountId": leaver}})
    assert refused["extensions"]["code"] == "INVALID_TRANSITION"


async def test_tokens_expire_after_the_days_given(seeded: GraphQLClient) -> None:
    account, _ = await new_account(seeded)
    issued = await seeded.admin.data(ISSUE, {"input": {"accountId": account}})
    assert issued["apiTokenIssue"]["apiToken"]["expiresAt"] is not None  # 90 days by default
    forever = await seeded.admin.data(
        ISSUE, {"input": {"accountId": account, "expiresInDays": None}}
    )
    assert forever["apiTokenIssue"]["apiToken"]["expiresAt"] is None
    error = await seeded.admin.error(ISSUE, {"input": {"accountId": account, "expiresInDays": 0}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "expiresInDays"}


async def test_last_use_is_recorded(seeded: GraphQLClient) -> None:
    _, token = await new_account(seeded)
    holder = seeded.with_token(token)
    first = (await holder.data(TOKENS))["viewer"]["tokens"]
    assert [t["lastUsedAt"] is not None for t in first] == [True]
    assert first[0]["prefix"] == token[:11]
    assert first[0]["active"] is True


async def test_tokens_look_like_tokens(seeded: GraphQLClient) -> None:
    _, token = await new_account(seeded)
    assert token.startswith("dg_")
    assert len(token) == TOKEN_LENGTH == 46  # dg_ + 43 URL-safe characters: 256 bits


async def test_the_raw_token_is_never_stored(seeded: GraphQLClient, seeded_url: str) -> None:
    account, token = await new_account(seeded, password="correct horse battery staple")
    keyed = await seeded.admin.post(
        ISSUE,
        {"input": {"accountId": account, "name": "带幂等键"}},
        headers={"idempotency-key": "token-issue-1"},
    )
    tokens = [token, keyed.json()["data"]["apiTokenIssue"]["token"]]
    retry = await seeded.admin.post(
        ISSUE,
        {"input": {"accountId": account, "name": "带幂等键"}},
        headers={"idempotency-key": "token-issue-1"},
    )
    replayed = retry.json()["data"]["apiTokenIssue"]
    assert replayed["token"] is None  # shown once: a replay cannot show it again
    assert replayed["apiToken"] == keyed.json()["data"]["apiTokenIssue"]["apiToken"]
    for value in tokens:
        assert (await seeded.with_token(value).post(VIEWER)).status_code == 200
    for kind in ("Account", "ApiToken"):
        entries = (await seeded.data(JOURNAL, {"type": kind}))["journal"]["nodes"]
        assert entries
        for entry in entries:
            assert "digest" not in entry["after"]
            assert "password_hash" not in entry["after"]
    stored = await stored_bytes(seeded_url)
    for value in tokens:
        assert value.encode() not in stored
        assert value[3:].encode() not in stored  # not even without its prefix
    assert b"correct horse battery staple" not in stored
    assert b"$argon2id$" in stored  # the password is kept as an argon2id hash


async def stored_bytes(url: str) -> bytes:
    """Every byte the database keeps: the SQLite files, or the PostgreSQL tables as text."""
    if BACKEND == "sqlite":
        path = Path(url.removeprefix("sqlite://").split("?", 1)[0])
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA wal_checkpoint(FULL)")
        files = [path, Path(f"{path}-wal")]
        return b"".join(f.read_bytes() for f in files if f.exists())
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        )
        dump = []
        for table in tables:
            rows = await connection.fetch(f'SELECT t::text FROM "{table["tablename"]}" t')
            dump += [row[0] for row in rows]
        return "\n".join(dump).encode()
    finally:
        await connection.close()


def cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_cli_creates_users_issues_and_revokes_tokens(
    seeded: GraphQLClient, seeded_url: str
) -> None:
    made = await asyncio.to_thread(
        cli, seeded_url, "user", "create", "lzq.li", "--role", "UNIT_LEADER", "--unit", "凉州区政府"
    )
    assert made.returncode == 0, made.stderr
    issued = await asyncio.to_thread(
        cli, seeded_url, "token", "issue", "lzq.li", "--name", "脚本", "--expires-in-days", "30"
    )
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.splitlines()[0]
    leader = seeded.with_token(token)
    viewer = (await leader.data(VIEWER))["viewer"]
    assert viewer == {
        "username": "lzq.li",
        "roles": ["UNIT_LEADER"],
        "unit": {"name": "凉州区人民政府"},
    }
    listed = await asyncio.to_thread(cli, seeded_url, "user", "list")
    assert "lzq.li\tUNIT_LEADER\t凉州区人民政府\tactive\ttokens: " + token[:11] in listed.stdout
    assert token not in listed.stdout
    revoked = await asyncio.to_thread(cli, seeded_url, "token", "revoke", token[:11])
    assert revoked.returncode == 0, revoked.stderr
    assert (await leader.post(VIEWER)).status_code == 401
    refused = await asyncio.to_thread(
        cli, seeded_url, "user", "create", "nobody", "--role", "UNIT_STAFF"
    )
    assert refused.returncode == 2
    assert "unitId" in refused.stderr or "unit" in refused.stderr
    entries = (await seeded.data(JOURNAL, {"type": "ApiToken"}))["journal"]["nodes"]
    assert any(e["after"]["revoked_at"] for e in entries)


async def test_first_start_prints_one_admin_token(database_url: str) -> None:
    await execute_raw(database_url, "DELETE FROM api_token")
    await execute_raw(database_url, "DELETE FROM account")
    token = await first_admin(database_url)
    assert token is not None
    assert token.startswith("dg_")
    assert await first_admin(database_url) is None  # only on the very first start
    async with running(database_url) as (_, client):
        admin = client.with_token(token)
        viewer = (await admin.data(VIEWER))["viewer"]
        assert viewer == {"username": "admin", "roles": ["SYSTEM_ADMIN"], "unit": None}
        refused = await admin.error(EVERY_MUTATION)  # no business writes for the administrator
        assert refused["extensions"]["code"] == "FORBIDDEN"


async def test_account_rules(seeded: GraphQLClient) -> None:
    for values, field in (
        ({"username": "x", "roles": ["AUDITOR"]}, "username"),
        ({"username": "no-unit", "roles": ["UNIT_STAFF"]}, "unitId"),
        ({"username": "no-role", "roles": []}, "roles"),
        ({"username": "weak", "roles": ["AUDITOR"], "password": "short"}, "password"),
        ({"username": "office", "roles": ["AUDITOR"]}, "username"),
    ):
        error = await seeded.admin.error(CREATE, {"input": values})
        assert error["extensions"]["field"] == field, values
    made = await seeded.admin.data(
        CREATE,
        {"input": {"username": "pw.user", "roles": ["AUDITOR"], "password": "a long passphrase"}},
    )
    assert made["accountCreate"]["account"]["hasPassword"] is True
    office = await seeded.error(CREATE, {"input": {"username": "sneaky", "roles": ["AUDITOR"]}})
    assert office["extensions"]["code"] == "FORBIDDEN"  # only the system administrator
    staff = await seeded.as_unit("凉州区人民政府", Role.UNIT_STAFF)
    assert (await staff.data(VIEWER))["viewer"]["unit"] == {"name": "凉州区人民政府"}
    assert (await staff.error("{ accounts { totalCount } }"))["extensions"]["code"] == "FORBIDDEN"


ADMIN_ID = "{ viewer { id roles } }"


async def test_the_last_administrator_cannot_lock_everyone_out(seeded: GraphQLClient) -> None:
    viewer = (await seeded.admin.data(ADMIN_ID))["viewer"]
    assert viewer["roles"] == ["SYSTEM_ADMIN"]
    for change in ({"active": False}, {"roles": ["AUDITOR"]}):
        refused = await seeded.admin.post(UPDATE, {"input": {"id": viewer["id"], **change}})
        error = refused.json()["errors"][0]
        assert error["extensions"]["code"] == "INVALID_TRANSITION", error
        assert "last active SYSTEM_ADMIN" in error["message"]
        # Still an administrator: the refused change wrote nothing.
        assert (await seeded.admin.data(ADMIN_ID))["viewer"]["roles"] == ["SYSTEM_ADMIN"]
    # With a second administrator, the first may step down.
    made = await seeded.admin.data(
        CREATE, {"input": {"username": f"admin{next(NUMBERS)}", "roles": ["SYSTEM_ADMIN"]}}
    )
    assert made["accountCreate"]["account"]["active"]
    stepped = await seeded.admin.data(UPDATE, {"input": {"id": viewer["id"], "active": False}})
    assert stepped["accountUpdate"]["account"]["active"] is False
