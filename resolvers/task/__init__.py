"""Tasks and assignments: operations, queries and mutations."""
