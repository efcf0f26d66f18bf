"""Coarse checks: strawberry permission classes on every root field, placed from the table.

``guard`` walks the root types once, at import, and gives each field the permission of its row
in ``resolvers/permissions/table.py``; a field without a row gets ``NoRule`` and refuses
everybody, so a new query or mutation cannot be served before someone writes its rule.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from strawberry.permission import BasePermission, PermissionExtension
from strawberry.schema.name_converter import NameConverter

from resolvers.actor import Role
from resolvers.errors import DomainError, ErrorCode
from resolvers.permissions.table import Reach, Rule

if TYPE_CHECKING:
    from strawberry.types import Info

_GUARDED = "_dutygraph_guarded"


class Allowed(BasePermission):
    """The caller holds one of ``roles`` (subclasses made by ``allowed`` set them)."""

    roles: ClassVar[frozenset[Role]] = frozenset()
    message = "Your roles do not allow this operation."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return bool(info.context.actor.has(*self.roles))

    def on_unauthorized(self) -> None:
        raise DomainError(ErrorCode.FORBIDDEN, self.message)


class NoRule(Allowed):
    """A field nobody wrote a policy row for: refused to everybody (deny by default)."""

    message = "This operation has no authorization rule yet, so nobody may use it."


class Retired(Allowed):
    """A field kept for old clients but no longer served (its deprecation reason says why)."""

    message = "This operation is retired: the schema's deprecation reason names what replaces it."


@cache
def allowed(rule: frozenset[tuple[Role, Reach]]) -> type[Allowed]:
    """The permission class admitting exactly the roles of ``rule`` (one class per rule); its
    FORBIDDEN message names them, so a caller learns which account would be let in."""
    if not rule:
        return NoRule
    roles = frozenset(role for role, _ in rule)
    name = "Allowed" + "".join(sorted(role.title().replace("_", "") for role in roles))
    message = (
        "Your roles do not allow this operation; it is open to "
        + ", ".join(
            role.value + (" (own unit only)" if reach == Reach.OWN_UNIT else "")
            for role, reach in sorted(rule)
        )
        + "."
    )
    return type(name, (Allowed,), {"roles": roles, "message": message, "__module__": __name__})


def permission_for(rule: Rule | None) -> type[Allowed]:
    if rule is None:
        return NoRule
    return allowed(frozenset(rule.items())) if rule else Retired


def guard(root: type, table: dict[str, Rule]) -> None:
    """Give every field of the strawberry type ``root`` the permission of its row in ``table``."""
    if getattr(root, _GUARDED, False):
        return
    names = NameConverter(auto_camel_case=True)
    for field in root.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        permission = permission_for(table.get(names.get_graphql_name(field)))
        field.permission_classes = [*field.permission_classes, permission]
        # Appended last, so it runs first (strawberry nests field extensions outside in).
        field.extensions.append(PermissionExtension([permission()], use_directives=False))
    setattr(root, _GUARDED, True)
