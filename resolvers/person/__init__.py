"""People and positions: operations, queries and mutations."""
