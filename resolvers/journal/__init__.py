"""The audit journal: hash-chained entries written in the same transaction as each change."""
