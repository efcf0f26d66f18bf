"""The ASGI entry point for uvicorn/gunicorn workers: ``server.asgi:app``."""

import gc

from server.app import create_app

app = create_app()

# The schema and its type objects live as long as the process: move them out of the cyclic
# collector's view, so full collections stop walking them (measured: chain(100) CPU 249 → 132 ms).
gc.collect()
gc.freeze()
