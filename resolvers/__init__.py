"""Query and mutation logic, domain operations and per-request data loaders."""
