"""Schema stability for clients: no breaking change against the last released schema unless the
CHANGELOG announces it (quoting graphql-core's description of the change)."""

from __future__ import annotations

from pathlib import Path

from graphql import build_schema, find_breaking_changes, find_dangerous_changes

from resolvers.root import graphql_schema

ROOT = Path(__file__).resolve().parent.parent
RELEASED = ROOT / "schema" / "released.graphql"


def test_breaking_changes_are_announced() -> None:
    released = build_schema(RELEASED.read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    unannounced = [
        f"{change.type.name}: {change.description}"
        for change in find_breaking_changes(released, graphql_schema._schema)
        if change.description not in changelog
    ]
    assert unannounced == [], (
        "Breaking schema changes against schema/released.graphql: deprecate instead of removing, "
        "or announce each under **Breaking** in CHANGELOG.md, quoting its description."
    )


def test_dangerous_changes_are_announced() -> None:
    released = build_schema(RELEASED.read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    unannounced = [
        change.description
        for change in find_dangerous_changes(released, graphql_schema._schema)
        if change.description not in changelog
    ]
    assert unannounced == []
