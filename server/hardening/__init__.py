"""Hardening of the GraphQL endpoint: request limits, cost, timeouts, production switches."""
