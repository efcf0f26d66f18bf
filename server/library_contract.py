"""The private names of strawberry, graphql-core, Tortoise and asyncio that dutygraph relies on.

The read path's speed comes from skipping graphql-core's per-field completion
(``resolvers/execution/breadth_first.py``), building model instances from rows without Tortoise's
per-row
bookkeeping (``resolvers/execution/rows.py``) and giving SQLite writers their own transaction engine
(``server/sqlite_writer.py``). Each leans on names those libraries do not promise to keep. This
module lists every one of them in one table, and ``check`` confirms each still exists, so that an
upgrade that moves one fails at start (and in ``tests/test_library_contract.py``) with the name
and the library's version, not later as a wrong answer or as a silent fallback.

``pyproject.toml`` pins the three libraries to the minor versions the suite runs (``~=``); when
raising a pin, run the contract test first.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.metadata import version
from typing import Any

DISTRIBUTIONS = {
    "strawberry": "strawberry-graphql",
    "graphql": "graphql-core",
    "tortoise": "tortoise-orm",
    "pypika_tortoise": "pypika-tortoise",
    "asyncio": None,
}


class LibraryContractBroken(RuntimeError):
    """A private name dutygraph relies on is gone from the installed library."""


@dataclass(frozen=True)
class PrivateName:
    """One name of a library that dutygraph uses without the library promising to keep it."""

    #: ``module:Attribute.path`` as it is looked up.
    where: str
    #: Which part of dutygraph uses it, and what for.
    used_by: str
    #: For names that live on instances (not on the class): the test the name must pass.
    holds: Callable[[Any], bool] | None = None

    @property
    def library(self) -> str:
        return self.where.split(".", 1)[0].split(":", 1)[0]

    def library_version(self) -> str:
        distribution = DISTRIBUTIONS.get(self.library)
        return version(distribution) if distribution else "the running Python"

    def resolve(self) -> Any:
        module_name, _, path = self.where.partition(":")
        found: Any = import_module(module_name)
        for part in path.split(".") if path else []:
            found = getattr(found, part)
        return found

    def problem(self) -> str | None:
        """None if the name is there; else what is wrong, naming the name and the version."""
        try:
            found = self.resolve()
        except (ImportError, AttributeError) as missing:
            return (
                f"{self.where} is gone from {self.library} {self.library_version()} "
                f"({missing}); {self.used_by} relies on it"
            )
        if self.holds is not None and not self.holds(found):
            return (
                f"{self.where} in {self.library} {self.library_version()} no longer behaves as "
                f"{self.used_by} relies on"
            )
        return None


def _has_parameters(*names: str) -> Callable[[Any], bool]:
    def holds(function: Any) -> bool:
        try:
            parameters = inspect.signature(function).parameters
        except (TypeError, ValueError):
            return False
        return all(name in parameters for name in names)

    return holds


def _assigns(attribute: str) -> Callable[[Any], bool]:
    """The function's source sets ``attribute`` (for names that live on instances only)."""

    def holds(function: Any) -> bool:
        try:
            source = inspect.getsource(function)
        except (OSError, TypeError):
            return False
        return attribute in source

    return holds


def _sets_on_instances(*attributes: str) -> Callable[[Any], bool]:
    """The class (or a base of it) defines, annotates or assigns each of ``attributes``."""

    def holds(cls: Any) -> bool:
        sources = []
        for base in inspect.getmro(cls):
            try:
                sources.append(inspect.getsource(base))
            except (OSError, TypeError):
                continue
        text = "\n".join(sources)
        return all(
            hasattr(cls, name) or f"self.{name} =" in text or f"self.{name}:" in text
            for name in attributes
        )

    return holds


BREADTH_FIRST = "resolvers/execution/breadth_first.py (the breadth-first read executor)"
ROWS = "resolvers/execution/rows.py (row building)"
WRITER = "server/sqlite_writer.py (SQLite writers)"

