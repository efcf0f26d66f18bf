"""Account and token mutations (system administrator): create and change accounts, issue a
token (returned once) and revoke one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from resolvers.actor import Role as RoleValue
from resolvers.auth import operations
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, PLAIN_ARGUMENT, given, in_journal, one_input
from resolvers.wire import wire
from schema.account import Account, ApiToken, Role

if TYPE_CHECKING:
    from resolvers.context import Context


def roles_of(roles: list[Role]) -> frozenset[RoleValue]:
    return frozenset(RoleValue(wire(role)) for role in roles)


@strawberry.input(description="新建账号 — a new account.")
class AccountCreateInput:
    username: str = strawberry.field(description="用户名 — unique sign-in name, e.g. lzq.zhang.")
    roles: list[Role] = strawberry.field(description="角色 — at least one.")
    display_name: str = strawberry.field(default="", description="姓名 — name shown to people.")
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="所属单位ID — required for UNIT_STAFF and UNIT_LEADER."
    )
    password: str | None = strawberry.field(
        default=None,
        description="密码 — optional, at least 12 characters (stored as an argon2id hash).",
    )


@strawberry.input(description="修改账号 — changes to an account; omitted fields stay as they are.")
class AccountUpdateInput:
    id: strawberry.ID = strawberry.field(description="账号ID — the account to change.")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )
    roles: list[Role] | None = strawberry.field(
        default=strawberry.UNSET, description="角色 — replaces the roles."
    )
    unit_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="所属单位ID — the unit (null: none)."
    )
    display_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="姓名 — name shown to people."
    )
    active: bool | None = strawberry.field(
        default=strawberry.UNSET, description="启用 — false deactivates it (its tokens stop)."
    )
    password: str | None = strawberry.field(
        default=strawberry.UNSET, description="密码 — a new password (null: remove it)."
    )


@strawberry.type(description="账号变更结果 — the account after the change.")
class AccountPayload:
    account: Account = strawberry.field(description="账号 — as stored.")


@strawberry.input(description="签发令牌 — a new API token for an account.")
class ApiTokenIssueInput:
    account_id: strawberry.ID = strawberry.field(description="账号ID — whose token.")
    name: str = strawberry.field(default="", description="名称 — what it is for.")
    expires_in_days: int | None = strawberry.field(
        default=operations.DEFAULT_TOKEN_DAYS,
        description=f"有效天数 — 1–{operations.MAX_TOKEN_DAYS} days (null: never expires).",
    )


@strawberry.type(description="签发结果 — the token, shown this once and never again.")
class ApiTokenIssuePayload:
    token: str | None = strawberry.field(
        description="令牌 — send as `Authorization: Bearer <token>`; store it now, it is not "
        "kept (only its SHA-256 is). Null in the replay of a request with the same "
        "Idempotency-Key: the token was shown the first time only."
    )
    api_token: ApiToken = strawberry.field(description="令牌信息 — its prefix, expiry and name.")


@strawberry.input(description="吊销令牌 — the token to revoke.")
class ApiTokenRevokeInput:
    id: strawberry.ID = strawberry.field(description="令牌ID — the token.")


@strawberry.type(description="吊销结果 — the token after revocation.")
class ApiTokenPayload:
    api_token: ApiToken = strawberry.field(description="令牌信息 — as stored.")


@strawberry.type(description="账号相关变更 — mutations of accounts and tokens.")
class AccountMutation:
    @strawberry.mutation(description="新建账号 — create an account with roles (and a unit).")
    async def account_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[AccountCreateInput, strawberry.argument(description=INPUT)],
    ) -> AccountPayload:
        draft = operations.AccountDraft(
            username=input.username,
            roles=roles_of(input.roles),
            display_name=input.display_name,
            unit_pk=pk_of(input.unit_id, "Unit", "unitId") if input.unit_id else None,
            password=input.password,
        )
        row = await in_journal(info, lambda j: operations.create_account(j, draft))
        return AccountPayload(account=Account.from_model(row))

    @strawberry.mutation(description="修改账号 — change roles, unit, name, active or password.")
    async def account_update(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[AccountUpdateInput, strawberry.argument(description=INPUT)],
    ) -> AccountPayload:
        pk = pk_of(input.id, "Account")
        changes: dict[str, Any] = given(input, non_null=("roles", "display_name", "active"))
        if "roles" in changes:
            changes["roles"] = roles_of(changes["roles"])
        if "unit_id" in changes:
            unit_id = changes.pop("unit_id")
            changes["unit_pk"] = pk_of(unit_id, "Unit", "unitId") if unit_id else None
        row = await in_journal(
            info, lambda j: operations.update_account(j, pk, changes, input.expected_version)
        )
        return AccountPayload(account=Account.from_model(row))

    @strawberry.mutation(description="签发令牌 — issue an API token; the token is returned once.")
    async def api_token_issue(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[ApiTokenIssueInput, strawberry.argument(description=INPUT)],
    ) -> ApiTokenIssuePayload:
        account_pk = pk_of(input.account_id, "Account", "accountId")
        row, token = await in_journal(
            info,
            lambda j: operations.issue_token(j, account_pk, input.name, input.expires_in_days),
        )
        return ApiTokenIssuePayload(token=token, api_token=ApiToken.from_model(row))

    @strawberry.mutation(description="吊销令牌 — revoke a token for good (it stops at once).")
    async def api_token_revoke(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[ApiTokenRevokeInput | None, strawberry.argument(description=INPUT)] = None,
        id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="令牌ID — the token.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
    ) -> ApiTokenPayload:
        pk = pk_of(one_input(ApiTokenRevokeInput, input, id=id).id, "ApiToken")
        row = await in_journal(info, lambda j: operations.revoke_token(j, pk))
        return ApiTokenPayload(api_token=ApiToken.from_model(row))
