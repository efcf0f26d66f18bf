"""The per-request context handed to every resolver: who acts, the loaders, the request id."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from resolvers.dataloaders import Loaders


class Role(StrEnum):
    """What an account may do (issue 5); an actor can hold several."""

    UNIT_STAFF = "UNIT_STAFF"  # 单位工作人员: own unit's commitments, progress, evidence
    UNIT_LEADER = "UNIT_LEADER"  # 单位负责人: as staff, and submits for the unit
    SUPERVISION_OFFICE = "SUPERVISION_OFFICE"  # 督查室: all units; evaluations, reviews, locks
    CREDIT_ADMIN = "CREDIT_ADMIN"  # 信用管理员: dishonesty records, objections, repair, publication
    AUDITOR = "AUDITOR"  # 审计: reads everything incl. history, writes nothing
    SYSTEM_ADMIN = "SYSTEM_ADMIN"  # 系统管理员: users and configuration, no business writes
    PUBLIC = "PUBLIC"  # 公众: anonymous, published records only


@dataclass(frozen=True)
class Actor:
    """Who acts: ``name`` is written to the journal (``account:zhang``, ``cli:import``, ``seed``);
    ``roles`` and ``unit_pk`` decide what the actor may see and change."""

    name: str
    roles: frozenset[Role] = frozenset()
    unit_pk: int | None = None
    account_pk: int | None = None

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


#: Internal jobs (seed, CLI, deadline clock) act as the system: not subject to API policy.
SYSTEM = Actor("system")


@dataclass
class Context:
    """Built once per request by the HTTP view."""

    actor: Actor
    request_id: str
    loaders: Loaders = field(default_factory=Loaders)
    request: Any = None
    response: Any = None
