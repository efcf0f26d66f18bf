"""Evidence: file storage, operations, queries and mutations."""
