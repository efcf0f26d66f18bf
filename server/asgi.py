"""The ASGI entry point for uvicorn/gunicorn workers: ``server.asgi:app``."""

from server.app import create_app
from server.collector import settle_collector

app = create_app()

# Long-lived objects out of the collector's view (server/collector.py).
settle_collector()
