"""PPP projects, stages and stage responsibility history: operations, queries and mutations."""
