"""The schema extensions the HTTP server runs with, chosen from the settings.

Each entry is a class or a factory, never a shared instance: strawberry makes one per request.
"""

from __future__ import annotations

from strawberry.extensions import SchemaExtension

from server.settings import Settings


def server_extensions(settings: Settings) -> list[type[SchemaExtension]]:
    """Extensions for ``settings``; add new ones here (one line each), in the order they run."""
    extensions: list[type[SchemaExtension]] = []
    return extensions
