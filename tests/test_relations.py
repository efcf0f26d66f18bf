"""schema/relations.py ``from_model``: one converter per type path, resolved when first used."""

from __future__ import annotations

from datetime import UTC, datetime

import models
from schema.relations import from_model
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
