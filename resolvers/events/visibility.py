"""Who may hear an event: whoever may read the row it is about, by the same row scopes that
queries use (resolvers/permissions) — a unit hears only its own work."""

from __future__ import annotations

from resolvers.context import Actor
from resolvers.journal.history import model_named
from resolvers.permissions.scopes import ALL, NOTHING, scope_of


async def may_hear(actor: Actor, entity_type: str, entity_pk: int) -> bool:
    """Whether ``actor`` may read the ``entity_type`` row ``entity_pk`` (one query at most)."""
    model = model_named(entity_type)
    if model is None:
        return False
    scope = await scope_of(model, actor)
    if scope is ALL:
        return True
    if scope is NOTHING:
        return False
    return await model.filter(scope, pk=entity_pk).exists()