#: Every private name, by library.
PRIVATE_NAMES: tuple[PrivateName, ...] = (
    # strawberry
    PrivateName(
        "strawberry.schema.schema_converter:get_arguments",
        BREADTH_FIRST,
        _has_parameters("field", "source", "info", "kwargs", "config", "scalar_registry"),
    ),
    PrivateName(
        "strawberry.schema.schema_converter:GraphQLCoreConverter.DEFINITION_BACKREF", BREADTH_FIRST
    ),
    PrivateName(
        "strawberry.schema.schema_converter:GraphQLCoreConverter.__init__",
        f"{BREADTH_FIRST}: _exception_handler_specs",
        _assigns("self._exception_handler_specs"),
    ),
    PrivateName(
        "strawberry.schema.schema_converter:GraphQLCoreConverter.from_resolver",
        f"{BREADTH_FIRST}: _is_default on default resolvers",
        _assigns("_is_default"),
    ),
    PrivateName("strawberry.schema.schema:StrawberryGraphQLCoreExecutionContext", BREADTH_FIRST),
    PrivateName(
        "strawberry.types.info:Info.__init__",
        f"{BREADTH_FIRST}: Info(_raw_info=, _field=)",
        _has_parameters("_raw_info", "_field"),
    ),
    PrivateName(
        "strawberry.types.fields.resolver:StrawberryResolver",
        f"{BREADTH_FIRST}: wrapped_func, self_parameter, parent_parameter, root_parameter",
        _sets_on_instances("wrapped_func", "self_parameter", "parent_parameter", "root_parameter"),
    ),
    # graphql-core
    PrivateName("graphql.execution.collect_fields:FieldDetailsList", BREADTH_FIRST),
    PrivateName(
        "graphql.execution.collect_fields:collect_fields",
        BREADTH_FIRST,
        _has_parameters("schema", "fragments", "variable_values", "runtime_type", "operation"),
    ),
    PrivateName(
        "graphql.execution.collect_fields:FieldDetails",
        f"{BREADTH_FIRST}: FieldDetails.fragment_variable_values",
        lambda cls: (
            "fragment_variable_values" in getattr(cls, "__slots__", ())
            or "fragment_variable_values" in getattr(cls, "_fields", ())
            or "fragment_variable_values" in getattr(cls, "__annotations__", {})
        ),
    ),
    PrivateName(
        "graphql.execution.executor:Executor",
        f"{BREADTH_FIRST}: its attributes and methods",
        _sets_on_instances(
            "build_resolve_info",
            "build_response",
            "collect_subfields",
            "finish",
            "is_awaitable",
            "type_resolver",
            "fragments",
            "variable_values",
            "operation",
            "root_value",
            "hide_suggestions",
            "middleware_manager",
            "execute_operation",
        ),
    ),
    # asyncio
    PrivateName(
        "asyncio:Future._asyncio_future_blocking",
        f"{BREADTH_FIRST}: stepping coroutines by hand",
    ),
    # Tortoise
    PrivateName("tortoise.models:Model._init_from_db", ROWS),
    PrivateName(
        "tortoise.models:Model.__init__",
        f"{ROWS}: instance state _partial, _saved_in_db, _custom_generated_pk, _await_when_save",
        lambda init: all(
            name in inspect.getsource(init)
            for name in ("_partial", "_saved_in_db", "_custom_generated_pk", "_await_when_save")
        ),
    ),
    PrivateName("tortoise.models:MetaInfo.db_native_fields", ROWS),
    PrivateName("tortoise.models:MetaInfo.db_default_fields", ROWS),
    PrivateName("tortoise.models:MetaInfo.db_complex_fields", ROWS),
    PrivateName("tortoise.models:MetaInfo.generated_db_fields", ROWS),
    PrivateName("tortoise.queryset:QuerySet._make_query", ROWS),
    PrivateName("tortoise.queryset:AwaitableQuery._make_query", f"{ROWS}: statements"),
    PrivateName("tortoise.queryset:AwaitableQuery._choose_db_if_not_chosen", f"{ROWS}: statements"),
    PrivateName(
        "pypika_tortoise.queries:QueryBuilder.get_parameterized_sql",
        f"{ROWS}: statements (one parameterizer shared by nested queries)",
        _has_parameters("ctx"),
    ),
    PrivateName("pypika_tortoise.queries:QueryBuilder.QUERY_CLS", f"{ROWS}: statements"),
    PrivateName("tortoise.queryset:QuerySet._choose_db", ROWS),
    PrivateName(
        "tortoise.queryset:QuerySet",
        f"{ROWS}: the query state it reads",
        _sets_on_instances(
            "_db",
            "_prefetch_map",
            "_prefetch_queries",
            "_select_related",
            "_annotations",
            "_fields_for_select",
            "_single",
            "_select_for_update",
            "query",
        ),
    ),
    PrivateName("tortoise.backends.sqlite.client:SqliteClient._in_transaction", WRITER),
    PrivateName(
        "tortoise.backends.sqlite.client:SqliteClient.__init__",
        f"{WRITER}: SqliteClient._lock",
        _assigns("self._lock"),
    ),
    PrivateName(
        "tortoise.backends.sqlite.client:SqliteTransactionContext.__init__",
        f"{WRITER}: SqliteTransactionContext._trxlock",
        _assigns("self._trxlock"),
    ),
    PrivateName(
        "tortoise.backends.sqlite.client:SqliteTransactionContext.ensure_connection", WRITER
    ),
    PrivateName(
        "tortoise.backends.sqlite.client:SqliteTransactionWrapper.__init__",
        f"{WRITER}: SqliteTransactionWrapper._connection",
        _assigns("self._connection"),
    ),
)


@cache
def problems() -> tuple[str, ...]:
    """What is wrong with the installed libraries, one line per private name (empty: all well)."""
    return tuple(problem for name in PRIVATE_NAMES if (problem := name.problem()) is not None)


def check() -> None:
    """Raise ``LibraryContractBroken`` naming every private name that is gone."""
    found = problems()
    if found:
        raise LibraryContractBroken(
            "dutygraph does not work with the installed libraries:\n- " + "\n- ".join(found)
        )
