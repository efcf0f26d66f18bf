"""Accounts and API tokens: issuing, verifying and revoking credentials."""
