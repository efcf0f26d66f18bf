"""Who acts: the roles of issue 5 and the actor a request or an internal job runs as."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What an account may do (issue 5); an actor can hold several."""

    UNIT_STAFF = "UNIT_STAFF"  # 单位工作人员: own unit's commitments, progress, evidence
    UNIT_LEADER = "UNIT_LEADER"  # 单位负责人: as staff, and submits for the unit
    SUPERVISION_OFFICE = "SUPERVISION_OFFICE"  # 督查室: all units; evaluations, reviews, locks
    CREDIT_ADMIN = "CREDIT_ADMIN"  # 信用管理员: dishonesty records, objections, repair, publication
    AUDITOR = "AUDITOR"  # 审计: reads everything incl. history, writes nothing
    SYSTEM_ADMIN = "SYSTEM_ADMIN"  # 系统管理员: users and configuration, no business writes
    PUBLIC = "PUBLIC"  # 公众: anonymous, published records only


#: The roles of the unit a person works in (own unit only).
UNIT_ROLES = frozenset({Role.UNIT_STAFF, Role.UNIT_LEADER})


@dataclass(frozen=True)
class Actor:
    """Who acts: ``name`` is written to the journal (``account:zhang``, ``cli:import``, ``seed``);
    ``roles`` and ``unit_pk`` decide what the actor may see and change.

    Every actor of an HTTP request holds at least one role (``PUBLIC`` when anonymous); an actor
    with neither roles nor an account is an internal job (seed, CLI, clock), not subject to the
    API policy.
    """

    name: str
    roles: frozenset[Role] = frozenset()
    unit_pk: int | None = None
    account_pk: int | None = None

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def internal(self) -> bool:
        """An internal job: no roles and no account."""
        return not self.roles and self.account_pk is None

    @property
    def authenticated(self) -> bool:
        """An account (or an internal job), not the anonymous public."""
        return self.internal or bool(self.roles - {Role.PUBLIC})


#: Internal jobs (seed, CLI, deadline clock) act as the system: not subject to API policy.
SYSTEM = Actor("system")

#: The caller of an HTTP endpoint who sent no credentials.
ANONYMOUS = Actor("api:anonymous", frozenset({Role.PUBLIC}))
