"""The layout rule of issue 16: domain code does not depend on GraphQL.

A module under ``models/``, ``seed/`` or ``resolvers/`` that defines no GraphQL types (imports
no strawberry at run time) is domain code: it must not import the GraphQL layer (``schema``)
at run time either — errors, valid time and periods live in ``resolvers`` for that reason.
Imports under ``if TYPE_CHECKING:`` are only for type checkers and do not count. The domain
operations named below must stay domain code (they are what a command line, a job or another
API would reuse).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("models", "seed", "resolvers")

#: Operation modules that hold the rules of the domain and must never need GraphQL.
DOMAIN = (
    "resolvers/errors.py",
    "resolvers/validity.py",
    "resolvers/global_ids.py",
    "resolvers/wire.py",
    "resolvers/reporting_period.py",
    "resolvers/periods.py",
    "resolvers/workdays.py",
    "resolvers/commitment/due.py",
    "resolvers/credit/rules.py",
    "resolvers/calendar/schedule.py",
    "resolvers/supervision/independence.py",
    "resolvers/supervision/items.py",
    "resolvers/clock/tick.py",
    "resolvers/journal/audit.py",
    "resolvers/evaluation/operations.py",
    "resolvers/supervision/ranking.py",
    "resolvers/journal/runs.py",
    "resolvers/ppp/timeline.py",
    "resolvers/person/responsibilities.py",
)


#: Modules without strawberry imports that are still part of the GraphQL layer: the event hub
#: fans journal entries out to subscriptions as the schema's ``Event`` payloads (``EventType``,
#: ``Node`` entities), so it speaks the schema's types by design.
GRAPHQL_DELIVERY = frozenset({"resolvers/events/hub.py", "resolvers/events/kinds.py"})


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """``(line, module)`` of every import that runs (anywhere but under ``if TYPE_CHECKING``)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        stack.extend(ast.iter_child_nodes(node))


def _modules() -> Iterator[Path]:
    for layer in LAYERS:
        yield from sorted((ROOT / layer).rglob("*.py"))


def _graphql_imports(path: Path) -> tuple[bool, list[str]]:
    imports = list(runtime_imports(ast.parse(path.read_text(encoding="utf-8"))))
    uses_strawberry = any(name.split(".")[0] in ("strawberry", "graphql") for _, name in imports)
    from_schema = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for line, name in imports
        if name == "schema" or name.startswith("schema.")
    ]
    return uses_strawberry, from_schema


def test_domain_code_does_not_depend_on_graphql() -> None:
    found = []
    for path in _modules():
        uses_strawberry, from_schema = _graphql_imports(path)
        if not uses_strawberry and str(path.relative_to(ROOT)) not in GRAPHQL_DELIVERY:
            found.extend(from_schema)
    assert found == [], "modules without GraphQL types import the GraphQL layer:\n" + "\n".join(
        found
    )


def test_the_domain_operations_stay_free_of_graphql() -> None:
    for name in DOMAIN:
        path = ROOT / name
        uses_strawberry, from_schema = _graphql_imports(path)
        assert not uses_strawberry, f"{name} imports strawberry or graphql at run time"
        assert from_schema == [], from_schema


def test_the_rule_sees_imports_that_run_and_not_those_for_type_checkers() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "import strawberry\n"
        "if TYPE_CHECKING:\n    from schema.plan import Plan\n"
        "def f():\n    from schema.task import Task\n"
    )
    assert sorted(runtime_imports(tree)) == [(1, "typing"), (2, "strawberry"), (6, "schema.task")]
