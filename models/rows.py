"""Building model instances from database rows, without the slow date parsing.

Tortoise turns every row into a model with ``Model._init_from_db``; on SQLite each date and
timestamp arrives as text and goes through the ``iso8601`` package, about 15 µs a value, which
made row building most of a nested page's time (a page of 100 tasks with their units loads about
a thousand rows). ``fast_rows`` gives the models an ``_init_from_db`` that does the same work,
field for field, except that ISO text is parsed with ``date.fromisoformat`` and
``datetime.fromisoformat`` (C code); anything else — native values from asyncpg, odd text, partial
rows of ``.only()`` queries — goes through Tortoise's own conversion, so the result is the same.
tests/api/test_rows.py compares the two on every model.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from tortoise.fields import DateField, DatetimeField, Field
from tortoise.models import Model
from tortoise.timezone import get_default_timezone, get_use_tz

Converter = Callable[[Any], Any]
_CONVERTERS = "_dutygraph_converters"


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


def _converters(cls: type[Model]) -> list[tuple[str, str, Converter]]:
    """The complex fields of ``cls`` with their converters, rebuilt whenever Tortoise re-inits.

    Tortoise refills ``db_complex_fields`` in place at every start (with new tuples), so the
    first tuple's identity tells whether the converters are still those of this start.
    """
    complex_fields = cls._meta.db_complex_fields
    first = complex_fields[0] if complex_fields else None
    cached = cls.__dict__.get(_CONVERTERS)
    if cached is not None and cached[0] is first and len(cached[1]) == len(complex_fields):
        return cached[1]
    built = [(key, attribute, _converter(field)) for key, attribute, field in complex_fields]
    setattr(cls, _CONVERTERS, (first, built))
    return built


_tortoise_init_from_db = Model._init_from_db.__func__  # type: ignore[attr-defined]


def _init_from_db(cls: type[Model], **kwargs: Any) -> Model:
    """``Model._init_from_db`` with the converters above for dates and timestamps."""
    meta = cls._meta
    self = cls.__new__(cls)
    self._partial = False
    self._saved_in_db = True
    self._custom_generated_pk = meta.db_pk_column not in meta.generated_db_fields
    self._await_when_save = {}
    set_attribute = object.__setattr__
    try:
        for key, attribute, _field in meta.db_native_fields:
            set_attribute(self, attribute, kwargs[key])
        for key, attribute, field in meta.db_default_fields:
            if (value := kwargs[key]) is not None:
                value = field.field_type(value)
            set_attribute(self, attribute, value)
        for key, attribute, convert in _converters(cls):
            set_attribute(self, attribute, convert(kwargs[key]))
    except KeyError:
        # A partial row (an ``.only()`` query): Tortoise's own slower path handles it.
        return _tortoise_init_from_db(cls, **kwargs)
    return self


def fast_rows(models: Iterable[type[Model]]) -> None:
    """Give each of ``models`` the faster ``_init_from_db``."""
    for model in models:
        model._init_from_db = classmethod(_init_from_db)  # type: ignore[assignment, method-assign]
