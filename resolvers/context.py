"""The per-request context handed to every resolver: who acts, the loaders, the request id."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from resolvers.dataloaders import Loaders


@dataclass(frozen=True)
class Actor:
    """Who makes a change; written to the journal. ``name`` is e.g. ``api:anonymous``."""

    name: str


SYSTEM = Actor("system")


@dataclass
class Context:
    """Built once per request by the HTTP view."""

    actor: Actor
    request_id: str
    loaders: Loaders = field(default_factory=Loaders)
    request: Any = None
    response: Any = None
