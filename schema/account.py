"""GraphQL types of accounts, their roles and API tokens (never a token or a password hash)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import Account as AccountRow
from models import ApiToken as ApiTokenRow
from resolvers.execution.relations import relation
from resolvers.global_ids import to_global_id
from schema.relay import Node

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.unit import Unit


@strawberry.enum(description="角色 — what an account may do; an account can hold several.")
class Role(Enum):
    UNIT_STAFF = strawberry.enum_value(
        "UNIT_STAFF",
        description="单位工作人员 — unit staff: own unit's commitments, progress and evidence.",
    )
    UNIT_LEADER = strawberry.enum_value(
        "UNIT_LEADER",
        description="单位负责人 — unit leader: as staff, and pledges, objects and applies for "
        "repair for the unit.",
    )
    SUPERVISION_OFFICE = strawberry.enum_value(
        "SUPERVISION_OFFICE",
        description="督查室 — supervision office: all units; plans, evaluations, evidence review.",
    )
    CREDIT_ADMIN = strawberry.enum_value(
        "CREDIT_ADMIN",
        description="信用管理员 — credit administrator: dishonesty records, objections, repair, "
        "publication.",
    )
    AUDITOR = strawberry.enum_value(
        "AUDITOR",
        description="审计 — auditor: reads everything including history, writes nothing.",
    )
    SYSTEM_ADMIN = strawberry.enum_value(
        "SYSTEM_ADMIN",
        description="系统管理员 — system administrator: accounts and tokens, no business writes.",
    )


@strawberry.type(
    description="API令牌 — an API token of an account: only its prefix is ever shown again."
)
class ApiToken:
    pk: strawberry.Private[int]
    id: strawberry.ID = strawberry.field(description="令牌ID — pass to `apiTokenRevoke`.")
    name: str = strawberry.field(description="名称 — what the token is for, e.g. 前端, 导出脚本.")
    prefix: str = strawberry.field(
        description="前缀 — the token's first characters (dg_ and 8 more), to tell tokens apart."
    )
    created_at: datetime = strawberry.field(description="签发时间 — when it was issued.")
    expires_at: datetime | None = strawberry.field(
        description="过期时间 — when it stops working (null: never)."
    )
    revoked_at: datetime | None = strawberry.field(description="吊销时间 — when it was revoked.")
    last_used_at: datetime | None = strawberry.field(
        description="最近使用 — last use, to the minute."
    )

    @classmethod
    def from_model(cls, row: ApiTokenRow) -> ApiToken:
        return cls(
            pk=row.id,
            id=strawberry.ID(to_global_id("ApiToken", row.id)),
            name=row.name,
            prefix=row.prefix,
            created_at=row.created_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
            last_used_at=row.last_used_at,
        )

    @strawberry.field(description="有效 — neither revoked nor expired now.")
    def active(self) -> bool:
        expired = self.expires_at is not None and self.expires_at <= datetime.now(UTC)
        return self.revoked_at is None and not expired


@strawberry.type(description="账号 — a person or system that signs in, with its roles and unit.")
class Account(Node):
    pk: strawberry.Private[int]
    unit_pk: strawberry.Private[int | None]
    username: str = strawberry.field(description="用户名 — unique sign-in name.")
    display_name: str = strawberry.field(description="姓名 — the name shown to people.")
    roles: list[Role] = strawberry.field(description="角色 — what the account may do.")
    active: bool = strawberry.field(
        description="启用 — false: deactivated, its tokens no longer work."
    )
    has_password: bool = strawberry.field(
        description="已设密码 — whether the account can sign in with a password."
    )
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")
    updated_at: datetime = strawberry.field(description="更新时间 — when it last changed.")

    @classmethod
    def from_model(cls, row: AccountRow) -> Account:
        return cls(
            id=strawberry.ID(to_global_id("Account", row.id)),
            pk=row.id,
            unit_pk=row.unit_id,
            username=row.username,
            display_name=row.display_name,
            roles=[Role(role) for role in row.roles if role in Role.__members__],
            active=row.active,
            has_password=row.password_hash is not None,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @strawberry.field(description="所属单位 — the unit the unit roles act for.")
    async def unit(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[Unit, strawberry.lazy("schema.unit")] | None:
        from schema.unit import load_unit

        return await load_unit(info, self.unit_pk)

    tokens = relation(
        loader=lambda loaders: loaders.tokens_by_account_id,
        key=lambda account: account.pk,
        type=ApiToken,
        many=True,
        description="API令牌 — the account's tokens, oldest first (prefixes only).",
    )
