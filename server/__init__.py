"""The Starlette application, settings and command-line interface."""
