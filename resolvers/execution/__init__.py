"""Execution: how a read is answered fast, in one package.

What it does
    ``breadth_first``  runs a query a selection level at a time instead of graphql-core's
                       per-field completion: plain fields are read off the objects, resolver
                       fields of a level start together, and a relation answers for the whole
                       level in one call. Errors, ``@defer`` and introspection fall back to
                       graphql-core's executor (same answers; logged at WARNING with the reason,
                       counted in ``FALLBACKS`` and in ``/metrics``).
    ``relations``      the ``relation(...)`` field factory: one declaration gives the strawberry
                       field, its per-object resolver and the batch function the executor reads.
    ``batching``       the batch-function slot (``BATCH``) a field carries for the executor.
    ``dataloaders``    the per-request loaders (by key, by parent, scoped to the caller), made
                       on first use; the node lookup and permission scopes derive from them.
    ``round_loader``   DataLoaders that answer cached keys with their next batch, so every object
                       of a level moves on together and each relation is one statement a level.
    ``rows``           builds model instances from rows by column position, without Tortoise's
                       per-row work; installed by ``install_row_builder()`` at app start.

The cyclic garbage collector's policy (no collection inside a request) is the Starlette
middleware ``server/collector.py``: it is HTTP plumbing, so it stays with the server.

What it relies on
    Private names of strawberry (argument conversion, error handler specs), graphql-core
    (``FieldDetailsList``, the execution context), Tortoise (instance state, the SQL of a
    queryset) and asyncio (stepping coroutines). Every one is listed in
    ``server/library_contract.py`` and checked when the app or the CLI opens the database; the
    three libraries are pinned to the minor versions the suite runs.

How to switch it off
    ``DUTYGRAPH_BREADTH_FIRST=0`` runs every operation on graphql-core's own executor (same
    answers, about 6× the CPU for a deep list); the row builder then still applies. Without
    ``install_row_builder()`` Tortoise builds its rows itself.
"""
