"""Commitments and progress reports: operations, queries and mutations."""
