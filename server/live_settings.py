"""Settings of live updates (events, the deadline clock) and of persisted operations."""

from __future__ import annotations

from dataclasses import dataclass


def flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class LiveSettings:
    """Every field comes from a ``DUTYGRAPH_*`` variable (named on each field)."""

    #: Other origins whose pages may open WebSockets (``DUTYGRAPH_ALLOWED_ORIGINS``, commas).
    allowed_origins: tuple[str, ...] = ()
    #: Seconds between journal polls besides notifications (``DUTYGRAPH_EVENTS_POLL_INTERVAL``).
    events_poll_interval: float = 5.0
    #: Seconds between deadline clock runs in each server process, 0 = off
    #: (``DUTYGRAPH_CLOCK_INTERVAL``).
    clock_interval: float = 300.0
    #: Working days ahead a commitment counts as due soon (``DUTYGRAPH_DUE_SOON_DAYS``).
    due_soon_days: int = 3
    #: JSON file ``{sha256: document}`` of persisted operations
    #: (``DUTYGRAPH_PERSISTED_OPERATIONS``).
    persisted_operations_file: str | None = None
    #: Refuse any other document (``DUTYGRAPH_REQUIRE_PERSISTED_OPERATIONS=1``).
    require_persisted_operations: bool = False
    #: Seconds between re-checks of a WebSocket's credential while it stays open
    #: (``DUTYGRAPH_WS_RECHECK_INTERVAL``): a revoked token, a deactivated account or an expired
    #: JWT closes the socket (4403) within this time; every new operation is checked at once.
    websocket_recheck_interval: float = 30.0

    @classmethod
    def from_env(cls, env: dict[str, str]) -> LiveSettings:
        origins = env.get("DUTYGRAPH_ALLOWED_ORIGINS", "")
        return cls(
            allowed_origins=tuple(o.strip() for o in origins.split(",") if o.strip()),
            events_poll_interval=float(
                env.get("DUTYGRAPH_EVENTS_POLL_INTERVAL") or cls.events_poll_interval
            ),
            clock_interval=float(env.get("DUTYGRAPH_CLOCK_INTERVAL") or cls.clock_interval),
            due_soon_days=int(env.get("DUTYGRAPH_DUE_SOON_DAYS") or cls.due_soon_days),
            persisted_operations_file=env.get("DUTYGRAPH_PERSISTED_OPERATIONS") or None,
            require_persisted_operations=flag(env.get("DUTYGRAPH_REQUIRE_PERSISTED_OPERATIONS")),
            websocket_recheck_interval=float(
                env.get("DUTYGRAPH_WS_RECHECK_INTERVAL") or cls.websocket_recheck_interval
            ),
        )
