"""Evaluations: operations, queries and mutations."""
