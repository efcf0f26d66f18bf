"""Building model instances from database rows, without the slow date parsing.

Tortoise turns every row into a model with ``Model._init_from_db``; on SQLite each date and
timestamp arrives as text and goes through the ``iso8601`` package, about 15 µs a value, which
made row building most of a nested page's time (a page of 100 tasks with their units loads about
a thousand rows). ``fast_rows`` gives the models an ``_init_from_db`` that does the same work,
field for field, except that ISO text is parsed with ``date.fromisoformat`` and
``datetime.fromisoformat`` (C code); anything else — native values from asyncpg, odd text, partial
rows of ``.only()`` queries — goes through Tortoise's own conversion, so the result is the same.
tests/api/test_rows.py compares the two on every model.

The fill of each model is one compiled straight-line function (``_compile_fill``): a closure
over ``itemgetter`` and the converters was measured at 1.7–2× its cost per row
(``python -m bench.row_fill``), so the compiled function stays.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pypika_tortoise.context import SqlContext
from pypika_tortoise.terms import Parameterizer
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.fields import DateField, DatetimeField, Field
from tortoise.models import Model
from tortoise.queryset import AwaitableQuery, QuerySet
from tortoise.timezone import get_default_timezone, get_use_tz

import models

Converter = Callable[[Any], Any]
M = TypeVar("M", bound=Model)
_PLAN = "_dutygraph_row_plan"


def _date_converter(field: Field) -> Converter:
    to_python = field.to_python_value
    from_text = datetime.date.fromisoformat

    def convert(value: Any) -> Any:
        if type(value) is str and len(value) == 10:
            try:
                return from_text(value)
            except ValueError:
                pass
        return to_python(value)

    return convert


def _datetime_converter(field: Field) -> Converter:
    to_python = field.to_python_value
    from_text = datetime.datetime.fromisoformat
    # Tortoise's time-zone rule for aware values, read once per ORM start like its settings.
    use_tz = get_use_tz()
    zone = get_default_timezone()

    def convert(value: Any) -> Any:
        if type(value) is str:
            try:
                parsed = from_text(value)
            except ValueError:
                return to_python(value)
            if use_tz and parsed.utcoffset() is not None:
                return parsed.astimezone(zone)
            return to_python(parsed)
        return to_python(value)

    return convert


def _converter(field: Field) -> Converter:
    if isinstance(field, DatetimeField):
        return _datetime_converter(field)
    if isinstance(field, DateField):
        return _date_converter(field)
    return field.to_python_value


@dataclass(frozen=True)
class _RowPlan:
    """How to fill an instance of one model from a row (built once per ORM start)."""

    #: The first native-field tuple of the start it was built for (Tortoise refills the lists
    #: in place at every start, with new tuples).
    started: object
    custom_generated_pk: bool
    #: ``fill(row) -> {attribute: value}``, compiled from the model's field lists.
    fill: Callable[[Any], dict[str, Any]]
    #: The same, reading columns by position, per column order of a statement's rows.
    positional: dict[tuple[str, ...], Callable[[Any], dict[str, Any]] | None]


def _compile_fill(
    meta: Any, positions: dict[str, int] | None = None
) -> Callable[[Any], dict[str, Any]]:
    """One straight-line function per model (what a loop over the fields costs twice over),
    reading each column by name, or by its index in ``positions`` (a SQLite row looks a name up
    by comparing it with every column name before it: eight times slower for the last one)."""

    def column(key: str) -> str:
        return f"row[{key!r}]" if positions is None else f"row[{positions[key]}]"

    namespace: dict[str, Any] = {}
    entries = [f"{attribute!r}: {column(key)}" for key, attribute, _ in meta.db_native_fields]
    for i, (key, attribute, field) in enumerate(meta.db_default_fields):
        namespace[f"d{i}"] = field.field_type
        entries.append(f"{attribute!r}: None if (v{i} := {column(key)}) is None else d{i}(v{i})")
    for i, (key, attribute, field) in enumerate(meta.db_complex_fields):
        namespace[f"c{i}"] = _converter(field)
        entries.append(f"{attribute!r}: c{i}({column(key)})")
    source = "def fill(row):\n    return {" + ", ".join(entries) + "}\n"
    exec(source, namespace)  # noqa: S102 — the text is built from the model's own field names
    fill: Callable[[Any], dict[str, Any]] = namespace["fill"]
    return fill


def _row_plan(cls: type[Model]) -> _RowPlan:
    meta = cls._meta
    started = meta.db_native_fields[0] if meta.db_native_fields else None
    plan: _RowPlan | None = cls.__dict__.get(_PLAN)
    if plan is not None and plan.started is started:
        return plan
    plan = _RowPlan(
        started=started,
        custom_generated_pk=meta.db_pk_column not in meta.generated_db_fields,
        fill=_compile_fill(meta),
        positional={},
    )
    setattr(cls, _PLAN, plan)
    return plan


_tortoise_init_from_db = Model._init_from_db.__func__  # type: ignore[attr-defined]


def _positional_fill(
    cls: type[Model], plan: _RowPlan, columns: tuple[str, ...]
) -> Callable[[Any], dict[str, Any]] | None:
    """``plan.fill`` reading rows whose columns come in the order ``columns`` (None: the rows
    lack one of the model's columns)."""
    if columns in plan.positional:
        return plan.positional[columns]
    meta = cls._meta
    positions = {column: index for index, column in enumerate(columns)}
    wanted = [key for key, _, _ in (*meta.db_native_fields, *meta.db_default_fields)]
    wanted += [key for key, _, _ in meta.db_complex_fields]
    fill = _compile_fill(meta, positions) if all(key in positions for key in wanted) else None
    plan.positional[columns] = fill
    return fill


def _instance(cls: type[M], plan: _RowPlan, values: dict[str, Any]) -> M:
    self = cls.__new__(cls)
    state = self.__dict__
    state["_partial"] = False
    state["_saved_in_db"] = True
    state["_custom_generated_pk"] = plan.custom_generated_pk
    state["_await_when_save"] = {}
    state.update(values)
    return self


def from_row(cls: type[M], row: Any) -> M:
    """An instance of ``cls`` from a whole database row (any mapping by column name)."""
    plan = _row_plan(cls)
    try:
        values = plan.fill(row)
    except (KeyError, IndexError):
        # A partial row (an ``.only()`` query): Tortoise's own slower path handles it.
        return _tortoise_init_from_db(cls, **dict(row))
    return _instance(cls, plan, values)


def from_rows(cls: type[M], rows: Sequence[Any], prefix: str = "") -> list[M]:
    """``from_row`` for each of ``rows`` of one statement, reading columns by position.

    With ``prefix``, the instance is made of the columns named ``prefix`` + column only (the
    related model's part of a ``select_related`` row, e.g. ``api_token__account.``).
    """
    if not rows:
        return []
    keys = getattr(rows[0], "keys", None)
    if keys is None:
        return [from_row(cls, row) for row in rows]
    columns = tuple(keys())
    if prefix:
        # Unprefixed columns belong to the other model: named so they match none of this one.
        columns = tuple(c[len(prefix) :] if c.startswith(prefix) else f"\0{c}" for c in columns)
    plan = _row_plan(cls)
    fill = _positional_fill(cls, plan, columns)
    if fill is None:
        return [from_row(cls, dict(zip(columns, row, strict=True))) for row in rows]
    return [_instance(cls, plan, fill(row)) for row in rows]


#: The parameter types a prepared query binds as they are (any other is converted by Tortoise
#: on its way to the database, so a query with one is built anew each run).
_BOUND_AS_THEY_ARE = (str, int)


class Prepared(Generic[M]):
    """A query whose SQL is built once per database dialect; each run binds its own values.

    ``build(*values)`` makes the query. It is built once with ``samples`` — strings or integers
    that nothing else in the query equals — to learn which parameter each value becomes. A
    sample found in no parameter or in two, or a value that is not a string or an integer (a
    date, an enum: Tortoise converts those), makes the run build the query anew, as Tortoise
    would.
    """

    def __init__(self, model: type[M], build: Callable[..., QuerySet[M]], *samples: Any) -> None:
        self.model = model
        self.build = build
        self.samples = samples
        #: By dialect: the SQL, its parameters as built, and where each value goes (None:
        #: build every time).
        self._built: dict[str, tuple[str, list[Any], list[int]] | None] = {}

    async def rows(self, *values: Any) -> list[Any]:
        """The rows (not instances) of the query built with ``values``."""
        db = self.model._choose_db()
        dialect = db.capabilities.dialect
        if dialect not in self._built:
            self._built[dialect] = self._prepare()
        built = self._built[dialect]
        if built is None or any(type(v) not in _BOUND_AS_THEY_ARE for v in values):
            db, sql, params = statement(self.build(*values))
        else:
            sql, template, slots = built
            params = list(template)
            for slot, value in zip(slots, values, strict=True):
                params[slot] = value
        _, rows = await db.execute_query(sql, params)
        return list(rows)

    def _prepare(self) -> tuple[str, list[Any], list[int]] | None:
        if any(type(s) not in _BOUND_AS_THEY_ARE for s in self.samples):
            return None
        _, sql, params = statement(self.build(*self.samples))
        found = [[i for i, p in enumerate(params) if p == s] for s in self.samples]
        if not all(len(places) == 1 for places in found):
            return None
        return sql, list(params), [places[0] for places in found]


def _init_from_db(cls: type[Model], **kwargs: Any) -> Model:
    """``Model._init_from_db`` made by ``from_row``."""
    return from_row(cls, kwargs)


def statement(query: QuerySet[M]) -> tuple[BaseDBAsyncClient, str, list[Any]]:
    """The connection, SQL and parameters Tortoise would run for ``query``."""
    if query._db is None:
        query._db = query._choose_db(query._select_for_update)
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    return query._db, sql, params


def statements(*queries: AwaitableQuery[Any]) -> tuple[BaseDBAsyncClient, list[str], list[Any]]:
    """The SQL of several ``queries`` parameterised together, for one statement that nests
    them in this order: the placeholders of each follow those of the one before (``$n`` keeps
    counting on PostgreSQL), and the parameters of all come in one list."""
    assert queries, "at least one query"
    shared: SqlContext | None = None
    sqls = []
    for query in queries:
        query._choose_db_if_not_chosen()
        query._make_query()
        if shared is None:
            shared = query.query.QUERY_CLS.SQL_CONTEXT.copy(parameterizer=Parameterizer())
        sql, _ = query.query.get_parameterized_sql(shared)
        sqls.append(sql)
    assert shared is not None
    assert shared.parameterizer is not None
    return queries[0]._db, sqls, list(shared.parameterizer.values)


async def rows_of(
    model: type[M], db: BaseDBAsyncClient, sql: str, params: Sequence[Any]
) -> list[M]:
    """Run ``sql`` and make each whole row an instance of ``model`` with ``from_row``."""
    _, rows = await db.execute_query(sql, list(params))
    return from_rows(model, rows)


async def select(query: QuerySet[M]) -> list[M]:
    """The rows of a plain ``query`` (no related or prefetched objects, no annotations, whole
    rows): the SQL Tortoise builds for it, run directly, each row made with ``from_row``.

    What Tortoise adds on top of running the statement is per-row bookkeeping that such a query
    does not need; on a page of 100 tasks with their units it was a third of the request.
    """
    if query._prefetch_map or query._prefetch_queries or query._select_related:
        return await query
    if query._annotations or query._fields_for_select or query._single:
        return await query
    return await rows_of(query.model, *statement(query))


def fast_rows(models: Iterable[type[Model]]) -> None:
    """Give each of ``models`` the faster ``_init_from_db``."""
    for model in models:
        model._init_from_db = classmethod(_init_from_db)  # type: ignore[assignment, method-assign]


def install_row_builder() -> None:
    """Give every model of ``models`` the faster row builder above (idempotent).

    Called where Tortoise starts (``server/app.py``, ``server/database.py``), not on import: a
    process that only imports the models keeps Tortoise's own ``_init_from_db``.
    """
    fast_rows(
        model
        for model in (getattr(models, name) for name in models.__all__)
        if isinstance(model, type) and hasattr(model, "_meta")
    )
