"""Units: operations, queries and mutations."""
