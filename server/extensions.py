"""The schema extensions the HTTP server runs with, chosen from the settings.

Each entry is a class or a factory, never a shared instance: strawberry makes one per request.
"""

from __future__ import annotations

from strawberry.extensions import ParserCache, SchemaExtension

from server.hardening.guards import guard_extensions
from server.hardening.operation import OneOperation
from server.idempotency import IdempotentExecution
from server.metrics import OperationMetrics
from server.persisted import persisted_extension
from server.settings import Settings
from server.tracing import Tracing
from server.websocket import WebSocketErrors


def server_extensions(settings: Settings) -> list[type[SchemaExtension]]:
    """Extensions for ``settings``; add new ones here (one line each), in the order they run."""
    extensions: list[type[SchemaExtension]] = [OneOperation]
    if settings.serves_metrics:
        extensions.append(OperationMetrics)
    if settings.otel:
        extensions.append(Tracing)
    live = settings.live
    extensions.append(
        persisted_extension(live.persisted_operations_file, live.require_persisted_operations)
    )
    extensions.append(WebSocketErrors)
    extensions.extend(guard_extensions(settings, IdempotentExecution))
    extensions.append(ParserCache)  # parsed documents shared by all requests (LRU of 128)
    return extensions
