"""resolvers/execution/relations.py ``from_model``: one converter per type path, resolved when
first used."""

from __future__ import annotations

from datetime import UTC, datetime

import models
from resolvers.execution.relations import from_model
from schema.unit import Unit


def test_one_converter_per_path_building_that_type() -> None:
    convert = from_model("schema.unit.Unit")
    assert convert is from_model("schema.unit.Unit")
    assert convert is not from_model("schema.plan.Plan")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    row = models.Unit(
        id=7,
        name="市发改委",
        short_name="",
        kind=models.UnitKind.MUNICIPAL_DEPARTMENT,
        aliases=[],
        search_names="",
        note="",
        version=1,
        created_at=now,
        updated_at=now,
    )
    row.parent_id = row.successor_id = None  # set by the ORM when the row is read
    unit = convert(row)
    assert isinstance(unit, Unit)
    assert unit.name == "市发改委"


def test_a_relation_is_one_declaration_giving_field_resolver_and_batch() -> None:
    from resolvers.execution.batching import BATCH
    from resolvers.execution.relations import converter_of
    from schema.account import Account
    from schema.evidence import Evidence

    definitions = {
        f.python_name: f
        for cls in (Account, Evidence)
        for f in cls.__strawberry_definition__.fields  # type: ignore[attr-defined]
    }
    for name in ("tokens", "previous_version"):
        resolver = definitions[name].base_resolver
        assert resolver is not None
        assert callable(getattr(resolver.wrapped_func, BATCH))
        assert resolver.self_parameter is not None  # the breadth-first pass calls it directly
    # A type named by class, by lazy reference or by path shares one converter.
    import typing

    import strawberry

    lazy = typing.Annotated["Evidence", strawberry.lazy("schema.evidence")]
    assert converter_of(lazy) is converter_of(Evidence) is from_model("schema.evidence.Evidence")
