"""The per-request context handed to every resolver: who acts, the loaders, the request id."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from resolvers.actor import SYSTEM, Actor, Role
from resolvers.execution.dataloaders import Loaders

__all__ = ["SYSTEM", "Actor", "Context", "Role"]


@dataclass
class Context:
    """Built once per request by the HTTP view; the loaders see only what ``actor`` may see."""

    actor: Actor
    request_id: str
    loaders: Loaders = field(init=False)
    request: Any = None
    response: Any = None
    #: The graphql-transport-ws ``connection_init`` payload (browsers authenticate there).
    connection_params: Any = None

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.actor)

    def release(self) -> None:
        """The request is answered: let go of its rows and objects (the loaders' caches) and of
        the request, so they are freed at once rather than by the cyclic collector (the request
        holds this context in its state)."""
        self.loaders.release()
        self.request = None
        self.response = None

    def act_as(self, actor: Actor) -> None:
        """Switch to ``actor`` (a WebSocket authenticated by its connection_init payload)."""
        self.actor = actor
        self.loaders = Loaders(actor)
