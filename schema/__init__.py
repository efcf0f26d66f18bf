"""GraphQL types of the accountability graph (one module per domain concept)."""
